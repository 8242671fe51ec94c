"""Edit the few objects of a PDF that cairo wrote, and write it out again with a fresh
cross-reference table.

cairo writes a PDF 1.4 file (``press`` asks every cairo version for 1.4) as plain numbered objects
and a classic cross-reference table, so a page's boxes and the document's information can be
changed in place without parsing the rest. That is all a print file needs after cairo, and it
takes far less time than opening and saving the file with a general PDF library.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

OBJECT_START = re.compile(rb"(\d+) (\d+) obj\s")
REFERENCE = rb"(\d+) 0 R"
STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
XREF_SECTION = re.compile(rb"\s*(\d+) (\d+)\s*\n")
XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s*")
STREAM_LENGTH = re.compile(rb"/Length\s+(?:(\d+) 0 R|(\d+))")
FILTER = re.compile(rb"\s*/Filter\s*(/\w+|\[[^\]]*\])")
UNCOMPRESSED_LENGTH = re.compile(rb"/Length1\s+\d+")
HAS_STREAM = re.compile(rb">>\s*stream\r?\n")
COUNT = re.compile(rb"/Count\s+\d+")
FORM = re.compile(rb"/Subtype\s*/Form\b")
REFERENCES = re.compile(rb"(\d+) 0 R\b")
# An axis-aligned rectangle in whole units as cairo writes one of a path's many: four corners and a close.
RECTANGLE = re.compile(rb"(?<![\d.\-])(\d+) (\d+) m\s+(\d+) \2 l\s+\3 (\d+) l\s+\1 \4 l\s+h(?![^\s/\[\]()<>])")
STRING_EDGE = re.compile(rb"\\.|[()]", re.S)
DEFLATE_LEVEL = 6  # zlib's default, as cairo deflates its streams
DEFLATE_MEMORY = 256  # distinct streams remembered deflated, per process
CONTENT_MEMORY = 256  # distinct content streams remembered with their rectangles rewritten, per process
SMALL_STREAM = 64  # bytes: deflating so little saves a few bytes at most (a page's "q" and "Q")


class PdfEditError(ValueError):
    """A PDF laid out other than as cairo lays one out: a bug here, or a cairo that writes differently."""


@dataclass
class Pdf:
    """A PDF's objects by number, in the order they appear in the file."""

    header: bytes
    objects: dict[int, bytes]  # what lies between "N 0 obj" and "endobj"
    root: int
    info: int | None

    def page(self) -> int:
        """The number of the only page (print items are one page each)."""
        pages = self.pages()
        if len(pages) != 1:
            raise PdfEditError(f"expected one page, found {len(pages)}")
        return pages[0]

    def add(self, body: bytes) -> int:
        number = max(self.objects) + 1
        self.objects[number] = body
        return number

    def pages(self) -> list[int]:
        """The pages' numbers, in order, from the one page tree node cairo writes."""
        tree = self._page_tree()
        return [int(number) for number in re.findall(REFERENCE, get_entry(self.objects[tree], b"Kids") or b"")]

    def contents(self, page: int) -> list[int]:
        """The numbers of a page's content streams, in order."""
        contents = get_entry(self.objects[page], b"Contents")
        if contents is None:
            raise PdfEditError("the page has no contents")
        return [int(number) for number in REFERENCES.findall(contents)]

    def wrap_contents(self, page: int, before: bytes, after: bytes, last: bytes | None = None) -> None:
        """A page's content between two streams of its own (``before`` opens what ``after`` closes, such
        as ``q`` and ``Q``), and ``last``, if given, drawn after them all."""
        contents = self.contents(page)
        extra = b" %d 0 R" % self.add(stream(last)) if last else b""
        opening, closing = self.add(stream(before)), self.add(stream(after))
        self.objects[page] = set_entry(self.objects[page], b"Contents", b"[ %d 0 R %s %d 0 R%s ]" % (
            opening, b" ".join(b"%d 0 R" % number for number in contents), closing, extra))

    def forms(self) -> list[int]:
        """The numbers of the form XObjects: the artwork cairo draws once and pages paint."""
        return [number for number, body in self.objects.items() if FORM.search(head(body))]

    def single_page(self, page: int) -> Pdf:
        """A copy holding ``page`` alone: the objects the other pages alone use are not written out."""
        tree = self._page_tree()
        node = set_entry(self.objects[tree], b"Kids", b"[ %d 0 R ]" % page)
        objects = dict(self.objects)
        objects[tree] = COUNT.sub(b"/Count 1", node, count=1)
        return Pdf(self.header, objects, self.root, self.info)

    def _page_tree(self) -> int:
        found = get_entry(self.objects[self.root], b"Pages")
        if found is None or not found.endswith(b" 0 R"):
            raise PdfEditError("the catalogue has no page tree")
        tree = int(found.split()[0])
        if b"/Parent" in self.objects[tree] or b"/Kids" not in self.objects[tree]:
            raise PdfEditError("the page tree is not one node")
        return tree


def head(body: bytes) -> bytes:
    """An object's dictionary, without its stream's data."""
    at = body.find(b"stream")
    return body if at < 0 else body[:at]


def reachable(document: Pdf) -> set[int]:
    """The objects the catalogue and the information dictionary refer to, directly or not. References
    are read from dictionaries alone, never from stream data, which holds none."""
    found, pending = set(), [document.root, *([document.info] if document.info is not None else [])]
    while pending:
        number = pending.pop()
        if number in found or number not in document.objects:
            continue
        found.add(number)
        body = document.objects[number]
        pending += _references(body)
    return found


@lru_cache(maxsize=512)  # the files cut from one drawing share most objects, to the byte
def _references(body: bytes) -> tuple[int, ...]:
    stream = HAS_STREAM.search(body)
    return tuple(int(value) for value in REFERENCES.findall(body, 0, stream.start() if stream else len(body)))


def read_pdf(data: bytes) -> Pdf:
    """The objects of a PDF with one classic cross-reference table (no streams of objects, no updates)."""
    end = STARTXREF.search(data[-64:])
    if not end:
        raise PdfEditError("no startxref at the end")
    xref = int(end[1])
    if not data.startswith(b"xref", xref):
        raise PdfEditError("the cross-reference is not a classic table")
    offsets, position = {}, xref + 4
    while section := XREF_SECTION.match(data, position):
        first, count = int(section[1]), int(section[2])
        position = section.end()
        for number in range(first, first + count):
            entry = XREF_ENTRY.match(data, position)
            if not entry:
                raise PdfEditError(f"unreadable cross-reference entry for object {number}")
            position = entry.end()
            if entry[3] == b"n":
                offsets[number] = int(entry[1])
    trailer = data[position:]
    if not trailer.startswith(b"trailer") or b"/Prev" in trailer or b"/Encrypt" in trailer:
        raise PdfEditError("the trailer is not a single, unencrypted one")
    ordered = sorted(offsets.items(), key=lambda pair: pair[1])
    objects = {}
    for (number, start), (_, stop) in zip(ordered, [*ordered[1:], (None, xref)], strict=True):
        chunk = data[start:stop]
        match = OBJECT_START.match(chunk)
        body_end = chunk.rfind(b"endobj")
        if not match or int(match[1]) != number or match[2] != b"0" or body_end < 0:
            raise PdfEditError(f"object {number} is not where the cross-reference says")
        objects[number] = chunk[match.end():body_end]
    root = re.search(rb"/Root\s+" + REFERENCE, trailer)
    info = re.search(rb"/Info\s+" + REFERENCE, trailer)
    if not root:
        raise PdfEditError("the trailer names no catalogue")
    return Pdf(data[:ordered[0][1]], objects, int(root[1]), int(info[1]) if info else None)


def write_pdf(pdf: Pdf) -> bytes:
    """The objects in their order, a new cross-reference table, and an ID made from the content,
    so the same objects always give the same bytes."""
    parts, offsets, length = _laid_out(pdf.header, pdf.objects)
    size = max(pdf.objects) + 1
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    table += [b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
              for number in range(1, size)]
    identity = hashlib.md5(b"".join(parts), usedforsecurity=False).hexdigest().encode()
    info = b"   /Info %d 0 R\n" % pdf.info if pdf.info is not None else b""
    trailer = (b"trailer\n<< /Size %d\n   /Root %d 0 R\n%s   /ID [ <%s> <%s> ]\n>>\nstartxref\n%d\n%%%%EOF\n"
               % (size, pdf.root, info, identity, identity, length))
    return b"".join(parts + table) + trailer


def _laid_out(header: bytes, objects: dict[int, bytes]) -> tuple[list[bytes], dict[int, int], int]:
    """The header and the objects as the file holds them, each object's offset, and the length so far."""
    parts, offsets, length = [header], {}, len(header)
    for number, body in objects.items():
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body.strip(b"\n"))
        offsets[number] = length
        parts.append(chunk)
        length += len(chunk)
    return parts, offsets, length


def write_compact_pdf(pdf: Pdf) -> bytes:
    """The file as published: every object that is not a stream packed, deflated, into one object
    stream, and a cross-reference stream for the table (PDF 1.5, which PDF/X-4 allows), which
    saves about an eighth of a kit PDF. Every stream is deflated, and only the objects the catalogue
    and the information dictionary lead to are written. The same objects always give the same bytes,
    ID included."""
    kept = reachable(pdf)
    written = {number: body for number, body in _deflated(pdf, kept).items() if number in kept}
    streams = {number: body for number, body in written.items() if HAS_STREAM.search(body)}
    packed = {number: body.strip() for number, body in written.items() if number not in streams}
    packed_number = max(written) + 1
    xref_number = packed_number + 1
    index, objects, position = [], [], 0
    for number, body in packed.items():
        index.append(b"%d %d" % (number, position))
        objects.append(body)
        position += len(body) + 1
    heading = b" ".join(index) + b"\n"
    data = zlib.compress(heading + b"\n".join(objects), DEFLATE_LEVEL)
    streams[packed_number] = (b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\n"
                              b"endstream" % (len(packed), len(heading), len(data), data))
    parts, offsets, length = _laid_out(max(pdf.header[:8], b"%PDF-1.5") + pdf.header[8:], streams)
    offsets[xref_number] = length
    identity = hashlib.md5(b"".join(parts), usedforsecurity=False).hexdigest().encode()
    entries = [b"\x00\x00\x00\x00\x00\xff\xff"]  # object 0: the head of the free list
    in_stream = {number: place for place, number in enumerate(packed)}
    for number in range(1, xref_number + 1):
        if number in offsets:
            entries.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
        elif number in in_stream:
            entries.append(b"\x02" + packed_number.to_bytes(4, "big") + in_stream[number].to_bytes(2, "big"))
        else:
            entries.append(b"\x00\x00\x00\x00\x00\xff\xff")
    table = zlib.compress(b"".join(entries), 9)
    info = b" /Info %d 0 R" % pdf.info if pdf.info is not None else b""
    xref = (b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R%s /ID [ <%s> <%s> ] /Filter /FlateDecode "
            b"/Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (xref_number, xref_number + 1, pdf.root, info, identity, identity, len(table), table))
    return b"".join(parts) + xref + b"startxref\n%d\n%%%%EOF\n" % length


def set_entry(dictionary: bytes, key: bytes, value: bytes) -> bytes:
    """``dictionary`` with ``/key value``: replaced where the key holds an array or a reference,
    else added first (after ``<<``, where no comment can swallow it)."""
    entry = b"/" + key + b" " + value
    found = _entry_pattern(key).search(dictionary)
    if found:
        return dictionary[:found.start()] + entry + dictionary[found.end():]
    start = dictionary.index(b"<<") + 2
    return dictionary[:start] + b" " + entry + b"\n  " + dictionary[start:]


def get_entry(dictionary: bytes, key: bytes) -> bytes | None:
    found = _entry_pattern(key).search(dictionary)
    return found[1] if found else None


@cache
def _entry_pattern(key: bytes) -> re.Pattern:
    """``/key`` and its value, where the value is an array or a reference: all the page needs."""
    return re.compile(rb"/" + key + rb"\s*(\[[^\]]*\]|" + REFERENCE + rb")")


def numbers(values) -> bytes:
    return b" ".join(_number(value) for value in values)


def number_array(values) -> bytes:
    return b"[ " + numbers(values) + b" ]"


@lru_cache(maxsize=1024)  # colour values and marks: the same few, over and over
def _number(value: float) -> bytes:
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode()


def text_string(text: str) -> bytes:
    """A PDF text string for any text: UTF-16 with its byte order mark, in hex."""
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def read_stream(document: Pdf, number: int, what: str = "stream") -> bytes:
    """Object ``number``'s stream data, inflated if it is deflated (cairo deflates font programs, and
    content too unless asked not to); its length read where it is kept, in the dictionary or in an
    object of its own."""
    body = document.objects.get(number)
    at = body.find(b"stream") if body is not None else -1
    length = STREAM_LENGTH.search(body, 0, at) if body is not None and at >= 0 else None
    if body is None or length is None:
        raise PdfEditError(f"{what} {number} is not a stream")
    filters = FILTER.search(body, 0, at)
    if filters and filters[1] != b"/FlateDecode":
        raise PdfEditError(f"{what} {number} is encoded as {filters[1].decode()}, not deflated")
    size_object = int(length[1]) if length[1] else None
    size = int(document.objects.get(size_object, b"").strip() or -1) if size_object else int(length[2])
    start = body.index(b"stream", length.end()) + len(b"stream")
    start += 2 if body.startswith(b"\r\n", start) else 1
    if size < 0 or not body[start + size:].lstrip(b"\r\n").startswith(b"endstream"):
        raise PdfEditError(f"{what} {number}'s length is not where its stream ends")
    data = body[start:start + size]
    return zlib.decompress(data) if filters else data


def set_stream(document: Pdf, number: int, data: bytes) -> None:
    """Object ``number``'s stream data replaced by ``data``, kept as it is (no filter, its length in its
    dictionary) until the file is written, which deflates it once; a font program's ``/Length1``
    (its size before deflating) too."""
    body = document.objects[number]
    head = body[:body.index(b"stream", body.index(b"/Length"))]
    head = FILTER.sub(b"", STREAM_LENGTH.sub(b"/Length %d" % len(data), head, count=1), count=1)
    document.objects[number] = UNCOMPRESSED_LENGTH.sub(b"/Length1 %d" % len(data), head) + b"stream\n" + data + (
        b"\nendstream")


def edit_stream(document: Pdf, number: int, edit: Callable[[bytes], bytes | None], what: str = "stream") -> None:
    """Object ``number``'s stream data replaced by ``edit(data)``; ``edit`` returns None to leave it as it is."""
    edited = edit(read_stream(document, number, what))
    if edited is not None:
        set_stream(document, number, edited)


def deflate_streams(document: Pdf, numbers: Iterable[int] | None = None) -> None:
    """Every stream that has no filter deflated (or only those of ``numbers``), in place: what several
    files will share, done once."""
    document.objects = _deflated(document, None if numbers is None else set(numbers))


def _deflated(document: Pdf, numbers: set[int] | None = None) -> dict[int, bytes]:
    """The objects with every stream that has no filter deflated, as a published file holds them; but
    XMP metadata, which stays plain text for tools that read it without parsing the PDF, and streams
    deflating would not make smaller."""
    objects = dict(document.objects)
    for number, body in document.objects.items():
        if numbers is not None and number not in numbers:
            continue
        at = body.find(b"stream")  # the keyword: no dictionary key or name holds the word
        stream = HAS_STREAM.search(body, 0, at + 8) if at >= 0 else None
        if stream is None or b"/Filter" in body[:at] or b"/Metadata" in body[:at]:
            continue
        data = read_stream(document, number)
        if len(data) < SMALL_STREAM:
            continue
        deflated = _deflate(data)
        if len(deflated) < len(data):
            head = STREAM_LENGTH.sub(b"/Length %d /Filter /FlateDecode" % len(deflated), body[:stream.start() + 2],
                                     count=1)
            objects[number] = head + b"\nstream\n" + deflated + b"\nendstream"
    return objects


@lru_cache(maxsize=DEFLATE_MEMORY)
def _deflate(data: bytes) -> bytes:
    """A stream deflated, remembered: half the streams a kit writes are the same in every centre's kit
    (the logo, backgrounds, headings, the marks) or in two of an item's files."""
    return zlib.compress(data, DEFLATE_LEVEL)


@lru_cache(maxsize=CONTENT_MEMORY)  # a centre's QR code is on three items; the logo and headings on every kit
def compact_rectangles(content: bytes) -> bytes:
    """A content stream with each rectangle in whole units that cairo wrote as ``x0 y0 m x1 y0 l x1 y1 l
    x0 y1 l h`` written as ``x0 y0 w h re``: the same path, corner for corner, in half the numbers. A
    QR code's modules are hundreds of them, drawn in module units (``draw.py``); rectangles elsewhere
    are too few to matter. Text in strings is left alone."""
    if b"(" not in content:  # no strings: a QR code's form
        return _rectangles_as_re(content)
    parts, copied, depth, start = [], 0, 0, 0
    for match in STRING_EDGE.finditer(content):
        if match[0] == b"(":
            if depth == 0:
                parts.append(_rectangles_as_re(content[copied:match.start()]))
                start = match.start()
            depth += 1
        elif match[0] == b")" and depth > 0:
            depth -= 1
            if depth == 0:
                parts.append(content[start:match.end()])
                copied = match.end()
    if depth:  # an unclosed string: not content cairo writes, so left as it is
        return content
    parts.append(_rectangles_as_re(content[copied:]))
    return b"".join(parts)


def _rectangles_as_re(content: bytes) -> bytes:
    """``content`` (no strings in it) with its rectangles as ``re``. Split on them, the pieces are the
    text between rectangles and each rectangle's four numbers, in turn: quicker than a match apiece."""
    pieces = RECTANGLE.split(content)
    if len(pieces) == 1:
        return content
    between, lefts, bottoms, rights, tops = (pieces[start::5] for start in range(5))
    rewritten = [b"%s %s %d %d re%s" % (left, bottom, int(right) - int(left), int(top) - int(bottom), after)
                 for left, bottom, right, top, after in zip(lefts, bottoms, rights, tops, between[1:], strict=True)]
    return between[0] + b"".join(rewritten)

"""Make the print PDF cairo wrote a PDF/X-4 file, as a press's prepress checks one.

cairo draws in RGB. Here, in the objects ``pdf.py`` reads:
- every colour operator (``rg``, ``RG``) of the page and its forms becomes CMYK (``k``, ``K``): a brand
  colour exactly as brand.yml's ``print_colours`` gives it, a grey as black ink alone, any other colour
  through the print profile;
- the colour the White underlay is drawn in becomes the ``White`` spot colour. The underlay comes
  first on the page and the artwork overprints it (process colours knock out one another as usual,
  OPM 0, but leave the White plate alone), so the file looks right in any viewer, separating or not;
- crop marks (in the file with marks) are drawn in registration colour (``All``) outside the bleed,
  and in both print files a die line in the
  ``CutContour`` spot colour, stroked and overprinting, where the item is cut to shape;
- the catalogue gets the output intent (the embedded CMYK profile of the printing condition) and XMP
  metadata naming PDF/X-4; the information dictionary the same dates, title and ``Trapped``.

Everything is a function of its input, dates included, so the same item gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar
from xml.sax.saxutils import escape

from . import pdf
from .brand import WHITE_UNDERLAY_COLOUR

PDF_VERSION = b"%PDF-1.6"  # PDF/X-4 is PDF 1.6
WHITE_SENTINEL = tuple(int(WHITE_UNDERLAY_COLOUR[index:index + 2], 16) for index in (1, 3, 5))
PDFX_VERSION = "PDF/X-4"
REGISTRY = "http://www.color.org"
CREATOR = "reporting-centres brand kit"

_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
# What the content scan stops at: a string's escapes and parentheses (text is left alone), and the RGB
# colour operators, whose three operands are then read back from just before them.
CONTENT_SCAN = re.compile(rb"\\.|[()]|(rg|RG)", re.S)  # simple, so quick; token edges are checked after
DELIMITERS = frozenset(b" \t\r\n\f\0[]()<>/%{}")
OPERANDS = re.compile(rb"(%s)\s+(%s)\s+(%s)\s+$" % (_NUMBER, _NUMBER, _NUMBER))
LEFT_OVER_RGB = re.compile(rb"(?<![\w/])(rg|RG)(?![\w])|/DeviceRGB\b")
RESOURCES = re.compile(rb"/Resources\s+(\d+) 0 R")
CONTENT_MEMORY = 512  # distinct content streams remembered, converted, per process
GROUP_RGB = re.compile(rb"(/Group\s*<<[^>]*?/CS\s*)/DeviceRGB")

# Named resources the converted content uses: colour spaces and the overprinting graphics state.
SEPARATIONS = {
    b"CSWhite": b"[ /Separation /White /DeviceCMYK << /FunctionType 2 /Domain [ 0 1 ] /C0 [ 0 0 0 0 ] "
                b"/C1 [ 0 0 0 0 ] /N 1 >> ]",
    b"CSCutContour": b"[ /Separation /CutContour /DeviceCMYK << /FunctionType 2 /Domain [ 0 1 ] "
                     b"/C0 [ 0 0 0 0 ] /C1 [ 0 1 0 0 ] /N 1 >> ]",
    b"CSAll": b"[ /Separation /All /DeviceCMYK << /FunctionType 2 /Domain [ 0 1 ] /C0 [ 0 0 0 0 ] "
              b"/C1 [ 1 1 1 1 ] /N 1 >> ]",
}
OVERPRINT = b"<< /Type /ExtGState /OP true /op true /OPM 1 >>"
OVERPRINT_PROCESS = b"<< /Type /ExtGState /OP true /op true /OPM 0 >>"  # CMYK paints all four plates, spots kept


@dataclass(frozen=True)
class PrintCondition:
    """The CMYK every print file is made for: brand colours' values, the profile, its name."""

    cmyk: dict[str, tuple[int, int, int, int]]  # "#RRGGBB" -> C, M, Y, K percent
    profile: bytes
    condition: str
    description: str


@dataclass(frozen=True)
class PressMarks:
    """What prepress draws on the page, in PDF points: crop mark lines and a die line."""

    lines: tuple[tuple[float, float, float, float], ...] = ()  # (x, y, dx, dy), registration colour
    stroke: float = 0.25
    die_line: tuple[float, float, float, float] | None = None  # left, bottom, right, top
    corner_radius: float = 0
    overprint_artwork: bool = False  # the page has a White underlay, which the artwork must not knock out


@dataclass
class _Uses:
    """The named resources a content stream came to need."""

    names: set[bytes] = field(default_factory=set)


def convert_colours(document: pdf.Pdf, condition: PrintCondition, pages: list[int]) -> None:
    """Every colour of the forms and of ``pages``' content in CMYK or a spot colour, in place, with the
    colour spaces and graphics states they come to use added to their resources; transparency groups
    blend in CMYK, as the press prints. Done once for all the files cut from the same drawing."""
    convert = _converted_content(condition)
    for number in document.forms():
        uses = _Uses()
        pdf.edit_stream(document, number, functools.partial(convert, uses=uses))
        if uses.names:
            _add_resources(document, _resources_of(document, number), uses.names)
    for page_number in pages:
        page_uses = _Uses()
        for number in document.contents(page_number):
            pdf.edit_stream(document, number, functools.partial(convert, uses=page_uses))
        if page_uses.names:
            _add_resources(document, _resources_of(document, page_number), page_uses.names)
    for number, body in document.objects.items():
        head = pdf.head(body)
        if GROUP_RGB.search(head):
            document.objects[number] = GROUP_RGB.sub(rb"\1/DeviceCMYK", head) + body[len(head):]


def make_pdfx(document: pdf.Pdf, *, condition: PrintCondition, title: str, identity: str, date: dt.date,
              marks: PressMarks) -> None:
    """``document`` (one page, its colours converted and its boxes set) as PDF/X-4, in place: the press's
    marks drawn, the output intent and metadata added."""
    page_number = document.page()
    names = (({b"CSAll", b"GSOverprint"} if marks.lines else set())
             | ({b"CSCutContour", b"GSOverprint"} if marks.die_line else set())
             | ({b"GSOverprintProcess"} if marks.overprint_artwork else set()))
    document.wrap_contents(page_number, b"q /GSOverprintProcess gs" if marks.overprint_artwork else b"q", b"Q",
                           _marks_content(marks))
    if names:
        _add_resources(document, _resources_of(document, page_number), names)
    _check_no_rgb(document)
    _catalogue(document, condition, title, identity, date)
    document.header = PDF_VERSION + document.header[len(PDF_VERSION):]


class _ContentMemo:
    """Content streams converted for the last print condition, with the names each came to use: the
    same logo, backgrounds and headings come back in every centre's kit, a third of all streams."""

    condition: ClassVar[PrintCondition | None] = None
    converted: ClassVar[dict[bytes, tuple[bytes, frozenset[bytes]]]] = {}


def _converted_content(condition: PrintCondition) -> Callable[..., bytes]:
    """``_cmyk_content`` for ``condition``, each distinct stream converted once in this process."""
    if _ContentMemo.condition is not condition:  # one condition per brand: a new one starts afresh
        _ContentMemo.condition, _ContentMemo.converted = condition, {}
    convert, memo = colour_converter(condition), _ContentMemo.converted

    def converted(data: bytes, uses: _Uses) -> bytes:
        known = memo.get(data)
        if known is None:
            if len(memo) >= CONTENT_MEMORY:
                memo.clear()
            fresh = _Uses()
            known = memo[data] = (_cmyk_content(data, convert, fresh), frozenset(fresh.names))
        uses.names |= known[1]
        return known[0]

    return converted


def colour_converter(condition: PrintCondition) -> Callable[[tuple[int, int, int]], tuple[float, ...] | None]:
    """sRGB (8 bits a channel) to CMYK fractions; None for the White underlay's colour."""
    brand = {tuple(int(hex_value[index:index + 2], 16) for index in (1, 3, 5)): cmyk
             for hex_value, cmyk in condition.cmyk.items()}

    def convert(rgb: tuple[int, int, int]) -> tuple[float, ...] | None:
        if rgb == WHITE_SENTINEL:
            return None
        if rgb in brand:
            return tuple(part / 100 for part in brand[rgb])
        if rgb[0] == rgb[1] == rgb[2]:
            return (0, 0, 0, _black_for_grey(condition.profile)[rgb[0]])
        return _through_profile(condition.profile, rgb)

    return convert


@cache
def transforms(profile: bytes):
    """sRGB to the press's CMYK and back, relative colorimetric with black point compensation."""
    from io import BytesIO

    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    press = ImageCms.ImageCmsProfile(BytesIO(profile))
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
    return (ImageCms.buildTransform(srgb, press, "RGB", "CMYK", intent, flags),
            ImageCms.buildTransform(press, srgb, "CMYK", "RGB", intent, flags))


@cache
def _through_profile(profile: bytes, rgb: tuple[int, int, int]) -> tuple[float, ...]:
    from PIL import Image

    to_cmyk, _ = transforms(profile)
    pixel = to_cmyk.apply(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
    return tuple(round(part / 255, 2) for part in pixel)


@cache
def _black_for_grey(profile: bytes) -> tuple[float, ...]:
    """For each sRGB grey level 0-255, the black ink alone (a fraction, in 1% steps) that prints
    closest to it on the profile's paper."""
    from PIL import Image

    _, to_rgb = transforms(profile)
    ramp = Image.frombytes("CMYK", (101, 1), bytes(part for k in range(101) for part in (0, 0, 0, round(k * 2.55))))
    printed = to_rgb.apply(ramp).tobytes()[1::3]  # each step's green, which tracks lightness
    return tuple(min(range(101), key=lambda k: abs(printed[k] - level)) / 100 for level in range(256))


def _cmyk_content(data: bytes, convert, uses: _Uses) -> bytes:
    """``data`` with each ``r g b rg`` (or ``RG``) outside a string replaced by its CMYK or spot colour."""
    parts, copied, depth = [], 0, 0
    for match in CONTENT_SCAN.finditer(data):
        token = match[0]
        if token == b"(":
            depth += 1
        elif token == b")":
            depth = max(0, depth - 1)
        elif match[1] is not None and depth == 0 and _operator_at(data, match.start(), match.end()):
            operands = OPERANDS.search(data, max(copied, match.start() - 64), match.start())
            if operands is None:
                raise pdf.PdfEditError(f"a colour operator without three numbers before it, at byte {match.start()}")
            rgb = tuple(min(255, max(0, round(float(value) * 255))) for value in operands.groups())
            parts += [data[copied:operands.start()], _colour_operator(rgb, match[1] == b"RG", convert, uses)]
            copied = match.end()
    return b"".join([*parts, data[copied:]])


def _operator_at(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` is a whole token: after white space, before a delimiter or the end."""
    return start > 0 and data[start - 1] in b" \t\r\n\f\0" and (end == len(data) or data[end] in DELIMITERS)


def _colour_operator(rgb: tuple[int, ...], stroke: bool, convert, uses: _Uses) -> bytes:
    cmyk = convert(rgb)
    if cmyk is None:
        uses.names |= {b"CSWhite", b"GSOverprint"}
        return b"/GSOverprint gs /CSWhite %s 1 %s" % ((b"CS", b"SCN") if stroke else (b"cs", b"scn"))
    return pdf.numbers(cmyk) + (b" K" if stroke else b" k")


def _marks_content(marks: PressMarks) -> bytes:
    """Crop marks in registration colour, and the die line in CutContour; both overprint."""
    parts = []
    if marks.lines:
        parts.append(b"q /GSOverprint gs /CSAll CS 1 SCN %s w 0 J" % pdf.numbers([marks.stroke]))
        parts += [b"%s m %s l" % (pdf.numbers([x, y]), pdf.numbers([x + dx, y + dy]))
                  for x, y, dx, dy in marks.lines]
        parts.append(b"S Q")
    if marks.die_line:
        parts.append(b"q /GSOverprint gs /CSCutContour CS 1 SCN %s w" % pdf.numbers([marks.stroke]))
        parts.append(_rounded_rectangle(*marks.die_line, marks.corner_radius))
        parts.append(b"S Q")
    return b"\n".join(parts)


def _rounded_rectangle(left: float, bottom: float, right: float, top: float, radius: float) -> bytes:
    if radius <= 0:
        return b"%s re" % pdf.numbers([left, bottom, right - left, top - bottom])
    k = radius * 0.5523  # a quarter circle as one Bezier curve
    return b"\n".join([
        b"%s m" % pdf.numbers([left + radius, bottom]),
        b"%s l" % pdf.numbers([right - radius, bottom]),
        b"%s c" % pdf.numbers([right - radius + k, bottom, right, bottom + radius - k, right, bottom + radius]),
        b"%s l" % pdf.numbers([right, top - radius]),
        b"%s c" % pdf.numbers([right, top - radius + k, right - radius + k, top, right - radius, top]),
        b"%s l" % pdf.numbers([left + radius, top]),
        b"%s c" % pdf.numbers([left + radius - k, top, left, top - radius + k, left, top - radius]),
        b"%s l" % pdf.numbers([left, bottom + radius]),
        b"%s c h" % pdf.numbers([left, bottom + radius - k, left + radius - k, bottom, left + radius, bottom]),
    ])


def _catalogue(document: pdf.Pdf, condition: PrintCondition, title: str, identity: str, date: dt.date) -> None:
    profile = document.add(b"<< /N 4 /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                           % _compressed_profile(condition.profile))
    intent = document.add(b"<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier %s "
                          b"/RegistryName %s /Info %s /DestOutputProfile %d 0 R >>"
                          % (_literal(condition.condition), _literal(REGISTRY), pdf.text_string(condition.description),
                             profile))
    stamp = dt.datetime.combine(date, dt.time(), dt.UTC)
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"reporting-centres:{identity}")
    instance_id = uuid.UUID(hashlib.sha256(b"".join(document.objects.values())).hexdigest()[:32])
    metadata = xmp(title=title, date=stamp, document_id=document_id, instance_id=instance_id)
    metadata_number = document.add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream"
                                   % (len(metadata), metadata))
    catalogue = document.objects[document.root]
    catalogue = pdf.set_entry(catalogue, b"OutputIntents", b"[ %d 0 R ]" % intent)
    document.objects[document.root] = pdf.set_entry(catalogue, b"Metadata", b"%d 0 R" % metadata_number)
    pdf_date = _literal(stamp.strftime("D:%Y%m%d%H%M%SZ"))
    information = (b"<< /Title %s\n   /Creator %s\n   /Producer %s\n   /CreationDate %s\n   /ModDate %s\n"
                   b"   /Trapped /False\n   /GTS_PDFXVersion (PDF/X-4)\n>>"
                   % (pdf.text_string(title), pdf.text_string(CREATOR), pdf.text_string(CREATOR),
                      pdf_date, pdf_date))
    if document.info is None:
        document.info = document.add(information)
    else:
        document.objects[document.info] = information


def xmp(*, title: str, date: dt.datetime, document_id: uuid.UUID, instance_id: uuid.UUID) -> bytes:
    """The XMP packet PDF/X-4 asks for: version, dates, identifiers, trapping."""
    when = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
<pdf:Producer>{CREATOR}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode()


def _literal(text: str) -> bytes:
    """A PDF literal string of ASCII text."""
    escaped = text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


@cache
def _compressed_profile(profile: bytes) -> tuple[int, bytes]:
    data = zlib.compress(profile, 9)
    return len(data), data


def _resources_of(document: pdf.Pdf, number: int) -> int:
    found = RESOURCES.search(pdf.head(document.objects[number]))
    if not found:
        raise pdf.PdfEditError(f"object {number}'s resources are not an object of their own")
    return int(found[1])


def _add_resources(document: pdf.Pdf, number: int, names: set[bytes]) -> None:
    """The named colour spaces and graphics state added to a resource dictionary (an object)."""
    body = document.objects[number]
    names = {name for name in names if not re.search(rb"/%s\b" % name, body)}  # resources pages share: once
    spaces = b" ".join(b"/%s %s" % (name, SEPARATIONS[name]) for name in sorted(names) if name in SEPARATIONS)
    if spaces:
        body = _add_to_subdictionary(body, b"ColorSpace", spaces)
    states = {b"GSOverprint": OVERPRINT, b"GSOverprintProcess": OVERPRINT_PROCESS}
    entries = b" ".join(b"/%s %s" % (name, states[name]) for name in sorted(names) if name in states)
    if entries:
        body = _add_to_subdictionary(body, b"ExtGState", entries)
    document.objects[number] = body


def _add_to_subdictionary(body: bytes, key: bytes, entries: bytes) -> bytes:
    found = re.search(rb"/" + key + rb"\s*<<", body)
    if found:
        return body[:found.end()] + b" " + entries + b" " + body[found.end():]
    if re.search(rb"/" + key + rb"\b", body):
        raise pdf.PdfEditError(f"the resources' /{key.decode()} is not written in place")
    start = body.index(b"<<") + 2
    return body[:start] + b" /" + key + b" << " + entries + b" >>\n  " + body[start:]


def _check_no_rgb(document: pdf.Pdf) -> None:
    """PDF/X-4 with a CMYK output intent takes no device RGB: what was not converted is a bug here,
    or artwork (an RGB image) the kit cannot print yet."""
    for number, body in document.objects.items():
        head = pdf.head(body)
        if b"/DeviceRGB" in head:
            raise pdf.PdfEditError(f"object {number} is in device RGB (an image?), which a PDF/X-4 file "
                                   "for a CMYK press cannot hold")

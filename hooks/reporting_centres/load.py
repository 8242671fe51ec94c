"""Read centre files safely, remembering where every key and value sits.

``yaml.safe_load`` alone stops code execution but not alias bombs, huge files or
runaway nesting, and it forgets line numbers. Here libyaml composes the nodes (bounded: the
file is at most MAX_FILE_BYTES, an alias is one shared node, libyaml refuses flow nesting past its
own limit), and they are turned into plain data with a map from each field path to its position,
so that validation can point at the line. Building refuses an alias (a node met twice) or nesting
past MAX_DEPTH before expanding it; only then is the event stream read again, to say exactly where.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import yaml
from yaml.constructor import SafeConstructor

from .errors import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, in C, is much faster
MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
STR_TAG = "tag:yaml.org,2002:str"
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML 1.1's line breaks

Path_ = tuple[str | int, ...]


class Position(NamedTuple):
    line: int
    column: int


@dataclass
class Document:
    """One centre file as plain data, with the position of each key and value."""

    file: str
    data: dict[str, Any]  # the file's mapping; empty in the slimmed documents ValidatedCentres keeps
    # (line, column), counted from 1: plain pairs, as a file has hundreds and they are rarely asked for
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    typed: dict[Path_, str] = field(default_factory=dict)  # unquoted values YAML read as other than text

    def where(self, path: Path_, *, key: bool = False) -> Position:
        """The position of the deepest part of ``path`` present in the file."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.keys.get(path[:end])
            if found:
                return Position(*found)
        return Position(1, 1)


class LoadError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def display_path(path: Path, root: Path) -> str:
    """A file as staff and messages name it: relative to the project, with links left unresolved."""
    try:
        return str(path.absolute().relative_to(root.absolute()))
    except ValueError:
        return str(path)


def centre_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and not p.name.startswith("."))


def read_document(path: Path, display: str, root: Path | None = None) -> Document:
    """Parse one file, or raise LoadError saying exactly what stops it being read."""
    return parse_bytes(read_bytes(path, display, root), display)


def read_bytes(path: Path, display: str, root: Path | None = None) -> bytes:
    """A centre file's bytes: a plain file inside ``root``, no larger than a centre file may be."""

    def fail(message: str) -> LoadError:
        return LoadError(Problem(display, 0, 0, "", message))

    if path.is_symlink() and root is not None and not path.resolve().is_relative_to(root.resolve()):
        raise fail(f"is a link to a file outside {root}; copy the file in instead")
    try:
        status = path.stat()
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):  # reading a pipe never ends
            raise fail("is not a plain file (it is a pipe, socket or device); centre files are text files")
        if status.st_size > MAX_FILE_BYTES:
            raise fail(f"is {status.st_size:,} bytes; a centre file may be at most {MAX_FILE_BYTES:,} bytes")
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # bounded, even if the file grows after stat()
        if len(raw) > MAX_FILE_BYTES:
            raise fail(f"is more than {MAX_FILE_BYTES:,} bytes; a centre file may be at most {MAX_FILE_BYTES:,} bytes")
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror}") from None
    return raw


def parse_bytes(raw: bytes, display: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(Problem(display, 0, 0, "",
                                f"is not UTF-8 text (byte {error.start}); save it as UTF-8")) from None
    return read_text(text, display)


def read_text(text: str, display: str) -> Document:
    """Parse centre-file text that is not (yet) on disk, with the same limits as ``read_document``."""

    def fail(message: str, line: int = 0, column: int = 0) -> LoadError:
        return LoadError(Problem(display, line, column, "", message))

    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise fail(f"is {size:,} bytes; a centre file may be at most {MAX_FILE_BYTES:,} bytes")
    if "\x00" in text:
        raise fail("contains NUL bytes; it is not a text file", *_line_and_column(text, text.index("\x00")))
    try:
        try:
            node = yaml.compose(text, Loader=Loader)
            document = Document(display, {})
            # a constructor alone: a whole SafeLoader holds itself in a loop, left for the cycle collector
            data = _build(node, (), document, SafeConstructor(), fail) if node is not None else None
        except _Shape:
            _check_shape(text, fail)  # an alias or deep nesting: says which, and where
            assert node is not None, "only a node is built"
            document = Document(display, {})  # neither: a list or mapping as a key, which the events show is safe
            data = _build(node, (), document, SafeConstructor(), fail, shape_checked=True)
        except (LoadError, yaml.YAMLError):
            _check_shape(text, fail)  # an alias or deep nesting anywhere in the file is what it is told first
            raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _line_column(mark)
        if "maximum nesting depth" in str(error.problem):  # libyaml's own limit, met while reading ahead
            raise fail(f"is nested more than {MAX_DEPTH} levels deep", line, column) from None
        reason = error.problem or error.context or "cannot be parsed"
        reason += "; check indentation, and put text containing ':' or '#' in quotes"
        if mark and "\t" in (_lines(text)[mark.line:mark.line + 1] or [""])[0][: mark.column + 1]:
            reason = "a tab is used to indent; indent with spaces, not tabs"
        raise fail(f"YAML syntax: {reason}", *(_within(text, mark) if mark else (0, 0))) from None
    except yaml.reader.ReaderError as error:
        # the first such character is where reading stopped; libyaml's error.position counts UTF-8 bytes
        line, column = _line_and_column(text, text.find(chr(error.character)))
        raise fail(f"contains the control character U+{error.character:04X}, which a text file cannot hold; "
                   "delete it (it often comes from copying and pasting)", line, column) from None
    except yaml.YAMLError as error:
        raise fail(f"YAML syntax: {error}") from None
    if not isinstance(data, dict):
        raise fail("must be a set of 'field: value' lines (a YAML mapping), starting with 'slug:'", 1, 1)
    document.data = data
    return document


class _Mark(Protocol):  # PyYAML's yaml.error.Mark, or libyaml's own
    line: int
    column: int


def _line_column(mark: _Mark | None) -> tuple[int, int]:
    """Where a YAML mark points, counted from 1; (0, 0), no position, when there is no mark."""
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


def _scalar(node: yaml.ScalarNode, constructor: SafeConstructor) -> object:
    try:
        return constructor.construct_object(node)
    except (ValueError, OverflowError):
        return node.value  # e.g. 2024-13-01 looks like a date but is not one: let validation say so


def _lines(text: str) -> list[str]:
    """The lines as YAML counts them (and so the marks' line numbers)."""
    return LINE_BREAK.split(text)


def _within(text: str, mark: yaml.Mark) -> tuple[int, int]:
    """The mark's line and column; libyaml puts some problems at the end of a file on a line after
    its last one, which is the end of the last line."""
    lines = _lines(text)
    if mark.line < len(lines):
        return mark.line + 1, mark.column + 1
    return len(lines), len(lines[-1]) + 1


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    lines = _lines(text[:offset])
    return len(lines), len(lines[-1]) + 1


class _Shape(Exception):
    """An alias (a node met a second time) or nesting deeper than MAX_DEPTH, met while building."""


def _check_shape(text: str, fail) -> None:
    """Reject aliases and deep nesting from the event stream, saying where the first one is."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            raise fail("YAML aliases (*name) are not allowed in centre files; write the value out in full",
                       *_line_column(event.start_mark))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise fail(f"is nested more than {MAX_DEPTH} levels deep", *_line_column(event.start_mark))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _build(node: yaml.Node, path: Path_, document: Document, constructor: SafeConstructor, fail,
           seen: set[int] | None = None, depth: int = 0, *, shape_checked: bool = False) -> object:
    """Plain data from ``node``. Unless ``shape_checked`` (``_check_shape`` found no alias and no deep
    nesting), _Shape at an alias, past MAX_DEPTH or at a list or mapping as a key, before expanding it."""
    seen = set() if seen is None else seen
    if not shape_checked:
        if id(node) in seen or (depth == MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode))):
            raise _Shape
        seen.add(id(node))
    mark = node.start_mark
    document.values[path] = (mark.line + 1, mark.column + 1)
    kind = type(node)
    if kind is yaml.ScalarNode and node.tag == STR_TAG:
        return node.value  # most values are text: what the constructor would return, without the call
    if node.tag not in (PLAIN_TAGS if kind is not yaml.ScalarNode else constructor.yaml_constructors):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise fail(f"YAML tags such as {tag} are not allowed in centre files; remove it",
                   mark.line + 1, mark.column + 1)
    if kind is yaml.MappingNode:
        result: dict = {}
        for key_node, value_node in node.value:
            if not shape_checked:
                if id(key_node) in seen or not isinstance(key_node, yaml.ScalarNode):
                    raise _Shape
                seen.add(id(key_node))
            if isinstance(key_node, yaml.ScalarNode):  # text, as almost every key is, without the constructor's call
                key = key_node.value if key_node.tag == STR_TAG else _scalar(key_node, constructor)
            else:
                key = constructor.construct_object(key_node)
            mark = key_node.start_mark
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise fail(f"{key!r} appears twice; keep one", mark.line + 1, mark.column + 1)
            document.keys[(*path, key)] = (mark.line + 1, mark.column + 1)
            result[key] = _build(value_node, (*path, key), document, constructor, fail, seen, depth + 1,
                                 shape_checked=shape_checked)
        return result
    if kind is yaml.SequenceNode:
        return [_build(item, (*path, index), document, constructor, fail, seen, depth + 1, shape_checked=shape_checked)
                for index, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode), "YAML nodes are mappings, sequences or scalars"
    value = _scalar(node, constructor)
    if not isinstance(value, str) and not node.style:  # plain, not quoted (libyaml says "", PyYAML None)
        document.typed[path] = node.value  # messages show 10:00 as typed, not the 600 YAML read
    return value

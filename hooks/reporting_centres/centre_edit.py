"""Edit a centre file's YAML the way a person would: comments, key order, quoting and wrapping kept.

ruamel.yaml's round trip keeps comments, order and quoting; ``keep_layout`` puts back the file's
own line wrapping, and ``set_value`` writes a new key where the model puts it, styled so that it
reads back (through PyYAML, which the build uses) as the text it is. Used by ``centres
apply-issue`` and ``centres geocode``.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re

import yaml
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from .validate import field_named, fields_at, model_at

PROSE_WIDTH = 80  # where a new folded (>-) description is wrapped
_PYYAML = yaml.SafeLoader("")  # to ask how PyYAML (YAML 1.1, what the build reads) resolves a plain scalar
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_editor(text: str) -> YAML:
    """A ruamel.yaml round trip set to the file's own indentation, so untouched lines come back unchanged."""
    mapping, offset = _indentation(text)
    round_trip = YAML(typ="rt")
    round_trip.preserve_quotes = True
    round_trip.width = 4096  # never re-wrap a line; keep_layout restores the file's own wrapping
    round_trip.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
    return round_trip


def _indentation(text: str) -> tuple[int, int]:
    """How far the file indents nested keys, and its list dashes from their key."""
    lines = text.splitlines()
    mapping = offset = None
    for index, line in enumerate(lines):
        if mapping is None and (found := re.match(r"^( +)[^ #-]", line)):
            mapping = len(found.group(1))
        if offset is None and (dash := re.match(r"^( *)- ", line)):
            for previous in reversed(lines[:index]):
                if (parent := re.match(r"^( *)[^ #-][^:#]*:\s*(#.*)?$", previous)):
                    offset = max(0, len(dash.group(1)) - len(parent.group(1)))
                    break
    return mapping or 2, offset or 0


def dump(round_trip: YAML, data) -> str:
    out = io.StringIO()
    round_trip.dump(data, out)
    return out.getvalue()


def field_info(path: tuple[str, ...]) -> FieldInfo:
    """The model's field at ``path`` in a centre file, e.g. ('address', 'postcode')."""
    model = model_at(path[:-1])
    info = field_named(model, path[-1]) if model is not None else None
    if info is None:
        raise KeyError(f"a centre file has no field {'.'.join(path)}")
    return info


def set_value(data: CommentedMap, path: tuple[str, ...], value) -> None:
    parent = parent_mapping(data, path[:-1])
    key = path[-1]
    if key in parent:
        old = parent[key]
        if _same(old, value):
            return
        parent[key] = styled_value(old, value)
    else:
        insert_key(parent, path, styled_value(None, value))


def delete_value(data: CommentedMap, path: tuple[str, ...]) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent.get(part)
        if not isinstance(parent, dict):
            return
    parent.pop(path[-1], None)


def parent_mapping(data: CommentedMap, path: tuple[str, ...]) -> CommentedMap:
    node = data
    for depth, part in enumerate(path):
        if not isinstance(node.get(part), dict):
            insert_key(node, path[: depth + 1], CommentedMap())
        node = node[part]
    return node


def insert_key(mapping: CommentedMap, path: tuple[str, ...], value) -> None:
    """Add a key where the model puts it, so that a new key does not end up at the bottom."""
    order = fields_at(path[:-1])
    key = path[-1]
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    mapping.insert(position, key, value)
    if 0 < position and not isinstance(value, (dict, list)):
        _move_comments_below(mapping, list(mapping)[position - 1], key)


def _move_comments_below(mapping: CommentedMap, previous: str, key: str) -> None:
    """Comment lines under ``previous`` belong to what follows it, so they go under the new ``key``."""
    tokens = mapping.ca.items.get(previous)
    token = tokens[2] if tokens and len(tokens) > 2 else None
    if token is None or not isinstance(getattr(token, "value", None), str) or "\n" not in token.value:
        return
    end = token.value.index("\n") + 1
    rest = token.value[end:]
    if rest.strip():
        moved = copy.copy(token)
        moved.value = "\n" + rest
        token.value = token.value[:end]
        mapping.ca.items[key] = [None, None, moved, None]


def _same(old, new) -> bool:
    if isinstance(new, list):
        return isinstance(old, list) and [str(item) for item in old] == [str(item) for item in new]
    if isinstance(new, (bool, dt.date)):
        return type(old) is type(new) and old == new
    return isinstance(old, str) and str(old) == new


def styled_value(old, new):
    """``new`` written the way ``old`` was (flow list, folded, quoted), or plain where that reads back the same."""
    if isinstance(new, list):
        items = CommentedSeq(styled_value(None, item) for item in new)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            items.fa.set_flow_style()
        return items
    if not isinstance(new, str):
        return new
    if isinstance(old, FoldedScalarString):
        folded = FoldedScalarString(new)
        folded.fold_pos = _folds(new)
        return folded
    if isinstance(old, (LiteralScalarString, SingleQuotedScalarString, DoubleQuotedScalarString)):
        return type(old)(new)
    if _PYYAML.resolve(yaml.ScalarNode, new, (True, False)) != "tag:yaml.org,2002:str":
        return SingleQuotedScalarString(new)  # e.g. 10:30, yes, 2024-01-01, 0x10: text, not a number
    return new


def _folds(text: str, width: int = PROSE_WIDTH) -> list[int]:
    """Where to break a folded scalar's lines: at single spaces, about ``width`` characters apart."""
    folds, start, last = [], 0, None
    for index, ch in enumerate(text):
        if ch != " " or text[index - 1:index] == " " or text[index + 1:index + 2] in (" ", ""):
            continue
        if index - start > width and last is not None:
            folds.append(last)
            start = last + 1
        last = index
    if len(text) - start > width and last is not None and last > start:
        folds.append(last)
    return folds


def plain_data(node):
    """ruamel's round-trip data as the plain values PyYAML gives, to compare the two."""
    if isinstance(node, dict):
        return {str(key): plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain_data(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, (dt.datetime, dt.date)):
        return node if isinstance(node, dt.datetime) else dt.date(node.year, node.month, node.day)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, int):
        return int(node)
    return str(node)


def keep_layout(original: str, unchanged: str, changed: str) -> str:
    """``changed`` with every part that did not change written exactly as in ``original``.

    ruamel.yaml keeps comments, order and quoting, but joins a long plain value that the file
    wraps over two lines. Its rendering of the unchanged file says which of its lines stand for
    which lines of the original; only the lines the update touched are taken from ``changed``.
    """
    a, b, c = (text.splitlines(keepends=True) for text in (original, unchanged, changed))
    units: list[tuple[list[str], int, int]] = []  # original lines, and the lines of b standing for them
    pending: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                units.append((pending + a[i1 + k:i1 + k + 1], j1 + k, j1 + k + 1))
                pending = []
        elif j2 > j1:
            units.append((pending + a[i1:i2], j1, j2))
            pending = []
        elif units:
            lines, start, end = units[-1]
            units[-1] = (lines + a[i1:i2], start, end)
        else:
            pending += a[i1:i2]
    unit_of = {}
    for number, (_, start, end) in enumerate(units):
        for j in range(start, end):
            unit_of[j] = number
    out: list[str] = []
    for tag, j1, j2, k1, k2 in difflib.SequenceMatcher(None, b, c, autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(c[k1:k2])
            out.extend(_dropped_comments(b[j1:j2], c))
            continue
        for j in range(j1, j2):
            lines, start, end = units[unit_of[j]]
            if j1 <= start and end <= j2:
                if j == start:
                    out.extend(lines)
            else:
                out.append(b[j])
    merged = "".join(out)
    try:
        if yaml.load(merged, Loader=Loader) == yaml.load(changed, Loader=Loader):
            return merged
    except yaml.YAMLError:
        pass
    return changed


def _dropped_comments(removed: list[str], changed: list[str]) -> list[str]:
    """Comment lines (and the blank lines around them) that went with a removed value: ruamel.yaml
    keeps a comment with the value above it, but a comment is usually about what follows."""
    kept = {line.strip() for line in changed}
    is_comment = [line.lstrip().startswith("#") and line.strip() not in kept for line in removed]
    out = []
    for index, line in enumerate(removed):
        near = is_comment[max(index - 1, 0):index + 2]
        if is_comment[index] or (not line.strip() and any(near)):
            out.append(line)
    return out

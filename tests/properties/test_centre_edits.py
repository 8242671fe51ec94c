"""Edits to a centre file keep its layout: comments, key order, quoting, indentation.

``centres apply-issue`` and ``centres geocode`` change a file the way a person would, through
``centre_edit``. For a centre file laid out in any of the ways people write them: setting a field
to the value it has leaves the file byte for byte the same; setting it to something else and
back gives back the same bytes; and the edited file reads as the data it was meant to hold.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

import yaml
from hypothesis import given
from hypothesis import strategies as st

from reporting_centres.centre_edit import dump, keep_layout, set_value, yaml_editor

from .fixture import CENTRE_TEXT, examples

PLAIN = yaml.safe_load(CENTRE_TEXT)
VALUE_LINE = re.compile(r"^(?P<head> *(?:- )?[a-z_]+: )(?P<value>[^'\"#\[{>|&*!\s][^#]*?)(?P<tail> *(?:#.*)?)$")


def edit(text: str, path: tuple[str, ...], value) -> str:
    """``text`` with the field at ``path`` set to ``value``, as the commands that edit files do it."""
    round_trip = yaml_editor(text)
    data = round_trip.load(text)
    set_value(data, path, value)
    return keep_layout(text, dump(round_trip, round_trip.load(text)), dump(round_trip, data))


def _fields(node, path=()) -> list[tuple[tuple[str, ...], object]]:
    """Every field ``set_value`` can reach (through mappings only), with its value: scalars and lists of them."""
    found = []
    for key, value in node.items():
        if isinstance(value, dict):
            found += _fields(value, (*path, key))
        elif not isinstance(value, list) or all(isinstance(item, str) for item in value):
            found.append(((*path, key), value))
    return found


FIELDS = _fields(PLAIN)


def _block_scalar_lines(text: str) -> set[int]:
    """The lines of '>-' and '|' values (with their first line), where a '#' is text, not a comment."""
    return {line for token in yaml.scan(text, Loader=yaml.SafeLoader)
            if isinstance(token, yaml.ScalarToken) and token.style in (">", "|")
            for line in range(token.start_mark.line, token.end_mark.line + (token.end_mark.column > 0))}


BLOCK_LINES = _block_scalar_lines(CENTRE_TEXT)


@st.composite
def layouts(draw) -> str:
    """The fixture centre file as someone else might have written it: the same data, laid out
    with other indentation, quoting, comments and blank lines."""
    lines = CENTRE_TEXT.splitlines()
    scale = draw(st.sampled_from([1, 1, 2]))
    out = []
    item_keys: dict[int, int] = {}  # the indentation of a list item's keys, and where they move to
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        item_keys = {old: new for old, new in item_keys.items() if old <= indent}
        moved = item_keys.get(indent, indent * scale)
        if line[indent:].startswith("- "):
            item_keys[indent + 2] = moved + 2
        line = " " * moved + line[indent:]
        block = index in BLOCK_LINES
        match = VALUE_LINE.match(line)
        if match and not block and isinstance(yaml.safe_load(match["value"]), str):
            quote = draw(st.sampled_from(["", "", "'", '"']))
            value = match["value"].replace("'", "''") if quote == "'" else match["value"]
            line = f"{match['head']}{quote}{value}{quote}{match['tail']}"
        if not block and line.strip() and "#" not in line and draw(st.integers(0, 9)) == 0:
            line += "  # " + draw(st.sampled_from(["checked", "see the website", "né: ü", "a: b"]))
        if not block and not line.startswith(" ") and draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(["", "# a note about what follows", "\n# two lines down"])))
        out.append(line)
    text = "\n".join(out) + "\n"
    assert yaml.safe_load(text) == PLAIN, text  # a layout, not a change
    return text


TEXT = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=40)
DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


def other_values(current) -> st.SearchStrategy:
    """Values of the kind the field holds, as the commands set them."""
    if isinstance(current, bool):
        return st.booleans()
    if isinstance(current, dt.date):
        return DATES
    if isinstance(current, float):
        return st.floats(-90, 90, allow_nan=False)
    if isinstance(current, list):
        return st.lists(TEXT, max_size=4)
    return TEXT


def read(text: str):
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def expected(path: tuple[str, ...], value) -> dict:
    data = read(CENTRE_TEXT)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return data


@examples(25)
@given(text=layouts(), field=st.sampled_from(FIELDS))
def test_setting_a_field_to_its_value_changes_nothing(text, field):
    path, value = field
    assert edit(text, path, value) == text


def written_plain(value) -> bool:
    """Whether ruamel.yaml writes this text without quotes: quotes a value needed stay with the field."""
    round_trip = yaml_editor("")
    return isinstance(value, str) and dump(round_trip, {"field": value}) == f"field: {value}\n"


def comments_unpadded(text: str) -> str:
    return re.sub(r"(?m)(\S) +(# .*)$", r"\1 \2", text)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@examples(30)
@given(text=layouts(), field=st.sampled_from(FIELDS), data=st.data())
def test_setting_a_field_and_setting_it_back_gives_the_same_bytes(text, field, data):
    path, value = field
    new = data.draw(other_values(value), label="new value")
    changed = edit(text, path, new)
    assert read(changed) == expected(path, new)
    back = edit(changed, path, value)
    assert read(back) == PLAIN
    if isinstance(value, list):
        return  # a list set to others loses its items' comments, and an empty one whether it was [a, b]
    if isinstance(new, str) and not written_plain(new):
        # Quotes that 'yes', '' or '10:30' needed stay on the field's one line: whether the file
        # quoted it by choice is no longer known.
        assert len(changed_lines(text, back)) in (0, 2)
    elif len(str(new)) > len(str(value)):
        # A comment after a longer value moves to one space after it, and stays in that column.
        assert comments_unpadded(back) == comments_unpadded(text)
    else:
        assert back == text

"""Any change to a centre file either validates, or is reported as ``file:line:column`` problems
inside that file: never a traceback, never a place the file does not have. And whatever
validates can be built into the site.

A valid fictional centre file is changed the ways people change files by mistake (lines lost,
doubled or swapped, values retyped, keys added, indentation broken, the file cut short) and
the ways data can be wrong (any value in any place), then checked by ``load_centres``, which
``centres validate`` and every build call.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from reporting_centres.errors import DataError
from reporting_centres.validate import load_centres

from .fixture import (
    CENTRE_TEXT,
    REGION,
    SHOWN,
    SLUG,
    TODAY,
    assert_well_placed,
    check_printable,
    examples,
    render_everything,
)

LINES = CENTRE_TEXT.splitlines(keepends=True)
KEY_LINE = re.compile(r"^(?P<head>\s*(?:- )?[A-Za-z_]+:)(?P<value>.*)$", re.DOTALL)
FIELD_NAMES = sorted({match["head"].strip(" -:") for line in LINES if (match := KEY_LINE.match(line))})

YAML_TOKENS = ["~", "null", "yes", "no", "on", "off", "true", "0x1F", "0o17", "1_000", ".inf", "-.nan", "1e400",
               "[", "]", "{", "}", "{a: b}", "[a, b]", "&anchor value", "*anchor", "!!binary aGk=", "!!set {a}",
               "!!python/object:os.system", "!custom x", "|", ">-", "---", "...", "%YAML 1.1", "# comment",
               "'unclosed", '"unclosed', '"\\ud800"', "'a''b'", "- item", "? key", ": value", "@at", "`tick",
               "2024-13-01", "2024-02-30", "2024-01-01 10:00:00", "10:30", "12:30:45", "24:00", "1:2:3"]
SCALARS = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.integers().map(str),
    st.floats().map(str),
    st.dates().map(dt.date.isoformat),
    st.datetimes().map(str),
    st.sampled_from(YAML_TOKENS),
    st.text(max_size=30).map(lambda text: "'" + text.replace("'", "''") + "'"),
)
LINE_INDEX = st.integers(0, len(LINES) - 1)


def _delete(lines: list[str], draw) -> None:
    del lines[draw(st.integers(0, len(lines) - 1))]


def _duplicate(lines: list[str], draw) -> None:
    index = draw(st.integers(0, len(lines) - 1))
    lines.insert(index + draw(st.integers(0, 3)), lines[index])


def _swap(lines: list[str], draw) -> None:
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]


def _retype_value(lines: list[str], draw) -> None:
    candidates = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
    if candidates:
        index = draw(st.sampled_from(candidates))
        head = KEY_LINE.match(lines[index])["head"]
        lines[index] = f"{head} {draw(SCALARS)}\n"


def _insert_key(lines: list[str], draw) -> None:
    indent = draw(st.sampled_from(["", "  ", "    ", "  - ", "\t"]))
    key = draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=12), SCALARS))
    lines.insert(draw(st.integers(0, len(lines))), f"{indent}{key}: {draw(SCALARS)}\n")


def _reindent(lines: list[str], draw) -> None:
    index = draw(st.integers(0, len(lines) - 1))
    stripped = lines[index].lstrip(" ")
    lines[index] = draw(st.sampled_from(["", " ", "  ", "   ", "    ", "\t", " \t"])) + stripped


def _splice_text(lines: list[str], draw) -> None:
    text = "".join(lines)
    at = draw(st.integers(0, len(text)))
    lines[:] = (text[:at] + draw(st.text(max_size=8)) + text[at:]).splitlines(keepends=True) or [""]


def _truncate(lines: list[str], draw) -> None:
    text = "".join(lines)
    lines[:] = text[:draw(st.integers(0, len(text)))].splitlines(keepends=True) or [""]


MUTATIONS = [_delete, _duplicate, _swap, _retype_value, _insert_key, _reindent, _splice_text, _truncate]


@st.composite
def mutated_files(draw) -> str:
    lines = list(LINES)
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        if not lines:
            lines = [""]
        mutation(lines, draw)
    return "".join(lines)


PLAIN = yaml.safe_load(CENTRE_TEXT)


def _paths(node, path=()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(PLAIN)[1:]
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40), st.dates(),
                   st.datetimes(), SCALARS)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)),
                                                 inner, max_size=4)), max_leaves=12)


def _replace(data, path: tuple, value, *, remove: bool = False):
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if remove:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


@st.composite
def changed_data(draw) -> str:
    data = yaml.safe_load(CENTRE_TEXT)  # a fresh copy to change
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)[1:]
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "add" and isinstance(_value_at(data, path), dict):
            key = draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)))
            _value_at(data, path)[key] = draw(VALUES)
        else:
            _replace(data, path, draw(VALUES), remove=action == "remove")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _value_at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "centres").mkdir()
    return root


def check(root: Path, text: str) -> None:
    """Validate ``text`` as the fixture centre's file: it validates and renders, or every problem is
    placed inside it. Any other exception fails the test with its traceback."""
    path = root / SHOWN
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        centres = load_centres(REGION, root, [path], TODAY)
        check_printable(centres, root)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert_well_placed(problem, text)
        return
    assert [centre.slug for centre in centres] == [SLUG]
    render_everything(centres)


def test_the_fixture_itself_validates_and_renders(project):
    check(project, CENTRE_TEXT)


@examples(60)
@given(text=mutated_files())
@example(text=CENTRE_TEXT.replace("kind: charity", "2024-13-01: charity"))  # a key that looks like a date but is none
@example(text=CENTRE_TEXT.replace("slug:", "slug: \0"))  # a NUL is placed like any other control character
@example(text=CENTRE_TEXT.replace("by: Volunteer", "by: Volunteer 𐀀\x1f"))  # placed after characters of 4 bytes
@example(text=CENTRE_TEXT[:CENTRE_TEXT.index("\nkind:") + 2])  # libyaml says: line 8, of a file of 7
@example(text=CENTRE_TEXT.replace("kind: charity\n", "kind: charity\rkinds: [x]\u2028\n["))  # other line breaks
def test_a_centre_file_changed_by_hand_validates_or_says_where(project, text):
    check(project, text)


@examples(40)
@given(text=changed_data())
def test_a_centre_file_with_any_value_anywhere_validates_or_says_where(project, text):
    check(project, text)

"""What staff read when a centre file is wrong: every rule, one folder per bad case.

Each folder in ``cases/`` holds a ``centres/`` folder (the case folder is the project root)
and ``expected.txt``: the exact problems, one ``str(problem)`` per line, in the order
``DataError`` sorts them. Every case file is ``valid/centres/bolton-central-library.yml``
with only the thing under test changed, so the line numbers in ``expected.txt`` can be
checked against the file by eye.

Cases that cannot sensibly be committed (files too large, not UTF-8, symbolic links) are
written to ``tmp_path`` by the tests below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporting_centres.config import region_from_extra
from reporting_centres.errors import DataError
from reporting_centres.load import MAX_FILE_BYTES
from reporting_centres.validate import load_centres

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURE = HERE.parent / "fixtures" / "region"  # the tests' own region's project folder
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
VALID = HERE / "valid"
VALID_FILE = VALID / "centres" / "bolton-central-library.yml"
TODAY = dt.date(2026, 11, 25)
REGION = region_from_extra(
    {
        "reporting_centres": {
            "name": "Greater Manchester",
            "boroughs": ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale",
                         "Salford", "Stockport", "Tameside", "Trafford", "Wigan"],
            "bounds": {"south": 53.33, "west": -2.75, "north": 53.69, "east": -1.90},
        }
    }
)


def problems(root: Path, **options) -> list[str]:
    """The problems ``load_centres`` reports for the project at ``root`` ([] when it loads)."""
    try:
        load_centres(REGION, root, today=TODAY, **options)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


def write(root: Path, name: str, content: bytes) -> Path:
    folder = root / "centres"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content)
    return root


# --- one folder per bad case ------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_reports_exactly_the_expected_problems(case):
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{case.name}/expected.txt is empty: every case must report something"
    assert problems(case) == expected


def test_there_are_cases_for_every_rule():
    assert len(CASES) >= 40


def test_the_case_template_is_valid():
    """The file every case is copied from loads cleanly, so each case tests one thing only."""
    assert problems(VALID) == []


def test_the_valid_example_loads_with_no_problems():
    example = FIXTURE / "centres" / "bolton-central-library.yml"
    centres = load_centres(REGION, FIXTURE, paths=[example], today=TODAY)
    assert [centre.slug for centre in centres] == ["bolton-central-library"]


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(tmp_path):
    text = VALID_FILE.read_text(encoding="utf-8").replace("\n", "\r\n")
    write(tmp_path, "bolton-central-library.yml", text.encode("utf-8-sig"))
    assert problems(tmp_path) == []


# --- files written by the tests ----------------------------------------------------------


def padded(size: int) -> bytes:
    """The valid template, padded with comment lines to exactly ``size`` bytes."""
    content = VALID_FILE.read_bytes()
    line = b"# " + b"x" * 97 + b"\n"  # 100 bytes
    content += line * ((size - len(content)) // len(line))
    return content + b"#" * (size - len(content) - 1) + b"\n"


def test_a_file_at_the_size_limit_is_read(tmp_path):
    write(tmp_path, "bolton-central-library.yml", padded(MAX_FILE_BYTES))
    assert problems(tmp_path) == []


def test_a_file_too_large_is_refused(tmp_path):
    write(tmp_path, "bolton-central-library.yml", padded(300 * 1024))
    assert MAX_FILE_BYTES == 262_144
    assert problems(tmp_path) == [
        "centres/bolton-central-library.yml: is 307,200 bytes; a centre file may be at most 262,144 bytes"
    ]


def test_a_binary_file_is_refused(tmp_path):
    write(tmp_path, "bolton-central-library.yml", bytes(range(256)))
    assert problems(tmp_path) == [
        "centres/bolton-central-library.yml: is not UTF-8 text (byte 128); save it as UTF-8"
    ]


def test_a_file_saved_as_windows_1252_is_refused(tmp_path):
    text = VALID_FILE.read_text(encoding="utf-8").replace("  town: Bolton", "  town: Bolton – Café Quarter")
    content = text.encode("cp1252")
    write(tmp_path, "bolton-central-library.yml", content)
    assert content.index(b"\x96") == 384
    assert problems(tmp_path) == [
        "centres/bolton-central-library.yml: is not UTF-8 text (byte 384); save it as UTF-8"
    ]


def test_a_link_to_a_file_outside_centres_is_refused(tmp_path):
    outside = tmp_path / "elsewhere" / "bolton-central-library.yml"
    outside.parent.mkdir()
    outside.write_bytes(VALID_FILE.read_bytes())
    (tmp_path / "centres").mkdir()
    (tmp_path / "centres" / "bolton-central-library.yml").symlink_to(outside)
    assert problems(tmp_path) == [
        f"centres/bolton-central-library.yml: is a link to a file outside {tmp_path / 'centres'}; "
        "copy the file in instead"
    ]


def test_a_control_character_is_reported_on_one_line_with_its_position(tmp_path):
    text = VALID_FILE.read_text(encoding="utf-8").replace("  town: Bolton", "  town: Bolton\x0b")
    write(tmp_path, "bolton-central-library.yml", text.encode())
    found = problems(tmp_path)
    assert len(found) == 1 and "\n" not in found[0]
    assert found[0] == ("centres/bolton-central-library.yml:11:15: contains the control character U+000B, which "
                        "a text file cannot hold; delete it (it often comes from copying and pasting)")


# --- hostile content: only ever DataError ------------------------------------------------

BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)
HOSTILE = {
    "python-object-apply": '!!python/object/apply:os.system ["touch {marker}"]\n',
    "python-object-apply-in-a-value": 'slug: x\nname: !!python/object/apply:os.system ["touch {marker}"]\n',
    "python-object-new-mapping": "!!python/object/new:os.system\nargs: ['touch {marker}']\n",
    "python-name": "slug: !!python/name:os.system\n",
    "tab-indented": "slug: bolton-central-library\naddress:\n\ttown: Bolton\n\tborough: Bolton\n",
    "empty": "",
    "only-a-comment": "# nothing here yet\n",
    "only-a-list": "- slug: bolton-central-library\n- name: Bolton Central Library\n",
    "only-text": "Bolton Central Library\n",
    "only-a-number": "42\n",
    "null-document": "~\n",
    "alias-bomb": BOMB + "\n",
    "deep-nesting": "slug: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "deep-block-nesting": "".join(f"{'  ' * i}k{i}:\n" for i in range(200)),
    "huge-integer": "slug: x\naddress:\n  latitude: " + "9" * 5000 + "\n",
    "not-a-number": "address:\n  latitude: .nan\n  longitude: -.inf\n",
    "merge-key": "<<: {slug: x}\n",
    "two-documents": "slug: a\n---\nslug: b\n",
    "complex-keys": "? [a, b]\n: 1\n? {x: 1}\n: 2\nnull: 3\n1: one\n'1': also-one\n",
    "set-and-binary": "slug: !!binary aGVsbG8=\nname: !!set {a, b}\n",
    "bad-explicit-tags": "slug: !!timestamp 2024-13-01\nname: !!int abc\nkind: !!float zz\n",
    "local-tag": "slug: !include /etc/passwd\n",
    "unterminated-quote": "slug: 'bolton-central-library\nname: Bolton\n",
    "nul-byte": "slug: x\x00\n",
    "control-character": "slug: x\x07\n",
    "directive": "%YAML 1.1\n%TAG ! tag:yaml.org,2002:python/\n---\nslug: !object/apply:os.system ['touch {marker}']\n",
    "long-value": "slug: x\nname: '" + "x" * 200_000 + "'\n",
}


@pytest.mark.parametrize("content", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_content_only_ever_raises_data_error(tmp_path, content):
    marker = tmp_path / "code-ran"
    write(tmp_path, "hostile.yml", content.replace("{marker}", str(marker)).encode())
    with pytest.raises(DataError) as raised:
        load_centres(REGION, tmp_path, today=TODAY)
    assert raised.value.problems
    assert all(problem.file == "centres/hostile.yml" for problem in raised.value.problems)
    assert not marker.exists()


@pytest.mark.parametrize("content", [b"\xff\xfe" + "slug: x\n".encode("utf-16-le"), bytes(range(256))],
                         ids=["utf-16", "all-bytes"])
def test_undecodable_bytes_only_ever_raise_data_error(tmp_path, content):
    write(tmp_path, "hostile.yml", content)
    with pytest.raises(DataError):
        load_centres(REGION, tmp_path, today=TODAY)


def test_unreadable_entries_only_ever_raise_data_error(tmp_path):
    (tmp_path / "centres").mkdir()
    (tmp_path / "centres" / "dangling.yml").symlink_to(tmp_path / "centres" / "missing.yml")
    (tmp_path / "centres" / "folder.yml").mkdir()
    assert problems(tmp_path) == [
        "centres/dangling.yml: cannot be read: No such file or directory",
        "centres/folder.yml: cannot be read: Is a directory",
    ]


def test_plain_ascii_text_is_checked_as_strictly_as_any_other():
    """visible_text passes plain ASCII without looking at each character: every ASCII character,
    alone and between letters, gets the same answer as the character-by-character rule."""
    from pydantic_core import PydanticCustomError

    from reporting_centres.rules import invisible, visible_text

    for character in map(chr, range(128)):
        for text in (character, f"a{character}b"):
            refused = any(invisible(char) for char in text)
            try:
                visible_text(text)
            except PydanticCustomError:
                assert refused, repr(text)
            else:
                assert not refused, repr(text)

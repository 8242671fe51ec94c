"""Every validation rule, one folder per bad case, with the exact messages staff will read.

Each folder in cases/ holds a centres/ folder and expected.txt. To review a changed message,
run the case by hand: `.venv/bin/python -c "..."` or look at the assertion diff.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import ROOT
from reporting_centres.config import project_from_mkdocs
from reporting_centres.errors import DataError
from reporting_centres.validate import load_centres

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())
TODAY = dt.date(2026, 11, 25)
REGION = project_from_mkdocs(ROOT / "mkdocs.yml").region


def problems_for(folder: Path) -> list[str]:
    try:
        load_centres(REGION, folder, today=TODAY)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_bad_case_gets_exactly_these_messages(case):
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_for(case) == expected


def test_the_valid_example_has_no_problems(tmp_path):
    (tmp_path / "centres").mkdir()
    (tmp_path / "centres" / "bolton-central-library.yml").write_bytes(
        (ROOT / "centres" / "bolton-central-library.yml").read_bytes())
    assert problems_for(tmp_path) == []


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "centres"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content)
    return tmp_path


def test_a_file_too_large_is_refused_before_it_is_parsed(tmp_path):
    write(tmp_path, "big.yml", b"notes: '" + b"x" * (300 * 1024) + b"'\n")
    assert problems_for(tmp_path) == [
        "centres/big.yml: is 307,210 bytes; a centre file may be at most 262,144 bytes"]


def test_a_binary_file_is_refused(tmp_path):
    write(tmp_path, "binary.yml", bytes(range(256)))
    assert problems_for(tmp_path) == ["centres/binary.yml: is not UTF-8 text (byte 128); save it as UTF-8"]


def test_a_link_to_a_file_outside_centres_is_refused(tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("slug: secret\n")
    (tmp_path / "centres").mkdir()
    (tmp_path / "centres" / "secret.yml").symlink_to(outside)
    assert problems_for(tmp_path) == [
        f"centres/secret.yml: is a link to a file outside {tmp_path / 'centres'}; copy the file in instead"]


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    write(tmp_path, "bomb.yml", ("\n".join(lines) + "\n").encode())
    assert problems_for(tmp_path) == [
        "centres/bomb.yml:2:10: YAML aliases (*name) are not allowed in centre files; write the value out in full"]

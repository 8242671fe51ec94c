"""Hostile files in centres/, run through the real `centres validate` with 1 GiB of memory and a time
limit: each is refused with one `file: message` line and no traceback.

test_rules.py checks what ``load_centres`` says about such content in-process; this checks that the
command stays within bounded time and memory doing so, with files too large or too strange to commit.
"""

from __future__ import annotations

import os
import random
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import fixture_files, region_copy

BIN = Path(sys.executable).parent
MEMORY = 1 << 30  # 1 GiB of address space for the whole command
SECONDS = 60

ALIAS_BOMB = "\n".join(["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                       + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 20)]) + "\n"


def fifty_megabytes(path: Path) -> None:
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as file:
        for _ in range(50 * 1024):
            file.write(line)


def write(folder: Path, case: str) -> str:
    """Write the hostile file for ``case`` into centres/; return the message it must get."""
    path = folder / f"{case}.yml"
    if case == "alias-bomb":
        path.write_text(ALIAS_BOMB, encoding="utf-8")
        return "2:10: YAML aliases (*name) are not allowed in centre files; write the value out in full"
    if case == "fifty-megabytes":
        fifty_megabytes(path)
        return "is 52,428,800 bytes; a centre file may be at most 262,144 bytes"
    if case == "binary-garbage":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(200_000))
        return "is not UTF-8 text (byte 0); save it as UTF-8"
    if case == "deep-flow-nesting":
        path.write_text("slug: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
        return "is 400,007 bytes; a centre file may be at most 262,144 bytes"
    if case == "deep-nesting-under-the-limit":
        path.write_text("slug: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
        return "1:1006: is nested more than 12 levels deep"
    if case == "link-out-of-centres":
        path.symlink_to("/dev/zero")
        return f"is a link to a file outside {folder}; copy the file in instead"
    if case == "named-pipe":
        os.mkfifo(path)
        return "is not a plain file (it is a pipe, socket or device); centre files are text files"
    raise AssertionError(case)


CASES = ["alias-bomb", "fifty-megabytes", "binary-garbage", "deep-flow-nesting", "deep-nesting-under-the-limit",
         "link-out-of-centres", "named-pipe"]


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def validate(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "validate"], cwd=project,
                          capture_output=True, text=True, env=env, timeout=SECONDS, preexec_fn=limited)


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_file_is_refused_in_bounded_time_and_memory(tmp_path, case):
    project = region_copy(tmp_path, "bolton-central-library")
    message = write(project / "centres", case)
    result = validate(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    where = f"centres/{case}.yml:" if message[0].isdigit() else f"centres/{case}.yml: "
    assert result.stderr.splitlines() == [where + message, "1 problem found."]


def test_every_hostile_file_is_reported_in_one_run(tmp_path):
    project = region_copy(tmp_path)
    expected = sorted(f"centres/{case}.yml:{'' if write(project / 'centres', case)[0].isdigit() else ' '}"
                      for case in CASES)
    result = validate(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(CASES)} problems found."
    # not strict: the last line is the count, one more than there are files
    assert [line[:len(prefix)] for line, prefix in zip(lines, expected, strict=False)] == expected


def test_the_limits_leave_room_for_a_real_project(tmp_path):
    """The memory limit is not what refuses the files above: a region of about fifty centres (the
    fixture region's, each seven times over under other names, without their codes) validates under it."""
    project = region_copy(tmp_path)
    for path in fixture_files():
        text = path.read_text(encoding="utf-8")
        for copy in range(7):
            slug, name = f"{path.stem}-{copy}", text.split("\nname: ", 1)[1].split("\n", 1)[0]
            renamed = re.sub(r"\ncode: \w+\n", "\n", text, count=1)
            renamed = renamed.replace(f"slug: {path.stem}\n", f"slug: {slug}\n", 1)
            renamed = renamed.replace(f"\nname: {name}\n", f"\nname: {name} {copy}\n", 1)
            (project / "centres" / f"{slug}.yml").write_text(renamed, encoding="utf-8")
    result = validate(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{7 * len(fixture_files())} centres checked: no problems found."

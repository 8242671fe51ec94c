"""What changed in the centre files, from the git history of the centres' folder.

Centres joined (a file added), left (a file removed), and changed (a file edited: which of its
fields differ), since a date; and the same counted per quarter for the trend. Only committed history
counts: an edit not yet committed is not a change the network has made.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree: the base before the first commit


@dataclass(frozen=True)
class Change:
    kind: str  # joined, left or changed
    slug: str
    name: str
    borough: str
    fields: tuple[str, ...] = ()  # for changed: the top-level fields that differ


@dataclass
class History:
    available: bool  # False where the folder is not in a git checkout
    changes: list[Change] = field(default_factory=list)
    quarters: list[tuple[str, int, int, int]] = field(default_factory=list)  # (2026 Q3, joined, left, changed)
    note: str = ""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, encoding="utf-8")


def _read(folder: Path, revision: str, name: str) -> dict:
    shown = _git(folder, "show", f"{revision}:./{name}")
    try:
        data = yaml.safe_load(shown.stdout) if shown.returncode == 0 else None
    except yaml.YAMLError:
        data = None
    return data if isinstance(data, dict) else {}


def _current(folder: Path, name: str) -> dict:
    return _read(folder, "HEAD", name)


def _label(data: dict, slug: str) -> tuple[str, str]:
    found = data.get("address")
    address = found if isinstance(found, dict) else {}
    return str(data.get("name") or slug), str(address.get("borough") or "")


def quarter(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def last_quarters(today: dt.date, count: int) -> list[str]:
    year, index = today.year, (today.month - 1) // 3
    found = []
    for _ in range(count):
        found.append(f"{year} Q{index + 1}")
        year, index = (year, index - 1) if index else (year - 1, 3)
    return found[::-1]


def centre_history(folder: Path, since: dt.date, today: dt.date, quarters: int = 8) -> History:
    """Changes to the centre files in ``folder`` committed after ``since`` (up to HEAD), and per quarter."""
    if not folder.is_dir() or _git(folder, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        return History(False, note="The centres' folder is not in a git checkout with commits, so changes over "
                       "time are not shown.")
    base = _git(folder, "rev-list", "-1", f"--before={since.isoformat()}T00:00:00", "HEAD").stdout.strip() or EMPTY_TREE
    # Without rename detection: a centre whose slug changed has a new page, so it left and joined.
    diff = _git(folder, "diff", "--name-status", "--no-renames", "--relative", base, "HEAD", "--", ".")
    changes = []
    for line in diff.stdout.splitlines():
        status, *names = line.split("\t")
        if not names[-1].endswith((".yml", ".yaml")) or "/" in names[-1]:
            continue
        name = names[0]
        slug = Path(name).stem
        if status == "A":
            changes.append(Change("joined", slug, *_label(_current(folder, name), slug)))
        elif status == "D":
            changes.append(Change("left", slug, *_label(_read(folder, base, name), slug)))
        else:
            before, after = _read(folder, base, name), _current(folder, name)
            differ = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
            changes.append(Change("changed", slug, *_label(after, slug), tuple(differ)))
    order = {"joined": 0, "left": 1, "changed": 2}
    changes.sort(key=lambda c: (order[c.kind], c.name.casefold(), c.slug))
    return History(True, changes, _per_quarter(folder, today, quarters))


def _per_quarter(folder: Path, today: dt.date, count: int) -> list[tuple[str, int, int, int]]:
    """Files added, removed and edited in each of the last ``count`` quarters, by commit date."""
    names = last_quarters(today, count)
    tally = {name: [0, 0, 0] for name in names}
    log = _git(folder, "log", "--relative", "--name-status", "--no-renames", "--format=%x00%cs", "--", ".")
    for when, statuses in _commits(log.stdout.split("\0")[1:]):
        counts = tally.get(quarter(when))
        if counts is None:
            continue
        for status in statuses:
            counts["ADM".index(status)] += 1
    return [(name, *tally[name]) for name in names]  # type: ignore[misc]


def _commits(chunks: Iterable[str]):
    for chunk in chunks:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        statuses = [line.split("\t")[0][0] for line in lines[1:] if "\t" in line]
        yield dt.date.fromisoformat(lines[0].strip()), [s for s in statuses if s in "ADM"]

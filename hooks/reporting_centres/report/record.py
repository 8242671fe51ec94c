"""``centres record``: add a visit to a centre's register file, or a training session to the
register's region/training.yml, keeping the file's comments; the same can be written by hand
(README: "The coordinator's report").

The file is checked after the change as the report reads it; if it no longer loads, it is put back
as it was and the problems are reported (fields named, values never shown).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..config import Project
from ..errors import DataError, Problem
from ..register import load_register, register_folder
from ..validate import load_centres
from .training import TRAINING_FILE, load_training

TRAINING_HEADER = ("# Private: training sessions the coordinator ran, for `centres report` (README: The coordinator's "
                   "report).\n# Never commit this file to the public repository.\n")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 120
    return yaml


def _append(path: Path, key: str, item: dict, header: str = "") -> bytes | None:
    """Add ``item`` to the list under ``key``; the file's bytes before, or None where it was new."""
    before = path.read_bytes() if path.is_file() else None
    yaml = _yaml()
    data = yaml.load(before) if before else None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise DataError([Problem(path.name, 1, 1, "", "is not a YAML mapping; fix it by hand first")])
    if not isinstance(data.get(key), CommentedSeq):
        if data.get(key) is not None:
            raise DataError([Problem(path.name, 1, 1, key, "is not a list; fix it by hand first")])
        data[key] = CommentedSeq()
    data[key].append(CommentedMap((name, value) for name, value in item.items() if value is not None))
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((header if before is None else "") + buffer.getvalue(), encoding="utf-8")
    return before


def _checked(path: Path, before: bytes | None, check) -> None:
    try:
        check()
    except DataError:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        raise


def record_visit(project: Project, slug: str, kind: str, date: dt.date, outcome: str | None, today: dt.date) -> Path:
    region, root = project.region, project.root
    folder = register_folder(region, root)
    path = folder / f"{slug}.yml"
    if not path.is_file():
        raise DataError([Problem(slug, 0, 0, "", "the register has no file for this centre; add its champion "
                                 "first (README: Personal data)")])
    slugs = {centre.slug for centre in load_centres(region, root)}
    before = _append(path, "visits", {"date": date, "kind": kind, "outcome": outcome})
    _checked(path, before, lambda: load_register(region, root, slugs, today))
    return path


def record_training(project: Project, borough: str, date: dt.date, attendees: int | None, note: str | None,
                    today: dt.date) -> Path:
    region = project.region
    folder = register_folder(region, project.root)
    if not folder.is_dir():
        raise DataError([Problem(str(folder), 0, 0, "", "no private register here (README: Personal data)")])
    path = folder / TRAINING_FILE
    before = _append(path, "sessions", {"date": date, "borough": borough, "attendees": attendees, "note": note},
                     TRAINING_HEADER)
    _checked(path, before, lambda: load_training(region, folder, today))
    return path

"""The build's working files in the project's .cache/: pickles, trusted as __pycache__ is, since they
are the project's own and never shared or downloaded; each is written whole or not at all."""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def read_working_file(path: Path) -> object | None:
    """What an earlier run kept in ``path``; None if there is nothing this code can read."""
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # noqa: BLE001 - none yet, or one an older version of this code wrote
        return None


def write_working_file(path: Path, value: object) -> None:
    """Keep ``value`` in ``path``, replacing what was there in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    with staging.open("wb") as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(staging, path)

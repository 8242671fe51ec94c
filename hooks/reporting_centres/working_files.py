"""The build's working files in the project's .cache/: pickles, trusted as __pycache__ is, since they
are the project's own and never shared or downloaded; each is written whole or not at all."""

from __future__ import annotations

import os
import pickle
from collections.abc import Hashable
from pathlib import Path
from typing import Generic, TypeVar

Value = TypeVar("Value")


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


class Remembered(Generic[Value]):
    """What an earlier run kept in the working file ``path`` (None: nothing is kept), by key, and what this
    run uses; ``save`` keeps only the latter. ``form`` says what the values depend on besides their key
    (the file's layout, the code, the settings): a file of any other form is not read."""

    def __init__(self, path: Path | None, form: str):
        self.path, self.form = path, form
        self.known: dict[Hashable, Value] = {}
        self.used: dict[Hashable, Value] = {}
        kept = read_working_file(path) if path is not None else None
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == form and isinstance(kept[1], dict):
            self.known = kept[1]

    def get(self, key: Hashable) -> Value | None:
        """The value kept under ``key``, kept again by this run; None if there is none."""
        value = self.used.get(key)
        if value is None:
            value = self.known.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key: Hashable, value: Value) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep this run's values, written whole or not at all; nothing if they are the earlier run's."""
        if self.path is None or self.used.keys() == self.known.keys():
            return
        write_working_file(self.path, (self.form, self.used))

"""Training sessions the coordinator runs, a region-level private record beside the register.

``REGISTER/region/training.yml`` (a folder of its own, so that no file in the register's top level
is anything but a centre's)::

    sessions:
      - date: 2026-03-04
        borough: Bolton
        attendees: 12          # optional
        note: Refresher for library staff   # optional

Like the register, messages name the field and never the value.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from .. import rules
from ..config import Region
from ..errors import DataError
from ..load import LoadError, parse_bytes, read_bytes
from ..model import PastDate, Record
from ..validate import problem_at

TRAINING_FILE = Path("region") / "training.yml"


class Session(Record):
    date: PastDate
    borough: str = Field(description="One of the region's boroughs")
    attendees: int | None = Field(None, ge=0)
    note: str | None = Field(None, min_length=1, max_length=200)

    @field_validator("borough")
    @classmethod
    def _known_borough(cls, value: str, info: ValidationInfo) -> str:
        return rules.known_borough(value, info.context)


class Training(Record):
    sessions: list[Session] = Field(default_factory=list)


def load_training(region: Region, folder: Path, today: dt.date | None = None) -> Training | None:
    """The training record in the register ``folder``, or None where there is none."""
    path = folder / TRAINING_FILE
    if not path.is_file():
        return None
    shown = str(TRAINING_FILE)
    try:
        document = parse_bytes(read_bytes(path, shown, root=folder), shown)
    except LoadError as error:
        raise DataError([error.problem]) from None
    try:
        return Training.model_validate(document.data or {}, context={"today": today, "region": region})
    except ValidationError as error:
        raise DataError([problem_at(document, e, private=True) for e in error.errors(include_url=False)]) from None

"""Whether a centre's details are fresh, due for checking, or stale.

Core commitment 2 asks centres to keep their details up to date; the policy (how often,
how much warning) is configuration. "Today" honours SOURCE_DATE_EPOCH, so that two
builds of the same input on different days can still be byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum

from .config import Freshness as Policy
from .model import Centre


class State(str, Enum):
    fresh = "fresh"
    due = "due"
    stale = "stale"


@dataclass(frozen=True)
class Freshness:
    state: State
    due: dt.date
    days_overdue: int

    @property
    def stale(self) -> bool:
        return self.state is State.stale


def build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def freshness(centre: Centre, policy: Policy, today: dt.date) -> Freshness:
    due = centre.last_verified.date + dt.timedelta(days=policy.verify_every_days)
    if today > due:
        return Freshness(State.stale, due, (today - due).days)
    if today > due - dt.timedelta(days=policy.warn_days_before):
        return Freshness(State.due, due, 0)
    return Freshness(State.fresh, due, 0)

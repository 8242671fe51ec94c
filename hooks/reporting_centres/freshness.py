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
from .errors import Problem
from .load import display_path, read_document
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
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def freshness(last_verified: dt.date, policy: Policy, today: dt.date) -> Freshness:
    """How fresh details last checked on ``last_verified`` are ``today``."""
    due = last_verified + dt.timedelta(days=policy.verify_every_days)
    if today > due:
        return Freshness(State.stale, due, (today - due).days)
    if today > due - dt.timedelta(days=policy.warn_days_before):
        return Freshness(State.due, due, 0)
    return Freshness(State.fresh, due, 0)


@dataclass(frozen=True)
class Overdue:
    """One line of the coordinator's list: a centre to chase, and why."""

    centre: Centre
    freshness: Freshness
    training_due: dt.date | None


def overdue_centres(centres: list[Centre], policy: Policy, today: dt.date,
                    trained: dict[str, dt.date] | None = None) -> list[Overdue]:
    """Centres whose details are stale or due soon, or whose champion's refresher training is due.

    ``trained``: each champion's last training, by centre slug, from the private register; without
    it, training is not checked."""
    found = []
    for centre in centres:
        state = freshness(centre.last_verified.date, policy, today)
        last = (trained or {}).get(centre.slug)
        training = last + dt.timedelta(days=policy.training_every_days) if last else None
        soon = today + dt.timedelta(days=policy.warn_days_before)
        training_due = training if training and training <= soon else None
        if state.state is not State.fresh or training_due:
            found.append(Overdue(centre, state, training_due))
    return sorted(found, key=lambda o: (-o.freshness.days_overdue, o.freshness.due, o.centre.slug))


def recently_verified(centres: list[Centre], paths: list, within_days: int, today: dt.date, root) -> list[Problem]:
    """Whoever changes a centre's file must have checked it with the centre just now."""
    problems = []
    path_of = {path.stem: path for path in paths}  # validation made every file name its slug
    for centre in centres:
        path = path_of[centre.slug]
        age = (today - centre.last_verified.date).days
        if age > within_days:
            shown = display_path(path, root)
            position = read_document(path, shown).where(("last_verified", "date"))
            problems.append(Problem(shown, position.line, position.column, "last_verified.date",
                                    f"{centre.last_verified.date} is {age} days ago; this change edits the centre, "
                                    f"so check every detail with it and set today's date ({today})"))
    return problems

"""The coordinator's report of centres to chase, as plain lines and GitHub Actions annotations.

Champions' details come from the private register. Without ``private`` the lines say only that a
refresher is due; with it (on the coordinator's own machine, never in CI logs, which public
repositories publish) they give the dates and the champion's contact details.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .freshness import Overdue, State
from .load import read_document
from .register import Register


@dataclass(frozen=True)
class Line:
    kind: str  # STALE, DUE SOON or TRAINING
    file: str
    line: int
    centre: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind:<9} {self.file}:{self.line}: {self.centre}: {self.message}"

    def annotation(self) -> str:
        level = "error" if self.kind == "STALE" else "warning"
        title = {"STALE": "Stale centre details", "DUE SOON": "Centre details due",
                 "TRAINING": "Champion training due"}[self.kind]
        return f"::{level} file={self.file},line={self.line},title={title}::{self.centre}: {self.message}"


def overdue_lines(overdue: list[Overdue], path_of, register: Register | None = None,
                  private: bool = False) -> list[Line]:
    """``path_of(centre)`` gives (path on disk, path to show) for the file a centre came from.

    Lines are public (the weekly issue and CI logs show them): a refresher is "due", without the
    date, which would give away when the champion was trained. ``private`` adds the dates and the
    champion's name and contact details from the register, for the coordinator's own screen."""
    lines = []
    for item in overdue:
        centre, state = item.centre, item.freshness
        path, shown = path_of(centre)
        document = read_document(Path(path), shown)
        label = f"{centre.name} ({centre.address.borough})"
        contact = centre.contact.email or centre.contact.phones[0].number
        entry = register.entry(centre.slug) if register else None
        champion = ""
        if private and entry:
            reach = entry.champion.email or entry.champion.phone
            champion = f" Champion: {entry.champion.name}" + (f", {reach}" if reach else "") + "."
        at_verified = document.where(("last_verified", "date")).line
        if state.state is State.stale:
            lines.append(Line("STALE", shown, at_verified, label,
                              f"last verified {centre.last_verified.date}, {state.days_overdue} days overdue. "
                              f"Ask the centre ({contact}) to check its details and update last_verified.{champion}"))
        elif state.state is State.due:
            lines.append(Line("DUE SOON", shown, at_verified, label,
                              f"details due for checking by {state.due}. Ask the centre ({contact}).{champion}"))
        if item.training_due and register:
            at_champion = (shown, document.where(("champion",), key=True).line)
            where, line = register.where(centre.slug, ("champion", "trained")) if private else at_champion
            when = f" by {item.training_due}" if private else ""
            lines.append(Line("TRAINING", where, line, label,
                              f"the Hate Crime Champion's annual refresher training is due{when}.{champion}"))
    return lines

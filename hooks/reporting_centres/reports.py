"""The coordinator's report of centres to chase, as plain lines and GitHub Actions annotations.

Champions' contact details are private: they appear only when asked for, on the
coordinator's own machine, never in CI logs (which public repositories publish).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .freshness import Overdue, State
from .load import read_document


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


def overdue_lines(overdue: list[Overdue], path_of, private: bool = False) -> list[Line]:
    """``path_of(centre)`` gives (path on disk, path to show) for the file a centre came from."""
    lines = []
    for item in overdue:
        centre, state = item.centre, item.freshness
        path, shown = path_of(centre)
        document = read_document(Path(path), shown)
        label = f"{centre.name} ({centre.address.borough})"
        contact = centre.contact.email or centre.contact.phones[0].number
        champion = ""
        if private:
            reach = centre.champion.email or centre.champion.phone
            champion = f" Champion: {centre.champion.name}" + (f", {reach}" if reach else "") + "."
        at_verified = document.where(("last_verified", "date")).line
        if state.state is State.stale:
            lines.append(Line("STALE", shown, at_verified, label,
                              f"last verified {centre.last_verified.date}, {state.days_overdue} days overdue. "
                              f"Ask the centre ({contact}) to check its details and update last_verified.{champion}"))
        elif state.state is State.due:
            lines.append(Line("DUE SOON", shown, at_verified, label,
                              f"details due for checking by {state.due}. Ask the centre ({contact}).{champion}"))
        if item.training_due:
            lines.append(Line("TRAINING", shown, document.where(("champion", "trained")).line, label,
                              f"the Hate Crime Champion's annual refresher training is due by {item.training_due}."
                              f"{champion}"))
    return lines

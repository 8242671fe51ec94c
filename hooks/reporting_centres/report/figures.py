"""Every figure of the coordinator's report, as plain tables: the HTML, the PDF and the CSV files all
show these, so they always agree.

Open centres (status ``active``) are the ones that count for coverage: a temporarily closed centre
covers nobody while it is closed. The people section covers every centre that has not closed.
Periods are the twelve months up to the report's date, so a goal "a year" is judged on a whole year
whatever the day the report is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import rules
from ..config import Region
from ..freshness import State, freshness
from ..model import WEEKDAYS, Status, Strand, language_name
from ..public import PublicCentre
from ..register import Register, VisitKind
from .coverage import Gap, Grid, coverage_grid, worst_gaps
from .history import History
from .training import Training

Cell = str | int | float


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file's name, without .csv
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = "None."  # what the report says when there are no rows
    row_headers: bool = True  # the first column names the row


@dataclass
class Figures:
    region: Region
    today: dt.date
    since: dt.date
    year_from: dt.date  # the start of the twelve months the goals are judged on
    borough: str | None
    centres: list[PublicCentre]  # in the report's scope (one borough's, with --borough)
    open_points: list[tuple[float, float]]
    grid: Grid
    gaps: list[Gap]
    gap_names: list[str]
    history: History
    register_found: bool
    training_found: bool
    headlines: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    open_names: list[str] = field(default_factory=list)  # the open centres' names, in open_points' order


def evening(centre: PublicCentre, after: str) -> bool:
    """Open after ``after`` on some day (24 hours counts)."""
    for day in WEEKDAYS:
        hours = rules.parse_day(getattr(centre.hours, day))
        if hours == rules.ALL_DAY or (isinstance(hours, list) and any(end > after for _, end in hours)):
            return True
    return False


def weekend(centre: PublicCentre) -> bool:
    """Open at set hours on a Saturday or Sunday ('by appointment' is not counted)."""
    return any(rules.parse_day(getattr(centre.hours, day)) not in (rules.CLOSED, rules.BY_APPOINTMENT)
               for day in ("saturday", "sunday"))


def region_languages(region: Region, centres: Sequence[PublicCentre]) -> list[str]:
    if region.languages:
        return list(region.languages)
    return sorted({language.code for centre in centres for language in centre.languages},
                  key=lambda code: (code != "en", language_name(code)))


def compute(region: Region, centres: Sequence[PublicCentre], today: dt.date, since: dt.date,
            register: Register | None, training: Training | None, history: History,
            borough: str | None = None) -> Figures:
    settings = region.report
    everywhere = [c for c in centres if c.status is Status.active]
    points = [(c.address.latitude, c.address.longitude) for c in everywhere]
    grid = coverage_grid(region.bounds, points, settings.grid_km, settings.gap_km)
    gaps = worst_gaps(grid)
    scope = sorted((c for c in centres if borough is None or c.address.borough == borough),
                   key=lambda c: (c.name.casefold(), c.slug))
    boroughs = [borough] if borough else list(region.boroughs)
    year_from = today - dt.timedelta(days=365)
    figures = Figures(region, today, since, year_from, borough, scope, points, grid, gaps,
                      [everywhere[gap.nearest].name for gap in gaps], history, register is not None,
                      training is not None, open_names=[c.name for c in everywhere])
    active = [c for c in scope if c.status is Status.active]
    languages = region_languages(region, centres)
    figures.languages = languages

    open_in: dict[str, list[PublicCentre]] = {name: [] for name in boroughs}
    for centre in active:
        open_in.setdefault(centre.address.borough, []).append(centre)

    def by_borough(name: str) -> list[PublicCentre]:
        return open_in[name]

    tables = figures.tables
    tables["strands"] = Table(
        "coverage-strands", "Open centres by borough and strand of hate crime",
        ("Borough", *(strand_label(s) for s in Strand)),
        tuple((b, *(sum(s in c.strands for c in by_borough(b)) for s in Strand)) for b in boroughs))
    tables["languages"] = Table(
        "coverage-languages", "Open centres by borough and language",
        ("Borough", *(f"{language_name(code)} ({code})" for code in languages)),
        tuple((b, *(sum(any(lang.code == code for lang in c.languages) for c in by_borough(b)) for code in languages))
              for b in boroughs))
    after = settings.evening_after
    tables["access"] = Table(
        "opening-and-access", "Opening and access by borough",
        ("Borough", "Open centres", f"Open after {after}", "Open at weekends", "Step-free", "BSL"),
        tuple((b, len(by_borough(b)), sum(evening(c, after) for c in by_borough(b)),
               sum(weekend(c) for c in by_borough(b)), sum(c.accessibility.step_free for c in by_borough(b)),
               sum(c.accessibility.bsl for c in by_borough(b))) for b in boroughs))
    tables["gaps"] = Table(
        "largest-gaps", f"The places farthest from an open centre (more than {settings.gap_km:g} km)",
        ("Place (latitude, longitude)", "Km to the nearest open centre", "Nearest open centre"),
        tuple((f"{gap.latitude:.4f}, {gap.longitude:.4f}", round(gap.km, 1), name)
              for gap, name in zip(gaps, figures.gap_names, strict=True)),
        empty=f"No place in the region is more than {settings.gap_km:g} km from an open centre.")

    _people(figures, scope, boroughs, register, training)
    _freshness(figures, scope)
    _changes(figures)
    _headlines(figures, active, boroughs)
    return figures


def strand_label(strand: Strand) -> str:
    return strand.value.replace("-", " ").capitalize()


def _people(figures: Figures, scope: list[PublicCentre], boroughs: list[str], register: Register | None,
            training: Training | None) -> None:
    region, today, year_from = figures.region, figures.today, figures.year_from
    policy, settings = region.freshness, region.report
    current = [c for c in scope if c.status is not Status.closed]
    soon = today + dt.timedelta(days=policy.warn_days_before)
    due_rows = []
    for centre in current:
        entry = register.entry(centre.slug) if register else None
        if register is not None and entry is None:
            due_rows.append((centre.name, centre.address.borough, "(no record in the register)", "", "", "no record"))
            continue
        if entry is None:
            continue
        due = entry.champion.trained + dt.timedelta(days=policy.training_every_days)
        if due <= soon:
            state = f"overdue by {(today - due).days} days" if due < today else f"due in {(due - today).days} days"
            due_rows.append((centre.name, centre.address.borough, entry.champion.name,
                             entry.champion.trained.isoformat(), due.isoformat(), state))
    due_rows.sort(key=lambda row: (row[4] or "0", row[0]))
    figures.tables["refreshers"] = Table(
        "refresher-training", "Champions whose refresher training is due or overdue",
        ("Centre", "Borough", "Champion", "Last trained", "Refresher due", "State"), tuple(due_rows),
        empty="No champion's refresher is due in the next "
              f"{policy.warn_days_before} days." if register else "No register: not checked.")

    sessions = [s for s in (training.sessions if training else []) if year_from < s.date <= today]
    goal = settings.training_sessions_a_year
    figures.tables["training"] = Table(
        "training-sessions", f"Training sessions per borough in the twelve months from {year_from + dt.timedelta(1)}",
        ("Borough", "Sessions", "Goal", "Goal met", "Last session", "Attendees"),
        tuple((b, len(held := [s for s in sessions if s.borough == b]), goal, "yes" if len(held) >= goal else "no",
               max(s.date for s in held).isoformat() if held else "",
               sum(s.attendees or 0 for s in held)) for b in boroughs))

    visit_rows, shopper_rows = [], []
    goal = settings.support_visits_a_year
    for centre in current:
        entry = register.entry(centre.slug) if register else None
        visits = [v for v in (entry.visits if entry else []) if year_from < v.date <= today]
        support = [v for v in visits if v.kind is VisitKind.support]
        visit_rows.append((centre.name, centre.address.borough, len(support), goal,
                           "yes" if len(support) >= goal else "no",
                           max(v.date for v in support).isoformat() if support else ""))
        shopper_rows += [(v.date.isoformat(), centre.name, centre.address.borough, v.outcome or "")
                         for v in visits if v.kind is VisitKind.mystery_shopper]
    figures.tables["support"] = Table(
        "support-visits", "1-2-1 support visits per centre in the twelve months",
        ("Centre", "Borough", "Visits", "Goal", "Goal met", "Last visit"), tuple(visit_rows),
        empty="No centres.")
    figures.tables["shopper"] = Table(
        "mystery-shopper-visits", "Mystery-shopper visits in the twelve months, with their outcomes",
        ("Date", "Centre", "Borough", "Outcome"), tuple(sorted(shopper_rows, reverse=True)),
        empty="No mystery-shopper visits recorded in the twelve months.", row_headers=False)


def _freshness(figures: Figures, scope: list[PublicCentre]) -> None:
    policy, today = figures.region.freshness, figures.today
    rows = []
    for centre in scope:
        if centre.status is Status.closed:
            continue
        state = freshness(centre.last_verified, policy, today)
        if state.state is not State.fresh:
            rows.append((centre.name, centre.address.borough, centre.last_verified.isoformat(), state.due.isoformat(),
                         "stale" if state.stale else "due soon", state.days_overdue))
    rows.sort(key=lambda row: (-int(row[5]), row[3], row[0]))
    figures.tables["stale"] = Table(
        "stale-and-due", "Centres whose details are stale or due for checking",
        ("Centre", "Borough", "Last verified", "Due", "State", "Days overdue"), tuple(rows),
        empty="Every centre's details are fresh.")
    horizon = today + dt.timedelta(days=policy.warn_days_before)
    closures = []
    for centre in scope:
        if centre.status is not Status.active:
            closures.append((centre.name, centre.address.borough, centre.status.value.replace("-", " "), "", "", ""))
            continue
        closures += [(centre.name, centre.address.borough, "now" if c.start <= today else "coming",
                      c.start.isoformat(), c.end.isoformat(), c.reason or "")
                     for c in centre.hours.closures if c.end >= today and c.start <= horizon]
    closures.sort(key=lambda row: (row[3] or "0", row[0]))
    figures.tables["closures"] = Table(
        "closures", f"Centres closed now, or closing in the next {policy.warn_days_before} days",
        ("Centre", "Borough", "When", "From", "To", "Reason"), tuple(closures),
        empty="No centre is closed or closing soon.")


def _changes(figures: Figures) -> None:
    history, borough = figures.history, figures.borough
    changes = [c for c in history.changes if borough is None or c.borough == borough]
    figures.tables["changes"] = Table(
        "changes", f"Changes to the centres since {figures.since}",
        ("Change", "Centre", "Borough", "Fields changed"),
        tuple((c.kind, c.name, c.borough, ", ".join(c.fields)) for c in changes),
        empty=history.note or f"No centre joined, left or changed since {figures.since}.", row_headers=False)
    figures.tables["quarters"] = Table(
        "changes-by-quarter", "Centre files added, removed and edited per quarter (all boroughs)",
        ("Quarter", "Joined", "Left", "Edited"), tuple(history.quarters), empty=history.note or "No history.")


def _headlines(figures: Figures, active: list[PublicCentre], boroughs: list[str]) -> None:
    settings, tables = figures.region.report, figures.tables
    lines = figures.headlines
    lines.append(f"{len(active)} open centre{'s' if len(active) != 1 else ''} "
                 f"({len(figures.centres)} in all, counting those closed for now or for good).")
    lines.append(f"{figures.grid.share_beyond():.0%} of the region's area (its bounding box) is more than "
                 f"{settings.gap_km:g} km from an open centre.")
    thin = [row[0] for row in tables["access"].rows if row[1] == 0]
    if thin:
        lines.append(f"No open centre in: {', '.join(map(str, thin))}.")
    missing = [str(row[0]) for row in tables["training"].rows if row[3] == "no"]
    if figures.training_found or missing:
        lines.append(f"Boroughs without the training goal met: {', '.join(missing) or 'none'}.")
    if figures.register_found:
        lines.append(f"{len(tables['refreshers'].rows)} champion refresher(s) due or overdue; "
                     f"{sum(row[4] == 'no' for row in tables['support'].rows)} centre(s) short of "
                     f"{settings.support_visits_a_year} support visits.")
    lines.append(f"{len(tables['stale'].rows)} centre(s) stale or due for checking; "
                 f"{len(tables['changes'].rows)} change(s) since {figures.since}.")

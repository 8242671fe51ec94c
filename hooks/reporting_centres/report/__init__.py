"""``centres report``: the coordinator's private report (README: "The coordinator's report").

One folder that works offline: ``report.html`` (its Content-Security-Policy allows only its own
files, and OpenStreetMap's map pictures, which load only when the reader asks: see ``livemap.py``),
``charts/*.svg``, ``map/`` (Leaflet and the coverage picture), ``csv/*.csv`` with the same figures for
partners, and ``report.pdf`` for board papers (``pdf.py``). It reads the centres, the private
register and the training record beside it, and the git history of the centres' folder.

The report names champions, so it is as private as the register: it is written only into a folder
git ignores (``reports/`` by default), never into the site or the docs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..config import Project
from ..derive import slugify
from ..errors import DataError, Problem
from ..public import public_centre
from ..register import load_register, register_folder
from ..tiles import TILE_HOST
from ..validate import VALIDATED_CACHE, collection_paused, load_centres
from .charts import Chart, charts
from .figures import Figures, Table, compute
from .history import centre_history
from .livemap import write_live_map
from .pdf import PDF_MAX_ROWS, write_pdf
from .training import load_training

DEFAULT_FOLDER = "reports"


@dataclass
class Part:
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    id: str
    title: str
    notes: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class Written:
    folder: Path
    files: list[Path]
    figures: Figures


def default_folder(project: Project, today: dt.date, borough: str | None) -> Path:
    return project.root / DEFAULT_FOLDER / (today.isoformat() + (f"-{slugify(borough)}" if borough else ""))


def check_folder(project: Project, folder: Path) -> None:
    """Refuse a folder the report must never go into: the site, the docs, or anything git would commit."""
    folder = folder.resolve()
    site = (project.root / "site").resolve()
    for forbidden, what in ((site, "the site"), (project.docs_dir.resolve(), "the docs"),
                            ((project.root / project.region.centres_dir).resolve(), "the centres' folder")):
        if folder == forbidden or folder.is_relative_to(forbidden):
            raise DataError([Problem(str(folder), 0, 0, "", f"is inside {what}, which is public; the report is "
                                     f"private: write it into {DEFAULT_FOLDER}/ (git ignores it) or beside the "
                                     "register")])
    probe = folder / "report.html"
    ignored = subprocess.run(["git", "check-ignore", "-q", str(probe)], cwd=project.root, capture_output=True)
    if ignored.returncode == 1:  # 0: ignored; 128: not in a git checkout
        raise DataError([Problem(str(folder), 0, 0, "", "git would not ignore the report here, so it could be "
                                 f"committed; write it into {DEFAULT_FOLDER}/ (which .gitignore lists), beside the "
                                 "private register, or add the folder to .gitignore")])


def make_report(project: Project, today: dt.date, since: dt.date, borough: str | None = None,
                folder: Path | None = None, pdf: bool = True) -> Written:
    # Python's cycle collector waits until the report is written: it took a sixth of the report's CPU
    # time at 5,000 centres, scanning objects that are mostly not in cycles (the peak memory is the same).
    with collection_paused():
        return _make_report(project, today, since, borough, folder, pdf)


def _make_report(project: Project, today: dt.date, since: dt.date, borough: str | None, folder: Path | None,
                 pdf: bool) -> Written:
    region = project.region
    if borough is not None and borough not in region.boroughs:
        raise DataError([Problem("--borough", 0, 0, "", f"{borough!r} is not a borough of {region.name}; use one "
                                 f"of: {', '.join(region.boroughs)}")])
    folder = folder or default_folder(project, today, borough)
    check_folder(project, folder)
    centres = load_centres(region, project.root, cache=project.root / VALIDATED_CACHE)  # as the build does
    register = load_register(region, project.root, {c.slug for c in centres}, today)
    training = load_training(region, register_folder(region, project.root), today)
    history = centre_history(project.root / region.centres_dir, since, today)
    views = [public_centre(centre, region) for centre in centres]
    figures = compute(region, views, today, since, register, training, history, borough)
    return write(figures, folder, pdf, register_note=None if register else "No private register was found, so "
                 "champions' training and visits are not shown (README: Personal data).")


def sections(figures: Figures, drawn: dict[str, Chart], register_note: str | None) -> list[Section]:
    t, settings = figures.tables, figures.region.report
    grid = figures.grid
    coverage = Section("coverage", "Coverage gaps", [
        f"Each cell of a grid over the region's bounding box ({grid.latitudes.size} × {grid.longitudes.size} cells, "
        f"about {grid.cell_km:g} km a side) is shaded by its distance to the nearest open centre, by the haversine "
        "(within 0.5% of the distance on the ground). The box is a rectangle around the region, so some of it lies "
        "outside the region's boroughs. Only open centres (status active) count; with a borough chosen, the map "
        "still shows the whole region, as a centre over a border serves both sides.",
        "Languages are measured against "
        + ("the region's configured languages." if figures.region.languages else
           "every language some centre offers (set extra.reporting_centres.languages in mkdocs.yml to choose them).")])
    coverage.parts += [Part(chart=drawn["map"]), Part(t["gaps"]),
                       Part(t["strands"], drawn.get("strands")), Part(t["languages"], drawn.get("languages")),
                       Part(t["access"])]
    people = Section("people", "People: training and visits", [
        f"Goals: a training session in every borough each year ({settings.training_sessions_a_year} a year), an "
        f"annual refresher for every champion, and {settings.support_visits_a_year} 1-2-1 support visits a year "
        "for every centre. Sessions come from the register's region/training.yml, visits from each centre's "
        "visits: list (README: The coordinator's report)."])
    if register_note:
        people.notes.append(register_note)
    if not figures.training_found:
        people.notes.append("No training record (region/training.yml in the register) was found.")
    people.parts += [Part(t["refreshers"]), Part(t["training"]), Part(t["support"]), Part(t["shopper"])]
    change = Section("freshness", "Freshness and change", [
        "Changes come from the git history of the centres' folder: committed changes only."])
    change.parts += [Part(t["stale"]), Part(t["closures"]), Part(t["changes"]),
                     Part(t["quarters"], drawn.get("quarters"))]
    return [coverage, people, change]


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buffer.getvalue()


def title_of(figures: Figures) -> str:
    where = f"{figures.borough}, {figures.region.name}" if figures.borough else figures.region.name
    return f"Reporting centres: the coordinator's report for {where}, {figures.today}"


def write(figures: Figures, folder: Path, pdf: bool = True, register_note: str | None = None) -> Written:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "charts").mkdir(exist_ok=True)
    (folder / "csv").mkdir(exist_ok=True)
    files = []
    drawn = charts(figures)
    for chart in drawn.values():
        path = folder / "charts" / f"{chart.name}.svg"
        path.write_bytes(chart.svg())
        files.append(path)
    tables = list(figures.tables.values())
    for table in tables:
        path = folder / "csv" / f"{table.name}.csv"
        path.write_text(csv_text(table), encoding="utf-8", newline="")
        files.append(path)
    live_map, copied = write_live_map(figures, folder)
    files += copied
    parts = sections(figures, drawn, register_note)
    title = title_of(figures)
    environment = Environment(loader=PackageLoader("reporting_centres.report"), autoescape=select_autoescape(),
                              trim_blocks=True, lstrip_blocks=True)
    page = environment.get_template("report.html")
    common = {"title": title, "figures": figures, "sections": parts, "tables": tables, "pdf": pdf,
              "tile_host": TILE_HOST, "year_start": figures.year_from + dt.timedelta(days=1)}
    html = page.render(**common, live_map=live_map, max_rows=None)
    (folder / "report.html").write_text(html, encoding="utf-8")
    files.append(folder / "report.html")
    if pdf:
        # on paper, a table's first rows (every row is in the HTML and the CSV) and the static map
        write_pdf(page.render(**common, live_map=None, max_rows=PDF_MAX_ROWS), folder, folder / "report.pdf")
        files.append(folder / "report.pdf")
    return Written(folder, files, figures)

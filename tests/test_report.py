"""centres report: every figure on the fixture region (checked by hand once: see report_project.py for
the history, visits and training behind them), the gap map against brute force, the PDF through
poppler, the output's safety (git-ignored, never in the site, nothing private on the terminal)."""

from __future__ import annotations

import itertools
import math
import random
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from helpers import fixture_centres, mkdocs_build, private_values
from report_project import OUTCOMES, SINCE, TODAY, centres, git, report_project
from test_register import site_text

OUT = Path("reports") / "2026-11-18"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return report_project(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def made(project) -> subprocess.CompletedProcess:
    return centres(project, "report", "--today", str(TODAY), "--since", str(SINCE))


def csv(project: Path, name: str, folder: Path = OUT) -> str:
    return (project / folder / "csv" / f"{name}.csv").read_text(encoding="utf-8")


def test_the_report_is_written(project, made):
    assert made.returncode == 0, made.stderr
    assert made.stdout == ("wrote the report to reports/2026-11-18/report.html "
                           "(27 files: HTML, PDF, charts, map and CSV)\n")
    names = {path.name for path in (project / OUT).rglob("*") if path.is_file()}
    assert {"report.html", "report.pdf", "coverage-map.svg", "coverage-strands.svg", "coverage-languages.svg",
            "changes-by-quarter.svg", "support-visits.csv"} <= names


def test_nothing_private_is_printed(project, made):
    printed = made.stdout + made.stderr
    values = [v for slug in fixture_centres() for v in private_values(slug)] + list(OUTCOMES)
    assert values and not [value for value in values if value in printed]


GOLDEN = {
    "coverage-strands": """\
Borough,Disability,Race,Religion or belief,Sexual orientation,Transgender,Alternative subcultures
Bolton,1,2,2,2,2,2
Bury,1,1,1,1,1,1
Salford,1,2,1,1,1,0
""",
    "coverage-languages": """\
Borough,English (en),Gujarati (gu),Polish (pl),Ukrainian (uk),Urdu (ur)
Bolton,2,1,0,0,2
Bury,1,0,0,0,0
Salford,2,0,2,1,0
""",
    "opening-and-access": """\
Borough,Open centres,Open after 18:00,Open at weekends,Step-free,BSL
Bolton,2,2,2,1,0
Bury,1,0,0,1,0
Salford,2,1,2,2,1
""",
    "refresher-training": """\
Centre,Borough,Champion,Last trained,Refresher due,State
Bolton Central Library,Bolton,Alex Example,2025-09-15,2026-09-15,overdue by 64 days
Eccles Community Rooms · Świetlica Ośrodka,Salford,Aleksandra Fixturowa,2025-12-01,2026-12-01,due in 13 days
Farnworth Advice Café,Bolton,Casey Hidden,2026-01-12,2027-01-12,due in 55 days
""",
    "training-sessions": """\
Borough,Sessions,Goal,Goal met,Last session,Attendees
Bolton,1,1,yes,2026-03-04,12
Bury,0,1,no,,0
Salford,1,1,yes,2026-10-15,6
""",
    "support-visits": """\
Centre,Borough,Visits,Goal,Goal met,Last visit
Bolton Central Library,Bolton,2,2,yes,2026-07-14
Bury Town Hall Help Point,Bury,1,2,no,2026-05-20
Eccles Community Rooms · Świetlica Ośrodka,Salford,0,2,no,
Farnworth Advice Café,Bolton,0,2,no,
Horwich Youth Centre,Bolton,0,2,no,
Salford Quays Night Hub,Salford,1,2,no,2026-11-01
""",
    "mystery-shopper-visits": """\
Date,Centre,Borough,Outcome
2026-09-03,Bolton Central Library,Bolton,Report taken well; private room offered
2026-06-12,Eccles Community Rooms · Świetlica Ośrodka,Salford,Volunteer unsure of the True Vision form; training offered
""",
    "stale-and-due": """\
Centre,Borough,Last verified,Due,State,Days overdue
Bury Town Hall Help Point,Bury,2025-06-06,2026-06-06,stale,165
""",
    "closures": """\
Centre,Borough,When,From,To,Reason
Farnworth Advice Café,Bolton,temporarily closed,,,
Radcliffe Old Library,Bury,closed,,,
Eccles Community Rooms · Świetlica Ośrodka,Salford,coming,2026-12-21,2027-01-04,Christmas and New Year
Bolton Central Library,Bolton,coming,2026-12-25,2026-12-28,Christmas
""",
    "changes": """\
Change,Centre,Borough,Fields changed
joined,Horwich Youth Centre,Bolton,
left,Gone Centre,Bury,
changed,Bolton Central Library,Bolton,description
""",
    "changes-by-quarter": """\
Quarter,Joined,Left,Edited
2025 Q1,0,0,0
2025 Q2,0,0,0
2025 Q3,0,0,0
2025 Q4,0,0,0
2026 Q1,0,0,0
2026 Q2,7,0,0
2026 Q3,1,0,1
2026 Q4,0,1,0
""",
    "largest-gaps": """\
"Place (latitude, longitude)",Km to the nearest open centre,Nearest open centre
"53.4544, -2.5926",16.5,Horwich Youth Centre
"53.4719, -2.5185",12.1,Eccles Community Rooms · Świetlica Ośrodka
"53.5069, -2.5926",10.8,Horwich Youth Centre
"53.6556, -2.2074",9.1,Bury Town Hall Help Point
"53.6556, -2.3852",9.1,Bury Town Hall Help Point
""",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_figure(project, made, name):
    assert csv(project, name) == GOLDEN[name]


def test_the_worst_gap_by_hand():
    """The farthest cell's distance, worked out on paper with the haversine, to 0.1 km."""
    from reporting_centres.nearby import haversine_km

    assert round(haversine_km((53.4544, -2.5926), (53.6006, -2.5497)), 1) == 16.5


def test_the_headlines(project, made):
    html = (project / OUT / "report.html").read_text(encoding="utf-8")
    for line in ("5 open centres (7 in all, counting those closed for now or for good).",
                 "Boroughs without the training goal met: Bury.",
                 "3 champion refresher(s) due or overdue; 5 centre(s) short of 2 support visits.",
                 "1 centre(s) stale or due for checking; 3 change(s) since 2026-08-01."):
        assert line in html
    assert "of the region&#39;s area (its bounding box) is more than 5 km from an open centre." in html


def test_the_html_stands_alone(project, made):
    """Its scripts and styles are its own files; the only other host is OpenStreetMap's map pictures,
    which only the streets button asks for."""
    folder = project / OUT
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html
    assert sorted(re.findall(r"https://[^\s\"'&;\\]+", html)) == [
        "https://tile.openstreetmap.org", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright"]
    assert re.findall(r'<script src="([^"]+)"', html) == ["map/leaflet.js", "map/report-map.js"]
    assert "script-src 'self';" in html and "<script>" not in html  # no inline script
    assert 'src="charts/coverage-map.svg" alt="Map of Irwell Valley' in html
    for name in ("leaflet.js", "leaflet.css", "report-map.js", "coverage-grid.png", "images/marker-icon.png"):
        assert (folder / "map" / name).is_file(), name
    for svg in (folder / "charts").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "href=\"http" not in text and "url(http" not in text, svg.name  # data: images only


def test_the_coverage_picture_matches_the_grid(project, made):
    """One pixel per cell, north at the top: the farthest cell is the lightest (viridis' yellow end)."""
    from matplotlib.image import imread

    picture = imread(project / OUT / "map" / "coverage-grid.png")
    rows, columns = picture.shape[:2]
    assert (rows, columns) == (24, 27)
    brightness = picture[:, :, :3].sum(axis=2)
    # the worst gap (53.4544, -2.5926, 16.5 km) is the south-west corner cell: the bottom-left pixel
    assert brightness[rows - 1, 0] == brightness.max() > brightness[0, 0]
    assert brightness.min() < brightness[rows - 1, 0] / 2  # cells near a centre are dark


def figure_alternatives(pdf) -> list[str]:
    """The /Alt text of every Figure in a tagged PDF's structure tree, in order."""
    import pikepdf

    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_the_pdf_is_tagged_for_screen_readers(project, made):
    import pikepdf

    path = project / OUT / "report.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "Title:           Reporting centres: the coordinator's report for Irwell Valley, 2026-11-18" in info
    assert "CreationDate" not in info  # no date of making, so the same report gives the same PDF
    with pikepdf.open(path) as pdf:
        assert pdf.Root.Lang == "en"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        alternatives = figure_alternatives(pdf)
    assert len(alternatives) == 4 and alternatives[0].startswith("Map of Irwell Valley's bounding box")
    assert all(alternatives), alternatives
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())  # table cells wrap
    for expected in ("Champions whose refresher training is due or overdue", "Alex Example", "overdue by 64 days",
                     "2026 Q2", "Horwich Youth Centre", "Private · page 1 of"):
        assert expected in text, expected


def test_the_pdf_is_the_same_each_time_and_reads_only_the_reports_folder(project, made, tmp_path):
    from weasyprint.urls import URLFetchingError

    from reporting_centres.report.pdf import FolderFetcher, write_pdf

    html = (project / OUT / "report.html").read_text(encoding="utf-8")
    write_pdf(html, project / OUT, tmp_path / "once.pdf")
    write_pdf(html, project / OUT, tmp_path / "twice.pdf")
    assert (tmp_path / "once.pdf").read_bytes() == (tmp_path / "twice.pdf").read_bytes()
    fetcher = FolderFetcher(project / OUT)
    with pytest.raises(URLFetchingError):
        fetcher.fetch((project / "register.yml").as_uri())
    with pytest.raises(URLFetchingError):
        fetcher.fetch("https://tile.openstreetmap.org/0/0/0.png")


def test_one_boroughs_view(project):
    out = Path("reports") / "salford"
    result = centres(project, "report", "--today", str(TODAY), "--since", str(SINCE), "--borough", "Salford",
                     "--out", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert csv(project, "coverage-strands", out).splitlines()[1:] == ["Salford,1,2,1,1,1,0"]
    assert [line.split(",")[1] for line in csv(project, "support-visits", out).splitlines()[1:]] == ["Salford"] * 2
    assert csv(project, "changes", out) == "Change,Centre,Borough,Fields changed\n"
    assert not (project / out / "report.pdf").exists()
    html = (project / out / "report.html").read_text(encoding="utf-8")
    assert "report for Salford, Irwell Valley" in html and "Alex Example" not in html


def test_an_unknown_borough_is_refused(project):
    result = centres(project, "report", "--borough", "Atlantis")
    assert result.returncode == 1 and "'Atlantis' is not a borough of Irwell Valley" in result.stderr


@pytest.mark.parametrize("folder", ["site/report", "private-but-not-ignored"])
def test_the_report_goes_only_where_git_ignores_it(project, folder):
    result = centres(project, "report", "--today", str(TODAY), "--out", folder, "--no-pdf")
    assert result.returncode == 1
    assert "site" in result.stderr if folder.startswith("site") else "git would not ignore" in result.stderr
    assert not (project / folder / "report.html").exists()


def test_a_record_that_does_not_validate_is_put_back(project):
    training = project / "register" / "region" / "training.yml"
    before = training.read_bytes()
    result = centres(project, "record", "training", "Atlantis", "--date", "2026-01-01")
    assert result.returncode == 1 and "borough" in result.stderr
    assert training.read_bytes() == before
    visit = project / "register" / "bury-town-hall-help-point.yml"
    before = visit.read_bytes()
    result = centres(project, "record", "visit", "bury-town-hall-help-point", "--kind", "support",
                     "--date", "2030-01-01")
    assert result.returncode == 1 and "visits[2].date" in result.stderr and "2030" not in result.stderr
    assert visit.read_bytes() == before


def test_record_keeps_the_files_comments(project):
    text = (project / "register" / "salford-quays-night-hub.yml").read_text(encoding="utf-8")
    assert text.startswith("# Private: personal details kept for the coordinator")
    assert "visits:\n  - date: 2026-11-01\n    kind: support\n" in text
    training = (project / "register" / "region" / "training.yml").read_text(encoding="utf-8")
    assert training.startswith("# Private: training sessions") and "note: Evening session" in training


@pytest.mark.slow
def test_no_private_value_reaches_the_site_built_after_a_report(project, made, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    text = site_text(site)
    # Single common words (a signatory "Director") are left out: the site's text has them anyway.
    values = [v for slug in fixture_centres() for v in private_values(slug) if " " in v or not v.isalpha()]
    values += list(OUTCOMES)
    assert [value for value in values if value in text] == []
    assert not [path for name in ("report.html", "report.pdf", "support-visits.csv", "coverage-map.svg")
                for path in site.rglob(name)]
    assert "Alex Example" in (project / OUT / "report.html").read_text(encoding="utf-8")  # the check can fail


def test_without_git_or_register_the_report_says_so(tmp_path):
    from helpers import region_copy

    project = region_copy(tmp_path, "bolton-central-library")
    result = centres(project, "report", "--today", str(TODAY), "--no-pdf")
    assert result.returncode == 0, result.stderr
    html = (project / OUT / "report.html").read_text(encoding="utf-8")
    assert "not in a git checkout" in html and "No training record" in html


# --- the gap map's distances ----------------------------------------------------------------------


def brute_force(latitudes, longitudes, points):
    from reporting_centres.nearby import haversine_km

    return [[min(haversine_km((lat, lon), point) for point in points) for lon in longitudes] for lat in latitudes]


def test_the_grid_matches_brute_force_on_the_fixture_region():
    from helpers import fixture_config
    from reporting_centres.config import region_from_extra
    from reporting_centres.nearby import geodesic_km
    from reporting_centres.report.coverage import coverage_grid

    region = region_from_extra(fixture_config()["extra"])
    points = [(c["address"]["latitude"], c["address"]["longitude"]) for c in fixture_centres().values()
              if c.get("status", "active") == "active"]
    grid = coverage_grid(region.bounds, points, 1.0, 5.0)
    assert grid.km.shape == (24, 27)
    expected = np.array(brute_force(grid.latitudes, grid.longitudes, points))
    assert np.allclose(grid.km, expected, rtol=0, atol=1e-9)
    corner = (float(grid.latitudes[0]), float(grid.longitudes[0]))
    geodesic = min(geodesic_km(corner, point) for point in points)
    assert math.isclose(grid.km[0, 0], geodesic, rel_tol=0.006)


def test_the_grid_matches_brute_force_with_many_centres():
    from reporting_centres.config import Bounds
    from reporting_centres.report.coverage import coverage_grid

    rng = random.Random(17)
    bounds = Bounds(south=50.0, west=-6.0, north=56.0, east=1.5)
    points = [(rng.uniform(50, 56), rng.uniform(-6, 1.5)) for _ in range(700)]
    grid = coverage_grid(bounds, points, 12.0, 10.0)
    sample = sorted(rng.sample(range(grid.km.size), 400))
    rows, columns = np.unravel_index(sample, grid.km.shape)
    for row, column in zip(rows, columns, strict=True):
        expected = brute_force([grid.latitudes[row]], [grid.longitudes[column]], points)[0][0]
        assert math.isclose(grid.km[row, column], expected, abs_tol=1e-6)


def test_no_open_centre_means_everywhere_is_a_gap():
    from reporting_centres.config import Bounds
    from reporting_centres.report.coverage import coverage_grid, worst_gaps

    grid = coverage_grid(Bounds(south=53.0, west=-2.0, north=53.1, east=-1.9), [], 1.0, 5.0)
    assert grid.share_beyond() == 1.0 and worst_gaps(grid) == []


def test_history_needs_commits(tmp_path):
    from reporting_centres.report.history import centre_history

    (tmp_path / "centres").mkdir()
    git(tmp_path, "init", "-q")
    assert not centre_history(tmp_path / "centres", SINCE, TODAY).available


def test_the_report_keeps_validated_centres_for_the_next_run_and_checks_a_changed_file_again(project, made):
    assert (project / ".cache" / "centres.pickle").is_file()  # the build's cache: the report and the build share it
    path = project / "centres" / "bolton-central-library.yml"
    before = path.read_bytes()
    try:
        path.write_bytes(before + b"colour: blue\n")
        result = centres(project, "report", "--today", str(TODAY), "--out", "reports/changed", "--no-pdf")
    finally:
        path.write_bytes(before)
    assert result.returncode == 1
    assert "centres/bolton-central-library.yml:" in result.stderr and "colour: unknown field" in result.stderr


def fixture_views(**settings):
    """The fixture region (with ``settings`` over its own) and its centres as the report sees them."""
    from helpers import FIXTURE, fixture_config
    from reporting_centres.config import region_from_extra
    from reporting_centres.public import public_centre
    from reporting_centres.validate import load_centres

    region = region_from_extra({"reporting_centres": {**fixture_config()["extra"]["reporting_centres"], **settings}})
    return region, [public_centre(centre, region) for centre in load_centres(region, FIXTURE, today=TODAY)]


def test_since_chooses_the_changes_shown(project, made):
    """From 2026-09-20 on, only Gone Centre's leaving (2026-10-01) is a change: Horwich Youth Centre's
    joining and Bolton's edit (2026-09-10) are before it. The default (90 days) would show all three."""
    out = Path("reports") / "since"
    result = centres(project, "report", "--today", str(TODAY), "--since", "2026-09-20", "--out", str(out),
                     "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert csv(project, "changes", out) == "Change,Centre,Borough,Fields changed\nleft,Gone Centre,Bury,\n"
    assert "1 change(s) since 2026-09-20." in (project / out / "report.html").read_text(encoding="utf-8")


def test_coverage_by_language_is_measured_against_the_regions_languages():
    """With languages configured, those are the columns, in that order: one no centre offers (Somali)
    is a column of noughts, named in the heat map's text alternative; one not asked for (Polish) is left out."""
    from reporting_centres.report.charts import heat_map
    from reporting_centres.report.figures import compute
    from reporting_centres.report.history import History

    region, views = fixture_views(languages=["ur", "en", "so"])
    table = compute(region, views, TODAY, SINCE, None, None, History(False)).tables["languages"]
    assert table.columns == ("Borough", "Urdu (ur)", "English (en)", "Somali (so)")
    somali = [row[3] for row in table.rows]
    assert len(somali) == len(region.boroughs) and set(somali) == {0}
    assert sum(row[2] for row in table.rows) > 0  # the check can fail: the other columns count centres
    alt = heat_map(table, "language").alt
    assert all(f"{borough} (Somali (so))" in alt for borough in region.boroughs), alt


def relative_luminance(colour) -> float:
    """WCAG 2's relative luminance of a matplotlib colour: how light it prints in greyscale."""
    from matplotlib.colors import to_rgb

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_heat_maps_read_in_greyscale():
    """Darker cells have more centres, and every cell's number is written in it, legible on its shade
    (WCAG's 4.5:1 for small text), whatever the counts."""
    from reporting_centres.report.charts import heat_map
    from reporting_centres.report.figures import Table

    for top in (1, 2, 5, 7, 12, 40):
        counts = sorted({0, 1, top, *range(0, top + 1, max(1, top // 7))})
        table = Table("t", "Open centres by borough and strand", ("Borough", *(f"s{n}" for n in counts)),
                      (("Bolton", *counts),))
        axes = heat_map(table, "strand").figure.axes[0]
        image = axes.images[0]
        shades = [relative_luminance(image.cmap(image.norm(count))) for count in counts]
        assert shades == sorted(shades, reverse=True) and len(set(shades)) == len(shades), top
        written = {round(text.get_position()[0]): text for text in axes.texts}
        for column, count in enumerate(counts):
            text = written[column]
            assert text.get_text() == f"{count:g}"
            assert contrast(image.cmap(image.norm(count)), text.get_color()) >= 4.5, (top, count)


def test_the_trend_chart_reads_in_greyscale():
    """Joined, left and edited differ in shade and in pattern, so a greyscale copy still tells them apart."""
    from reporting_centres.report.charts import quarters
    from reporting_centres.report.figures import Table

    table = Table("q", "Per quarter", ("Quarter", "Joined", "Left", "Edited"), (("2026 Q1", 3, 1, 4),))
    axes = quarters(table).figure.axes[0]
    series = {bars.get_label(): bars.patches[0] for bars in axes.containers}
    assert sorted(series) == ["Edited", "Joined", "Left"]
    shades = sorted(relative_luminance(bar.get_facecolor()) for bar in series.values())
    assert all(later - earlier > 0.15 for earlier, later in itertools.pairwise(shades)), shades
    assert len({bar.get_hatch() or "" for bar in series.values()}) == 3


def test_stale_and_due_soon_centres():
    """On 2027-07-01 (every centre is checked yearly, and named 60 days before it is due): Bury Town Hall
    Help Point, last verified 2025-06-06, is 390 days past its due date, and Horwich Youth Centre, verified
    2026-08-03, is due on 2027-08-03, so due soon; the rest, verified from 2026-09-14 on, are fresh.
    Closed centres are left out."""
    from reporting_centres.report.figures import compute
    from reporting_centres.report.history import History

    region, views = fixture_views()
    later = TODAY.replace(year=2027, month=7, day=1)
    rows = compute(region, views, later, SINCE, None, None, History(False)).tables["stale"].rows
    assert [row[2:] for row in rows] == [("2025-06-06", "2026-06-06", "stale", 390),
                                         ("2026-08-03", "2027-08-03", "due soon", 0)], rows
    assert [row[0] for row in rows] == ["Bury Town Hall Help Point", "Horwich Youth Centre"]


def test_a_closure_under_way_is_closed_now():
    """On 2026-12-26 Bolton Central Library's Christmas closure (25 to 28 December) is under way, and the
    Eccles one (21 December to 4 January) too; closed centres are listed whatever the date."""
    from reporting_centres.report.figures import compute
    from reporting_centres.report.history import History

    region, views = fixture_views()
    boxing_day = TODAY.replace(month=12, day=26)
    rows = compute(region, views, boxing_day, SINCE, None, None, History(False)).tables["closures"].rows
    assert [(row[0], row[2], row[3]) for row in rows if row[3]] == [
        ("Eccles Community Rooms · Świetlica Ośrodka", "now", "2026-12-21"),
        ("Bolton Central Library", "now", "2026-12-25")], rows


def test_the_projects_own_gitignore_keeps_the_default_report_folder_out_of_git():
    from helpers import ROOT
    from reporting_centres.report import DEFAULT_FOLDER

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT).returncode == 0

    assert ignored(f"{DEFAULT_FOLDER}/2026-11-18/report.html")
    assert ignored(f"{DEFAULT_FOLDER}/2026-11-18-bolton/csv/support-visits.csv")
    assert not ignored("docs/report.html")  # the check can fail

#!/usr/bin/env python3
"""Measure the build at scale, against a plain mkdocs-material build of as many pages, in one run.

    scripts/bench.py            # N = 100, 1,000 and 5,000 (about ten minutes on 2 cores)
    scripts/bench.py --quick    # N = 100, for CI
    scripts/bench.py --sizes 1000
    scripts/bench.py --languages all    # every language in mkdocs.yml's site_languages (default: English alone)

For each N, in throwaway project copies in a temporary folder (never the repository's site/,
centres/ or .cache/), with SOURCE_DATE_EPOCH set:

  (a) baseline: mkdocs-material and its search plugin building N Markdown pages about as large
      as a centre page, once per language measured (the yardstick: every other time is printed as
      a ratio to it);
  (b) our full build of N synthetic centres (scripts/make_centres.py) with an empty brand-kit cache;
  (c) the rebuild after one centre's name is edited, with the kit cache warm;

and prints the peak memory, the directory page's weight (gzip), the map data's size, the whole
site's size (every file counted in full, as GitHub Pages counts it: its limit is 1 GB), how many kit
items (c) re-rendered, how long `centres report` takes on the N centres, and, at the largest N, how
long the directory's search box takes to answer a keystroke in headless Chromium. Figures are
measured and compared with the goals, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts")]

from helpers import project_copy, serve  # noqa: E402  (the tests' project copy, so both build alike)
from make_centres import write_centres  # noqa: E402

BIN = Path(sys.executable).parent
EPOCH = 1795000000  # 2026-11-18
TODAY = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
KITS_LINE = re.compile(r"Brand kits: (\d+) files for (\d+) centres; (\d+) items rendered, (\d+) from the cache")
GOAL_COLD_RATIO = 5  # (b) against the baseline of the same run
GOAL_REBUILD_RATIO = 1.15  # (c)
GOAL_MEMORY = 1 << 30
GOAL_PAGE_BYTES = 300 * 1000
GOAL_SITE_BYTES_PER_CENTRE = 300 * 1000  # on average: at 1,000 centres, a site well under GitHub Pages' 1 GB
GOAL_KEYSTROKE_MS = 50
GOAL_REPORT_SECONDS = 10
GOAL_AT = 5000  # memory and the filter keystroke
GOAL_TIMES_AT = 1000  # (b), (c) and the directory page's weight
MiB = 1 << 20


@dataclass
class Run:
    seconds: float
    peak_process: int  # bytes: the largest single process (ru_maxrss, exact)
    peak_tree: int  # bytes: the build and its workers together (sum of PSS, sampled every 0.1 s)
    log: str


def measure(command: list[str], cwd: Path, label: str = "") -> Run:
    """Run a build; its wall time, and its memory measured two ways."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        tree = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree = max(tree, tree_memory(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{text}")
    run = Run(seconds, usage.ru_maxrss * 1024, max(tree, usage.ru_maxrss * 1024), text)
    print(f"  ... {label or cwd.name}: {seconds:.1f} s, peak {run.peak_tree / MiB:,.0f} MiB "
          f"({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)  # a long run's figures as they come
    return run


def tree_memory(root: int) -> int:
    """The memory a process and all its descendants take together, from /proc.

    Kit workers are forked from the build and share its pages until either writes them, so their
    RSS added up counts those pages twice or three times. PSS (proportional set size) divides each
    shared page among the processes sharing it: summed, it is what the family takes. Where the
    kernel gives no PSS, RSS is used.
    """
    parents, memory = {}, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        memory[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    family, changed = {root}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    return sum(proportional_memory(pid, memory.get(pid, 0)) for pid in family)


def proportional_memory(pid: int, rss: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


def mkdocs(project: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(project / "mkdocs.yml")]


# --- (a) the baseline ---------------------------------------------------------------------------


def baseline_project(folder: Path, centres: Path, page_bytes: int, languages: list[str] | None = None) -> Path:
    """mkdocs-material with search, and one Markdown page per centre and language (the main one at the
    root, each other in its folder, as our build has them), padded to ``page_bytes`` of text."""
    docs = folder / "docs"
    folders = ["", *(f"{code}/" for code in (languages or ["en"])[1:])]
    for language in folders:
        (docs / language / "centres").mkdir(parents=True)
    (docs / "index.md").write_text("# Baseline\n\nA plain mkdocs-material site.\n", encoding="utf-8")
    config = {"site_name": "Baseline", "site_url": "https://baseline.example.org/", "strict": True,
              "theme": {"name": "material", "language": "en", "font": False}, "plugins": ["search"],
              "nav": [{"Home": "index.md"}], "not_in_nav": "/*/"}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for path in sorted(centres.glob("*.yml")):
        page = markdown_page(yaml.safe_load(path.read_text(encoding="utf-8")))
        sentence = "Reporting centre staff listen, take the report and explain what happens next. "
        missing = max(0, page_bytes - len(page))
        filler = (sentence * (missing // len(sentence) + 1))[:missing]
        page += "\n" + "\n\n".join(filler[i:i + 600] for i in range(0, len(filler), 600)) + "\n"
        for language in folders:
            (docs / language / "centres" / f"{path.stem}.md").write_text(page, encoding="utf-8")
    return folder


def markdown_page(centre: dict) -> str:
    address = centre["address"]
    lines = [f"# {centre['name']}", "", centre["description"], "", "## Address", "",
             ", ".join([*address["lines"], address["town"], address["postcode"]]), "", "## Opening hours", "",
             "| day | hours |", "| --- | --- |"]
    lines += [f"| {day.title()} | {hours} |" for day, hours in centre["hours"].items()]
    lines += ["", "## How to report", ""] + [f"- {key.replace('_', ' ')}" for key, on in centre["reporting"].items()
                                               if on]
    lines += ["", "## Accessibility", ""] + [f"- {key.replace('_', ' ')}: {'yes' if on else 'no'}"
                                             for key, on in centre["accessibility"].items()]
    lines += ["", f"Contact: {centre['contact']['email']}, {centre['contact']['phones'][0]['number']}", ""]
    return "\n".join(lines)


def article_bytes(site: Path, folder: str) -> int:
    """The average size of the pages' own content (the <article>), without the theme around it."""
    sizes = []
    for path in sorted((site / folder).glob("*/index.html"))[:50]:
        html = path.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        sizes.append(end - start if start >= 0 and end > start else len(html))
    return int(statistics.mean(sizes)) if sizes else 0


# --- (b), (c) our build --------------------------------------------------------------------------


def our_project(folder: Path, count: int, seed: int, languages: list[str]) -> Path:
    folder.mkdir(parents=True)
    project_copy(folder)
    config_path = folder / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["extra"]["reporting_centres"]["site_languages"] = languages
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    write_centres(count, seed, folder / "centres", TODAY)
    return folder


def site_languages(which: str) -> list[str]:
    """English alone ("one"), or every language the project's mkdocs.yml publishes ("all")."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    every = config["extra"]["reporting_centres"].get("site_languages") or ["en"]
    return every if which == "all" else every[:1]


def edit_one_centre(project: Path) -> str:
    path = sorted((project / "centres").glob("*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    name = yaml.safe_load(text)["name"]
    path.write_text(text.replace(f"\nname: {name}\n", f"\nname: {name} (edited)\n", 1), encoding="utf-8")
    return path.stem


def kit_counts(log: str) -> tuple[int, int, int]:
    """(centres, items rendered, items from the cache) from the build's INFO line."""
    found = KITS_LINE.search(log)
    if not found:
        raise SystemExit(f"the build did not log its brand kits:\n{log}")
    return int(found[2]), int(found[3]), int(found[4])


# --- what a visitor downloads ---------------------------------------------------------------------


class References(HTMLParser):
    """The same-site scripts, stylesheets and data files a page refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, set[str]] = {"scripts": set(), "styles": set(), "data": set()}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.found["scripts"].add(attrs["src"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.found["styles"].add(attrs["href"])
        if tag in ("a", "link"):
            return  # a download link is not loaded with the page
        for value in attrs.values():  # e.g. data-table="../data/postcode-districts.json", fetched on demand
            if value and re.search(r"\.(geo)?json(\?|$)", value):
                self.found["data"].add(value)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Gzip-compressed bytes of the page, and of the scripts, styles and data it refers to."""
    html = (site / page / "index.html").read_bytes()
    parser = References()
    parser.feed(html.decode("utf-8"))
    weight = {"html": gzipped(html)}
    base = f"http://site/{page}/"
    for kind, urls in parser.found.items():
        weight[kind] = 0
        for url in sorted(urls):
            where = urlsplit(urljoin(base, url))
            if where.netloc != "site":
                continue  # another host: the site loads nothing from one
            path = site / where.path.lstrip("/")
            if path.is_file():
                weight[kind] += gzipped(path.read_bytes())
    return weight


def site_size(site: Path) -> tuple[int, int]:
    """The bytes of every file in the site, and of those under kits/. A hard-linked file counts each
    time it appears: a deployment uploads (and a host stores) every copy."""
    total = kits = 0
    for folder, _, names in os.walk(site):
        for name in names:
            size = os.lstat(os.path.join(folder, name)).st_size
            total += size
            if Path(folder).relative_to(site).parts[:1] == ("kits",):
                kits += size
    return total, kits


def map_data(site: Path) -> str:
    files = sorted((site / "data").glob("*.geojson"))
    if not files:
        return "no map data"
    raw = sum(path.stat().st_size for path in files)
    packed = sum(gzipped(path.read_bytes()) for path in files)
    return f"{len(files)} GeoJSON file(s), {raw / 1000:,.0f} KB ({packed / 1000:,.0f} KB gzip)"


KEYSTROKE = """async (text) => {
  const box = document.querySelector("#rc-q");
  const times = [];
  for (const ch of text) {
    const start = performance.now();
    box.value += ch;
    box.dispatchEvent(new Event("input", {bubbles: true}));
    const handled = performance.now();
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push([handled - start, performance.now() - start]);
  }
  return times;
}"""


def keystrokes(site: Path) -> tuple[list[float], list[float], float] | str:
    """Milliseconds the directory's search takes per keystroke: to filter, and to the next frame."""
    if not Path(CHROMIUM).exists():
        return f"not measured: no {CHROMIUM}"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not measured: Playwright is not installed"
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(url + "directory/", wait_until="load")
            page.wait_for_selector("[data-rc-filters]:not([hidden])")
            load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            times = page.evaluate(KEYSTROKE, "manchester library")
        finally:
            browser.close()
    return [t[0] for t in times], [t[1] for t in times], load


# --- the report -----------------------------------------------------------------------------------


def goal_at(count: int, met: bool, at: int = GOAL_AT) -> str:
    """Each goal is set for one N (the issue's): judged there, and elsewhere only said how it stands."""
    if count == at:
        return goal(met)
    return f"set for {at:,}, not judged at {count:,} ({'within' if met else 'over'} it here)"


def goal(met: bool) -> str:
    return "met" if met else "MISSED"


def bench(count: int, seed: int, work: Path, browser: bool, languages: list[str]) -> None:
    print(f"\nN = {count:,} centres, {len(languages)} language{'s' if len(languages) > 1 else ''} "
          f"({', '.join(languages)})")
    warm = baseline_project(work / "warm-up", ROOT / "centres", 2000)  # imports and disk caches warm for all
    measure(mkdocs(warm), warm)

    ours = our_project(work / "ours", count, seed, languages)
    full = measure(mkdocs(ours), ours, "(b) full build")
    centres, rendered_b, _ = kit_counts(full.log)
    per_centre = rendered_b // max(centres, 1)
    site = ours / "site"
    content = article_bytes(site, "centres")

    base = baseline_project(work / "baseline", ours / "centres", content, languages)
    baseline = measure(mkdocs(base), base, "(a) baseline")
    base_content = article_bytes(base / "site", "centres")

    edited = edit_one_centre(ours)
    rebuild = measure(mkdocs(ours), ours, "(c) rebuild")
    _, rendered_c, cached_c = kit_counts(rebuild.log)

    a = baseline.seconds
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"  (a) baseline: mkdocs-material, {count * len(languages):,} Markdown pages     {a:7.1f} s   1.00x baseline"
          f"   (our site: {pages:,} HTML pages)"
          f"   (page content {base_content / 1000:.1f} KB; a centre page's {content / 1000:.1f} KB)")
    print(f"  (b) full build, empty brand-kit cache        {full.seconds:7.1f} s  {full.seconds / a:5.2f}x baseline"
          f"   goal <= {GOAL_COLD_RATIO}x: {goal_at(count, full.seconds / a <= GOAL_COLD_RATIO, GOAL_TIMES_AT)}")
    print(f"  (c) rebuild after editing one centre         {rebuild.seconds:7.1f} s  {rebuild.seconds / a:5.2f}x "
          f"baseline   goal <= {GOAL_REBUILD_RATIO}x: "
          f"{goal_at(count, rebuild.seconds / a <= GOAL_REBUILD_RATIO, GOAL_TIMES_AT)}")
    print(f"  kit items re-rendered in (c): {rendered_c} ({cached_c} from the cache); the edited centre "
          f"({edited}) has {per_centre}; goal only the edited centre's: {goal(rendered_c <= per_centre)}")
    peak = max(full.peak_tree, rebuild.peak_tree)
    print(f"  peak memory: {max(full.peak_process, rebuild.peak_process) / MiB:,.0f} MiB largest process; "
          f"{peak / MiB:,.0f} MiB build and kit workers together (sampled PSS: pages they share counted once); "
          f"baseline {baseline.peak_tree / MiB:,.0f} MiB; goal < 1 GiB at {GOAL_AT:,}: "
          f"{goal_at(count, peak < GOAL_MEMORY)}")
    weight = page_weight(site, "directory")
    total = sum(weight.values())
    print(f"  directory page with what it loads: {total / 1000:,.0f} KB gzip (HTML {weight['html'] / 1000:,.0f} KB, "
          f"scripts {weight['scripts'] / 1000:,.0f} KB, styles {weight['styles'] / 1000:,.0f} KB, "
          f"data fetched on demand {weight['data'] / 1000:,.0f} KB); goal < 300 KB: "
          f"{goal_at(count, total < GOAL_PAGE_BYTES, GOAL_TIMES_AT)}")
    print(f"  map data: {map_data(site)}")
    total, kits = site_size(site)
    print(f"  site size: {total / 1e6:,.1f} MB, {total / count / 1000:,.0f} KB per centre (brand kits "
          f"{kits / count / 1000:,.0f} KB, pages, data and assets {(total - kits) / count / 1000:,.0f} KB); "
          f"goal <= {GOAL_SITE_BYTES_PER_CENTRE / 1000:,.0f} KB per centre: "
          f"{goal_at(count, total / count <= GOAL_SITE_BYTES_PER_CENTRE, GOAL_TIMES_AT)}")
    report = measure([str(BIN / "centres"), "--config", str(ours / "mkdocs.yml"), "report",
                      "--today", TODAY.isoformat(), "--out", str(work / "report")], ours, "report")
    print(f"  coordinator's report (centres report: HTML, PDF, charts, CSV; no register or git history here): "
          f"{report.seconds:.1f} s; goal < {GOAL_REPORT_SECONDS} s at {GOAL_AT:,}: "
          f"{goal_at(count, report.seconds < GOAL_REPORT_SECONDS)}")
    if browser:
        measured = keystrokes(site)
        if isinstance(measured, str):
            print(f"  filter keystroke: {measured}")
        else:
            handled, framed, load = measured
            median = statistics.median(framed)
            print(f"  filter keystroke (headless Chromium, {len(framed)} keys): median {median:.1f} ms, "
                  f"slowest {max(framed):.1f} ms to the next frame (filtering alone: median "
                  f"{statistics.median(handled):.1f} ms); page load {load:,.0f} ms; "
                  f"goal (median) < {GOAL_KEYSTROKE_MS} ms at {GOAL_AT:,}: "
                  f"{goal_at(count, median < GOAL_KEYSTROKE_MS)}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 100 only, for CI")
    parser.add_argument("--sizes", help="comma-separated N to measure (default: 100,1000,5000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--languages", choices=("one", "all"), default="one",
                        help="English alone (the single-language goals), or every language in mkdocs.yml")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway projects and print where")
    args = parser.parse_args(argv)
    sizes = [100] if args.quick else [int(n) for n in (args.sizes or "100,1000,5000").split(",")]
    print(f"Benchmark on {platform.node() and 'this machine'}: {os.cpu_count()} cores, {platform.system()} "
          f"{platform.machine()}, Python {platform.python_version()}; SOURCE_DATE_EPOCH={EPOCH}")
    work = Path(tempfile.mkdtemp(prefix="reporting-centres-bench-"))
    try:
        for count in sizes:
            bench(count, args.seed, work / str(count), browser=count == max(sizes),
                  languages=site_languages(args.languages))
    finally:
        if args.keep:
            print(f"\nthe projects are in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

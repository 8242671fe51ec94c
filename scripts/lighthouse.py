#!/usr/bin/env python3
"""Lighthouse's scores for the pages a visitor sees first, on a built site served locally.

    .venv/bin/mkdocs build --strict                 # or any built site
    scripts/lighthouse.py                           # site/: home, directory, a centre, a borough
    scripts/lighthouse.py --site /tmp/site --pages "" directory/ --save build/lighthouse
    scripts/lighthouse.py --runs 5                  # each score the median of 5 runs

Runs the npm package lighthouse (pinned below; 13 needs a newer Node than Debian's) with Debian's
chromium, headless, on Lighthouse's mobile settings (a mid-range phone, simulated slow 4G), and prints
performance, accessibility, best practices and SEO for each page, and every audit that cost points.
Lighthouse is installed on first use into .cache/lighthouse/ with npm, never by the build. The site is
served on 127.0.0.1 only, compressed with gzip as a static host such as GitHub Pages serves it.
Figures are measured and compared with the goal, never asserted: they vary a little from run to run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
INSTALL_DIR = ROOT / ".cache" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox"
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best practices", "seo": "SEO"}
GOAL = 98
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".geojson", ".txt", ".xml")


@dataclass(frozen=True)
class PageScores:
    path: str
    scores: dict[str, int]  # by category id, 0 to 100
    lost: tuple[str, ...]  # the audits that cost points, as "category: title"

    def meets(self, goal: int) -> bool:
        return all(score >= goal for score in self.scores.values())


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default: site/)")
    parser.add_argument("--pages", nargs="+", default=None,
                        help="site paths to measure (default: home, directory, the first centre and borough)")
    parser.add_argument("--runs", type=int, default=1, choices=range(1, 10), metavar="N",
                        help="run each page N times and give each score's median (Lighthouse's advice: 5)")
    parser.add_argument("--save", type=Path, help="also write each page's full Lighthouse report (JSON) here")
    parser.add_argument("--lighthouse", type=Path, help="the lighthouse command (default: installed into "
                        f"{INSTALL_DIR.relative_to(ROOT)} on first use)")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", CHROME), help="chromium to run")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}: no built site there (no index.html); build it first: .venv/bin/mkdocs build")
    return args


def default_pages(site: Path) -> list[str]:
    """Home, the directory, and the first centre and borough pages (by name) the site has."""
    centre = min(path.parent.name for path in (site / "centres").glob("*/index.html")
                 if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8"))  # not a redirect page
    borough = min(path.parent.name for path in (site / "boroughs").glob("*/index.html"))
    return ["", "directory/", f"centres/{centre}/", f"boroughs/{borough}/"]


def page_scores(path: str, report: dict) -> PageScores:
    """The four category scores out of 100 from a Lighthouse JSON report, and the audits that lost points."""
    categories = report["categories"]
    scores = {name: round((categories[name]["score"] or 0) * 100) for name in CATEGORIES if name in categories}
    lost = []
    for name, category in categories.items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{CATEGORIES.get(name, name)}: {audit['title']}")
    return PageScores(path, scores, tuple(sorted(set(lost))))


def median_scores(runs: list[PageScores]) -> PageScores:
    """Each category's median over several runs of one page (performance varies with the machine's load);
    the audits that cost points in any of them."""
    scores = {name: sorted(run.scores[name] for run in runs)[len(runs) // 2]
              for name in CATEGORIES if all(name in run.scores for run in runs)}
    return PageScores(runs[0].path, scores, tuple(sorted({audit for run in runs for audit in run.lost})))


def table(results: list[PageScores], goal: int = GOAL) -> str:
    """The scores as a plain table, a line per page, and whether each page meets the goal."""
    width = max(len(result.path or "/") for result in results)
    lines = [f"{'page':<{width}}  " + "  ".join(f"{title:>14}" for title in CATEGORIES.values())]
    for result in results:
        cells = "  ".join(f"{result.scores.get(name, 0):>14}" for name in CATEGORIES)
        lines.append(f"{result.path or '/':<{width}}  {cells}  {'goal met' if result.meets(goal) else 'goal missed'}")
    return "\n".join(lines)


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it, and no log lines."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address, with a slash
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format, *args):
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def lighthouse_command(given: Path | None) -> Path:
    """The lighthouse command: the one given, or the pinned one in .cache/lighthouse/, installed if missing."""
    if given:
        return given
    command = INSTALL_DIR / "node_modules" / ".bin" / "lighthouse"
    if not command.is_file():
        print(f"installing {LIGHTHOUSE} into {INSTALL_DIR.relative_to(ROOT)} ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--prefix", str(INSTALL_DIR), "--no-audit", "--no-fund", LIGHTHOUSE],
                       check=True, stdout=subprocess.DEVNULL)
    return command


def run_lighthouse(command: Path, url: str, chrome: str) -> dict:
    result = subprocess.run(
        [str(command), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    command = lighthouse_command(args.lighthouse)
    pages = args.pages if args.pages is not None else default_pages(args.site)
    results = []
    with serve(args.site) as base:
        for path in pages:
            runs = []
            for run in range(1, args.runs + 1):
                report = run_lighthouse(command, base + path, args.chrome)
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = (path.strip("/").replace("/", "-") or "home") + (f"-{run}" if args.runs > 1 else "")
                    (args.save / f"{name}.json").write_text(json.dumps(report), encoding="utf-8")
                runs.append(page_scores(path, report))
            results.append(median_scores(runs))
    print(f"Lighthouse {report['lighthouseVersion']}, mobile ({report['configSettings']['formFactor']}), "
          f"{'the median of ' + str(args.runs) + ' runs' if args.runs > 1 else 'one run'} a page, "
          f"goal: every score at least {GOAL}")
    print(table(results))
    for result in results:
        for audit in result.lost:
            print(f"  {result.path or '/'}: {audit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

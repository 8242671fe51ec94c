"""A copy of the fixture region with a git history, register visits and a training record, for the
coordinator's report's tests (tests/test_report.py and tests/browser/test_report_page.py).

History of centres/ (committer dates): 2026-05-01 every fixture centre but Horwich Youth Centre, and
a "Gone Centre" (Bury); 2026-09-10 Horwich Youth Centre joins and Bolton Central Library's
description changes; 2026-10-01 Gone Centre leaves. The report is made as of 2026-11-18.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

from helpers import BIN, FIXTURE_CENTRES, centres_here, fixture_project, run

TODAY = dt.date(2026, 11, 18)
SINCE = dt.date(2026, 8, 1)
VISITS = {
    "bolton-central-library": ("visits:\n"
                               "  - {date: 2026-02-10, kind: support, outcome: Reviewed the leaflet stock}\n"
                               "  - {date: 2026-07-14, kind: support}\n"
                               "  - {date: 2026-09-03, kind: mystery-shopper, outcome: Report taken well; private room "
                               "offered}\n"),
    "bury-town-hall-help-point": ("visits:\n"
                                  "  - {date: 2025-10-01, kind: support}\n"  # before the twelve months
                                  "  - {date: 2026-05-20, kind: support}\n"),
    "eccles-community-rooms": ("visits:\n"
                               "  - {date: 2026-06-12, kind: mystery-shopper, outcome: Volunteer unsure of the True "
                               "Vision form; training offered}\n"),
}
OUTCOMES = ("Reviewed the leaflet stock", "Report taken well", "Volunteer unsure of the True Vision form",
            "Evening session")


EPOCH = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC).timestamp()))}


def centres(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), *args], cwd=project, env=EPOCH)


def git(project: Path, *args: str, when: str = "2026-05-01") -> None:
    stamp = f"{when}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Test",
           "GIT_COMMITTER_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def report_project(folder: Path) -> Path:
    project = fixture_project(folder)
    (project / ".gitignore").write_text("reports/\nregister/\nsite/\n", encoding="utf-8")
    horwich = project / "centres" / "horwich-youth-centre.yml"
    horwich_text = horwich.read_text(encoding="utf-8")
    horwich.unlink()
    gone = (FIXTURE_CENTRES / "radcliffe-old-library.yml").read_text(encoding="utf-8")
    gone = re.sub(r"\ncode: \w+\n", "\n", gone, count=1)  # a centre's code is its own
    gone = gone.replace("slug: radcliffe-old-library", "slug: gone-centre").replace("name: Radcliffe Old Library",
                                                                                    "name: Gone Centre")
    (project / "centres" / "gone-centre.yml").write_text(gone, encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Centres")
    horwich.write_text(horwich_text, encoding="utf-8")
    bolton = project / "centres" / "bolton-central-library.yml"
    text = bolton.read_text(encoding="utf-8")
    bolton.write_text(text.replace("Town-centre library", "Town centre library"), encoding="utf-8")
    git(project, "add", ".", when="2026-09-10")
    git(project, "commit", "-q", "-m", "Horwich joins; Bolton edited", when="2026-09-10")
    git(project, "rm", "-q", "centres/gone-centre.yml", when="2026-10-01")
    git(project, "commit", "-q", "-m", "Gone Centre leaves", when="2026-10-01")
    for slug, visits in VISITS.items():
        with open(project / "register" / f"{slug}.yml", "a", encoding="utf-8") as record:
            record.write(visits)
    for args in (["training", "Bolton", "--date", "2026-03-04", "--attendees", "12"],
                 ["training", "Salford", "--date", "2025-11-10", "--attendees", "8"],
                 ["training", "Salford", "--date", "2026-10-15", "--attendees", "6", "--note", "Evening session"],
                 ["visit", "salford-quays-night-hub", "--kind", "support", "--date", "2026-11-01"]):
        result = centres_here(["--config", str(project / "mkdocs.yml"), "record", *args], cwd=project, env=EPOCH)
        assert result.returncode == 0, result.stderr
    return project

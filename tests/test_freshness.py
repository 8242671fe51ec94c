"""Freshness around every boundary, and `centres stale` as CI and the coordinator run it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from helpers import BIN, FIXTURE_CENTRES, FIXTURE_CONFIG, add_centre, centres_here
from reporting_centres.config import Freshness as Policy
from reporting_centres.config import project_from_mkdocs
from reporting_centres.freshness import State, build_date, freshness, overdue_centres
from reporting_centres.validate import load_centres

VERIFIED = dt.date(2026, 10, 1)  # bolton-central-library's last_verified.date
TRAINED = dt.date(2025, 9, 15)  # and its champion's training date
POLICY = Policy(verify_every_days=365, warn_days_before=60)


@pytest.fixture(scope="module")
def library():
    project = project_from_mkdocs(FIXTURE_CONFIG)
    return load_centres(project.region, project.root, [FIXTURE_CENTRES / "bolton-central-library.yml"])[0]


@pytest.mark.parametrize("today, state, overdue", [
    (VERIFIED + dt.timedelta(days=305), State.fresh, 0),   # 60 days before due: not yet warned
    (VERIFIED + dt.timedelta(days=306), State.due, 0),     # 59 days before due
    (VERIFIED + dt.timedelta(days=365), State.due, 0),     # the due date itself
    (VERIFIED + dt.timedelta(days=366), State.stale, 1),   # the day after
    (VERIFIED + dt.timedelta(days=400), State.stale, 35),
])
def test_freshness_boundaries(library, today, state, overdue):
    result = freshness(library.last_verified.date, POLICY, today)
    assert (result.state, result.days_overdue, result.due) == (state, overdue, dt.date(2027, 10, 1))


@pytest.mark.parametrize("today, due", [
    (TRAINED + dt.timedelta(days=304), False),  # more than 60 days before the refresher
    (TRAINED + dt.timedelta(days=305), True),
])
def test_training_due_boundary(library, today, due):
    found = overdue_centres([library], POLICY, today, {library.slug: TRAINED})
    assert bool(found and found[0].training_due) is due


def test_training_is_not_checked_without_the_register(library):
    assert overdue_centres([library], POLICY, TRAINED + dt.timedelta(days=400)) == []


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert build_date() == dt.date(2026, 1, 1)


def stale_command(project, *args, **env):
    """`centres stale` in this process, with the coordinator's environment and ``env`` (CI's markers)."""
    return centres_here(["--config", str(project / "mkdocs.yml"), "stale", *args], cwd=project, env=env)


def test_stale_lists_files_days_and_whom_to_chase_and_fails(project):
    add_centre(project, "bolton-central-library")
    result = stale_command(project, "--today", "2027-11-01")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "STALE     centres/bolton-central-library.yml:68: Bolton Central Library (Bolton): last verified 2026-10-01, "
        "31 days overdue. Ask the centre (bolton-library@example.org) to check its details and update last_verified.",
        "TRAINING  centres/bolton-central-library.yml:62: Bolton Central Library (Bolton): the Hate Crime Champion's "
        "annual refresher training is due.",
        "1 stale, 0 due soon, 1 champion training due (of 1 centre, as of 2027-11-01).",
    ]
    assert "champion.bolton-library@example.org" not in result.stdout and "2025-09-15" not in result.stdout
    assert "2026-09-15" not in result.stdout  # the refresher's date would give away when the champion trained


def test_stale_says_plainly_when_there_is_no_register(project):
    add_centre(project, "bolton-central-library")
    shutil.rmtree(project / "register")
    result = stale_command(project, "--today", "2027-11-01")
    assert result.returncode == 1 and "TRAINING" not in result.stdout
    assert result.stderr.strip() == ("No private register at register/ (set CENTRES_REGISTER or register_dir in "
                                     "mkdocs.yml): champions' details and training were not checked.")


def test_due_soon_warns_but_passes(project):
    add_centre(project, "bolton-central-library")
    result = stale_command(project, "--today", "2027-09-01")
    assert result.returncode == 0
    assert result.stdout.startswith("DUE SOON  centres/bolton-central-library.yml:68: ")


def test_github_actions_annotations_point_at_the_line(project):
    add_centre(project, "bolton-central-library")
    result = stale_command(project, "--today", "2027-11-01", GITHUB_ACTIONS="true")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith(
        "::error file=centres/bolton-central-library.yml,line=68,title=Stale centre details::Bolton Central Library")
    assert annotations[1].startswith(
        "::warning file=centres/bolton-central-library.yml,line=62,title=Champion training due::")


def test_private_details_only_for_the_coordinator_and_never_in_ci(project):
    add_centre(project, "bolton-central-library")
    local = stale_command(project, "--today", "2027-11-01", "--private")
    assert ("TRAINING  register/bolton-central-library.yml:8: Bolton Central Library (Bolton): the Hate Crime "
            "Champion's annual refresher training is due by 2026-09-15. Champion: Alex Example, "
            "champion.bolton-library@example.org.") in local.stdout.splitlines()
    in_ci = stale_command(project, "--today", "2027-11-01", "--private", CI="true")
    assert in_ci.returncode == 2
    assert "champion" not in in_ci.stdout.lower()
    assert "CI logs are public" in in_ci.stderr


def git(project, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   cwd=project, check=True, capture_output=True)


def test_a_changed_centre_must_carry_a_fresh_last_verified(project):
    target = project / "centres" / "bolton-central-library.yml"
    shutil.copy(FIXTURE_CENTRES / "bolton-central-library.yml", target)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "start")
    target.write_text(target.read_text().replace("0161 496 0101", "0161 496 0199"))
    git(project, "commit", "-q", "-am", "new phone number")

    today = dt.date.today()  # validation rejects dates after the real today, so the test follows it
    changed = subprocess.run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "changed",
                              "--base", "HEAD~1", "--today", str(today)], cwd=project, capture_output=True, text=True)
    assert changed.returncode == 1
    age = (today - VERIFIED).days
    assert changed.stderr.splitlines()[0] == (
        f"centres/bolton-central-library.yml:68:9: last_verified.date: 2026-10-01 is {age} days ago; this change "
        f"edits the centre, so check every detail with it and set today's date ({today})")

    target.write_text(target.read_text().replace("date: 2026-10-01", f"date: {today - dt.timedelta(days=1)}"))
    git(project, "commit", "-q", "-am", "verified")
    changed = subprocess.run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "changed",
                              "--base", "HEAD~2", "--today", str(today)], cwd=project, capture_output=True, text=True)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "1 changed centre file: last_verified is recent."

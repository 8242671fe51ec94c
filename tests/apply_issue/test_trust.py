"""Who may change a centre, and what a reviewer sees: the description and facts ``centres apply-issue
--out`` writes for the workflow, and the checks CI runs on every pull request that changes a centre.

The requester check reads the private register's list of requesters and says only yes or no.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers import FIXTURE_REGISTER, centres_here, region_copy

HERE = Path(__file__).resolve().parent
CENTRE = HERE / "centres" / "bolton-central-library.yml"
SHOWN = "centres/bolton-central-library.yml"
TODAY = "2026-11-25"
KNOWN_LOGIN = "bolton-library-staff"  # on the centre's list in tests/fixtures/region/register/
KNOWN_EMAIL = "desk@bolton-library.example.org"


@pytest.fixture
def project(tmp_path) -> Path:
    root = region_copy(tmp_path)
    shutil.copy(CENTRE, root / "centres")
    (root / "register").mkdir()
    shutil.copy(FIXTURE_REGISTER / "bolton-central-library.yml", root / "register")
    return root


def centres(project: Path, *args: str) -> subprocess.CompletedProcess:
    return centres_here(["--config", str(project / "mkdocs.yml"), *args], cwd=project)


def apply(project: Path, body: str, requester: str | None, *options: str) -> subprocess.CompletedProcess:
    (project / "body.md").write_text(body, encoding="utf-8")
    who = ["--requester", requester] if requester else []
    return centres(project, "apply-issue", "--body-file", str(project / "body.md"), "--today", TODAY,
                   "--issue", "12", "--out", str(project / "out"), *who, *options)


def facts(project: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in (project / "out" / "facts").read_text().splitlines())


def body(case: str) -> str:
    return (HERE / f"{case}.md").read_text(encoding="utf-8")


def test_a_known_requesters_update_is_described_field_by_field_with_contact_changes_first(project):
    result = apply(project, body("valid"), KNOWN_LOGIN, "--dry-run")
    assert (result.returncode, result.stderr) == (0, "")
    description = (project / "out" / "description.md").read_text(encoding="utf-8")
    revision = facts(project)["revision"]
    assert facts(project) == {"known": "yes", "contact": "yes", "revision": revision}
    expected = (HERE / "valid.description.md").read_text(encoding="utf-8").replace("REVISION", revision)
    assert description == expected
    assert description.startswith("> [!WARNING]\n> **This changes how the public reaches the centre** "
                                  "(Street address, Phone number).")


@pytest.mark.parametrize("requester, known, shown", [
    (KNOWN_LOGIN, "yes", f"`{KNOWN_LOGIN}`, **known**"),
    (KNOWN_LOGIN.upper(), "yes", f"`{KNOWN_LOGIN.upper()}`, **known**"),  # GitHub names ignore case
    (KNOWN_EMAIL, "yes", "an email, **known**"),  # an address is never shown: it may be private
    ("a-stranger", "no", "`a-stranger`, **not known**"),
    ("bolton-library-staff-2", "no", "`bolton-library-staff-2`, **not known**"),
    (None, "no", "unknown, **not known**"),
])
def test_only_a_requester_on_the_centres_list_is_known(project, requester, known, shown):
    result = apply(project, body("partial"), requester)
    assert result.returncode == 0, result.stdout + result.stderr
    assert facts(project)["known"] == known
    description = (project / "out" / "description.md").read_text(encoding="utf-8")
    assert f"**Requested by:** {shown} for this centre" in description


def test_without_a_register_nobody_is_known(project):
    shutil.rmtree(project / "register")
    result = apply(project, body("partial"), KNOWN_LOGIN)
    assert result.returncode == 0
    assert facts(project)["known"] == "no"


def test_the_list_of_requesters_never_reaches_an_output(project):
    for requester in (KNOWN_LOGIN, KNOWN_EMAIL, "a-stranger"):
        result = apply(project, body("valid"), requester, "--dry-run")
        outputs = result.stdout + result.stderr + "".join(p.read_text() for p in (project / "out").iterdir())
        for private in (KNOWN_LOGIN, KNOWN_EMAIL):
            assert (private in outputs) == (private == requester == KNOWN_LOGIN)


def test_a_broken_register_treats_everyone_as_not_known_and_shows_no_value(project):
    register = project / "register" / "bolton-central-library.yml"
    register.write_text(register.read_text() + "  - not an address or a name\n", encoding="utf-8")
    result = apply(project, body("partial"), KNOWN_LOGIN)
    assert result.returncode == 0
    assert facts(project)["known"] == "no"
    assert "not an address" not in result.stderr and "every requester is treated as not known" in result.stderr


def test_a_change_that_leaves_contact_details_alone_is_not_flagged(project):
    hours_only = body("partial").replace("https://www.bolton-library.example.org/visit", "_No response_").replace(
        "### Number for text messages (optional)\n\nnone", "### Number for text messages (optional)\n\n")
    result = apply(project, hours_only, KNOWN_LOGIN)
    assert result.returncode == 0, result.stdout
    assert facts(project)["contact"] == "no"
    description = (project / "out" / "description.md").read_text(encoding="utf-8")
    assert "WARNING" not in description and "- Sunday opening hours: `closed` → `by appointment`" in description


def test_a_24_hour_lines_hours_are_a_contact_detail(project):
    night = body("partial").replace("by appointment", "24 hours")
    apply(project, night, KNOWN_LOGIN)
    assert "- Sunday opening hours (contact): `closed` → `24 hours`" in (project / "out" / "description.md").read_text()


def test_each_text_of_the_issue_is_its_own_revision(project):
    apply(project, body("partial"), KNOWN_LOGIN, "--dry-run")
    first = facts(project)["revision"]
    apply(project, body("partial"), KNOWN_LOGIN, "--dry-run")
    assert facts(project)["revision"] == first
    apply(project, body("partial").replace("by appointment", "closed"), KNOWN_LOGIN, "--dry-run")
    assert facts(project)["revision"] != first
    assert f"**Made from:** revision `{facts(project)['revision']}` of #12." in (
        project / "out" / "description.md").read_text()


# --- linear time --------------------------------------------------------------------------------------

N = 60_000
FORM = "### Centre (do not change)\n\nbolton-central-library\n\n### Your role (not your name)\n\nx\n\n"
SHAPES = {
    "heading then spaces": "### a" + " " * N + "x",
    "heading of hashes": "### " + "# " * (N // 2) + "x",
    "quoting": ">" * N,
    "quoted blank lines": "> \n" * (N // 3),
    "empty headings": "### \n" * (N // 5),
    "a long heading": "### " + "Postcod" * (N // 7),
    "tabs": "###\t" + "\t" * N + "a",
    "repeated options": FORM + "### How you take reports\n\n" + ",".join(["phone"] * (N // 7)),
    "many languages": FORM + "### Languages spoken\n\n" + " ".join(["en"] * (N // 3)),
    "many address lines": FORM + "### Street address\n\n" + "a\n" * (N // 2),
    "backticks": FORM + "### Town\n\n" + "`" * N,
    "a long slug": "### Centre (do not change)\n\n" + "a" * N + "\n### Your role (not your name)\n\nx",
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_64_kb_body_of_any_shape_is_answered_in_under_a_second(project, shape):
    import datetime as dt

    from reporting_centres.apply_issue import IssueError, apply_issue, markdown_problems
    from reporting_centres.config import project_from_mkdocs

    region = project_from_mkdocs(project / "mkdocs.yml").region
    start = time.process_time()
    try:
        apply_issue(SHAPES[shape], region, project, dt.date(2026, 11, 25))
    except IssueError as error:
        markdown_problems(error.problems)
    assert time.process_time() - start < 1.0


# --- on every pull request: contact changes, and which changes need a fresh last_verified --------------


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(project) -> Path:
    git(project, "init", "--quiet", "--initial-branch", "main")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "centres", "mkdocs.yml")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "start")
    git(project, "switch", "--quiet", "--create", "change")
    return project


def commit(project: Path, old: str, new: str) -> None:
    path = project / SHOWN
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-am", "edit")


def test_ci_lists_a_contact_change_made_by_hand_too(repository):
    commit(repository, "0161 496 0101", "0161 496 0199")
    result = centres(repository, "contact-changes", "--base", "main")
    assert (result.returncode, result.stdout) == (0, f"{SHOWN}: Phone number\n")


def test_ci_lists_nothing_when_no_contact_detail_changed(repository):
    commit(repository, "sunday: closed", "sunday: by appointment")
    result = centres(repository, "contact-changes", "--base", "main")
    assert (result.returncode, result.stdout) == (0, "")


def test_a_coordinator_only_edit_needs_no_fresh_last_verified(repository):
    commit(repository, "signed: 2024-02-01", "signed: 2024-03-01")
    result = centres(repository, "changed", "--base", "main", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("1 changed centre file: 1 changed only the coordinator's own details, which need no "
                             "fresh last_verified; 0 others with a recent last_verified.\n")


def test_an_edit_of_what_the_centre_vouches_for_still_needs_one(repository):
    commit(repository, "sunday: closed", "sunday: by appointment")
    result = centres(repository, "changed", "--base", "main", "--today", TODAY)
    assert result.returncode == 1
    assert "last_verified.date: 2026-10-01 is 55 days ago" in result.stderr

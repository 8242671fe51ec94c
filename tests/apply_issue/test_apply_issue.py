"""``centres apply-issue``: what an update issue (or the same text, emailed) does to a centre file.

Each ``<case>.md`` beside this file is an issue body. The ones that apply become exactly
``<case>.diff``, the unified diff ``--dry-run`` prints; the ones that cannot be applied print
exactly ``<case>.expected.md``, the comment the workflow posts on the issue. They run against
``centres/bolton-central-library.yml`` here: a pinned copy of the demonstration file with
comments and a key order of its own, so that the diffs show what survives an update.

To see a case's output after changing the code on purpose, run in a copy of the project:
``centres apply-issue --body-file tests/apply_issue/<case>.md --today 2026-11-25 --dry-run``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURE_CONFIG, centres_here, region_copy
from reporting_centres.apply_issue import IssueError, apply_issue
from reporting_centres.config import project_from_mkdocs

HERE = Path(__file__).resolve().parent
CENTRE = HERE / "centres" / "bolton-central-library.yml"
SHOWN = "centres/bolton-central-library.yml"
TODAY = "2026-11-25"
REGION = project_from_mkdocs(FIXTURE_CONFIG).region

APPLIED = {  # case: the summary line printed after the diff
    "valid": "Status, Short notice for visitors (optional), Street address, Phone number, Saturday opening hours, "
             "How you take reports, Accessibility, Languages spoken",
    "partial": "Number for text messages (optional), Website (must start with https://), Sunday opening hours",
    "email": "Number for text messages (optional), Website (must start with https://), Sunday opening hours",
    "hostile-inert": "Centre name, Short notice for visitors (optional), Town, How to get there, "
                     "Notes about opening hours",
    # "remove this" and "none" remove; an empty answer leaves a detail as it is; not ticked: no last checked
    "remove": "Number for text messages (optional), Website (must start with https://), Days you are closed, "
              "Accessibility, More about access",
    "closures": "Days you are closed, Languages spoken",  # closures, and languages by name
    # partial.md quoted in a reply after the reply's own text
    "email-reply": "Number for text messages (optional), Website (must start with https://), Sunday opening hours",
    # a greeting, lines wrapped by a mail program, and a sign-off after a blank line
    "email-wrapped": "Short notice for visitors (optional), Days you are closed",
}
UNTICKED = ("remove",)  # "I have checked every detail" not answered yes: last_verified stays
# stale: a detail that changed since the form was filled in; email-signoff: a sign-off with no blank line before it
REFUSED = ["hostile", "hostile-slug", "malformed", "invalid", "stale", "email-signoff"]


def summary(case: str, done: str = "Would update") -> str:
    checked = "" if case in UNTICKED else f"; last checked {TODAY}"
    return f"{done} `{SHOWN}`: {APPLIED[case]}{checked}.\n"


@pytest.fixture
def project(tmp_path) -> Path:
    root = region_copy(tmp_path)
    shutil.copy(CENTRE, root / "centres")
    return root


def apply(project: Path, body: Path, *options: str):
    return centres_here(["--config", str(project / "mkdocs.yml"), "apply-issue", "--body-file", str(body),
                         "--today", TODAY, *options], cwd=project)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def unified(before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"a/{SHOWN}", f"b/{SHOWN}"))


# --- every fixture through the command (its own entry point, run in this process) ----------------


@pytest.mark.parametrize("case", list(APPLIED))
def test_an_update_becomes_exactly_the_expected_diff(project, case):
    before = snapshot(project)
    result = apply(project, HERE / f"{case}.md", "--dry-run")
    assert (result.returncode, result.stderr) == (0, "")
    expected = (HERE / f"{case}.diff").read_text(encoding="utf-8")
    assert result.stdout == expected + summary(case)
    assert snapshot(project) == before  # a dry run writes nothing


@pytest.mark.parametrize("case", REFUSED)
def test_an_update_that_cannot_be_applied_lists_exactly_the_expected_problems(project, case):
    before = snapshot(project)
    result = apply(project, HERE / f"{case}.md", "--dry-run")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (HERE / f"{case}.expected.md").read_text(encoding="utf-8")
    assert snapshot(project) == before


@pytest.mark.parametrize("case", REFUSED)
def test_problems_are_code_spans_so_quoted_text_cannot_link_mention_or_show_images(case):
    items = [line for line in (HERE / f"{case}.expected.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("- ")]
    assert items and all(re.fullmatch(r"- (`+) ?[^`].*[^`] ?\1", item) for item in items)


def test_an_emailed_update_applies_like_the_issue_it_was_copied_from(project):
    """email.md is partial.md sent from a mail program: a greeting, CRLF, trailing spaces, a signature."""
    assert (HERE / "email.diff").read_text() == (HERE / "partial.diff").read_text()
    assert (HERE / "email-reply.diff").read_text() == (HERE / "partial.diff").read_text()
    quoted = project / "reply.md"  # and the same text coming back quoted in a reply
    quoted.write_text("".join(f"> {line}" for line in (HERE / "partial.md").open()), encoding="utf-8")
    result = apply(project, quoted, "--dry-run")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith((HERE / "partial.diff").read_text())


def test_without_dry_run_the_file_is_written_and_still_valid(project):
    result = apply(project, HERE / "valid.md")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == summary("valid", "Updated")
    after = (project / SHOWN).read_text(encoding="utf-8")
    assert unified(CENTRE.read_text(encoding="utf-8"), after) == (HERE / "valid.diff").read_text()
    checked = centres_here(["--config", str(project / "mkdocs.yml"), "validate"], cwd=project)
    assert checked.returncode == 0, checked.stderr

    again = apply(project, HERE / "valid.md")  # the workflow runs again when the issue is edited
    assert again.returncode == 0
    assert again.stdout == f"No change to `{SHOWN}`: it already says what the update says.\n"
    assert (project / SHOWN).read_text(encoding="utf-8") == after


# --- comments, key order and quoting ---------------------------------------------------------


def comments(text: str) -> list[str]:
    """The comments in a YAML file, in order: what is left after blanking out every value."""
    blanked = list(text)
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.ScalarToken):
            blanked[token.start_mark.index:token.end_mark.index] = " " * (token.end_mark.index - token.start_mark.index)
    return [line[line.index("#"):] for line in "".join(blanked).splitlines() if "#" in line]


def key_paths(text: str) -> list[str]:
    """Every key in the order the file writes them, e.g. 'contact.phones[0].number'."""
    paths: list[str] = []

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                paths.append(prefix + key.value)
                walk(value, prefix + key.value + ".")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{prefix[:-1]}[{index}].")

    walk(yaml.compose(text, Loader=yaml.SafeLoader), "")
    return paths


@pytest.mark.parametrize("case", ["valid", "partial", "hostile-inert"])
def test_comments_key_order_and_quoting_survive(case):
    before = CENTRE.read_text(encoding="utf-8")
    after = apply_issue((HERE / f"{case}.md").read_text(encoding="utf-8"), REGION, HERE, dt.date(2026, 11, 25)).after
    assert comments(after) == comments(before)
    kept = set(key_paths(after))
    old_order = [path for path in key_paths(before) if path in kept]
    assert [path for path in key_paths(after) if path in set(old_order)] == old_order
    assert "  website: https://" in after.split("  email:")[0]  # this file's order, not the model's
    assert '  version: "2017"' in after  # quoted as it was: a number would not be a version


def test_a_new_key_goes_where_the_model_puts_it_not_at_the_bottom():
    after = apply_issue((HERE / "valid.md").read_text(encoding="utf-8"), REGION, HERE, dt.date(2026, 11, 25)).after
    order = key_paths(after)
    assert order.index("alert") == order.index("status") + 1


# --- hostile input ---------------------------------------------------------------------------


def test_hostile_text_is_written_as_inert_text(project):
    result = apply(project, HERE / "hostile-inert.md")
    assert result.returncode == 0, result.stdout
    text = (project / SHOWN).read_text(encoding="utf-8")
    documents = list(yaml.safe_load_all(text))  # safe_load would refuse a python tag; there is none
    assert len(documents) == 1
    data = documents[0]
    assert data["slug"] == "bolton-central-library"
    assert data["name"] == '<script>alert("name")</script> Library'
    assert data["address"]["town"] == "!!python/object/apply:os.system ['id']"
    assert data["alert"] == "&anchor *alias {{ config }} {% raw %} # not a comment"
    assert data["address"]["directions"] == "first line slug: evil --- last_verified: {date: 2000-01-01}"
    assert data["hours"]["notes"] == "yes"  # text, not YAML 1.1's true
    assert data["last_verified"] == {"date": dt.date(2026, 11, 25), "by": "'; rm -rf / #"}
    assert set(data) == set(yaml.safe_load(CENTRE.read_text(encoding="utf-8"))) | {"alert"}


HOSTILE_SLUGS = ["../../etc/passwd", "../outside", "/etc/passwd", "centres/../outside", "..", ".",
                 "bolton-central-library/../../outside", "..%2foutside", "outside", "linked", "mkdocs",
                 "bolton-central-library\\..\\..\\outside", "BOLTON-CENTRAL-LIBRARY", "bolton-central-library.yml"]


@pytest.mark.parametrize("slug", HOSTILE_SLUGS)
def test_a_hostile_slug_cannot_reach_any_file_but_a_centre_file(project, slug):
    outside = project / "outside.yml"  # a valid centre file, but not in centres/
    outside.write_text(CENTRE.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "centres" / "linked.yml").symlink_to(outside)
    before = snapshot(project)
    body = (HERE / "hostile-slug.md").read_text(encoding="utf-8").replace("../../etc/passwd", slug)
    with pytest.raises(IssueError) as raised:
        apply_issue(body, REGION, project, dt.date(2026, 11, 25))
    first = raised.value.problems[0]
    assert (first.file, first.field) == ("issue", "Centre (do not change)")
    assert "is not a centre in centres/" in first.message
    assert snapshot(project) == before


def test_a_hostile_slug_through_the_command_writes_nothing(project):
    before = snapshot(project)
    result = apply(project, HERE / "hostile-slug.md")  # not a dry run
    assert result.returncode == 1
    assert "passwd" not in snapshot(project) and snapshot(project) == before


# --- bad input never ends in a traceback -----------------------------------------------------


def test_text_that_is_not_utf8_is_refused_not_written(project):
    body = project / "windows.md"
    body.write_bytes((HERE / "partial.md").read_bytes().replace(b"Library Services Manager", b"Caf\xe9 manager"))
    result = apply(project, body)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == ("- `issue: Your role (not your name): contains characters that could "
                                              "not be read (the text is not UTF-8); type them again`")


@pytest.mark.parametrize("content, message", [
    (b"", "- `issue: has none of the update form's questions (lines such as '### Postcode'); "
          "use the update form on the site, or copy all of its text`"),
    (b"a" * 70_000, "- `issue: is 70,000 bytes; an update may be at most 65,536 bytes`"),
])
def test_an_empty_or_huge_body_is_one_clear_problem(project, content, message):
    body = project / "body.md"
    body.write_bytes(content)
    result = apply(project, body)
    assert (result.returncode, result.stdout.splitlines()[-1], result.stderr) == (1, message, "")


def test_a_missing_body_file_says_so(project):
    result = apply(project, project / "no-such-file.md")
    assert result.returncode == 2
    assert result.stderr == f"{project / 'no-such-file.md'}: cannot be read: No such file or directory\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_an_emailed_phone_number_and_non_breaking_spaces_are_stored_as_the_directory_writes_them(project):
    body = project / "mailed.md"
    body.write_text((HERE / "partial.md").read_text(encoding="utf-8").replace(
        "### Number for text messages (optional)\n\nnone",
        "### Number for text messages (optional)\n\n+44 (0)7700\u00a0900\u202f199").replace(
        "by appointment", "by\u00a0appointment"), encoding="utf-8")
    result = apply(project, body)
    assert result.returncode == 0, result.stdout
    text = (project / SHOWN).read_text(encoding="utf-8")
    assert "    - number: 07700 900199\n      type: text\n" in text
    assert "  sunday: by appointment\n" in text and "\u00a0" not in text and "\u202f" not in text


def test_a_pasted_task_list_sets_only_the_ticked_boxes():
    """GitHub writes an issue form's checkboxes as `- [X] Label` and `- [ ] Label`: unticked is not chosen."""
    body = (HERE / "valid.md").read_text(encoding="utf-8").replace(
        "step_free, accessible_toilet, hearing_loop, bsl, quiet_room",
        "- [X] step_free\n- [ ] accessible_toilet\n- [x] hearing_loop\n- [ ] bsl\n- [ ] quiet_room")
    access = yaml.safe_load(apply_issue(body, REGION, HERE, dt.date(2026, 11, 25)).after)["accessibility"]
    assert {key for key, value in access.items() if value is True} == {"step_free", "hearing_loop"}
    assert access["bsl"] is False and access["accessible_toilet"] is False

"""``centres apply-issue`` on any issue body either refuses clearly, with the problems as a
Markdown list, the file left as it was and no traceback, or writes a centre file that validates
and builds.

Bodies are made the way GitHub writes an issue form's answers (``### Question`` headings, each
followed by its answer or ``_No response_``), with answers that are right, wrong, empty, ``none``,
pasted lists and any text at all; and as any text at all.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from helpers import project_copy
from reporting_centres.cli import main
from reporting_centres.config import project_from_mkdocs
from reporting_centres.update_form import FIELDS, FormField
from reporting_centres.validate import load_centres

from .fixture import CENTRE_TEXT, HERE, REGION_SETTINGS, SHOWN, SLUG, TODAY, examples, render_everything

GOOD = {  # answers that the fixture centre may take, by field id
    "centre": [SLUG],
    "name": ["Riverside Community Hub", "Riverside Hub"],
    "description": ["A hub by the river.\nTrained volunteers take reports."],
    "status": ["active", "Temporarily closed", "closed"],
    "alert": ["Closed on 3 March", "10:30", "yes"],
    "address_lines": ["Unit 4, Mill Yard\n12 Weaver Street", "1 High Street"],
    "town": ["Riverside"],
    "postcode": ["rv1 2ab", "RV12AB", "M1 1AE"],
    "directions": ["Follow the river path."],
    "phone": ["0161 496 0321", "0161 496 0999"],
    "text_phone": ["07700 900444", "07700 900123"],
    "email": ["hello@riverside-hub.example.org", "new@example.org"],
    "website": ["https://riverside-hub.example.org/", "https://example.org/"],
    "hours_notes": ["Knock at the side door."],
    "accessibility_notes": ["Level access."],
    "languages": ["en, pl, bfi", "en", "EN ur"],
    "verified_by": ["Volunteer Coordinator", "Centre manager"],
}
HOURS = ["09:00-17:00", "10:00-12:00, 13:00-16:00", "24 hours", "by appointment", "closed", "9-5", "17:00-09:00"]
SPECIAL = ["_No response_", "none", "None", "", "*No response*", "yes", "no", "~", "null", "- a", "[", "{a: b}",
           "&a *a", "!!python/object:os.system", "'", '"', "#", ": x", "--- ", "...", "2024-13-01", "0x1F"]
ONE_LINE = st.text(st.characters(exclude_characters="\n\r"), max_size=40)
ANY_TEXT = st.text(max_size=80)


def _options(field: FormField) -> st.SearchStrategy[str]:
    """A checkbox answer: option values or labels, comma-separated or pasted as a list."""
    names = [name for option in field.options for name in option]
    picked = st.lists(st.sampled_from(names), max_size=len(field.options) + 1)
    return st.one_of(picked.map(", ".join), picked.map(lambda chosen: "\n".join(f"- [x] {name}" for name in chosen)))


def good_answers(field: FormField) -> st.SearchStrategy[str]:
    """Answers a person filling in the form might well give, or leave empty."""
    good = GOOD.get(field.id, HOURS if field.id.startswith("hours_") else [])
    if field.kind == "checkboxes":
        return _options(field) | st.just("_No response_")
    if field.options:
        good = good or [name for option in field.options for name in option]
    return st.sampled_from([*good, "_No response_"])


WILD = st.one_of(st.sampled_from(SPECIAL), ONE_LINE, ANY_TEXT)  # empty, 'none', YAML and Markdown syntax, any text


@st.composite
def form_bodies(draw) -> str:
    """An issue body as GitHub writes a form's answers: every question or some, in any order, with
    the answers people give and a few answers of any kind."""
    fields = draw(st.lists(st.sampled_from(FIELDS), unique_by=lambda f: f.id, max_size=len(FIELDS)))
    required = [f for f in FIELDS if f.id in ("centre", "verified_by") and f not in fields]
    fields = required * draw(st.sampled_from([1, 1, 1, 0])) + fields
    wild = set(draw(st.lists(st.sampled_from([f.id for f in fields]), max_size=2))) if fields else set()
    blocks = []
    for field in fields:
        label = draw(st.sampled_from([field.label, field.label, field.id, field.label.upper(), field.label + ":"]))
        answer = draw(WILD if field.id in wild else good_answers(field))
        blocks.append(f"### {label}\n\n{answer or '_No response_'}\n")
    lead = draw(st.sampled_from(["", "Hello,\n\n"]))
    return lead + "\n".join(blocks)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project with the fictional region and centre of these tests."""
    root = project_copy(tmp_path_factory.mktemp("project"))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["reporting_centres"] = {**REGION_SETTINGS, "centres_dir": "centres"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copy(HERE / SHOWN, root / SHOWN)
    return root


def apply(project: Path, body: str) -> tuple[int, str, str]:
    """``centres apply-issue`` in this process: its exit status, output and errors."""
    body_file = project / "body.md"
    body_file.write_bytes(body.encode("utf-8", errors="surrogatepass"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--config", str(project / "mkdocs.yml"), "apply-issue", "--body-file", str(body_file),
                       "--today", TODAY.isoformat()])
    return status, out.getvalue(), err.getvalue()


def check(project: Path, body: str) -> None:
    path = project / SHOWN
    path.write_text(CENTRE_TEXT, encoding="utf-8")
    status, out, err = apply(project, body)
    assert err == ""
    event(f"exit status {status}")
    if status == 1:
        assert path.read_text(encoding="utf-8") == CENTRE_TEXT  # refused: nothing written
        heading, blank, *items = out.splitlines()
        assert heading.startswith("This update could not be applied.") and blank == ""
        assert items and all(item.startswith("- `") and item.endswith("`") for item in items), out
        return
    assert status == 0, out
    assert out.startswith(("Updated `centres/", "No change to `centres/")), out
    region = project_from_mkdocs(project / "mkdocs.yml").region
    centres = load_centres(region, project, [path], TODAY)  # DataError, with its problems, fails the test
    render_everything(centres)


@examples(40)
@given(body=form_bodies())
def test_an_issue_form_body_is_refused_clearly_or_makes_a_valid_file(project, body):
    check(project, body)


@examples(25)
@given(body=st.text(max_size=400))
def test_any_text_is_refused_clearly_or_makes_a_valid_file(project, body):
    check(project, body)

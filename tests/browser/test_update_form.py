"""Staff correct their centre without git: the form prefills, checks, and prepares an issue or email."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from helpers import FIXTURE_CENTRES, FIXTURE_CONFIG, ROOT
from reporting_centres.config import project_from_mkdocs
from reporting_centres.update_form import FIELDS
from reporting_centres.validate import load_centres


def library_values():
    from reporting_centres.public import public_centre
    from reporting_centres.update_form import form_values

    project = project_from_mkdocs(FIXTURE_CONFIG)
    centre = load_centres(project.region, project.root, [FIXTURE_CENTRES / "bolton-central-library.yml"])[0]
    return form_values(public_centre(centre, project.region))


def test_centre_page_links_to_the_prefilled_form(visit):
    page = visit().open("centres/bolton-central-library/")
    page.click("text=Suggest a change to these details")
    page.wait_for_url("**/update/?centre=bolton-central-library")
    page.wait_for_function("document.querySelector('#rc-postcode').value !== ''")
    values = library_values()
    assert page.input_value("#rc-postcode") == values["postcode"] == "BL1 1SE"
    assert page.input_value("#rc-hours_wednesday") == "09:00-19:30"
    assert page.is_checked("#rc-strands-transgender")
    assert not page.is_checked("#rc-accessibility-bsl")
    assert page.input_value("#rc-verified_by") == ""


def test_bad_details_are_caught_in_the_browser_with_the_validators_words(visit):
    page = visit().open("update/?centre=bolton-central-library")
    page.wait_for_function("document.querySelector('#rc-postcode').value !== ''")
    page.fill("#rc-postcode", "BL1 XYZ")
    page.fill("#rc-website", "http://bolton-library.example.org/")
    page.fill("#rc-hours_monday", "9 till 5")
    page.click("button[type=submit]")
    problems = page.inner_text("[data-rc-problems]")
    assert "Postcode: 'BL1 XYZ' is not a UK postcode (e.g. M1 1AE or BL1 1SE)" in problems
    assert "must start with https://" in problems
    assert "Monday opening hours: '9 till 5' is not like 09:00-17:00" in problems
    assert "Your role (not your name): say what your role is" in problems
    assert page.is_hidden("[data-rc-send]")
    assert page.get_attribute("#rc-postcode", "aria-invalid") == "true"


def test_a_good_update_becomes_a_prefilled_issue_and_an_email(visit):
    session = visit()
    page = session.open("update/?centre=bolton-central-library")
    page.wait_for_function("document.querySelector('#rc-postcode').value !== ''")
    page.fill("#rc-hours_saturday", "10:00-13:00")
    page.check("#rc-accessibility-bsl")
    page.fill("#rc-verified_by", "Library Services Manager")
    page.check("#rc-confirm")
    page.click("button[type=submit]")
    assert page.is_visible("[data-rc-send]")

    issue = urlsplit(page.get_attribute("[data-rc-issue]", "href"))
    assert (issue.scheme, issue.netloc, issue.path) == (
        "https", "github.com", "/example-org/reporting-centres/issues/new")
    params = {key: value[0] for key, value in parse_qs(issue.query, keep_blank_values=True).items()}
    expected = library_values()
    accessibility = expected["accessibility"].replace("hearing_loop, quiet_room", "hearing_loop, bsl, quiet_room")
    expected.update(hours_saturday="10:00-13:00", verified_by="Library Services Manager", accessibility=accessibility)
    assert params.pop("template") == "update-centre.yml"
    assert params.pop("labels") == "centre update"
    assert params.pop("title") == "Update: Bolton Central Library (bolton-central-library)"
    assert params == expected

    template = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "update-centre.yml").read_text())
    ids = {item["id"] for item in template["body"] if "id" in item}
    assert set(params) == ids == {field.id for field in FIELDS}

    mail = urlsplit(page.get_attribute("[data-rc-email]", "href"))
    assert mail.scheme == "mailto" and mail.path == "coordinator@example.org"
    body = unquote(parse_qs(mail.query)["body"][0])
    assert "### Saturday opening hours\n\n10:00-13:00\n\n" in body
    assert "### Your role (not your name)\n\nLibrary Services Manager\n" in body
    assert page.input_value("[data-rc-email-body]") == body
    assert session.other_hosts() == []


def test_the_form_says_an_issue_is_public_and_champion_changes_go_by_email(visit):
    page = visit().open("update/?centre=bolton-central-library")
    notice = page.locator("[data-rc-public]")
    assert notice.is_visible()
    text = " ".join(notice.inner_text().split())
    assert "What you send is public" in text
    assert "If you send this as a GitHub issue, anyone can read it." in text
    assert "no private personal details" in text
    assert "To change your Hate Crime Champion, email the coordinator instead." in text
    link = notice.locator("a", has_text="email the coordinator")
    assert link.get_attribute("href") == "mailto:coordinator@example.org"
    assert page.locator("form [name*=champion]").count() == 0  # the form never asks for them


def test_the_browser_refuses_what_apply_issue_refuses(visit):
    """The values of tests/apply_issue/invalid.md that the browser can check: each is caught before sending."""
    wrong = {"postcode": "BL1 XYZ", "phone": "0161 496 010", "email": "bolton-library.example.org",
             "website": "http://bolton-library.example.org/", "hours_monday": "9-5", "languages": "en, xxxx"}
    page = visit().open("update/?centre=bolton-central-library")
    page.wait_for_function("document.querySelector('#rc-postcode').value !== ''")
    for name, value in wrong.items():
        page.fill(f"#rc-{name}", value)
    page.click("button[type=submit]")
    invalid = page.eval_on_selector_all("[aria-invalid=true]", "controls => controls.map(c => c.name)")
    assert invalid == [*wrong, "verified_by"]  # and the role, left empty

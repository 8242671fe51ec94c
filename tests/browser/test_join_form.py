"""Organisations apply to become a centre the way staff update one: the same questions and checks,
sent as a prefilled GitHub issue (the become-a-centre issue form) or an email to the coordinator."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from helpers import ROOT

ISSUE_FORM = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "become-a-centre.yml").read_text(encoding="utf-8"))
QUESTIONS = {item["id"]: item["attributes"]["label"] for item in ISSUE_FORM["body"] if "id" in item}


def test_the_become_a_centre_page_links_to_the_form_which_says_it_is_public(shared_visit):
    page = shared_visit().open("become-a-centre/")
    page.click("text=Apply with the form")
    page.wait_for_url("**/join/")
    assert page.inner_text("h1") == "Apply to become a reporting centre"
    notice = " ".join(page.inner_text("[data-rc-public]").split())
    assert "If you send this as a GitHub issue, anyone can read it." in notice
    assert "Tell the coordinator who your Hate Crime Champion would be by email, never in a GitHub issue." in notice
    assert page.locator("form [name*=champion]").count() == 0


def test_missing_and_bad_details_are_caught_in_the_browser_with_the_validators_words(shared_visit):
    page = shared_visit().open("join/")
    page.fill("#rc-postcode", "BL1 XYZ")
    page.fill("#rc-phone", "0161 496 010")
    page.fill("#rc-email", "bolton-library.example.org")
    page.fill("#rc-website", "http://example.org/")
    page.fill("#rc-hours_monday", "9-5")
    page.fill("#rc-languages", "English, 12")
    page.click("button[type=submit]")
    problems = [line for line in page.inner_text("[data-rc-problems]").splitlines() if line]
    assert problems[0] == "There is a problem"
    assert problems[1:] == [
        "Enter centre name",
        "Enter organisation",
        "Enter kind of organisation",
        "Enter short description",
        "Enter street address",
        "Enter town",
        "Enter borough",
        "Enter a real postcode, like BL1 1SE",
        "Enter a UK phone number, like 0161 496 0123",
        "Enter an email address in the correct format, like hello@example.org",
        "Enter a web address that starts with https://, like https://example.org/",
        "Monday opening hours is not like 09:00-17:00 (separate ranges with commas), 24 hours, "
        "by appointment or closed",
        "Enter the languages by name, separated by commas, like English, Urdu, British Sign Language",
        "Enter your role, like Centre manager",
        "Tick the box to confirm the details are correct today",
    ]
    assert page.is_hidden("[data-rc-send]")
    assert page.get_attribute("#rc-postcode", "aria-invalid") == "true"
    assert page.text_content("#rc-error-borough") == "Error: Enter borough"
    assert page.evaluate("document.activeElement.hasAttribute('data-rc-problems')")  # the summary, for keyboard users


def test_answers_the_validator_would_refuse_are_caught_before_sending(shared_visit):
    """Each of these once passed the browser's looser checks, only for the build to refuse it."""
    page = shared_visit().open("join/")
    page.fill("#rc-phone", "0612 345 6789")  # no UK number starts 06
    page.fill("#rc-email", "hello@example.test")  # a name reserved for testing
    page.fill("#rc-hours_monday", "09:00-13:00, 12:00-17:00")
    page.fill("#rc-hours_tuesday", "13:30-17:00, 09:00-12:30")
    page.fill("#rc-languages", "English, <xx>")
    page.click("button[type=submit]")
    problems = page.inner_text("[data-rc-problems]")
    for expected in (
        "Enter a UK phone number, like 0161 496 0123",
        "Enter an email address in the correct format, like hello@example.org",
        "Monday opening hours has ranges that overlap",
        "Tuesday opening hours lists its ranges out of order",
        "Enter the languages by name",
    ):
        assert expected in problems, expected


def fill_a_good_application(page):
    page.fill("#rc-name", "Deane Community Library")
    page.fill("#rc-organisation", "Bolton Libraries (fictional)")
    page.select_option("#rc-kind", "library")
    page.fill("#rc-description", "Community library where trained staff take reports in a quiet room.")
    page.fill("#rc-address_lines", "Junction Road\nDeane")
    page.fill("#rc-town", "Bolton")
    page.select_option("#rc-borough", "Bolton")
    page.fill("#rc-postcode", "bl3 4nu")
    page.fill("#rc-phone", "0161 496 0150")
    page.fill("#rc-email", "deane-library@example.org")
    page.fill("#rc-website", "https://deane-library.example.org/")
    page.fill("#rc-hours_monday", "09:00-12:30, 13:30-17:00")
    page.fill("#rc-hours_saturday", "by appointment")
    page.check("#rc-reporting-in_person")
    page.check("#rc-reporting-private_room")
    page.check("#rc-strands-race")
    page.check("#rc-strands-disability")
    page.fill("#rc-languages", "en, ur")
    page.fill("#rc-verified_by", "Branch librarian")
    page.check("#rc-confirm")


def test_a_good_application_becomes_a_prefilled_issue_and_an_email(visit):
    session = visit()
    page = session.open("join/")
    fill_a_good_application(page)
    page.click("button[type=submit]")
    assert page.is_visible("[data-rc-send]")
    assert page.is_hidden("[data-rc-problems]")

    issue = urlsplit(page.get_attribute("[data-rc-issue]", "href"))
    assert (issue.scheme, issue.netloc, issue.path) == (
        "https", "github.com", "/example-org/reporting-centres/issues/new")
    params = {key: value[0] for key, value in parse_qs(issue.query, keep_blank_values=True).items()}
    assert params.pop("template") == "become-a-centre.yml"
    assert params.pop("labels") == "new centre" == ISSUE_FORM["labels"][0]
    assert params.pop("title") == "New centre: Deane Community Library"
    assert list(params) == list(QUESTIONS)  # every question of the issue form, and nothing else
    assert params["address_lines"] == "Junction Road\nDeane"
    assert params["postcode"] == "bl3 4nu"  # as typed: the coordinator's tools tidy it
    assert params["reporting"] == "in_person, private_room"
    assert params["strands"] == "disability, race"  # in the form's order, not the order ticked
    assert params["hours_tuesday"] == "" and params["text_phone"] == ""

    mail = urlsplit(page.get_attribute("[data-rc-email]", "href"))
    assert mail.scheme == "mailto" and mail.path == "coordinator@example.org"
    query = parse_qs(mail.query)
    assert unquote(query["subject"][0]) == "New centre: Deane Community Library"
    body = unquote(query["body"][0])
    assert page.input_value("[data-rc-email-body]") == body
    headings = [line[4:] for line in body.splitlines() if line.startswith("### ")]
    assert headings == list(QUESTIONS.values())  # the same structured text as the issue
    assert "### Monday opening hours\n\n09:00-12:30, 13:30-17:00\n\n" in body
    assert "### Tuesday opening hours\n\n_No response_\n\n" in body
    assert body.endswith("### Your role (not your name)\n\nBranch librarian\n")
    assert session.other_hosts() == []

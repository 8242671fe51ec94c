"""Staff correct their centre without git: the form prefills, checks, and prepares an issue or email."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from helpers import FIXTURE_CENTRES, FIXTURE_CONFIG, ROOT, wait_until
from reporting_centres.config import project_from_mkdocs
from reporting_centres.update_form import FIELDS, form_versions
from reporting_centres.validate import load_centres


def library_values():
    from reporting_centres.public import public_centre
    from reporting_centres.update_form import form_values

    project = project_from_mkdocs(FIXTURE_CONFIG)
    centre = load_centres(project.region, project.root, [FIXTURE_CENTRES / "bolton-central-library.yml"])[0]
    return form_values(public_centre(centre, project.region))


def test_centre_page_links_to_the_prefilled_form_through_the_page_for_staff(shared_visit):
    page = shared_visit().open("centres/bolton-central-library/")
    page.click("text=For centre staff: brand kit and update form")
    page.wait_for_url("**/centres/bolton-central-library/staff/")
    page.click("text=suggest a change to these details")
    page.wait_for_url("**/update/?centre=bolton-central-library")
    wait_until(page, "document.querySelector('#rc-postcode').value !== ''")
    values = library_values()
    assert page.input_value("#rc-postcode") == values["postcode"] == "BL1 1SE"
    assert page.input_value("#rc-hours_wednesday") == "09:00-19:30"
    assert page.is_checked("#rc-strands-transgender")
    assert not page.is_checked("#rc-accessibility-bsl")
    assert page.input_value("#rc-verified_by") == ""


def test_bad_details_are_summarised_at_the_top_as_gov_uk_does(shared_visit):
    page = shared_visit().open("update/?centre=bolton-central-library")
    wait_until(page, "document.querySelector('#rc-postcode').value !== ''")
    title = page.title()
    page.fill("#rc-postcode", "BL1 XYZ")
    page.fill("#rc-website", "http://bolton-library.example.org/")
    page.fill("#rc-hours_monday", "9 till 5")
    page.click("button[type=submit]")
    summary = page.locator("[data-rc-problems]")
    assert summary.locator("h2").inner_text() == "There is a problem"
    assert page.evaluate("document.activeElement.hasAttribute('data-rc-problems')")  # focus moved to the summary
    assert page.title() == "Error: " + title
    links = summary.locator("a")
    assert [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())] == [
        ("Enter a real postcode, like BL1 1SE", "#rc-postcode"),
        ("Enter a web address that starts with https://, like https://example.org/", "#rc-website"),
        ("Monday opening hours is not like 09:00-17:00 (separate ranges with commas), 24 hours, by appointment or "
         "closed", "#rc-hours_monday"),
        ("Enter your role, like Centre manager", "#rc-verified_by"),
    ]
    assert page.is_hidden("[data-rc-send]")
    assert page.get_attribute("#rc-postcode", "aria-invalid") == "true"
    described = page.get_attribute("#rc-postcode", "aria-describedby").split()
    assert "rc-error-postcode" in described
    assert page.text_content("#rc-error-postcode") == "Error: Enter a real postcode, like BL1 1SE"
    links.nth(0).click()  # each entry takes you to its field
    assert page.evaluate("document.activeElement.id") == "rc-postcode"
    page.keyboard.press("Tab")  # and every input shows where the focus is
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_a_good_update_becomes_a_prefilled_issue_and_an_email(visit):
    session = visit()
    page = session.open("update/?centre=bolton-central-library")
    wait_until(page, "document.querySelector('#rc-postcode').value !== ''")
    page.fill("#rc-hours_saturday", "10:00-13:00")
    page.check("#rc-accessibility-bsl")
    page.check("#rc-remove-website")
    page.fill("#rc-verified_by", "Library Services Manager")
    page.click("button[type=submit]")
    assert page.is_visible("[data-rc-send]")

    issue = urlsplit(page.get_attribute("[data-rc-issue]", "href"))
    assert (issue.scheme, issue.netloc, issue.path) == (
        "https", "github.com", "/example-org/reporting-centres/issues/new")
    params = {key: value[0] for key, value in parse_qs(issue.query, keep_blank_values=True).items()}
    values = library_values()
    versions = form_versions(values)
    accessibility = values["accessibility"].replace("hearing_loop, quiet_room", "hearing_loop, bsl, quiet_room")
    assert params.pop("template") == "update-centre.yml"
    assert params.pop("labels") == "centre update"
    assert params.pop("title") == "Update: Bolton Central Library (bolton-central-library)"
    assert params == {  # only what changed, each with the version it was filled from; not ticked: "no"
        "centre": "bolton-central-library", "website": "remove this", "hours_saturday": "10:00-13:00",
        "accessibility": accessibility, "verified_by": "Library Services Manager",
        "base": " ".join(f"{name}:{versions[name]}" for name in ("website", "hours_saturday", "accessibility")),
        "checked": "no"}

    template = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "update-centre.yml").read_text())
    ids = {item["id"] for item in template["body"] if "id" in item}
    assert set(params) <= ids == {field.id for field in FIELDS}

    mail = urlsplit(page.get_attribute("[data-rc-email]", "href"))
    assert mail.scheme == "mailto" and mail.path == "coordinator@example.org"
    body = unquote(parse_qs(mail.query)["body"][0])
    assert "### Saturday opening hours\n\n10:00-13:00\n\n" in body
    assert "### Your role (not your name)\n\nLibrary Services Manager\n" in body
    assert body.endswith("### I have checked every detail of this centre\n\nno\n")
    assert page.input_value("[data-rc-email-body]") == body
    assert session.other_hosts() == []

    page.check("#rc-checked")  # a change after "Prepare my update" rebuilds the links
    assert "checked=yes" in page.get_attribute("[data-rc-issue]", "href")
    assert page.input_value("[data-rc-email-body]").endswith("centre\n\nyes\n")


def test_an_update_that_changes_nothing_needs_the_tick_and_an_emptied_detail_needs_remove(shared_visit):
    page = shared_visit().open("update/?centre=bolton-central-library")
    wait_until(page, "document.querySelector('#rc-postcode').value !== ''")
    page.fill("#rc-verified_by", "Centre manager")
    page.click("button[type=submit]")
    assert page.inner_text("[data-rc-problems] ul") == (
        "Change a detail, or tick \u201cI have checked every detail of this centre\u201d")
    page.fill("#rc-website", "")
    page.click("button[type=submit]")
    assert page.inner_text("[data-rc-problems] ul") == "Enter website, or tick \u201cRemove this\u201d"
    page.check("#rc-remove-website")
    assert page.is_disabled("#rc-website")
    page.click("button[type=submit]")
    assert page.is_visible("[data-rc-send]") and page.is_hidden("[data-rc-problems]")


def test_every_field_has_a_maxlength_and_a_maximal_update_still_makes_a_short_mailto_link(shared_visit):
    page = shared_visit().open("update/?centre=bolton-central-library")
    wait_until(page, "document.querySelector('#rc-postcode').value !== ''")
    lengths = page.eval_on_selector_all("form.rc-form input:not([type=checkbox]), form.rc-form textarea",
                                        "cs => cs.map(c => [c.name, c.maxLength])")
    assert lengths and all(length > 0 for _, length in lengths), lengths
    free = "form.rc-form input:not([type=checkbox]):not([data-rule]), form.rc-form textarea:not([data-rule])"
    page.eval_on_selector_all(free, "cs => cs.forEach(c => { c.value = 'ü'.repeat(c.maxLength); })")
    page.fill("#rc-verified_by", "Centre manager")
    page.click("button[type=submit]")
    assert page.is_visible("[data-rc-send]")
    href = page.get_attribute("[data-rc-email]", "href")
    assert len(href) < 2000
    assert page.is_visible("[data-rc-paste]")  # the page says to paste the text, which is all there
    assert "ü" * 600 in page.input_value("[data-rc-email-body]")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-rc-email-body]')).fontSize)")
    assert size >= 16


def test_an_unknown_centre_says_so_and_offers_the_list(shared_visit):
    page = shared_visit().open("update/?centre=no-such-centre")
    page.wait_for_selector("[data-rc-unknown]:not([hidden])")
    text = page.inner_text("[data-rc-unknown]")
    assert "We could not find that centre" in text and "no-such-centre" in text
    assert page.locator("#rc-centre option").count() > 1


def test_the_form_says_an_issue_is_public_and_champion_changes_go_by_email(shared_visit):
    page = shared_visit().open("update/?centre=bolton-central-library")
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


def test_the_browser_refuses_what_apply_issue_refuses(shared_visit):
    """The values of tests/apply_issue/invalid.md that the browser can check: each is caught before sending."""
    wrong = {"postcode": "BL1 XYZ", "phone": "0161 496 010", "email": "bolton-library.example.org",
             "website": "http://bolton-library.example.org/", "hours_monday": "9-5", "languages": "English, 123"}
    page = shared_visit().open("update/?centre=bolton-central-library")
    wait_until(page, "document.querySelector('#rc-postcode').value !== ''")
    for name, value in wrong.items():
        page.fill(f"#rc-{name}", value)
    page.click("button[type=submit]")
    invalid = page.eval_on_selector_all("[aria-invalid=true]", "controls => controls.map(c => c.name)")
    assert invalid == [*wrong, "verified_by"]  # and the role, left empty

"""The site in several languages: the catalogues a translator edits (translations/<code>.yml), and what
the fixture region's pages in Urdu (a right-to-left language) show."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURE_CONFIG, ROOT
from reporting_centres.errors import DataError
from reporting_centres.model import ACCESS_LABELS
from reporting_centres.pages.navigation import PREFIX, nav_titles, untranslated
from reporting_centres.translations import FOLDER, SOURCE, Status, load_catalogues, script_words_text

JS_TESTS = Path(__file__).parent / "js"
EVERY_LANGUAGE = sorted(path.stem for path in FOLDER.glob("*.yml"))


def catalogue_copy(tmp_path: Path, code: str, edit) -> Path:
    """The project's catalogues in ``tmp_path``, with ``code``'s text passed through ``edit``."""
    folder = tmp_path / "translations"
    shutil.copytree(FOLDER, folder)
    path = folder / f"{code}.yml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def problems(codes: list[str], folder: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_catalogues(codes, folder, display_root=folder.parent)
    return [str(problem) for problem in raised.value.problems]


def test_every_catalogue_has_every_english_string_and_nothing_else():
    catalogues = load_catalogues(EVERY_LANGUAGE)
    assert len(catalogues) >= 9, "English and at least eight of the region's main languages"
    for code, catalogue in catalogues.items():
        assert catalogue.strings.keys() == catalogues[SOURCE].strings.keys(), code


@pytest.mark.parametrize("config", [ROOT / "mkdocs.yml", FIXTURE_CONFIG], ids=["project", "fixture"])
def test_every_navigation_title_is_in_every_language(config):
    """mkdocs.yml's nav is the one navigation; each title is found by its English words among en.yml's nav.*
    entries, which every other catalogue must translate (the test above)."""
    nav = yaml.safe_load(config.read_text(encoding="utf-8"))["nav"]
    catalogues = load_catalogues(EVERY_LANGUAGE)
    assert untranslated(nav, catalogues[SOURCE], "mkdocs.yml") == []
    keys = {value: key for key, value in catalogues[SOURCE].strings.items() if key.startswith(PREFIX)}
    assert {"Find a centre", "All centres", "By borough", "Privacy"} <= set(nav_titles(nav))
    for code, catalogue in catalogues.items():
        for title in nav_titles(nav):
            assert catalogue.text(keys[title]), (code, title)
    assert catalogues["ur"].text(keys["Find a centre"]) == "سینٹر تلاش کریں"


def test_a_navigation_title_no_catalogue_has_is_an_error_saying_where_and_what_to_add():
    text = "site_name: x\nnav:\n  - Home: index.md\n  - Help and advice:\n      - faq.md\n"
    nav = yaml.safe_load(text)["nav"]
    found = [str(problem) for problem in untranslated(nav, load_catalogues([SOURCE])[SOURCE], "mkdocs.yml", text)]
    assert found == [
        "mkdocs.yml:5:0: nav: 'faq.md' has no title; give it one (- Title: faq.md) so that every site "
        "language can translate it",
        "mkdocs.yml:4:0: nav: no translation of 'Help and advice': add 'nav.help_and_advice: Help and advice' "
        "to translations/en.yml and translate it in every other language's catalogue"]


def test_every_translation_says_honestly_how_far_to_trust_it():
    for code, catalogue in load_catalogues(EVERY_LANGUAGE).items():
        assert catalogue.status == (Status.SOURCE if code == SOURCE else Status.DRAFT), code


def test_a_missing_string_is_an_error_naming_the_file_and_the_key(tmp_path):
    folder = catalogue_copy(tmp_path, "ur", lambda text: re.sub(r"\n  centre\.contact: [^\n]*", "", text))
    assert problems(["ur"], folder) == [
        "translations/ur.yml:4:1: strings.centre.contact: missing; translate en.yml's 'Contact' and add it"]


def test_a_string_english_lacks_is_an_error(tmp_path):
    folder = catalogue_copy(tmp_path, "ur", lambda text: text + "  centre.parking_note: پارکنگ\n")
    found = problems(["ur"], folder)
    assert len(found) == 1 and found[0].startswith("translations/ur.yml:")
    assert "strings.centre.parking_note: not in en.yml; remove it, or add it there first" in found[0]


def test_a_lost_placeholder_is_an_error(tmp_path):
    """A translation that drops {link} would drop the link to report online."""
    folder = catalogue_copy(tmp_path, "ur", lambda text: text.replace("آپ {link} بھی کر سکتے ہیں۔", "آپ بھی۔"))
    found = problems(["ur"], folder)
    assert len(found) == 1
    assert "strings.directory.by_borough: must use the same placeholders as en.yml: {link}" in found[0]


def test_a_status_must_be_one_of_the_known_ones(tmp_path):
    folder = catalogue_copy(tmp_path, "ur", lambda text: text.replace("status: draft", "status: finished"))
    assert problems(["ur"], folder) == ["translations/ur.yml:3:9: status: must be one of source, draft, reviewed"]


def test_a_site_language_without_a_catalogue_is_an_error(tmp_path):
    folder = catalogue_copy(tmp_path, "ur", lambda text: text)
    assert problems(["ur", "cy"], folder) == [
        "translations/cy.yml: no catalogue for the site language 'cy'; copy en.yml to cy.yml and translate its strings"]


def test_plural_forms_follow_each_language():
    catalogues = load_catalogues(["ur"])
    assert catalogues[SOURCE].text("boroughs.count", count=1) == "1 centre"
    assert catalogues[SOURCE].text("boroughs.count", count=3) == "3 centres"
    assert catalogues["ur"].text("boroughs.count", count=3) == "3 سینٹرز"


def test_the_names_and_directions_of_the_languages():
    catalogues = load_catalogues(EVERY_LANGUAGE)
    assert {code: catalogue.direction for code, catalogue in catalogues.items() if catalogue.direction == "rtl"} \
        == {"ar": "rtl", "ur": "rtl"}
    assert catalogues["ur"].name == "اردو" and catalogues[SOURCE].name == "English"


def test_english_names_the_accessibility_facets_as_the_forms_and_open_data_do():
    english = load_catalogues([SOURCE])[SOURCE]
    assert {facet: english.text(f"access.{facet}") for facet in ACCESS_LABELS} == ACCESS_LABELS


def test_the_node_tests_read_the_words_the_build_writes():
    current = script_words_text(load_catalogues([SOURCE])[SOURCE])
    assert (JS_TESTS / "strings.json").read_text(encoding="utf-8") == current, (
        "tests/js/strings.json is out of date: "
        "run .venv/bin/python -m reporting_centres.translations > tests/js/strings.json")


# ---- The fixture region's pages in Urdu (its mkdocs.yml has site_languages: [en, ur]) ----

def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_pages_in_urdu_are_right_to_left_and_say_so(built_site):
    for path in ("ur", "ur/directory", "ur/centres/bolton-central-library", "ur/boroughs/bolton", "ur/near",
                 "ur/near/BL1", "ur/what-happens", "ur/safety", "ur/privacy"):
        html = page(built_site, path)
        assert '<html lang="ur"' in html and '<body dir="rtl"' in html, path
    english = page(built_site, "centres/bolton-central-library")
    assert '<html lang="en"' in english and '<body dir="ltr"' in english


def test_each_version_links_to_the_others_by_hreflang(built_site):
    """In sitemap.xml, where search engines read them: hreflang links in a page's head make the theme's
    script fetch a sitemap below each one (eight missing files at every page load)."""
    urdu = page(built_site, "ur/centres/bolton-central-library")
    english = page(built_site, "centres/bolton-central-library")
    assert '<link rel="alternate" href' not in english + urdu
    site = "https://reporting-centres.example.org/"
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for shown in ("centres/bolton-central-library/", "ur/centres/bolton-central-library/"):
        entry = sitemap[sitemap.index(f"<loc>{site}{shown}</loc>"):]
        entry = entry[:entry.index("</url>")]
        assert re.findall(r'<xhtml:link rel="alternate" hreflang="(\w+)" href="([^"]+)"/>', entry) == [
            ("en", f"{site}centres/bolton-central-library/"), ("ur", f"{site}ur/centres/bolton-central-library/")]
    picker = re.findall(r'<a href="([^"]*)" hreflang="(\w+)" lang="\w+" class="md-select__link"[^>]*>([^<]*)</a>',
                        english)  # each language by its own name
    assert picker == [("./", "en", "English"), ("../../ur/centres/bolton-central-library/", "ur", "اردو")]


def test_every_urdu_page_shows_the_translation_status_in_urdu_and_in_english(built_site):
    catalogues = load_catalogues(["ur"])
    for path in sorted((built_site / "ur").rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        assert catalogues["ur"].text("language.status.draft") in html, path
        assert f'<p lang="en" dir="ltr">{catalogues[SOURCE].markup("language.status.draft")}' in html, path


def test_what_a_centre_wrote_stays_as_written_marked_as_english(built_site):
    html = page(built_site, "ur/centres/bolton-central-library")
    assert re.search(r'<p class="rc-lead" lang="en">Town-centre library with trained staff', html)
    assert '<span lang="en">Tuesdays and Thursdays</span>' in html
    assert "کھلنے کے اوقات" in html and "پیر" in html  # "Opening hours", and Monday in Urdu
    assert "Opening hours" not in html


def test_a_champions_role_is_marked_as_english_as_the_centre_wrote_it(built_site):
    html = page(built_site, "ur/centres/bolton-central-library")
    assert '<span lang="en">Library Services Manager</span>' in html


def test_the_description_search_engines_show_is_in_the_pages_language(built_site):
    words = load_catalogues(["ur"])["ur"]
    description = words.text("site.description", region="Irwell Valley")
    for path in ("ur", "ur/centres/bolton-central-library"):
        assert f'<meta name="description" content="{description}">' in page(built_site, path), path
    assert ('<meta name="description" content="Find a hate crime reporting centre near you in the Irwell Valley, '
            'or report hate crime online.">') in page(built_site, "directory")  # mkdocs.yml's, in English


def test_the_quick_exit_region_is_named_in_the_pages_language(built_site):
    words = load_catalogues(["ur"])["ur"]
    assert f'role="region" aria-label="{words.text("quick_exit.region")}"' in page(built_site, "ur/directory")
    assert 'role="region" aria-label="Leave this site quickly"' in page(built_site, "directory")


def test_the_footers_easy_read_link_is_english_and_marked_so_label_and_all(built_site):
    footer = '<nav class="rc-footer-links md-typeset" aria-label="Easy Read"'
    assert footer + ' lang="en" dir="ltr">' in page(built_site, "ur") and footer + ">" in page(built_site, "")


def test_the_themes_credit_in_english_is_marked_as_english(built_site):
    assert re.search(r'<span lang="en" dir="ltr">Made with\s*<a href="https://squidfunk', page(built_site, "ur"))


def test_a_language_cldr_cannot_name_in_the_pages_language_is_named_in_english_and_marked_so():
    from reporting_centres.pages.templating import environment

    template = environment().from_string("{% for code in codes %}<option{{ code | english_name_mark }}>"
                                         "{{ code | language_name }}</option>{% endfor %}")
    catalogues = load_catalogues(["ur"])
    assert template.render(codes=["bfi", "pl"], language=catalogues["ur"]) == (
        '<option lang="en">British Sign Language</option><option>پولش</option>')
    assert template.render(codes=["bfi"], language=catalogues[SOURCE]) == "<option>British Sign Language</option>"


def test_the_scripts_get_the_pages_words(built_site):
    """One file of the scripts' words per language, loaded before the scripts that read it."""
    html = page(built_site, "ur/directory")
    scripts = re.findall(r'<script src="([^"]+)"></script>', html)
    assert scripts.index("../../assets/rc/words/ur.js") < scripts.index("../../assets/rc/centres.js")
    text = (built_site / "assets" / "rc" / "words" / "ur.js").read_text(encoding="utf-8")
    words = json.loads(text.removeprefix("window.ReportingCentresWords = ").removesuffix(";\n"))
    assert words["lang"] == "ur" and words["strings"]["js.nearest.finding"] == "قریب ترین سینٹرز تلاش کیے جا رہے ہیں…"
    assert "assets/rc/words/en.js" in page(built_site, "directory")


def test_links_stay_in_the_visitors_language(built_site):
    html = page(built_site, "ur/centres/bolton-central-library")
    assert 'href="../../../ur/boroughs/bolton/"' in html and 'href="../../../ur/what-happens/"' in html
    assert 'href="../../../centres/bolton-central-library/staff/"' in html  # the staff's page is in English


def drawer(html: str) -> list[tuple[str, str]]:
    """The navigation drawer's links (where each goes, and its words) and its sections' titles (no link)."""
    nav = html.split('<nav class="md-nav md-nav--primary"', 1)[1].split('<div class="md-sidebar md-sidebar--second')[0]
    return [(link or "", " ".join(words.split())) for link, words in re.findall(
        r'(?:<a href="([^"]*)" class="md-nav__link[^"]*">|<label class="md-nav__link"[^>]*>)\s*'
        r'<span class="md-ellipsis">([^<]*)</span>', nav)]


def test_the_navigation_drawer_is_in_the_pages_language(built_site):
    """On a phone the drawer lists mkdocs.yml's nav: on an Urdu page its titles are in Urdu, right to left,
    and its links go to the Urdu pages, or to the English one where Urdu has none (the centres' staff pages)."""
    html = page(built_site, "ur/directory")
    assert '<html lang="ur"' in html and '<body dir="rtl"' in html
    assert drawer(html) == [
        ("../", "ہوم"), ("", "سینٹر تلاش کریں"), ("./", "تمام سینٹرز"), ("../boroughs/", "بورو کے لحاظ سے"),
        ("../near/", "پوسٹ کوڈ ڈسٹرکٹ کے لحاظ سے"), ("../what-happens/", "رپورٹ کرنے کے بعد کیا ہوتا ہے"),
        ("", "سینٹرز کے لیے"), ("../../core-commitments/", "بنیادی وعدے"), ("../../staff-training/", "عملے کی تربیت"),
        ("../../support-package/", "سینٹرز کے لیے مدد"), ("../../become-a-centre/", "رپورٹنگ سینٹر بنیں"),
        ("../safety/", "محفوظ رہنا"), ("../privacy/", "رازداری")]
    assert re.search(r'<li class="md-nav__item md-nav__item--active">\s*<a href="./"', html)  # the page shown
    english = drawer(page(built_site, "directory"))
    assert english[:3] == [("..", "Home"), ("", "Find a centre"), ("./", "All centres")]
    assert english[-1] == ("../privacy/", "Privacy")
    assert drawer(page(built_site, "ur/centres/bolton-central-library"))[2] == ("../../directory/", "تمام سینٹرز")


def test_pages_outside_the_navigation_have_a_drawer_for_their_own_folder_and_language(built_site):
    """The drawer is written once for all the pages outside the navigation in one folder and language:
    its links are still relative to each page's folder, in the page's language, with no page marked as shown."""
    centre = page(built_site, "centres/bolton-central-library")
    other = page(built_site, "centres/bury-town-hall-help-point")
    borough, urdu = page(built_site, "boroughs/bolton"), page(built_site, "ur/centres/bury-town-hall-help-point")
    assert ("../../boroughs/", "By borough") in drawer(centre) and drawer(centre) == drawer(other)
    assert ("../", "By borough") in drawer(borough)
    assert ("../../boroughs/", "بورو کے لحاظ سے") in drawer(urdu)
    for html in (centre, borough, urdu):
        assert "md-nav__item--active" not in html and "md-nav__link--active" not in html
    assert "md-nav__link--active" in page(built_site, "boroughs")  # a page in the navigation is marked


def test_the_home_page_links_to_the_home_page_in_each_language(built_site):
    home, urdu = page(built_site, ""), page(built_site, "ur")
    assert '<a href="ur/" hreflang="ur" lang="ur" class="md-select__link"' in home
    assert '<a href=".." hreflang="en" lang="en" class="md-select__link"' in urdu


def test_the_not_found_page_says_so_in_each_language_beside_its_home_page(built_site):
    """GitHub Pages serves one 404.html for every missing address, in the main language: a visitor who reads
    only Urdu finds "Page not found" in Urdu, right to left, with the link to the Urdu home page."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<li><span lang="ur" dir="rtl"><a href="/ur/" hreflang="ur">اردو</a>: صفحہ نہیں ملا</span></li>' in html


def test_the_demonstration_notice_links_to_true_vision_in_each_language(built_site):
    """The theme's templates do not escape by default: a link built in them must reach the page as a link."""
    for path, words in (("", "report online with True Vision"), ("ur", "True Vision پر آن لائن رپورٹ کریں")):
        notice = page(built_site, path).split('<aside class="rc-demo', 1)[1].split("</aside>", 1)[0]
        assert f'href="https://www.report-it.org.uk/">{words}</a>' in notice, path
        assert "&lt;a" not in notice

"""The Easy Read pages: built from brand/easy-read/pages.yml, a picture with a text alternative beside
every sentence, pictures in the brand's colours that draw no words and fetch nothing, linked from the
home page and every page's footer; mistakes in the source reported at their place."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import ROOT, centres_here, fixture_config, region_copy
from reporting_centres.config import region_from_extra
from reporting_centres.easy_read import FOLDER, SOURCE, load_easy_read
from reporting_centres.errors import DataError
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.svg import SVG_NAMESPACE, check_svg, external_references
from reporting_centres.pages.pictures import easy_read_pictures

BRAND = ROOT / "brand"
TOPICS = ["what-is-hate-crime", "how-to-report", "what-happens-next", "find-a-centre", "staying-safe"]
PAGES = ["easy-read/", *(f"easy-read/{slug}/" for slug in TOPICS)]


def region(**changes):
    config = fixture_config()
    extra = {**config["extra"], "reporting_centres": {**config["extra"]["reporting_centres"], **changes}}
    return region_from_extra(extra, site_url=config["site_url"])


class Rows(HTMLParser):
    """The Easy Read rows of a page: each row's picture (src, alt) and its sentence's text."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.in_text = False
        self.in_topics = False  # the index's list of topic pages, whose pictures are decorative (alt="")
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "ul" and "rc-easy-read" in (attributes.get("class") or ""):
            self.in_topics = "rc-easy-read--topics" in (attributes.get("class") or "")
        if tag == "li" and attributes.get("class") == "rc-easy-read__row":
            self.rows.append({"text": "", "topic": self.in_topics})
        elif tag == "img" and attributes.get("class") == "rc-easy-read__picture" and self.rows:
            self.rows[-1].update(src=attributes["src"], alt=attributes.get("alt"))
        elif tag == "p" and attributes.get("class") == "rc-easy-read__text":
            self.in_text = True
        elif tag == "a":
            self.links.append(attributes.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_text = False

    def handle_data(self, data):
        if self.in_text and self.rows:
            self.rows[-1]["text"] += data


def rows_of(site: Path, path: str) -> Rows:
    parser = Rows()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parser


def test_every_page_is_built_with_a_picture_and_its_text_alternative_beside_every_sentence(built_site):
    source = load_easy_read(BRAND, region())
    assert [page.slug for page in source.pages] == TOPICS
    for path in PAGES:
        page = rows_of(built_site, path)
        assert len(page.rows) >= 2, path
        for row in page.rows:
            picture = built_site / path / row["src"]
            assert picture.resolve().is_file() and picture.suffix == ".svg", (path, row)
            assert row["text"].strip(), (path, row)
            assert row["alt"] if not row["topic"] else row["alt"] == "", (path, row)  # the link's words say it all
        assert len([row for row in page.rows if not row["topic"]]) >= 2, path
    html = (built_site / "easy-read" / "how-to-report" / "index.html").read_text(encoding="utf-8")
    assert ('You <strong>do not have to give your name</strong>.' in html
            and '<a href="tel:08001381625">0800 138 1625</a>' in html)  # Stop Hate UK: the fixture region has it


def test_the_pages_use_the_visitor_layout_and_are_linked_from_the_home_page_and_every_footer(built_site):
    for path in PAGES:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert 'data-md-type="navigation" hidden' in html, path  # no documentation navigation
        assert "<em>" not in html.split('class="rc-easy-read-page"')[1], path  # Easy Read uses no italics
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="easy-read/">Easy Read</a>' in home.split('<div class="md-content"')[1]
    for page in ("index.html", "core-commitments/index.html", "centres/bolton-central-library/index.html",
                 "404.html"):
        footer = (built_site / page).read_text(encoding="utf-8").split('class="rc-footer-links')[1]
        assert re.search(r'<a href="[./]*/?easy-read/">Easy Read</a>', footer.split("</nav>")[0]), page
    topics = rows_of(built_site, "easy-read/")
    assert [link for link in topics.links if re.fullmatch(r"[a-z-]+/", link)][:5] == [f"{slug}/" for slug in TOPICS]


def test_the_pictures_are_valid_svg_in_the_brands_colours_with_no_words_and_nothing_fetched():
    brand = load_brand(BRAND)
    source = load_easy_read(BRAND, region())
    pictures = easy_read_pictures(source, brand)
    drawn = {path.stem for path in (BRAND / FOLDER).glob("*.svg") if not path.name.startswith("_")}
    assert {Path(path).stem for path in pictures} == drawn == set(source.pictures)
    colours = {value.casefold() for value in brand.colours.model_dump().values()} | {"none"}
    for path, svg in pictures.items():
        root = check_svg(svg.encode("utf-8"), path)  # well-formed, nothing outside itself
        assert external_references(root) == [], path
        tags = {element.tag.removeprefix(f"{{{SVG_NAMESPACE}}}") for element in root.iter()}
        assert tags <= {"svg", "g", "path", "circle", "ellipse", "rect"}, (path, tags)  # shapes: no words, no styles
        painted = {element.get(name).casefold() for element in root.iter() for name in ("fill", "stroke")
                   if element.get(name)}
        assert painted <= colours, (path, painted - colours)
        widths = {float(element.get("stroke-width")) for element in root.iter() if element.get("stroke-width")}
        assert brand.easy_read.line_width in widths, path
        assert root.get("viewBox") == "0 0 100 100", path


def test_every_row_names_a_picture_with_a_text_alternative():
    source = load_easy_read(BRAND, region())
    rows = [*source.rows, *(row for page in source.pages for row in page.rows)]
    assert rows and all(source.pictures.get(row.picture) for row in rows)
    assert all((BRAND / FOLDER / f"{row.picture}.svg").is_file() for row in rows)
    assert all(len("".join(piece.text for piece in row.pieces)) <= 150 for row in rows)


def test_rows_about_stop_hate_uk_are_left_out_where_the_region_has_none():
    with_line = load_easy_read(BRAND, region())
    without = load_easy_read(BRAND, region(stop_hate_uk=None))
    assert "Stop Hate UK" in str(with_line.pages[1]) and "Stop Hate UK" not in str(without.pages[1])
    assert len(without.pages[1].rows) == len(with_line.pages[1].rows) - 1


def brand_with_source(tmp_path: Path, replace: tuple[str, str]) -> Path:
    brand = tmp_path / "brand"
    shutil.copytree(BRAND / FOLDER, brand / FOLDER)
    source = brand / FOLDER / SOURCE
    text = source.read_text(encoding="utf-8")
    assert replace[0] in text, replace[0]
    source.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    return brand


def line_of(text: str) -> int:
    return next(number for number, line in enumerate((BRAND / FOLDER / SOURCE).read_text(encoding="utf-8")
                                                      .splitlines(), 1) if text in line)


@pytest.mark.parametrize(("replace", "field", "message"), [
    (("      - picture: disability\n        text: It could",
      "      - picture: wheelchair\n        text: It could"),
     "pages[0].rows[1].picture", "'wheelchair' is not one of the pictures listed under pictures:"),
    (("text: It could be because you have a disability.", "text: It could be *because* you have a disability."),
     "pages[0].rows[1].text", "has a lone * or _: Easy Read uses no italics; make key words bold with **two stars** "
                              "either side"),
    (("[list of centres](directory/)", "[list of centres](http://example.org/)"),
     "pages[3].rows[2].text", "the link to 'http://example.org/' should go to an https:// address, a phone number "
                              "(tel:999) or a page of this site (e.g. directory/)"),
    (("text: Tell someone you trust.", "text: " + "Tell someone you trust, " * 7 + "today."),
     "pages[4].rows[5].text", "is 174 characters; Easy Read sentences are short: split it (at most 150)"),
    (("  witness: An eye\n", ""), "pictures", "witness.svg has no text alternative; add 'witness: what it shows'"),
])
def test_mistakes_in_the_source_are_reported_at_their_place(tmp_path, replace, field, message):
    brand = brand_with_source(tmp_path, replace)
    with pytest.raises(DataError) as raised:
        load_easy_read(brand, region())
    problems = [problem for problem in raised.value.problems if problem.field == field]
    assert [problem.message for problem in problems] == [message], raised.value.report()
    assert problems[0].file == f"brand/{FOLDER}/{SOURCE}" and problems[0].line > 0


def test_a_picture_that_draws_words_is_refused(tmp_path):
    brand = brand_with_source(tmp_path, ("", ""))
    picture = brand / FOLDER / "clock.svg"
    picture.write_text(picture.read_text(encoding="utf-8").replace(
        "{{ part.close() }}", '<text x="10" y="90">Open</text>\n{{ part.close() }}'), encoding="utf-8")
    with pytest.raises(DataError, match=r"brand/easy-read/clock.svg: draws words; Easy Read pictures hold none"):
        easy_read_pictures(load_easy_read(brand, region()), load_brand(BRAND))


def test_centres_validate_checks_the_easy_read_source_too(tmp_path):
    project = region_copy(tmp_path, "bury-town-hall-help-point")
    source = project / "brand" / FOLDER / SOURCE
    source.write_text(source.read_text(encoding="utf-8").replace(
        "text: Tell someone you trust.", "text: Tell _someone_ you trust."), encoding="utf-8")
    result = centres_here(["--config", str(project / "mkdocs.yml"), "validate"], cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"brand/easy-read/pages.yml:{line_of('Tell someone you trust.')}:15: pages[4].rows[5].text: has a lone * or "
        "_: Easy Read uses no italics; make key words bold with **two stars** either side")

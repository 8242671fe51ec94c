"""Fill the page templates in ``templates/`` beside this module.

Autoescaping is always on: everything a centre types is text, never markup. Every page receives
the directory of public projections (``PublicCentre``) and what else it shows, passed explicitly:
a centre's staff page gets its brand kit's downloads as an argument, never from a global.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .. import rules
from ..derive import Borough, Directory
from ..easy_read import EasyRead, EasyReadPage
from ..exports import OPEN_DATA
from ..join_form import join_form
from ..kits import KitPlan
from ..model import ACCESS_LABELS, WEEKDAYS, Strand, language_name
from ..places import approximate_miles, area, area_boroughs, centre_districts, nearest_to
from ..public import PublicCentre
from ..script_rules import script_rules
from ..translations import SOURCE, Catalogue
from ..update_form import UPDATE
from . import maps
from .kept import code_digest, key_of
from .pictures import picture_path
from .search_text import NOT_SEARCHED, SEARCHED


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reporting_centres.pages", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["language_name"] = visitor_language_name
    env.filters["autonym"] = own_name
    env.filters["english_name_mark"] = english_name_mark
    env.filters["language_attributes"] = language_attributes
    env.filters["counted"] = lambda items, noun: f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"  # staff pages
    env.filters["tel"] = tel_link
    env.filters["sms"] = sms_link
    env.filters["mailto"] = mailto_link
    env.filters["long_date"] = long_date
    env.filters["day_name"] = day_name
    env.filters["hours_data"] = hours_data
    env.filters["json_ld"] = json_ld
    env.filters["truthy_fields"] = lambda record: [name for name, value in record if value is True]
    env.filters["language_codes"] = lambda centres: sorted(
        {language.code for centre in centres for language in centre.languages}, key=language_name)
    env.globals.update(WEEKDAYS=WEEKDAYS, STRANDS=list(Strand), ACCESS_FACETS=list(ACCESS_LABELS),
                       parse_day=rules.parse_day, OPEN_DATA=OPEN_DATA, SCRIPT_RULES=script_rules(),
                       NOT_SEARCHED=NOT_SEARCHED, SEARCHED=SEARCHED,  # see search_text.py
                       FIRST_SCREEN_READ=FIRST_SCREEN_READ)
    return env


@cache  # the same few languages on a thousand pages
def autonym(code: str) -> str:
    """A language's name in itself ("اردو" for ur), from Babel's CLDR data; "" where it has none, or
    where it is the English name (as for English)."""
    from babel import Locale, UnknownLocaleError  # loaded when a page first names a language

    try:
        name = Locale.parse(code).get_display_name(code) or ""
    except (UnknownLocaleError, ValueError):
        return ""
    return "" if name.casefold() == language_name(code).casefold() else name


RIGHT_TO_LEFT_SCRIPTS = {"Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"}  # ISO 15924


def text_direction(tag: str) -> str:
    """"rtl" for a language tag whose script runs right to left ("ur", "ar", "pa-Arab"), else "ltr": the
    tag's script if it names one, else the language's usual script, from Babel's CLDR data."""
    from babel import Locale, UnknownLocaleError

    parts = tag.split("-")
    script = next((part for part in parts[1:] if len(part) == 4), None)
    if script:
        return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    try:
        return "rtl" if Locale.parse(parts[0]).character_order == "right-to-left" else "ltr"
    except (UnknownLocaleError, ValueError):
        return "ltr"


def language_attributes(tag: str | None) -> Markup:
    """` lang="…"`, and ` dir="rtl"` where the language's script runs right to left, for text in another
    language than the page's; nothing without a tag."""
    if not tag:
        return Markup("")
    return Markup(' lang="{}"{}').format(tag, Markup(' dir="rtl"') if text_direction(tag) == "rtl" else "")


@pass_context
def own_name(context: Context, code: str) -> str:
    """A language's name in itself, where the page does not already call it that."""
    name = autonym(code)
    return "" if name.casefold() == visitor_language_name(context, code).casefold() else name


@pass_context
def visitor_language_name(context: Context, code: str) -> str:
    """A language's name in the page's language: English's names are the validator's (``rules.LANGUAGES``),
    the others CLDR's (through Babel)."""
    page: Catalogue = context["language"]
    if page.code == SOURCE:
        return language_name(code)
    return cldr_language_name(code, page.code) or language_name(code)


@pass_context
def english_name_mark(context: Context, code: str) -> Markup:
    """` lang="en"` where ``language_name`` falls back to English on a page in another language (CLDR
    names no language "bfi", British Sign Language, in Urdu), else nothing."""
    page: Catalogue = context["language"]
    if page.code == SOURCE or cldr_language_name(code, page.code):
        return Markup("")
    return Markup(' lang="{}"').format(SOURCE)


@cache
def cldr_language_name(code: str, in_language: str) -> str:
    """The name of language ``code`` in language ``in_language``, from Babel's CLDR data; "" where it has none."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name(in_language) or ""
    except (UnknownLocaleError, ValueError):
        return ""


@pass_context
def long_date(context: Context, day) -> str:
    """"1 March 2025" in English, and each language's own long date (CLDR's, through Babel)."""
    page: Catalogue = context["language"]
    if page.code == SOURCE:
        return f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=page.code)


@pass_context
def day_name(context: Context, day: str) -> str:
    """"Monday" for "monday", in the page's language."""
    page: Catalogue = context["language"]
    if page.code == SOURCE:
        return day.capitalize()
    from babel.dates import get_day_names

    return str(get_day_names("wide", locale=page.code)[WEEKDAYS.index(day)])


def approximate_distance(km: float, language: Catalogue) -> str:
    """As ``approximateDistanceText`` in rc/lib.js: a distance from the middle of a district, roughly."""
    miles = approximate_miles(km)
    if miles == 0:
        return language.text("js.distance.under_half_mile")
    if miles == 0.5:
        return language.text("js.distance.half_mile")
    return language.text("js.distance.about_miles", count=int(miles))


def tel_link(number: str) -> str:
    """A ``tel:`` link: the number's digits and a leading +, nothing a dialler could read as more."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return "tel:" + ("+" if number.strip().startswith("+") else "") + quote(digits, safe="")


def sms_link(number: str) -> str:
    """An ``sms:`` link, for a number that takes text messages (a Deaf visitor cannot use a ``tel:`` one)."""
    return "sms:" + tel_link(number).removeprefix("tel:")


def mailto_link(address: str) -> str:
    """A ``mailto:`` link to one address, URL-encoded so that nothing in it reads as a header (``rules.py``
    refuses addresses with ? % & = #; this is the second guard)."""
    return "mailto:" + quote(address, safe="@")


def hours_data(centre: PublicCentre) -> str:
    """Opening hours as compact JSON for the browser, which alone knows what time it is now."""
    days = {day: rules.parse_day(getattr(centre.hours, day)) for day in WEEKDAYS}
    closures = [[c.start.isoformat(), c.end.isoformat()] for c in centre.hours.closures]
    return json.dumps({"days": days, "closures": closures, "status": centre.status.value},
                      separators=(",", ":"), ensure_ascii=False)


def json_ld(centre: PublicCentre, url: str) -> dict:
    """schema.org data for search engines; only public fields, like everything else here."""
    address = centre.address
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": centre.name,
        "description": centre.description,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(address.lines),
            "addressLocality": address.town,
            "addressRegion": address.borough,
            "postalCode": address.postcode,
            "addressCountry": "GB",
        },
        "location": {"@type": "Place", "geo": {"@type": "GeoCoordinates",
                                               "latitude": address.latitude, "longitude": address.longitude}},
        "parentOrganization": {"@type": "Organization", "name": centre.organisation},
        "knowsLanguage": [language.code for language in centre.languages],
    }
    if centre.other_names:
        data["alternateName"] = [{"@value": other.text, "@language": other.lang} for other in centre.other_names]
    if centre.status.value != "closed":
        data["openingHoursSpecification"] = opening_hours_specification(centre)
        closures = [{"@type": "OpeningHoursSpecification", "validFrom": c.start.isoformat(),
                     "validThrough": c.end.isoformat(), "opens": "00:00", "closes": "00:00"}
                    for c in centre.hours.closures]
        if closures:
            data["specialOpeningHoursSpecification"] = closures
    voice = [phone.number for phone in centre.contact.phones if phone.type.value == "voice"]
    if voice:
        data["telephone"] = voice[0]
    if centre.contact.email:
        data["email"] = centre.contact.email
    if centre.contact.website:
        data["sameAs"] = centre.contact.website
    return data


def opening_hours_specification(centre: PublicCentre) -> list[dict]:
    """schema.org's opening hours: one entry per day and range ("24 hours" is 00:00 to 23:59, as
    schema.org asks; a range to midnight closes at 23:59 too). Days by appointment or closed have none."""
    entries = []
    for day in WEEKDAYS:
        hours = rules.parse_day(getattr(centre.hours, day))
        ranges = [("00:00", "24:00")] if hours == rules.ALL_DAY else hours if isinstance(hours, list) else []
        for start, end in ranges:
            entries.append({"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{day.capitalize()}",
                            "opens": start, "closes": "23:59" if end == "24:00" else end})
    return entries


ENGLISH_ONLY = ("update/", "join/", "printers/", "certificates/", "easy-read/")  # in the main language only


@dataclass(frozen=True)
class PageLanguage:
    """The language a page is in, and where that language's pages are: "" for the site's main
    language, "ur/" for Urdu's."""

    catalogue: Catalogue
    folder: str = ""
    fragments: dict[tuple, Markup] = field(default_factory=dict, compare=False, repr=False)  # see ``fragment``

    def page(self, target: str) -> str:
        """The site path of page ``target`` ('centres/foo/') in this language: every visitor page has one;
        staff pages and files ('data/...json') are the same for every language."""
        if (not self.folder or not (target == "" or target.endswith("/")) or target.startswith(ENGLISH_ONLY)
                or target.endswith("/staff/")):  # a centre's page for its staff
            return target
        return self.folder + target


def render(template: str, here: str, directory: Directory, language: PageLanguage, **values) -> str:
    """Fill ``template`` in ``language`` for the page at site path ``here`` (from the site's root, with
    the language's folder)."""
    up = "../" * here.count("/")  # from this page's folder back to the site's root

    def link(target: str) -> str:
        """A link from this page to another site path such as 'centres/foo/' (in this page's language,
        where it has one): down from here, or up to the root and down."""
        target = language.page(target)
        if target == here:
            return "."
        return target[len(here):] if target.startswith(here) else up + target or "./"

    catalogue = language.catalogue
    translated = catalogue.code != SOURCE
    as_written = Markup(f' lang="{SOURCE}"') if translated else Markup("")

    def written(text: str) -> Markup:
        """What a centre wrote, as it wrote it: marked as English on a page in another language."""
        return Markup('<span lang="{}">{}</span>').format(SOURCE, text) if translated else Markup(escape(text))

    shared = {"region": directory.region, "t": catalogue.words, "language": catalogue,
              "call_999": Markup('<a href="tel:999">999</a>'), "call_101": Markup('<a href="tel:101">101</a>')}

    def fragment(name: str, **variables: str) -> Markup:
        """A part that is the same on every page in this language (the ways to report, 999): filled once
        per build and language, not once per page. It sees the region and the words, never ``link``."""
        key = (name, *sorted(variables.items()))
        if key not in language.fragments:
            language.fragments[key] = Markup(environment().get_template(name).render(**shared, **variables))
        return language.fragments[key]

    return environment().get_template(template).render(
        link=link, here=here, directory=directory, as_written=as_written, written=written, fragment=fragment,
        **shared, **values)


def directory_page(directory: Directory, language: PageLanguage, here: str) -> str:
    places = {"districts": centre_districts(directory.centres), "areas": area_boroughs(directory.centres)}
    return render("directory.html", here, directory, language, centres=directory.centres, places=places,
                  map_view=maps.directory_map(directory))


def easy_read_page(directory: Directory, easy_read: EasyRead, topic: EasyReadPage | None, language: PageLanguage,
                   here: str) -> str:
    """The Easy Read index (``topic`` None) or one of its topic pages."""
    return render("easy_read.html", here, directory, language, easy_read=easy_read, topic=topic, picture=picture_path)


def boroughs_page(directory: Directory, language: PageLanguage, here: str) -> str:
    return render("boroughs.html", here, directory, language)


def borough_page(directory: Directory, borough: Borough, language: PageLanguage, here: str) -> str:
    return render("borough.html", here, directory, language, borough=borough,
                  map_view=maps.borough_map(borough) if borough.centres else None)


def districts_page(directory: Directory, districts: list[str], language: PageLanguage, here: str) -> str:
    by_area: dict[str, list[str]] = {}
    for code in districts:
        by_area.setdefault(area(code), []).append(code)
    return render("districts.html", here, directory, language, by_area=by_area)


def district_page(directory: Directory, code: str, point: tuple[float, float], language: PageLanguage,
                  here: str) -> str:
    nearest = [(centre, approximate_distance(km, language.catalogue))
               for centre, km in nearest_to(point, directory.grid, 5)]
    return render("district.html", here, directory, language, code=code, nearest=nearest)


# Where a page's first screen ends (the home page's postcode box, the open-now lines of a centre or a list):
# theme/main.html holds the page's first drawing until the browser has read this far, so nothing there moves.
FIRST_SCREEN_READ = Markup('<span id="rc-first-screen-read" hidden></span>')

HOME_FIND = "<div data-rc-home-find></div>"  # where a page of the docs wants the postcode box


def with_postcode_box(directory: Directory, html: str, language: PageLanguage, here: str) -> str:
    """A page of the docs (the home page) with its postcode box in place of ``HOME_FIND``, if it has one."""
    if HOME_FIND not in html:
        return html
    places = {"districts": centre_districts(directory.centres), "areas": area_boroughs(directory.centres)}
    return html.replace(HOME_FIND, render("_home_find.html", here, directory, language, places=places).strip(), 1)


def update_page(directory: Directory, language: PageLanguage, here: str) -> str:
    return render("update.html", here, directory, language, form=UPDATE)


def join_page(directory: Directory, language: PageLanguage, here: str) -> str:
    return render("join.html", here, directory, language, form=join_form(directory.region))


def centre_page(directory: Directory, centre: PublicCentre, staff_kit: bool, language: PageLanguage,
                here: str) -> str:
    """What a visitor needs; ``staff_kit`` says whether the link for staff leads to a brand kit too."""
    return render("centre.html", here, directory, language, centre=centre, staff_kit=staff_kit,
                  borough=directory.borough(centre.address.borough),
                  nearby=directory.nearby[centre.slug], freshness=directory.freshness[centre.slug],
                  map_view=maps.centre_map(centre))


class CentrePageKeys:
    """The key (``kept.py``) of each centre page of one build: everything ``centre_page`` reads. Each
    centre is written out once, since it is also its neighbours' neighbour."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.shared = f"{code_digest()}\0{directory.region!r}\0{directory.today.isoformat()}"
        self._written: dict[str, str] = {}

    def key(self, centre: PublicCentre, staff_kit: bool, language: PageLanguage, here: str) -> str:
        neighbours = self.directory.nearby[centre.slug]
        borough = self.directory.borough(centre.address.borough)
        return key_of(self.shared, "centre page", language.catalogue.code, language.folder, here, str(staff_kit),
                      self._written_out(centre), repr((borough.name, borough.slug)),
                      repr(self.directory.freshness[centre.slug]),
                      *(f"{self._written_out(neighbour.centre)}\0{neighbour.km!r}" for neighbour in neighbours))

    def _written_out(self, centre: PublicCentre) -> str:
        written = self._written.get(centre.slug)
        if written is None:
            written = self._written[centre.slug] = repr(centre)
        return written


def printers_page(directory: Directory, plan: KitPlan, language: PageLanguage, here: str) -> str:
    return render("printers.html", here, directory, language, kit=plan)


def certificates_page(directory: Directory, plan: KitPlan, language: PageLanguage, here: str) -> str:
    return render("certificates.html", here, directory, language, certificates=plan.certificates(directory.centres))

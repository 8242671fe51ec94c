"""Centre pages kept between builds (pages/kept.py): a page's key must name everything the page reads,
or a rebuild would publish it out of date."""

from __future__ import annotations

import datetime as dt

from helpers import fixture_centres, fixture_config
from reporting_centres.config import region_from_extra
from reporting_centres.derive import build_directory
from reporting_centres.model import Centre
from reporting_centres.pages.generated import page_languages
from reporting_centres.pages.kept import KeptPages
from reporting_centres.pages.templating import CentrePageKeys, centre_page
from reporting_centres.translations import load_catalogues

TODAY = dt.date(2026, 11, 25)


def region():
    config = fixture_config()
    return region_from_extra(config["extra"], site_url=config["site_url"])


def directory(changes: dict[str, dict] | None = None):
    """The fixture region's directory, with ``changes`` made to the centres they name, by slug."""
    centres = []
    for slug, data in fixture_centres().items():
        centres.append(Centre.model_validate({**data, **(changes or {}).get(slug, {})}, context={"region": region()}))
    return build_directory(region(), centres, TODAY)


def page_and_key(built, slug: str) -> tuple[str, str]:
    language = page_languages(load_catalogues(["en"]))[0]
    centre = next(centre for centre in built.centres if centre.slug == slug)
    here = f"centres/{slug}/"
    return centre_page(built, centre, True, language, here), CentrePageKeys(built).key(centre, True, language, here)


def test_a_centre_page_reads_nothing_its_key_does_not_name():
    """Every centre but the page's own and its neighbours is changed (name, description, hours): its
    borough's list of centres changes with them; the page must be the same, byte for byte."""
    before = directory()

    def shown_on(slug: str) -> set[str]:
        return {slug, *(neighbour.centre.slug for neighbour in before.nearby[slug])}

    slug = next(centre.slug for centre in before.centres  # one whose borough has a centre the page does not show
                if {c.slug for c in before.borough(centre.address.borough).centres} - shown_on(centre.slug))
    shown = shown_on(slug)
    others = {other.slug: {"name": f"Renamed {other.name}", "description": "Changed.",
                           "hours": {"monday": "closed"}}
              for other in before.centres if other.slug not in shown}
    assert others, "the fixture region needs a centre that is neither the page's nor a neighbour"
    after = directory(others)
    assert after.nearby[slug] and [n.centre.slug for n in after.nearby[slug]] == [n.centre.slug
                                                                                   for n in before.nearby[slug]]
    assert page_and_key(after, slug) == page_and_key(before, slug)


def test_a_neighbours_edit_changes_the_key_and_the_page():
    before = directory()
    slug = before.centres[0].slug
    neighbour = before.nearby[slug][0].centre.slug
    after = directory({neighbour: {"name": "A New Name For The Neighbour"}})
    page, key = page_and_key(after, slug)
    assert "A New Name For The Neighbour" in page
    assert key != page_and_key(before, slug)[1]


def test_kept_pages_are_taken_again_and_only_this_builds_are_kept(tmp_path):
    path = tmp_path / ".cache" / "pages.pickle"
    first = KeptPages(path)
    assert first.page("a", lambda: "page a") == "page a"
    assert first.page("b", lambda: "page b") == "page b"
    first.save()

    drawn = []
    again = KeptPages(path)
    assert again.page("a", lambda: drawn.append("a") or "other") == "page a"  # kept: not drawn again
    assert again.page("c", lambda: drawn.append("c") or "page c") == "page c"
    assert drawn == ["c"]
    again.save()
    kept = KeptPages(path)
    assert set(kept.remembered.known) == {"a", "c"}  # b was not in this build
    assert kept.page("c", lambda: "drawn again") == "page c"

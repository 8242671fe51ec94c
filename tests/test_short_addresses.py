"""Printed addresses that last: every centre's short code (c/<code>/) and its earlier slugs
(centres/<old-slug>/) are static pages that send visitors on to its page, with no script."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from helpers import FIXTURE_CENTRES, fixture_centres, fixture_config
from reporting_centres.config import region_from_extra
from reporting_centres.derive import build_directory
from reporting_centres.model import Centre
from reporting_centres.pages import redirect_pages
from reporting_centres.pages.security import inline_script_hashes

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=(?P<target>[^"]+)">')


def region():
    config = fixture_config()
    return region_from_extra(config["extra"], site_url=config["site_url"])


def test_every_fixture_centre_has_a_code_of_its_own():
    codes = [centre["code"] for centre in fixture_centres().values()]
    assert len(set(codes)) == len(codes) == len(fixture_centres())


def test_each_code_leads_to_its_centres_page_without_a_script(built_site):
    for slug, centre in fixture_centres().items():
        for code in (centre["code"], centre["code"].lower()):  # typed in small letters, it works too
            page = (built_site / "c" / code / "index.html").read_text(encoding="utf-8")
            assert REFRESH.search(page)["target"] == f"../../centres/{slug}/", code
            assert f'<a href="../../centres/{slug}/">' in page
            assert (built_site / "c" / code / "../../centres" / slug / "index.html").is_file()
            assert "<script" not in page and not inline_script_hashes(page)
            assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in page


def test_earlier_slugs_lead_to_the_centres_page():
    data = yaml.safe_load((FIXTURE_CENTRES / "bolton-central-library.yml").read_text(encoding="utf-8"))
    data.update(slug="bolton-library", moved_from=["bolton-central-library", "bolton-old-library"])
    centre = Centre.model_validate(data, context={"region": region()})
    pages = redirect_pages(build_directory(region(), [centre], dt.date(2026, 11, 25)))
    code = data["code"]
    assert sorted(pages) == sorted([f"c/{code}/index.html", f"c/{code.lower()}/index.html",
                                    "centres/bolton-central-library/index.html",
                                    "centres/bolton-old-library/index.html"])
    for old in data["moved_from"]:
        assert REFRESH.search(pages[f"centres/{old}/index.html"])["target"] == "../bolton-library/"
    assert REFRESH.search(pages[f"c/{code}/index.html"])["target"] == "../../centres/bolton-library/"
    assert '<link rel="canonical" href="https://reporting-centres.example.org/centres/bolton-library/">' in pages[
        f"c/{code}/index.html"]


def test_a_centre_without_a_code_has_no_short_address():
    data = yaml.safe_load((FIXTURE_CENTRES / "bolton-central-library.yml").read_text(encoding="utf-8"))
    del data["code"]
    centre = Centre.model_validate(data, context={"region": region()})
    assert redirect_pages(build_directory(region(), [centre], dt.date(2026, 11, 25))) == {}

"""brand/brand.yml and the templates beside it: valid, self-contained, and clear when wrong."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import ROOT
from reporting_centres.errors import DataError
from reporting_centres.kits import plan_kits
from reporting_centres.kits.brand import load_brand

BRAND = ROOT / "brand"


def test_the_brand_loads_with_every_item_the_issue_asks_for():
    brand = load_brand(BRAND)
    assert set(brand.items) == {"sticker-outside", "sticker-inside", "certificate", "poster", "badge", "email-banner"}
    assert brand.items["sticker-inside"].mirrored and not brand.items["sticker-outside"].mirrored
    assert brand.items["certificate"].size == (297, 210) and brand.items["poster"].size == (210, 297)
    assert brand.bleed_mm == 3 and brand.safe_mm == 5 and brand.qr.min_symbol_mm >= 20
    assert brand.fonts.family == "Noto Sans"


def test_templates_and_logo_refer_to_nothing_outside_themselves():
    for path in sorted(BRAND.glob("*.svg")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""href\s*=\s*["'](?!#)""", text), path.name
        assert not re.search(r"""url\(\s*["']?(?!#)""", text), path.name
        for forbidden in ("<image", "<script", "<foreignObject", "@import", "<!ENTITY", "<!DOCTYPE"):
            assert forbidden not in text, (path.name, forbidden)


def test_the_brand_folder_comes_from_the_regions_settings(tmp_path):
    from kits.conftest import region

    shutil.copytree(BRAND, tmp_path / "own-brand")
    own = region().model_copy(update={"brand_dir": "own-brand"})
    assert plan_kits(own, [], tmp_path).brand_dir == tmp_path / "own-brand"
    with pytest.raises(DataError) as missing:
        plan_kits(region().model_copy(update={"brand_dir": "brand"}), [], tmp_path)  # tmp_path has no brand/
    assert "brand/brand.yml: no such file" in missing.value.report()


@pytest.mark.parametrize(("change", "expected"), [
    (("primary: \"#4B2A85\"", "primary: purple"), "colours.primary: String should match pattern"),
    (("uses: [name, url]", "uses: [name, champion]"), "unknown centre field 'champion'"),
    (("template: poster.svg", "template: posterr.svg"), "items.poster.template: 'posterr.svg' is not in brand/"),
    (("bleed_mm: 3", "bleed_mm: 5"), "crop_marks.offset_mm must be at least bleed_mm"),
])
def test_mistakes_in_brand_yml_are_clear_errors(tmp_path, change, expected):
    folder = tmp_path / "brand"
    shutil.copytree(BRAND, folder)
    text = (folder / "brand.yml").read_text(encoding="utf-8")
    assert change[0] in text
    (folder / "brand.yml").write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_brand(folder)
    assert expected in error.value.report()
    assert error.value.report().startswith("brand/brand.yml: ")

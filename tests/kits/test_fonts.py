"""Fonts are found the way cairo finds them, and a missing one is an error, never a substitute."""

from __future__ import annotations

import pytest

from helpers import ROOT
from reporting_centres.errors import DataError
from reporting_centres.kits.brand import Fonts, load_brand
from reporting_centres.kits.fonts import resolve_fonts


def test_every_brand_font_is_installed_in_both_weights():
    fonts = load_brand(ROOT / "brand").fonts
    files = resolve_fonts(fonts)
    assert {(file.family, file.weight) for file in files} == {
        (family, weight) for family in fonts.families for weight in ("regular", "bold")}


def test_a_missing_font_is_a_clear_error_naming_it_and_how_to_install_it():
    fonts = Fonts(family="Noto Sans", fallbacks=["No Such Font Sans", "Noto Sans CJK SC"],
                  install="run scripts/setup-system.sh (fonts-noto-core)")
    with pytest.raises(DataError) as error:
        resolve_fonts(fonts)
    assert error.value.report().splitlines() == [
        "brand/brand.yml: fonts.fallbacks[0]: the font 'No Such Font Sans' is not installed; "
        "run scripts/setup-system.sh (fonts-noto-core)",
        "1 problem found.",
    ]

"""folium's map code, kept in .cache/maps/: the same code as folium makes, and never a damaged copy."""

from __future__ import annotations

import sys

import pytest

from reporting_centres.pages import maps


@pytest.fixture
def code_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(maps, "_code_cache", [tmp_path / "maps"])
    maps.leaflet_code.cache_clear()
    yield tmp_path / "maps"
    maps.leaflet_code.cache_clear()


def test_kept_code_is_folium_code_and_spares_importing_folium(code_cache, monkeypatch):
    made = maps._folium_code("directory", 10)
    assert maps.leaflet_code("directory", 10) == made
    assert len(list(code_cache.glob("directory-*.json"))) == 1
    maps.leaflet_code.cache_clear()
    monkeypatch.setitem(sys.modules, "folium", None)  # importing folium now fails
    assert maps.leaflet_code("directory", 10) == made


@pytest.mark.parametrize("damage", ["", "not json", "[1, 2, 3]"], ids=["empty", "garbage", "another shape"])
def test_a_damaged_copy_is_made_again(code_cache, damage):
    made = maps.leaflet_code("centre", 15)
    maps.leaflet_code.cache_clear()
    (kept,) = code_cache.glob("centre-*.json")
    kept.write_text(damage, encoding="utf-8")
    assert maps.leaflet_code("centre", 15) == made

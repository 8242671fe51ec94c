"""The kit cache: keyed by everything an item depends on, so a rebuild redraws only what changed."""

from __future__ import annotations

import dataclasses
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from helpers import ROOT
from reporting_centres.kits import build as kit_build
from reporting_centres.kits import cache as kit_cache
from reporting_centres.kits import items as kit_render
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.cache import job_key
from reporting_centres.kits.fonts import FontFile

from .conftest import centre_data, make_centre, plan


def rendered(centre, tmp_path, **options) -> dict[str, bool]:
    """Which items were drawn (True) or copied from the cache (False) when writing the kit."""
    kit_plan = plan([centre], tmp_path, **options)
    misses = []
    original = kit_render.render_job

    def spy(job):
        misses.append(job.item)
        return original(job)

    kit_render.render_job = spy
    try:
        kit_build.write_kits(kit_plan, tmp_path / "site")
    finally:
        kit_render.render_job = original
    return {job.item: job.item in misses for job in kit_plan.centre(centre.slug).jobs}


def test_a_second_build_renders_nothing(tmp_path):
    assert all(rendered(make_centre(), tmp_path).values())
    assert not any(rendered(make_centre(), tmp_path).values())


def test_changing_the_hours_redraws_only_the_poster(tmp_path):
    rendered(make_centre(), tmp_path)
    hours = {**make_centre().hours.model_dump(by_alias=True, mode="json"), "monday": "10:00-16:00"}
    changed = rendered(make_centre(hours=hours), tmp_path)
    assert [item for item, drawn in changed.items() if drawn] == ["poster"]


def test_changing_the_name_redraws_what_prints_it_but_not_the_badge(tmp_path):
    rendered(make_centre(), tmp_path)
    changed = rendered(make_centre(name="Kit Fixture Community Hub"), tmp_path)
    assert changed == {"sticker-outside": True, "sticker-inside": True, "certificate": True, "poster": True,
                       "badge": False, "email-banner": True}


def test_fields_no_item_prints_are_not_in_any_key(tmp_path):
    """Who last checked the details is never published, and no item prints the champion."""
    rendered(make_centre(), tmp_path)
    checked = {**centre_data()["last_verified"], "by": "Someone Else"}
    assert not any(rendered(make_centre(last_verified=checked, champion={"name": "A Champion"}), tmp_path).values())


def test_changing_a_template_redraws_only_its_items(tmp_path):
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "brand", brand)
    rendered(make_centre(), tmp_path, brand_dir=brand)
    poster = brand / "poster.svg"
    poster.write_text(poster.read_text(encoding="utf-8").replace("Opening hours", "When we are open"), encoding="utf-8")
    changed = rendered(make_centre(), tmp_path, brand_dir=brand)
    assert [item for item, drawn in changed.items() if drawn] == ["poster"]


def test_changing_brand_yml_redraws_everything(tmp_path):
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "brand", brand)
    rendered(make_centre(), tmp_path, brand_dir=brand)
    config = brand / "brand.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('accent: "#FFC107"', 'accent: "#FFB300"'),
                      encoding="utf-8")
    assert all(rendered(make_centre(), tmp_path, brand_dir=brand).values())


def test_keys_hash_font_bytes_and_the_renderer(tmp_path, monkeypatch):
    brand = load_brand(ROOT / "brand")
    job = plan([make_centre()], tmp_path).centre("kit-fixture-centre").jobs[0]
    key = job_key(job, brand)
    regular = next(font for font in job.fonts if font.family == "Noto Sans" and font.weight == "regular")
    copy = tmp_path / "NotoSans-Regular.ttf"
    copy.write_bytes(Path(regular.path).read_bytes())
    same_bytes = dataclasses.replace(job, fonts=tuple(
        FontFile(f.family, f.weight, str(copy), f.index) if f == regular else f for f in job.fonts))
    assert job_key(same_bytes, brand) == key  # a font is known by its bytes, not where it is
    copy.write_bytes(copy.read_bytes() + b"\0")
    assert job_key(same_bytes, brand) != key
    monkeypatch.setattr(kit_cache, "renderer_version", lambda: "a newer renderer")
    assert job_key(job, brand) != key


@pytest.mark.parametrize("option", [{"print_png_dpi": 300}])
def test_output_settings_are_part_of_the_key(tmp_path, option):
    rendered(make_centre(), tmp_path)
    changed = rendered(make_centre(), tmp_path, **option)
    assert [item for item, drawn in changed.items() if drawn] == ["sticker-outside", "sticker-inside",
                                                                  "certificate", "poster"]


def test_every_kit_module_either_draws_and_is_in_the_key_or_only_moves_files():
    """A new module that changes how items look must join DRAWING_MODULES (or, for the soft proofs,
    PROOF_MODULES), or old drawings would be reused."""
    modules = {path.name for path in (ROOT / "hooks" / "reporting_centres" / "kits").glob("*.py")}
    plumbing = {"__init__.py", "build.py", "cache.py", "pack.py", "printable.py", "ghostscript.py"}
    assert modules - plumbing == set(kit_cache.DRAWING_MODULES) | set(kit_cache.PROOF_MODULES)


def test_a_full_build_keeps_only_what_it_used_so_the_cache_does_not_grow(tmp_path):
    def entries() -> set[str]:
        return {entry.name for entry in (tmp_path / "cache").glob("??/*")}

    rendered(make_centre(), tmp_path)
    first = entries()
    assert len(first) == 6 + 5 * 2  # six items, and the printers' five lists for the region and for the borough
    rendered(make_centre(name="Kit Fixture Community Hub"), tmp_path)
    second = entries()
    assert len(second) == len(first)
    assert len(first & second) == 1  # only the badge, which does not print the name, is the same
    assert not any(rendered(make_centre(name="Kit Fixture Community Hub"), tmp_path).values())


def test_the_cache_key_names_the_cairo_that_draws():
    import cairocffi

    assert kit_cache.cairo_version() == cairocffi.cairo_version_string()


def test_only_as_many_kit_workers_start_as_there_are_kits_to_draw(tmp_path):
    """After one centre's edit one worker draws it, and the other core is left to the pages."""
    centres = [make_centre(slug=f"centre-{number}", name=f"Kit Fixture Centre {number}") for number in range(4)]
    kit_plan = plan(centres, tmp_path, workers=2)
    tasks = [kit_build._centre_task(kit_plan, kit, {name: kit_plan.roles(item) for name, item in
                                                      kit_plan.brand.items.items()}, tmp_path, shared=False)
             for kit in kit_plan.centres]
    cache = kit_cache.KitCache(kit_plan.cache_dir)
    assert kit_build.workers_needed(kit_plan, tasks, cache, None) == 2  # an empty cache: every kit to draw
    for kit in kit_plan.centres[1:]:
        for key in kit.keys:
            cache.folder_for(key).mkdir(parents=True, exist_ok=True)  # (the badge is the same for all)
    assert kit_build.workers_needed(kit_plan, tasks, cache, None) == 1
    assert kit_build.workers_needed(kit_plan, tasks[1:], cache, None) == 1  # nothing to draw: one links them


def test_kit_workers_start_with_the_drawing_libraries_already_loaded():
    """The process workers are forked from imports cairosvg, cairo, Pillow, numpy and HarfBuzz once, while
    the build validates the centres; a worker that had to import them itself would start 0.7 s later."""
    kit_build.start_workers_early()
    with ProcessPoolExecutor(1, mp_context=kit_build._start_method()) as pool:
        loaded = pool.submit(eval, "sorted(set(__import__('sys').modules) & {'cairosvg', 'cairocffi', 'uharfbuzz'})")
        assert loaded.result() == ["cairocffi", "cairosvg", "uharfbuzz"]

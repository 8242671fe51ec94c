"""The soft proofs: each printed item's print file, separated into its inks by Ghostscript and shown
through the print profile, as a PNG that says it is sRGB and its resolution; named as a proof in the
printers' lists; and a build without Ghostscript stopped before anything is drawn."""

from __future__ import annotations

import csv
import io
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import ROOT
from reporting_centres.errors import DataError
from reporting_centres.kits import ghostscript
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.fields import SAMPLE_SLUG
from reporting_centres.kits.items import render_job
from reporting_centres.kits.prepress import transforms
from reporting_centres.kits.proof import DIE_LINE_COLOUR, FILM_CHECKS, TRIM_LINE_COLOUR, ProofSource, soft_proofs

from .conftest import make_centre, plan

BRAND = load_brand(ROOT / "brand")
PROFILE = (ROOT / "brand" / BRAND.print_profile.file).read_bytes()
DPI = BRAND.outputs.proof_dpi
PRINTED = [name for name, item in BRAND.items.items() if item.printed]


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        assert image.mode == "RGB"
        return np.asarray(image).astype(int)


def printed(cmyk: tuple[int, int, int, int]) -> np.ndarray:
    """The sRGB a CMYK ink mix (percent) prints as on the profile's paper."""
    _, to_screen = transforms(PROFILE)
    ink = Image.frombytes("CMYK", (1, 1), bytes(round(part * 2.55) for part in cmyk))
    return np.array(to_screen.apply(ink).getpixel((0, 0)))


def chunks(data: bytes) -> dict[bytes, bytes]:
    found, at = {}, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        found[kind] = data[at + 8:at + 8 + length]
        at += 12 + length
    return found


def bleed_pixels() -> int:
    return round(BRAND.bleed_mm / 25.4 * DPI)


def test_the_brand_asks_for_proofs_at_screen_resolution():
    assert DPI and 72 <= DPI <= 150


@pytest.mark.parametrize("item", PRINTED)
def test_each_proof_is_srgb_at_its_resolution_and_the_size_of_trim_and_bleed(fixture_kit, item):
    data = (fixture_kit / f"{item}-proof.png").read_bytes()
    described = chunks(data)
    per_metre = round(DPI / 25.4 * 1000)
    assert described[b"sRGB"] == b"\x00"
    assert described[b"pHYs"] == struct.pack(">IIB", per_metre, per_metre, 1)
    width, height = BRAND.items[item].size
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (round((width + 2 * BRAND.bleed_mm) / 25.4 * DPI),
                              round((height + 2 * BRAND.bleed_mm) / 25.4 * DPI))


def test_the_proof_shows_the_purple_the_press_prints_not_the_screens(fixture_kit):
    """The outside sticker's bleed is brand purple: the proof shows brand.yml's CMYK for it through the
    profile, which is not the sRGB the artwork was drawn in."""
    proof = pixels(fixture_kit / "sticker-outside-proof.png")
    purple = printed(BRAND.print_colours["primary"].cmyk)
    drawn = np.array([int(BRAND.colours.primary[index:index + 2], 16) for index in (1, 3, 5)])
    assert np.abs(proof[3, 3] - purple).max() <= 1
    assert np.abs(purple - drawn).max() >= 8  # so the proof could not pass by showing the RGB


def test_the_film_proof_shows_bare_film_as_a_checkerboard_and_white_ink_as_white(fixture_kit):
    film, paper = pixels(fixture_kit / "sticker-inside-proof.png"), pixels(fixture_kit / "sticker-outside-proof.png")
    square = round(2 / 25.4 * DPI)  # proof.FILM_CHECK_MM
    dark, light = film[1, 1], film[1, square + 1]  # the bleed: purple on bare film, no white ink under it
    purple = printed(BRAND.print_colours["primary"].cmyk)
    assert np.abs(dark - purple * FILM_CHECKS[0]).max() <= 1 and np.abs(light - purple * FILM_CHECKS[1]).max() <= 1
    assert (paper[1, 1] == paper[1, square + 1]).all()  # white vinyl: no checkerboard
    white = (film == 255).all(axis=2)  # the QR code's light modules and quiet zone, on white ink
    assert white.sum() > 0.01 * white.size


@pytest.mark.parametrize("item", PRINTED)
def test_stickers_show_their_die_line_in_magenta_and_sheets_their_trim(fixture_kit, item):
    proof = pixels(fixture_kit / f"{item}-proof.png")
    inset, middle = bleed_pixels(), proof.shape[1] // 2
    edge = proof[inset - 2:inset + 3, middle]  # across the top trim edge, half way along it
    magenta, grey = np.array(DIE_LINE_COLOUR) * 255, np.array(TRIM_LINE_COLOUR) * 255
    die_line = BRAND.items[item].press.die_line
    assert (np.abs(edge - magenta).max(axis=1) <= 1).any() == die_line
    assert (np.abs(edge - grey).max(axis=1) <= 1).any() == (not die_line)


def test_proofs_show_a_made_up_centre_and_are_the_same_bytes_every_time(fixture_kit, tmp_path):
    """The proofs are the sample centre's, whatever the region's centres say: drawn again from a plan of
    another centre, the film sticker's proof is the same bytes."""
    kits = plan([make_centre(slug="another-centre", name="Another Name Entirely")], tmp_path, proofs=True)
    (job, _), = [(job, key) for job, key in kits.proof_jobs if job.item == "sticker-inside"]
    assert job.slug == SAMPLE_SLUG and job.fields["name"] == kits.proof_sample_name == "Sample Community Centre"
    source = ProofSource(render_job(job)["print.pdf"], True)
    again = soft_proofs([source], profile=PROFILE, dpi=DPI, bleed_mm=BRAND.bleed_mm)
    assert again == [(fixture_kit / "sticker-inside-proof.png").read_bytes()]


def test_the_printers_lists_name_each_proof_as_a_proof_and_sha256sum_checks_it(fixture_kit):
    rows = list(csv.DictReader(io.StringIO((fixture_kit / "manifest.csv").read_text(encoding="utf-8"))))
    proofs = {row["item"]: row for row in rows if row["variant"] == "soft-proof"}
    assert set(proofs) == set(PRINTED)
    assert {row["file"] for row in proofs.values()} == {f"{item}-proof.png" for item in PRINTED}
    assert all(row["centre"] == SAMPLE_SLUG for row in proofs.values())
    assert all(not row["file"].endswith("-proof.png") for row in rows if row["variant"] != "soft-proof")
    urls = (fixture_kit / "print-files.txt").read_text(encoding="utf-8")
    assert all(f"/kits/{item}-proof.png\n" in urls for item in PRINTED)
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=fixture_kit, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(f"{item}-proof.png: OK" in result.stdout for item in PRINTED)


def test_without_ghostscript_the_build_stops_before_drawing_and_says_how_to_install_it(tmp_path, monkeypatch):
    tools = tmp_path / "bin"  # the fonts' tools, and no gs
    tools.mkdir()
    for name in ("fc-match", "fc-list"):
        (tools / name).symlink_to(shutil.which(name))
    monkeypatch.setenv("PATH", str(tools))
    ghostscript.ghostscript_version.cache_clear()
    try:
        with pytest.raises(DataError) as raised:
            plan([make_centre()], tmp_path, proofs=True)
    finally:
        ghostscript.ghostscript_version.cache_clear()
    message = raised.value.report()
    assert "outputs.proof_dpi" in message and "Ghostscript" in message and "setup-system.sh" in message
    plan([make_centre()], tmp_path)  # one centre's kit (centres kit) makes no proofs and needs no Ghostscript

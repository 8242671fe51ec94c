"""The poster and stickers in a centre's languages: approved phrases from brand/phrases.yml are
printed, in fonts that draw them, Arabic script joined; the rest is a note, never an error."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from helpers import ROOT
from reporting_centres.errors import DataError
from reporting_centres.kits import plan_kits, write_kits
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.fonts import FontBook, resolve_fonts
from reporting_centres.kits.phrases import MAX_LENGTH, PHRASES_FILE, load_phrases, missing_phrases
from reporting_centres.kits.printable import undrawable_phrases
from reporting_centres.model import Language
from reporting_centres.public import public_centre

from .conftest import filled_svgs, make_centre, maximal_centre, region, run_tool
from .test_render import SVG, ink_box_mm

URDU_HERE = "نفرت پر مبنی جرائم کی رپورٹ یہاں کریں"
POLISH_HERE = "Tutaj zgłosisz przestępstwo z nienawiści"
POLISH_ONLINE = "Zgłoś przez internet: {address}"
# As long as a phrase may be, in words as wide as Polish ones run
LONG_POLISH = "Przestępstwo z nienawiści możesz zgłosić tutaj, w zaufaniu, bez podawania nazwiska"
LONG_URDU = "نفرت پر مبنی جرائم کی رپورٹ یہاں کریں، رازداری کے ساتھ، اپنا نام بتائے بغیر بھی کر سکتے ہیں"
LONG_POLISH_ONLINE = "Zgłoś to również przez internet, w dzień i w nocy"
LONG_URDU_ONLINE = "آپ دن رات کسی بھی وقت آن لائن رپورٹ کر سکتے ہیں"
PRINTED_ITEMS = ("poster", "sticker-outside", "sticker-inside")
OTHERS = {"ro": "Raportați aici infracțiunile motivate de ură", "pt": "Denuncie crimes de ódio aqui"}


def brand_with(folder: Path, phrases: str) -> Path:
    """A copy of the project's brand with its own phrases.yml."""
    brand = folder / "brand"
    shutil.copytree(ROOT / "brand", brand)
    (brand / PHRASES_FILE).write_text(phrases, encoding="utf-8")
    return brand


def phrases_file(here: dict[str, str], online: dict[str, str], status: str = "approved") -> str:
    def entries(texts: dict[str, str]) -> str:
        return "".join(f'  {code}: {{text: "{text}", status: {status}}}\n' for code, text in texts.items())
    return f"report-here:\n{entries(here)}report-online:\n{entries(online)}"


def kit_for(folder: Path, brand: Path, languages: list[str],
            centre=None) -> tuple[Path, tuple[str, ...], dict[str, bytes]]:
    """A centre's kit folder, the build's notes, and its items as filled SVG (the artwork of its PDFs), by item."""
    centre = (centre or make_centre()).model_copy(update={"languages": [Language(code=code) for code in languages]})
    plan = plan_kits(region(), [public_centre(centre, region())], ROOT, brand_dir=brand,
                     cache_dir=folder / "cache", workers=1)
    write_kits(plan, folder / "site")
    svgs = {item: svg for (_, item), svg in filled_svgs(plan).items()}
    return folder / "site" / "kits" / centre.slug, plan.notes, svgs


@pytest.fixture(scope="module")
def urdu_polish_kit(tmp_path_factory) -> tuple[Path, tuple[str, ...], dict[str, bytes]]:
    """A kit for a centre listing English, Urdu, BSL, Polish, Gujarati (no phrases), Romanian and Portuguese."""
    folder = tmp_path_factory.mktemp("phrases")
    brand = brand_with(folder, phrases_file({"ur": URDU_HERE, "pl": POLISH_HERE, **OTHERS},
                                            {"ur": "آن لائن رپورٹ کریں: {address}", "pl": POLISH_ONLINE,
                                             **dict.fromkeys(OTHERS, "Online: {address}")}))
    return kit_for(folder, brand, ["en", "ur", "bfi", "pl", "gu", "ro", "pt"])


def shaped_glyphs(text: str) -> tuple[list[int], list[int]]:
    """The glyphs HarfBuzz shapes ``text`` into in Noto Sans Arabic Bold (in the text's order), and the
    glyphs of its letters on their own (the unjoined forms)."""
    fonts = resolve_fonts(load_brand(ROOT / "brand").fonts)
    face = next(face for face in FontBook(fonts, "bold").faces if face.file.family == "Noto Sans Arabic")
    shaped = [glyph[0] for glyph in reversed(face.shape(text, rtl=True))]
    return shaped, [face.glyph(char) or 0 for char in text]


def test_the_poster_and_stickers_print_the_centres_languages_in_embedded_fonts(urdu_polish_kit):
    kit, _, _ = urdu_polish_kit
    address = "www.report\u2011it.org.uk"  # a hyphen that does not break the line
    for item in PRINTED_ITEMS:
        pdf = kit / f"{kit.name}-{item}-print.pdf"
        text = " ".join(run_tool("pdftotext", str(pdf), "-").split())
        assert (POLISH_HERE[::-1] if item == "sticker-inside" else POLISH_HERE) in text, item  # mirrored
        fonts = run_tool("pdffonts", str(pdf))
        assert re.search(r"NotoSans-Bold\s+(CID )?TrueType.*\byes\b", fonts), (item, fonts)
    poster = " ".join(run_tool("pdftotext", str(kit / f"{kit.name}-poster.pdf"), "-").split())
    assert POLISH_ONLINE.replace("{address}", address) in poster


def test_arabic_script_phrases_are_shaped_and_joined_never_drawn_letter_by_letter(urdu_polish_kit):
    """HarfBuzz's joined forms, drawn as they are, in the embedded Arabic font: the PDF holds the Urdu text."""
    kit, _, svgs = urdu_polish_kit
    glyphs, unjoined = shaped_glyphs(URDU_HERE)
    assert glyphs != unjoined  # Urdu joins: the shaped forms are other glyphs than the letters alone
    for item in PRINTED_ITEMS:
        root = ElementTree.fromstring(svgs[item])
        runs = {text.text: text.get("data-glyphs") for text in root.iter(f"{SVG}text")}
        assert [int(entry.split(" ")[0]) for entry in runs[URDU_HERE].split(",")] == glyphs, item
        assert all(run is not None for text, run in runs.items()  # no Arabic left to cairo's letter-by-letter text
                   if any("\u0600" <= char <= "\u06ff" for char in text)), item
        pdf = kit / f"{kit.name}-{item}-print.pdf"
        assert re.search(r"NotoSansArabic-Bold\s+CID TrueType.*\byes\b", run_tool("pdffonts", str(pdf))), item
        if item != "sticker-inside":  # mirrored
            assert URDU_HERE in run_tool("pdftotext", str(pdf), "-"), item


def test_languages_without_an_approved_phrase_are_left_out_with_a_note(urdu_polish_kit):
    _, notes, _ = urdu_polish_kit
    assert notes == ("note: Gujarati (gu), listed by kit-fixture-centre: the kits' phrases in it have no "
                     f"translation in brand/{PHRASES_FILE}, so kits print them in English only",)  # BSL: no note
    drafts = load_phrases(ROOT / "brand")
    centre = public_centre(make_centre(languages=[{"code": "en"}, {"code": "ur"}]), region())
    assert drafts.for_centre(centre, "www.report-it.org.uk") == []  # the project's translations are drafts
    assert missing_phrases(drafts, [centre]) == [
        "note: Urdu (ur), listed by kit-fixture-centre: the kits' phrases in it are not approved yet in "
        f"brand/{PHRASES_FILE}, so kits print them in English only"]


def test_the_sticker_prints_two_languages_and_the_poster_three_in_the_centres_order(urdu_polish_kit):
    kit, _, _ = urdu_polish_kit
    phrases = {"ur": URDU_HERE, "pl": POLISH_HERE, **OTHERS}

    def printed(item: str) -> list[str]:
        text = " ".join(run_tool("pdftotext", str(kit / f"{kit.name}-{item}-print.pdf"), "-").split())
        return [code for code, phrase in phrases.items() if phrase in text]

    assert printed("sticker-outside") == ["ur", "pl"]
    assert printed("poster") == ["ur", "pl", "ro"]


def test_the_longest_phrases_fit_inside_the_safe_area_beside_the_longest_details(tmp_path):
    long_here = {"pl": LONG_POLISH[:MAX_LENGTH["report-here"]], "ur": LONG_URDU[:MAX_LENGTH["report-here"]]}
    room = MAX_LENGTH["report-online"] - len(": {address}")
    long_online = {"pl": LONG_POLISH_ONLINE[:room] + ": {address}", "ur": LONG_URDU_ONLINE[:room] + ": {address}"}
    assert all(len(text) == MAX_LENGTH["report-here"] for text in long_here.values())
    assert all(len(text) == MAX_LENGTH["report-online"] for text in long_online.values()), long_online
    brand = brand_with(tmp_path, phrases_file(long_here, long_online))
    kit, _, svgs = kit_for(tmp_path, brand, ["pl", "ur"], maximal_centre())
    safe = load_brand(ROOT / "brand").safe_mm
    for item in PRINTED_ITEMS:
        if item != "sticker-inside":
            text = run_tool("pdftotext", str(kit / f"{kit.name}-{item}-print.pdf"), "-")
            assert " ".join(LONG_POLISH.split()[:3]) in text
        svg = svgs[item]
        width, height = load_brand(brand).items[item].size
        left, top, right, bottom = ink_box_mm(svg, width)
        assert left >= safe - 0.2 and top >= safe - 0.2 and right <= width - safe + 0.2, item
        assert bottom <= height - safe + 0.2, item


@pytest.mark.parametrize(("text", "message"), [
    ('report-here:\n  pl: {text: "Tutaj", status: approved}\n  xx: {text: "A", status: draft}\n',
     "brand/phrases.yml:3:3: report-here.xx: 'xx' is not an ISO 639 language code (e.g. 'ur', 'pl', 'pa')"),
    ('report-online:\n  pl: {text: "Zgłoś online", status: approved}\n',
     "brand/phrases.yml:2:14: report-online.pl.text: should hold {address} once, where the address goes"),
    ('report-here:\n  pl: {text: "Tutaj", status: checked}\n',
     "brand/phrases.yml:2:7: report-here.pl.status: should be one of draft, approved (approved: a fluent "
     "speaker has checked it, and it is printed)"),
    ('report-hear:\n  pl: {text: "Tutaj", status: draft}\n',
     "brand/phrases.yml:1:1: report-hear: unknown phrase; the kits print these: report-here, report-online"),
])
def test_mistakes_in_the_phrases_file_are_reported_at_their_place(tmp_path, text, message):
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / PHRASES_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_phrases(folder)
    assert [str(problem) for problem in raised.value.problems] == [message]


def test_an_approved_phrase_the_fonts_cannot_draw_is_refused_at_its_place(tmp_path):
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / PHRASES_FILE).write_text('report-here:\n  pl: {text: "Tutaj \U0001F600", status: approved}\n'
                                       '  am: {text: "\U0001F600", status: draft}\n', encoding="utf-8")
    fonts = resolve_fonts(load_brand(ROOT / "brand").fonts)
    with pytest.raises(DataError) as raised:
        undrawable_phrases(load_phrases(folder), fonts)
    assert [str(problem) for problem in raised.value.problems] == [
        "brand/phrases.yml:2:3: report-here.pl: the kits print this, and their fonts cannot draw U+1F600 GRINNING "
        "FACE; add a font that has them to fonts.fallbacks in brand.yml"]  # drafts are not printed, so not checked


def test_the_build_notes_the_languages_its_kits_cannot_print_yet(build_log):
    """The fixture region's centres list Urdu, Gujarati, Polish and Ukrainian; the project's phrases are drafts."""
    notes = [line.split("note: ", 1)[1] for line in build_log.splitlines() if "note: " in line]
    assert any(note.startswith("Urdu (ur), listed by bolton-central-library") and "are not approved yet" in note
               for note in notes), build_log
    assert "ERROR" not in build_log and "WARNING" not in build_log


class CairoPen:
    """Draws HarfBuzz's glyph outlines (font units, y up) straight into a cairo context."""

    def __init__(self, context):
        self.context = context

    def moveTo(self, point):  # noqa: N802 - the pen protocol's names
        self.context.move_to(*point)

    def lineTo(self, point):  # noqa: N802
        self.context.line_to(*point)

    def curveTo(self, *points):  # noqa: N802
        self.context.curve_to(*points[0], *points[1], *points[2])

    def qCurveTo(self, *points):  # noqa: N802
        *controls, end = points
        for index, control in enumerate(controls):
            after = controls[index + 1] if index + 1 < len(controls) else None
            target = end if after is None else ((control[0] + after[0]) / 2, (control[1] + after[1]) / 2)
            x0, y0 = self.context.get_current_point()
            self.context.curve_to(x0 + 2 / 3 * (control[0] - x0), y0 + 2 / 3 * (control[1] - y0),
                                  target[0] + 2 / 3 * (control[0] - target[0]),
                                  target[1] + 2 / 3 * (control[1] - target[1]), *target)

    def closePath(self):  # noqa: N802
        self.context.close_path()

    def endPath(self):  # noqa: N802
        pass


def test_the_urdu_phrase_is_drawn_as_harfbuzz_joins_it_not_letter_by_letter():
    """A rendered comparison: the kit's drawing of the phrase against HarfBuzz's own outlines of the
    shaped glyphs (the same), and against cairo drawing the letters by themselves (not the same)."""
    import cairocffi as cairo
    import numpy as np

    from reporting_centres.kits.draw import png, record
    from reporting_centres.kits.items import refuse_fetch
    from reporting_centres.kits.jobs import template_environment
    from reporting_centres.kits.text import Typesetter

    brand = load_brand(ROOT / "brand")
    fonts = resolve_fonts(brand.fonts)
    block = Typesetter(fonts, brand.line_height).fit(URDU_HERE, x=5, y=3, width=150, height=25, size=7,
                                                     weight="bold")
    (run,) = block.runs
    width, height, dpi = 160, 30, 300
    template = template_environment(str(ROOT / "brand")).from_string(
        '{% import "_macros.svg" as kit %}<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="30mm" '
        'viewBox="0 0 160 30" text-rendering="geometricPrecision">{{ kit.text(block, "#000000") }}</svg>')
    drawn = record(template.render(block=block).encode(), width, height, 0, "mm", refuse_fetch)
    image = np.array(Image.open(io.BytesIO(png(drawn, dpi))).getchannel("A")) > 127

    def raster(draw) -> np.ndarray:
        surface = cairo.ImageSurface(cairo.FORMAT_A8, image.shape[1], image.shape[0])
        context = cairo.Context(surface)
        context.scale(dpi / 25.4, dpi / 25.4)
        draw(context)
        surface.flush()
        data = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(image.shape[0], surface.get_stride())
        return data[:, :image.shape[1]] > 127

    face = next(face for face in FontBook(fonts, "bold").faces if face.file.family == "Noto Sans Arabic")

    def harfbuzz(context) -> None:
        scale = run.size / face.upem
        for entry in run.glyphs.split(","):
            glyph, dx, dy = entry.split(" ")
            context.save()
            context.translate(run.x + float(dx), run.baseline + float(dy))
            context.scale(scale, -scale)
            face.font.draw_glyph_with_pen(int(glyph), CairoPen(context))
            context.restore()
        context.fill()

    def letter_by_letter(context) -> None:
        context.select_font_face("Noto Sans Arabic", cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD)
        context.set_font_size(run.size)
        context.move_to(run.x, run.baseline)
        context.show_text(run.text)

    def overlap(a: np.ndarray, b: np.ndarray) -> float:
        return (a & b).sum() / (a | b).sum()

    assert image.sum() > 1000  # ink
    assert overlap(image, raster(harfbuzz)) > 0.9  # 0.94: the same glyphs, but for the edges' anti-aliasing
    assert overlap(image, raster(letter_by_letter)) < 0.5  # 0.21: other shapes, wider apart

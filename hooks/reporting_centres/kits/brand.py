"""The brand configuration (brand/brand.yml): colours, fonts, logo and the size of every item.

Designers change the kit here and in the templates beside it, never in Python. Mistakes are
reported like centre file mistakes, as ``file: field: what is wrong``, so a bad edit stops the
build with a message instead of a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import DataError, Problem

BRAND_FILE = "brand.yml"

# The centre facts a template may ask for in ``uses``; see fields.py.
KIT_FIELDS = ("name", "organisation", "url", "address", "phones", "email", "website", "hours",
              "commitments", "certificate_number", "stop_hate_uk", "phrases")


class BrandRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Colour = Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="An sRGB colour such as #4B2A85")


class Colours(BrandRecord):
    primary: str = Colour
    accent: str = Colour
    ink: str = Colour
    paper: str = Colour
    muted: str = Colour


CMYK_BLACK = (0, 0, 0, 100)
# The print files draw the White ink layer in this colour, then make it a spot colour: no artwork may use it.
WHITE_UNDERLAY_COLOUR = "#01FE02"
RESERVED_COLOURS = {WHITE_UNDERLAY_COLOUR: "the White underlay of film stickers"}


class PrintColour(BrandRecord):
    """How a brand colour prints: its CMYK percentages, and a Pantone reference for spot printing."""

    cmyk: tuple[int, int, int, int] = Field(description="Cyan, magenta, yellow and black, 0 to 100 each")
    pantone: str | None = Field(None, min_length=1, max_length=40)

    @field_validator("cmyk")
    @classmethod
    def _percentages(cls, value: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        if any(not 0 <= part <= 100 for part in value):
            raise ValueError("each of C, M, Y and K is a percentage from 0 to 100")
        if sum(value) > 300:
            raise ValueError(f"total ink {sum(value)}% is more than coated paper takes (300%); lower C, M or Y")
        return value


class PressSpec(BrandRecord):
    """What a printer needs to know about a printed item beyond its artwork: the job ticket's line."""

    stock: str = Field(min_length=1, description="What it is printed on")
    finish: str = Field(min_length=1, description="Lamination, coating, or none")
    quantity: int = Field(ge=1, le=10000, description="Copies per centre")
    cut: str = Field(min_length=1, description="How it is cut out")
    white_underlay: bool = Field(False, description="Printed on clear film: a White ink layer under what must be "
                                                    "opaque (the White spot colour)")
    die_line: bool = Field(False, description="Cut to shape by a plotter or die: a CutContour spot colour line")
    corner_radius_mm: float = Field(0, ge=0, le=50, description="The die line's rounded corners")
    notes: str | None = Field(None, min_length=1, max_length=120, description="Said on the slug line and ticket")
    trim_pdf: bool = Field(True, description="A trim-size RGB PDF as well, for screens and office printers; an "
                                             "item only a print shop can make (a die-cut sticker) needs none")


class PrintProfile(BrandRecord):
    """The printing condition every PDF/X print file is made for (its output intent)."""

    file: str = Field(min_length=1, description="A CMYK output ICC profile in the brand folder")
    condition: str = Field(pattern=r"^[A-Za-z0-9._ -]{1,40}$", description="A registered condition, e.g. FOGRA39")
    description: str = Field(min_length=1, max_length=200)


class Fonts(BrandRecord):
    family: str = Field(min_length=1, description="The brand font, used for every character it has")
    fallbacks: list[str] = Field(default_factory=list, description="Fonts for characters the family lacks")
    install: str = Field(min_length=1, description="How to install the fonts, shown when one is missing")

    @property
    def families(self) -> tuple[str, ...]:
        return (self.family, *self.fallbacks)


class CropMarks(BrandRecord):
    offset_mm: float = Field(3, ge=0)
    length_mm: float = Field(6, gt=0)
    stroke_pt: float = Field(0.25, gt=0)


class QrSettings(BrandRecord):
    min_symbol_mm: float = Field(20, gt=0)
    quiet_zone_modules: int = Field(4, ge=4, description="ISO/IEC 18004 asks for at least 4")
    error_correction: Literal["l", "m", "q", "h"] = "m"


class Certificate(BrandRecord):
    number_prefix: str = Field(pattern=r"^[A-Z0-9]{1,12}$")
    countersigned_by: str = Field(min_length=1)


class EasyReadLook(BrandRecord):
    line_width: float = Field(5, gt=0, le=12, description="The Easy Read pictures' line weight, in a 100 × 100 "
                              "picture (brand/easy-read/)")


class Outputs(BrandRecord):
    preview_dpi: int | None = Field(None, ge=24, le=300)
    print_png_dpi: int | None = Field(None, ge=72, le=1200)
    proof_dpi: int | None = Field(None, ge=24, le=300, description="The soft proofs' resolution; null: none")


class Item(BrandRecord):
    title: str
    description: str
    template: str
    medium: Literal["print", "screen"]
    size: tuple[float, float] = Field(description="Width and height: mm for print, CSS pixels for screen")
    mirrored: bool = False
    snippet: str | None = None
    press: PressSpec | None = Field(None, description="Printed items: stock, finish, quantity and cutting")
    qr_min_code_mm: float | None = Field(None, gt=0, description="The least width of the item's QR codes, quiet "
                                                                 "zone included (in the item's units)")
    languages: int = Field(0, ge=0, le=3, description="How many of the centre's languages (besides English) "
                           "the item prints its phrases in, from phrases.yml; it needs uses: [phrases]")
    uses: list[str] = Field(description="The centre fields the template reads; they make its cache key")

    @field_validator("uses")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in KIT_FIELDS]
        if unknown:
            raise ValueError(f"unknown centre field {unknown[0]!r}; choose from: {', '.join(KIT_FIELDS)}")
        return value

    @model_validator(mode="after")
    def _press_for_printed_items(self) -> Item:
        if self.printed and self.press is None:
            raise ValueError("a printed item needs press: its stock, finish, quantity and cut, for the job ticket")
        if not self.printed and self.press is not None:
            raise ValueError("press: is for printed items only")
        return self

    @model_validator(mode="after")
    def _phrases_used(self) -> Item:
        if self.languages and "phrases" not in self.uses:
            raise ValueError("prints phrases in the centre's languages (languages:), so its uses must list phrases")
        return self

    @property
    def printed(self) -> bool:
        return self.medium == "print"

    @property
    def on_clear_film(self) -> bool:
        """Printed on clear film, with a White ink underlay."""
        return bool(self.press and self.press.white_underlay)

    @property
    def size_label(self) -> str:
        width, height = (f"{value:g}" for value in self.size)
        paper = {("297", "210"): "A4 landscape, ", ("210", "297"): "A4 portrait, "}.get((width, height), "")
        return f"{paper}{width} × {height} mm" if self.printed else f"{width} × {height} pixels"


class Brand(BrandRecord):
    name: str
    colours: Colours
    print_colours: dict[str, PrintColour] = Field(description="Each colour's CMYK, for the PDF/X print files")
    print_profile: PrintProfile
    fonts: Fonts
    logo: str
    line_height: float = Field(1.2, ge=1, le=2)
    bleed_mm: float = Field(3, ge=0)
    safe_mm: float = Field(5, ge=0)
    crop_marks: CropMarks = CropMarks()
    qr: QrSettings = QrSettings()
    certificate: Certificate
    outputs: Outputs = Outputs()
    easy_read: EasyReadLook = EasyReadLook()
    items: dict[str, Item] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _item_names(cls, value: dict[str, Item]) -> dict[str, Item]:
        for name in value:
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
                raise ValueError(f"item name {name!r} must use lowercase letters, digits and hyphens")
        return value

    @model_validator(mode="after")
    def _room_for_marks(self) -> Brand:
        if self.crop_marks.offset_mm < self.bleed_mm:
            raise ValueError("crop_marks.offset_mm must be at least bleed_mm, so marks never print on the bleed")
        return self

    @model_validator(mode="after")
    def _every_colour_prints(self) -> Brand:
        names = set(Colours.model_fields)
        missing, unknown = sorted(names - set(self.print_colours)), sorted(set(self.print_colours) - names)
        if missing:
            raise ValueError(f"print_colours has no CMYK for {', '.join(missing)}; give each colour its "
                             "cmyk: [C, M, Y, K], in percent")
        if unknown:
            raise ValueError(f"print_colours names {', '.join(unknown)}, which colours does not have")
        if self.print_colours["ink"].cmyk != CMYK_BLACK:
            raise ValueError(f"print_colours.ink is {list(self.print_colours['ink'].cmyk)}, but text and QR codes "
                             "print in black ink alone: make it cmyk: [0, 0, 0, 100]")
        for name in names:
            value = getattr(self.colours, name).upper()
            if value in RESERVED_COLOURS:
                raise ValueError(f"colours.{name} {value} is the colour print files keep for "
                                 f"{RESERVED_COLOURS[value]}; change it by one step, e.g. "
                                 f"#{int(value[1:], 16) + 1:06X}")
        return self

    def cmyk_by_colour(self) -> dict[str, tuple[int, int, int, int]]:
        """Each brand colour's sRGB value (#RRGGBB, upper case) and the CMYK it prints as."""
        return {getattr(self.colours, name).upper(): colour.cmyk for name, colour in self.print_colours.items()}


def load_brand(folder: Path) -> Brand:
    """Read and check brand.yml, its templates and its logo, or raise DataError with every problem."""
    path = folder / BRAND_FILE
    shown = f"{folder.name}/{BRAND_FILE}"
    if not path.is_file():
        raise DataError([Problem(shown, 0, 0, "", f"no such file in {folder}; the brand kit needs it")])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        brand = Brand.model_validate(data)
    except yaml.YAMLError as error:
        raise DataError([Problem(shown, 0, 0, "YAML syntax", str(error).replace("\n", " "))]) from None
    except ValidationError as error:
        raise DataError([Problem(shown, 0, 0, ".".join(map(str, e["loc"])), e["msg"])
                         for e in error.errors(include_url=False)]) from None
    problems = [Problem(shown, 0, 0, field, f"{name!r} is not in {folder.name}/")
                for field, name in _files_named(brand) if not (folder / name).is_file()]
    if problems:
        raise DataError(problems)
    return brand


def _files_named(brand: Brand):
    yield "logo", brand.logo
    yield "print_profile.file", brand.print_profile.file
    for key, item in brand.items.items():
        yield f"items.{key}.template", item.template
        if item.snippet:
            yield f"items.{key}.snippet", item.snippet

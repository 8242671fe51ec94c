"""A soft proof of a print file: what the press will print, shown on screen as a PNG.

Ghostscript separates the print PDFs into their inks, as a press's RIP does: a cyan, magenta,
yellow and black plate, and one for each spot colour, overprints as the file asks. The four process
plates are turned back into sRGB through the print profile the file names as its output intent
(the same transform ``prepress.py`` uses), so the proof shows the CMYK the file holds, not the RGB
the artwork was drawn in. Spot colours are shown as a proof shows them: on clear film (an item with
a White underlay) the film is a grey checkerboard wherever no white ink is under the colours, which
print translucent there; the ``CutContour`` die line is magenta, at least a pixel wide; an item
without one has its trim drawn as a thin grey line. A proof shows the BleedBox: the trim and its
bleed, without marks. Ghostscript starts once for every proof a build needs: starting it is most
of what a proof costs.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import numpy as np
from PIL import Image

from .draw import MM_PER_INCH, SCREEN_PNG_DEFLATE_LEVEL, rgb_png
from .ghostscript import ghostscript
from .jobs import KitRenderError
from .prepress import transforms

PROCESS_PLATES = ("Cyan", "Magenta", "Yellow", "Black")
FILM_CHECKS = (0.80, 0.92)  # the two greys of the clear-film checkerboard, as image editors show transparency
FILM_CHECK_MM = 2  # a square of the checkerboard
DIE_LINE_COLOUR = (0.93, 0.0, 0.55)  # magenta, as proofs show a cut line
TRIM_LINE_COLOUR = (0.45, 0.45, 0.45)


@dataclass(frozen=True)
class ProofSource:
    """A print file to proof, and whether it prints on clear film."""

    print_pdf: bytes
    clear_film: bool


def soft_proofs(sources: list[ProofSource], *, profile: bytes, dpi: int, bleed_mm: float) -> list[bytes]:
    """Each print file as it prints, at ``dpi``: PNG, sRGB, with its resolution."""
    plates = separations([source.print_pdf for source in sources], dpi)
    return [_proof(page, profile, dpi, bleed_mm, source.clear_film)
            for page, source in zip(plates, sources, strict=True)]


def _proof(plates: dict[str, np.ndarray], profile: bytes, dpi: int, bleed_mm: float, clear_film: bool) -> bytes:
    height, width = plates["Black"].shape
    cmyk = np.stack([plates[name] for name in PROCESS_PLATES], axis=-1)
    _, to_screen = transforms(profile)
    inks = np.asarray(to_screen.apply(Image.fromarray(cmyk, "CMYK")), dtype=np.float32) / 255
    if clear_film:
        squares = max(1, round(FILM_CHECK_MM / MM_PER_INCH * dpi))
        rows, columns = np.indices((height, width)) // squares
        film = np.where((rows + columns) % 2 == 0, *FILM_CHECKS).astype(np.float32)
        white = plates["White"] / 255 if "White" in plates else np.zeros_like(film)
        under = film * (1 - white) + white  # white ink is opaque; bare film lets the checkerboard through
        inks *= under[..., None]
    if "CutContour" in plates:
        cut = (plates["CutContour"] > 0)[..., None]  # a hairline: shown whole wherever it touches a pixel
        inks = inks * (1 - cut) + np.array(DIE_LINE_COLOUR, dtype=np.float32) * cut
    else:
        inks = _trim_line(inks, round(bleed_mm / MM_PER_INCH * dpi))
    pixels = np.clip(np.rint(inks * 255), 0, 255).astype(np.uint8)
    return rgb_png(pixels, dpi=dpi, level=SCREEN_PNG_DEFLATE_LEVEL)


def separations(print_pdfs: list[bytes], dpi: int) -> list[dict[str, np.ndarray]]:
    """Each file's plates (the first page's BleedBox at ``dpi``) by ink: how much ink (0 to 255) each pixel gets."""
    with tempfile.TemporaryDirectory(prefix="proof-") as name:
        folder = Path(name)
        sources = []
        for index, data in enumerate(print_pdfs, 1):
            sources.append(folder / f"print{index}.pdf")
            sources[-1].write_bytes(data)
        command = [ghostscript(), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", f"-r{dpi}",
                   "-dUseBleedBox", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
                   f"-sOutputFile={folder / 'page%d.tif'}", *map(str, sources)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise KitRenderError("Ghostscript could not separate the print files for their soft proofs: "
                                 f"{(result.stderr or result.stdout).strip()[:300]}")
        pages = [_plates(folder, number) for number in range(1, len(print_pdfs) + 1)]
    return pages


def _plates(folder: Path, page: int) -> dict[str, np.ndarray]:
    plates = {}
    for path in sorted(folder.glob(f"page{page}(*).tif")):
        with Image.open(BytesIO(path.read_bytes())) as image:
            plates[path.stem.removeprefix(f"page{page}(").removesuffix(")")] = 255 - np.asarray(image.convert("L"))
    missing = [name for name in PROCESS_PLATES if name not in plates]
    if missing:
        raise KitRenderError(f"Ghostscript gave no {', '.join(missing)} plate for a soft proof (page {page})")
    return plates


def _trim_line(pixels: np.ndarray, inset: int) -> np.ndarray:
    """A one-pixel grey line where the sheet is cut, ``inset`` pixels inside the bleed's edge."""
    height, width, _ = pixels.shape
    top, left, bottom, right = inset, inset, max(inset, height - 1 - inset), max(inset, width - 1 - inset)
    colour = np.array(TRIM_LINE_COLOUR, dtype=np.float32)
    pixels[[top, bottom], left:right + 1] = colour
    pixels[top:bottom + 1, [left, right]] = colour
    return pixels

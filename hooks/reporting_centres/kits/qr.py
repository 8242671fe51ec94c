"""QR codes that lead to a centre's page, drawn as vector paths.

The code is drawn in the template's units with its quiet zone painted light, so it scans on any
background; a code whose symbol would come out smaller than brand.yml's ``min_symbol_mm`` is an
error rather than a sticker nobody can scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno


class QrError(ValueError):
    """A QR code that would not scan reliably where the template puts it."""


@dataclass(frozen=True)
class QrCode:
    url: str
    x: float  # top left of the quiet zone
    y: float
    size: float  # width of the code with its quiet zone
    module: float  # width of one module
    quiet_zone: int  # in modules
    modules: int  # modules across the symbol, without the quiet zone
    path: str  # dark modules as path data, in module units from the symbol's top left

    @property
    def symbol_size(self) -> float:
        return self.module * self.modules


def qr_code(url: str, x: float, y: float, size: float, *, quiet_zone: int = 4, min_symbol: float = 20,
            error: str = "m") -> QrCode:
    """A QR code for ``url`` filling a ``size`` square at (x, y), quiet zone included."""
    modules, path = symbol(url, error)
    module = size / (modules + 2 * quiet_zone)
    if module * modules < min_symbol - 1e-9:
        raise QrError(f"the QR code for {url} would be {module * modules:.1f} wide, under the minimum of "
                      f"{min_symbol:g}; give it more room in the template")
    return QrCode(url, x, y, size, module, quiet_zone, modules, path)


@lru_cache(maxsize=64)
def symbol(url: str, error: str) -> tuple[int, str]:
    """Modules across the symbol, and its dark modules as path data. Cached: a centre's sticker,
    its mirror image and its poster share one code, and choosing the best mask is slow."""
    code = segno.make(url, error=error, micro=False, boost_error=False)
    commands = []
    for row, cells in enumerate(code.matrix_iter(border=0)):
        column = 0
        cells = list(cells)
        while column < len(cells):
            if cells[column]:
                end = column
                while end < len(cells) and cells[end]:
                    end += 1
                commands.append(f"M{column} {row}h{end - column}v1h{column - end}z")
                column = end
            else:
                column += 1
    return code.symbol_size(border=0)[0], "".join(commands)

"""QR codes that lead to a centre's page, drawn as vector paths.

The code is drawn in the template's units with its quiet zone painted light, so it scans on any
background; a code whose symbol would come out smaller than brand.yml's ``min_symbol_mm`` is an
error rather than a sticker nobody can scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import segno
from segno import encoder

N3_PATTERN = np.array([1, 0, 1, 1, 1, 0, 1], dtype=np.uint8)  # dark:light:dark:dark:dark:light:dark
N3_CODE = int("".join(map(str, N3_PATTERN)), 2)  # the same, read as a 7-bit number


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
    path: str  # each row's runs of dark modules as lines to stroke one module wide, in module units

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
    """Modules across the symbol, and its dark modules as path data: each run of dark modules in a row
    as a line along the row's middle, which a one-module-wide stroke (butt ends) paints exactly, as
    any SVG renderer does; the kits draw each as the box it paints, all filled as one shape
    (``draw.py``). Cached: a centre's sticker, its mirror image and its poster share one code, and
    choosing the best mask is slow."""
    code = segno.make(url, error=error, micro=False, boost_error=False)
    dark = np.array(code.matrix, dtype=np.uint8) != 0
    edges = np.diff(np.pad(dark, ((0, 0), (1, 1))).astype(np.int8), axis=1)  # +1 where a run starts, -1 after it
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]  # in the same order: row by row, left to right
    commands = [f"M{start} {row}.5h{end - start}" for row, start, end in zip(rows.tolist(), starts.tolist(),
                                                                          ends.tolist(), strict=True)]
    return int(code.symbol_size(border=0)[0]), "".join(commands)


def best_mask(matrix, width, height, proposed_mask=None):
    """segno's choice of data mask (ISO/IEC 18004 7.8.3: the lowest penalty of the eight), made in
    numpy. segno scores each mask module by module in Python, most of the time a code takes.
    The same rules, with segno's reading of the 1:1:3:1:1 rule, so the same mask and symbol."""
    if proposed_mask is not None or width != height or width < 21:
        return _segno_best_mask(matrix, width, height, proposed_mask)  # a given mask, or Micro QR
    data = np.frombuffer(b"".join(matrix), dtype=np.uint8).reshape(height, width)
    candidates = data[None] ^ _mask_patterns(width)  # one symbol per mask
    scores = _penalties(candidates).tolist()
    best = scores.index(min(scores))  # the first of equals, as segno picks
    return best, tuple(bytearray(row.tobytes()) for row in candidates[best])


@lru_cache(maxsize=8)
def _mask_patterns(width: int) -> np.ndarray:
    """The eight masks as segno applies them: its own pattern functions, on its encoding region."""
    function_matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function_matrix, width, width)
    encoder.add_alignment_patterns(function_matrix, width, width)
    function_matrix[-8][8] = 0x1
    region = np.frombuffer(b"".join(function_matrix), dtype=np.uint8).reshape(width, width) > 0x1
    i, j = np.indices((width, width))
    return np.stack([region & pattern(i, j) for pattern in encoder.get_data_mask_functions(False)]).astype(np.uint8)


def _penalties(symbols: np.ndarray) -> np.ndarray:
    """Each symbol's N1 (runs of five or more) + N2 (2 x 2 blocks) + N3 (finder-like patterns)
    + N4 (balance of dark and light)."""
    size = symbols.shape[1]
    lines = np.concatenate([symbols, symbols.transpose(0, 2, 1)], axis=1)  # rows, then columns
    corner = symbols[:, 1:, 1:]
    blocks = (corner == symbols[:, 1:, :-1]) & (corner == symbols[:, :-1, 1:]) & (corner == symbols[:, :-1, :-1])
    dark = symbols.sum(axis=(1, 2), dtype=np.int64)
    scores = _run_penalties(lines) + 3 * blocks.sum(axis=(1, 2)) + 10 * (np.abs(dark / size ** 2 * 100 - 50) // 5)
    scores += _finder_like_penalties(lines)
    return scores.astype(np.int64)


def _run_penalties(lines: np.ndarray) -> np.ndarray:
    """Each run of 5 + i modules of one colour along a line scores 3 + i."""
    count, rows, _ = lines.shape
    separated = np.concatenate([lines, np.full((count, rows, 1), 0xFF, dtype=np.uint8)], axis=2).reshape(count, -1)
    flat = separated.ravel()
    starts = np.concatenate([[0], np.flatnonzero(flat[1:] != flat[:-1]) + 1])
    lengths = np.diff(np.concatenate([starts, [flat.size]]))
    long = lengths >= 5
    return np.bincount(starts[long] // separated.shape[1], weights=lengths[long] - 2, minlength=count)


def _finder_like_penalties(lines: np.ndarray) -> np.ndarray:
    """40 for each 1:1:3:1:1 pattern with four light modules before or after it. Read as segno
    reads it: after a pattern that counts, the search goes on past its end; after one that does
    not, from its fourth module."""
    count = lines.shape[0]
    width = N3_PATTERN.size
    positions = lines.shape[2] - width + 1
    codes = np.zeros((count, lines.shape[1], positions), dtype=np.uint8)  # each window's modules as 7 bits
    for offset in range(width):
        codes = (codes << 1) | lines[:, :, offset:offset + positions]
    symbols, rows, starts = np.nonzero(codes == N3_CODE)
    padded = np.pad(lines, ((0, 0), (0, 0), (4, 4)))  # light beyond the edges, as segno's slices end there
    running = padded.cumsum(axis=2, dtype=np.int32)
    dark = np.concatenate([np.zeros((count, lines.shape[1], 1), np.int32), running], axis=2)
    before = dark[symbols, rows, starts + 4] - dark[symbols, rows, starts]
    after = dark[symbols, rows, starts + width + 8] - dark[symbols, rows, starts + width + 4]
    counts = ((before == 0) | (after == 0)).tolist()
    scores = np.zeros(count, dtype=np.int64)
    line, resume = None, 0
    for symbol, row, start, counted in zip(symbols.tolist(), rows.tolist(), starts.tolist(), counts, strict=True):
        if (symbol, row) != line:
            line, resume = (symbol, row), 0
        if start < resume:
            continue
        if counted:
            scores[symbol] += 40
        resume = start + (width if counted else 4)
    return scores


_segno_best_mask = encoder.find_and_apply_best_mask
encoder.find_and_apply_best_mask = best_mask

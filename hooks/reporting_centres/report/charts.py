"""The report's charts, drawn with matplotlib: the gap map, the coverage heat maps, the quarterly trend.

Each chart is readable in greyscale (viridis and grey scales grow darker steadily; patterns as well
as shades tell bars apart; every heat-map cell has its number written in it) and comes with a text
alternative: a sentence for ``alt``, and the table it was drawn from beside it in the report.
matplotlib is used through its object API alone (no pyplot, so no global state), and its SVG is
written without a date and with a fixed id salt, so the same figures give the same file.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from matplotlib import rcParams
from matplotlib.colors import BoundaryNorm, to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .figures import Figures, Table

rcParams["svg.hashsalt"] = "reporting-centres-report"
rcParams["pdf.fonttype"] = 42  # TrueType in the PDF, so its text can be searched and copied
rcParams["font.family"] = "DejaVu Sans"  # matplotlib's own font: the same everywhere


@dataclass(frozen=True)
class Chart:
    name: str  # file name without .svg
    title: str
    alt: str
    figure: Figure

    def svg(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
        return buffer.getvalue()


def charts(figures: Figures) -> dict[str, Chart]:
    found = {"map": gap_map(figures)}
    for key, label in (("strands", "strand"), ("languages", "language")):
        table = figures.tables[key]
        if table.rows and len(table.columns) > 1:
            found[key] = heat_map(table, label)
    if figures.history.available:
        found["quarters"] = quarters(figures.tables["quarters"])
    return found


def distance_levels(figures: Figures) -> np.ndarray:
    """The distance bands (km) the coverage maps shade by: half the gap distance apart, or the whole of it
    when the farthest place is far beyond it."""
    grid, gap = figures.grid, figures.region.report.gap_km
    farthest = float(np.max(np.where(np.isfinite(grid.km), grid.km, 0), initial=0))
    step = gap / 2 if farthest <= 4 * gap else gap
    top = max(2 * gap, step * math.ceil(farthest / step))
    return np.arange(0, top + step / 2, step)


def gap_map(figures: Figures) -> Chart:
    grid, bounds, gap = figures.grid, figures.region.bounds, figures.region.report.gap_km
    figure = Figure(figsize=(7.5, 6.0))
    axes = figure.add_subplot()
    levels = distance_levels(figures)
    top = float(levels[-1])
    image = axes.imshow(np.where(np.isfinite(grid.km), grid.km, top), origin="lower", cmap="viridis",
                        norm=BoundaryNorm(levels, 256), interpolation="nearest",
                        extent=(bounds.west, bounds.east, bounds.south, bounds.north))
    if grid.beyond.any() and not grid.beyond.all():
        axes.contourf(grid.longitudes, grid.latitudes, grid.beyond.astype(float), levels=[0.5, 1.5],
                      colors="none", hatches=["///"])
        axes.contour(grid.longitudes, grid.latitudes, grid.km, levels=[gap], colors="white", linewidths=2.2)
        axes.contour(grid.longitudes, grid.latitudes, grid.km, levels=[gap], colors="black", linewidths=1.0,
                     linestyles="dashed")
    if figures.open_points:
        points = np.asarray(figures.open_points)
        axes.scatter(points[:, 1], points[:, 0], s=28, marker="^", facecolor="white", edgecolor="black",
                     linewidth=1.0, label="Open centre", zorder=3)
        axes.legend(loc="upper right", framealpha=0.9)
    middle = math.radians((bounds.south + bounds.north) / 2)
    axes.set_aspect(1 / math.cos(middle))
    axes.set_xlabel("Longitude")
    axes.set_ylabel("Latitude")
    axes.set_title(f"Distance to the nearest open centre (hatched: more than {gap:g} km)")
    bar = figure.colorbar(image, ax=axes, shrink=0.8)
    bar.set_label("km to the nearest open centre")
    share = grid.share_beyond()
    alt = (f"Map of {figures.region.name}'s bounding box, shaded from light (far) to dark (near) by the distance "
           f"to the nearest of {len(figures.open_points)} open centres, which are marked with triangles. "
           f"{share:.0%} of the area is more than {gap:g} km from an open centre and is hatched; "
           "the largest gaps are listed in the table that follows.")
    return Chart("coverage-map", "Coverage gaps", alt, figure)


def heat_map(table: Table, label: str) -> Chart:
    rows = [str(row[0]) for row in table.rows]
    columns = list(table.columns[1:])
    values = np.array([[float(v) for v in row[1:]] for row in table.rows])
    figure = Figure(figsize=(min(2.2 + 0.85 * len(columns), 11), 1.4 + 0.42 * len(rows)))
    axes = figure.add_subplot()
    top = max(float(values.max(initial=0)), 1.0)
    image = axes.imshow(values, cmap="Greys", vmin=0, vmax=top * 1.25, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        axes.text(j, i, f"{value:g}", ha="center", va="center", fontsize=9,
                  color=legible_on(image.cmap(image.norm(value))), fontweight="bold" if not value else "normal")
    axes.set_xticks(range(len(columns)), labels=columns, rotation=35, ha="right")
    axes.set_yticks(range(len(rows)), labels=rows)
    axes.set_title(table.title, fontsize=11)
    axes.tick_params(length=0)
    zero = [f"{rows[i]} ({columns[j]})" for (i, j), value in np.ndenumerate(values) if not value]
    gaps = f"No open centre covers: {'; '.join(zero)}." if zero else f"Every borough has a centre for every {label}."
    alt = (f"Heat map of open centres by borough and {label}: darker cells have more centres. {gaps} "
           "The same figures are in the table that follows.")
    return Chart(table.name, table.title, alt, figure)


def legible_on(colour) -> str:
    """Black or white, whichever contrasts more with ``colour`` by WCAG's measure: on any grey one of
    them reaches 4.5:1."""
    red, green, blue = (part / 12.92 if part <= 0.04045 else ((part + 0.055) / 1.055) ** 2.4
                        for part in to_rgb(colour))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def quarters(table: Table) -> Chart:
    names = [str(row[0]) for row in table.rows]
    series = [("Joined", 1, "0.15", ""), ("Left", 2, "white", "///"), ("Edited", 3, "0.7", "..")]
    figure = Figure(figsize=(7.5, 3.2))
    axes = figure.add_subplot()
    x = np.arange(len(names))
    for offset, (label, column, colour, hatch) in enumerate(series):
        axes.bar(x + (offset - 1) * 0.27, [row[column] for row in table.rows], width=0.27, label=label,
                 color=colour, edgecolor="black", hatch=hatch, linewidth=0.8)
    axes.set_xticks(x, labels=names, rotation=30, ha="right")
    axes.set_ylabel("Centre files")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(ncols=3, loc="upper left", frameon=False)
    axes.set_title(table.title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    detail = "; ".join(f"{row[0]}: {row[1]} joined, {row[2]} left, {row[3]} edited" for row in table.rows)
    alt = f"Bar chart of centre files added, removed and edited per quarter. {detail}."
    return Chart(table.name, table.title, alt, figure)

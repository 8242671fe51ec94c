"""The report as a PDF for board papers, typeset with matplotlib's PdfPages: A4 pages of text, tables
and the same charts as the HTML (as pictures, each followed by its text alternative), with nothing to
install beyond the project's own libraries.

Text is set in DejaVu Sans as TrueType (``pdf.fonttype`` 42), so the PDF's text can be searched,
copied and read by pdftotext. The file has no creation date, so the same report gives the same PDF.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.image import imread

from .charts import Chart
from .figures import Table

WIDTH, HEIGHT = 8.27, 11.69  # A4, inches
MARGIN = 0.7
LINE = 0.19  # inches between lines of body text
MAX_ROWS = 60  # a table's first rows on paper; the HTML and the CSV have them all
DPI = 200  # charts are pictures in the PDF (their text alternative follows each); the HTML has them as SVG


class Writer:
    def __init__(self, pdf: PdfPages, title: str) -> None:
        self.pdf, self.title = pdf, title
        self.figure: Figure | None = None
        self.y = 0.0
        self.page = 0

    def _new_page(self) -> None:
        self.flush()
        self.figure = Figure(figsize=(WIDTH, HEIGHT))
        self.page += 1
        self.figure.text(MARGIN / WIDTH, 0.4 / HEIGHT, f"{self.title} · page {self.page} · private", fontsize=7,
                         color="0.3")
        self.y = HEIGHT - MARGIN

    def flush(self) -> None:
        if self.figure is not None:
            self.pdf.savefig(self.figure)
            self.figure = None

    def _room(self, inches: float) -> None:
        if self.figure is None or self.y - inches < MARGIN:
            self._new_page()

    def _text(self, x: float, text: str, **style) -> None:
        assert self.figure is not None
        self.figure.text(x / WIDTH, self.y / HEIGHT, text, va="top", **style)

    def heading(self, text: str, size: float = 14) -> None:
        lines = textwrap.wrap(text, width=int((WIDTH - 2 * MARGIN) * 72 / (size * 0.62))) or [""]
        self._room(len(lines) * size / 72 * 1.5 + 3 * LINE)
        self.y -= 0.1
        for line in lines:
            self._text(MARGIN, line, fontsize=size, fontweight="bold")
            self.y -= size / 72 * 1.5
        self.y -= 0.05

    def paragraph(self, text: str, size: float = 9.5) -> None:
        for line in textwrap.wrap(text, width=int((WIDTH - 2 * MARGIN) * 72 / (size * 0.55))) or [""]:
            self._room(LINE)
            self._text(MARGIN, line, fontsize=size)
            self.y -= LINE
        self.y -= LINE / 2

    def table(self, table: Table) -> None:
        self.heading(table.title, size=10.5)
        if not table.rows:
            self.paragraph(table.empty)
            return
        rows = table.rows[:MAX_ROWS]
        cells = [[str(c) for c in table.columns], *([str(c) for c in row] for row in rows)]
        widths = [min(max(len(row[i]) for row in cells), 38) + 2 for i in range(len(table.columns))]
        size = 8.0 if sum(widths) < 100 else 6.5
        scale = (WIDTH - 2 * MARGIN) / max(sum(widths), 1)
        for index, row in enumerate(cells):
            self._room(LINE)
            x = MARGIN
            for width, cell in zip(widths, row, strict=True):
                shown = cell if len(cell) <= width - 2 else cell[:width - 3] + "…"
                self._text(x, shown, fontsize=size, fontweight="bold" if index == 0 else "normal")
                x += width * scale
            self.y -= LINE * size / 9
        if len(table.rows) > MAX_ROWS:
            self.y -= LINE / 2
            self.paragraph(f"… and {len(table.rows) - MAX_ROWS} more rows: every row is in the HTML report and in "
                           f"csv/{table.name}.csv.", size=8.5)
        self.y -= LINE

    def chart(self, chart: Chart) -> None:
        """The chart as a picture across the text column, and its text alternative under it."""
        buffer = io.BytesIO()
        chart.figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
        picture = imread(io.BytesIO(buffer.getvalue()), format="png")
        tall, wide = picture.shape[:2]
        width = min(WIDTH - 2 * MARGIN, wide / DPI)
        height = width * tall / wide
        if height > HEIGHT - 2 * MARGIN - 4 * LINE:
            height = HEIGHT - 2 * MARGIN - 4 * LINE
            width = height * wide / tall
        self._room(height + 0.2)
        assert self.figure is not None
        axes = self.figure.add_axes((MARGIN / WIDTH, (self.y - height) / HEIGHT, width / WIDTH, height / HEIGHT))
        axes.imshow(picture, interpolation="antialiased")
        axes.set_axis_off()
        self.y -= height + 0.15
        self.paragraph("Figure: " + chart.alt, size=8.5)


def write_pdf(path: Path, title: str, blocks) -> None:
    """``blocks``: ("heading"|"paragraph", text), ("table", Table) or ("chart", Chart), in order."""
    with PdfPages(path, metadata={"Title": title, "CreationDate": None, "Creator": "centres report"}) as pdf:
        writer = Writer(pdf, title)
        for kind, value in blocks:
            getattr(writer, kind)(value)
        writer.flush()

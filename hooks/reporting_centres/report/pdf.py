"""The report as a PDF for board papers: WeasyPrint typesets the report's own HTML as a tagged PDF
(PDF/UA-1: a structure tree of headings, lists, tables and figures, /MarkInfo /Marked, the page's
language and title, and each chart's alternative text), so screen readers can read it as they read
the HTML, and the PDF never says anything the HTML does not. Long tables stop after
``PDF_MAX_ROWS`` rows on paper, saying how many more the HTML and the CSV hold.

Only the report's own folder is read (``file:`` URLs; no other host is ever asked), the charts are
its SVGs (vector, searchable text), and the file has no creation date and a fixed identifier, so the
same report gives the same PDF.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

PDF_MAX_ROWS = 60  # a table's first rows on paper (typesetting thousands is slow); the HTML and CSV have them all


class FolderFetcher(URLFetcher):
    """Fetches only files inside the report's folder: the PDF never asks any other host for anything."""

    def __init__(self, folder: Path) -> None:
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.folder = folder.resolve()

    def fetch(self, url, headers=None):
        from urllib.parse import unquote, urlsplit

        path = Path(unquote(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self.folder):
            raise URLFetchingError(f"{url} is outside the report's folder")
        return super().fetch(url, headers)


def write_pdf(html: str, folder: Path, pdf_path: Path) -> None:
    """Typeset ``html`` (the report's page, its charts in ``folder``) as a tagged PDF at ``pdf_path``."""
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()  # the same report, the same PDF
    HTML(string=html, base_url=str((folder / "report.html").resolve()), media_type="print",
         url_fetcher=FolderFetcher(folder)).write_pdf(
        pdf_path, pdf_variant="pdf/ua-1", pdf_identifier=identifier, uncompressed_pdf=False)

"""Zip files and the printers' manifest, byte for byte the same on every build.

Zip entries carry a fixed date and permissions and are written in sorted order; the manifest
lists every file a printer gets with its trim size and sha256, so a print shop can check a pack.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
STORED = (".pdf", ".png", ".zip")
MANIFEST_COLUMNS = ("centre", "item", "trim_size_mm", "file", "sha256")


@dataclass(frozen=True)
class ManifestRow:
    centre: str
    item: str
    trim_size_mm: str
    file: str
    sha256: str


def deterministic_zip(files: Mapping[str, Path | bytes], target: Path | BinaryIO) -> None:
    """Write a zip of ``files`` (archive name to a file or bytes) that depends on nothing but them.

    PDFs and PNGs are compressed already, so they are stored as they are: deflating them again
    costs most of the time and saves almost nothing.
    """
    with zipfile.ZipFile(target, "w", compresslevel=6) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            source = files[name]
            if isinstance(source, bytes):
                archive.writestr(info, source)
            else:
                with open(source, "rb") as stream, archive.open(info, "w") as entry:
                    shutil.copyfileobj(stream, entry, 1 << 20)


def trim_size(size: tuple[float, float]) -> str:
    return f"{size[0]:g}x{size[1]:g}"


def manifest_csv(rows: list[ManifestRow]) -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for row in sorted(rows, key=lambda row: (row.centre, row.item, row.file)):
        writer.writerow([row.centre, row.item, row.trim_size_mm, row.file, row.sha256])
    return output.getvalue().encode("utf-8")

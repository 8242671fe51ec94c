"""The printers' lists, byte for byte the same on every build.

The manifest lists every file a printer gets with its trim size, sha256 and its centre's status
(``temporarily-closed`` marks a centre closed for now: ask before printing for it; closed centres
are left out of every list); ``SHA256SUMS`` holds
the same checksums as ``sha256sum -c`` reads them; ``print-files.txt`` is every file's address, one
a line, for ``wget --input-file``. Paths are relative to the site's kits/ folder, where each centre's
files are in a folder named after it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

MANIFEST_COLUMNS = ("centre", "item", "trim_size_mm", "file", "sha256", "status")


@dataclass(frozen=True)
class ManifestRow:
    centre: str
    item: str
    trim_size_mm: str
    file: str
    sha256: str
    status: str = "active"  # the centre's: active or temporarily-closed (closed centres are not listed)


def trim_size(size: tuple[float, float]) -> str:
    return f"{size[0]:g}x{size[1]:g}"


def ordered(rows: list[ManifestRow]) -> list[ManifestRow]:
    return sorted(rows, key=lambda row: (row.centre, row.item, row.file))


def manifest_csv(rows: list[ManifestRow]) -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for row in ordered(rows):
        writer.writerow([row.centre, row.item, row.trim_size_mm, row.file, row.sha256, row.status])
    return output.getvalue().encode("utf-8")


def checksums_file(rows: list[ManifestRow]) -> bytes:
    """``<sha256>  <centre>/<file>`` a line, as ``sha256sum`` writes and ``sha256sum -c`` checks."""
    return "".join(f"{row.sha256}  {row.file}\n" for row in ordered(rows)).encode("utf-8")


def url_list(base: str, files: list[str]) -> bytes:
    """Each file's address under ``base`` (the site's kits/ folder), in the order given."""
    return "".join(f"{base}{name}\n" for name in files).encode("utf-8")

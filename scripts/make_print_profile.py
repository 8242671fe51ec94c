"""Make brand/print-profile.icc, the CMYK profile of every PDF/X print file's output intent.

The profile characterises offset printing on coated paper (FOGRA39, ISO 12647-2:2004). It is made
once, here, and committed, so the build needs neither ArgyllCMS nor the measurement data:

    apt-get install argyll icc-profiles-free
    .venv/bin/python scripts/make_print_profile.py

ArgyllCMS's ``colprof`` builds it from FOGRA39L.ti3, Fogra's published measurements as Debian's
icc-profiles-free ships them (zlib licence). Every print file embeds the profile, so this script then
rewrites colprof's 16-bit tables as 8-bit ones (ICC lut8): the same grids and curves, a quarter the
size, well inside what a press can print (a step of 0.4% ink). The result is byte-identical each run.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MEASUREMENTS = Path("/usr/share/color/icc/FOGRA39L.ti3")
OUTPUT = ROOT / "brand" / "print-profile.icc"
DESCRIPTION = "Coated FOGRA39 (ISO 12647-2:2004), compact"
COPYRIGHT = ("Made with ArgyllCMS colprof from the FOGRA39L characterisation data (Fogra; zlib licence, "
             "Debian icc-profiles-free). No rights reserved.")
LAB_16_TO_8 = 65280 / 65535  # ICC v2 16-bit Lab puts L* 100 and a*, b* +127 at 0xFF00, not 0xFFFF
KEPT = (b"wtpt", b"bkpt", b"clrt", b"arts")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measurements", type=Path, default=MEASUREMENTS)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    if shutil.which("colprof") is None or not options.measurements.is_file():
        print("needs ArgyllCMS's colprof and FOGRA39L.ti3: apt-get install argyll icc-profiles-free",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(options.measurements, Path(folder) / "FOGRA39L.ti3")
        subprocess.run(["colprof", "-ql", "-bl", "-nc", "-kr", "-D", DESCRIPTION, "-C", COPYRIGHT,
                        "-O", "full.icc", "FOGRA39L"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
        full = (Path(folder) / "full.icc").read_bytes()
    options.output.write_bytes(compact(full))
    print(f"{options.output.relative_to(ROOT) if options.output.is_relative_to(ROOT) else options.output}: "
          f"{options.output.stat().st_size} bytes")
    return 0


def compact(profile: bytes) -> bytes:
    """colprof's output profile with 8-bit tables, fixed dates and only the tags a profile needs."""
    tags = read_tags(profile)
    a2b = lut8(profile[slice(*tags[b"A2B0"])], pcs_in=False)
    b2a = lut8(profile[slice(*tags[b"B2A0"])], pcs_in=True)
    gamut = lut8(profile[slice(*tags[b"gamt"])], pcs_in=True, pcs_out=False)
    blocks: list[tuple[tuple[bytes, ...], bytes]] = [
        ((b"desc",), text_description(DESCRIPTION)), ((b"cprt",), b"text" + bytes(4) + COPYRIGHT.encode() + b"\0"),
        *(((sig,), profile[slice(*tags[sig])]) for sig in KEPT if sig in tags),
        ((b"A2B0", b"A2B1", b"A2B2"), a2b), ((b"B2A0", b"B2A1", b"B2A2"), b2a), ((b"gamt",), gamut)]
    count = sum(len(sigs) for sigs, _ in blocks)
    offset = 128 + 4 + 12 * count
    table, data = [], b""
    for sigs, block in blocks:
        data += bytes(-(offset + len(data)) % 4)
        for sig in sigs:
            table.append(struct.pack(">4sII", sig, offset + len(data), len(block)))
        data += block
    body = struct.pack(">I", count) + b"".join(table) + data
    header = bytearray(profile[:128])
    header[0:4] = struct.pack(">I", 128 + len(body))
    header[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # a fixed date, so each run gives the same bytes
    header[84:100] = bytes(16)  # no profile ID (a version 2 profile has none)
    return bytes(header) + body


def read_tags(profile: bytes) -> dict[bytes, tuple[int, int]]:
    count = struct.unpack(">I", profile[128:132])[0]
    tags = {}
    for index in range(count):
        sig, offset, size = struct.unpack(">4sII", profile[132 + 12 * index:144 + 12 * index])
        tags[sig] = (offset, offset + size)
    return tags


def lut8(tag: bytes, *, pcs_in: bool, pcs_out: bool = True) -> bytes:
    """An ICC lut16 ('mft2') tag as a lut8 ('mft1'): curves resampled to 256 entries, values to 8 bits.
    Lab on the PCS side is rescaled from the 16-bit encoding (0xFF00 is L* 100) to the 8-bit one (0xFF)."""
    if tag[:4] != b"mft2":
        raise ValueError(f"expected a lut16 tag, found {tag[:4]!r}")
    inputs, outputs, grid = tag[8], tag[9], tag[10]
    matrix = tag[12:48]
    entries_in, entries_out = struct.unpack(">HH", tag[48:52])
    position = 52
    values = np.frombuffer(tag, dtype=">u2", offset=position)
    curves_in = values[:inputs * entries_in].reshape(inputs, entries_in) / 65535
    position = inputs * entries_in
    clut = values[position:position + grid ** inputs * outputs] / 65535
    position += grid ** inputs * outputs
    curves_out = values[position:position + outputs * entries_out].reshape(outputs, entries_out) / 65535
    x8 = np.arange(256) / 255
    where_in = x8 * LAB_16_TO_8 if pcs_in else x8
    new_in = np.array([np.interp(where_in, np.linspace(0, 1, entries_in), curve) for curve in curves_in])
    new_out = np.array([np.interp(x8, np.linspace(0, 1, entries_out), curve) for curve in curves_out])
    if pcs_out and not pcs_in:  # A2B: the output curves give 16-bit Lab, wanted as 8-bit Lab
        new_out = np.minimum(new_out / LAB_16_TO_8, 1)

    def as_bytes(array) -> bytes:
        return np.round(np.clip(array, 0, 1) * 255).astype(np.uint8).tobytes()

    return (b"mft1" + bytes(4) + bytes([inputs, outputs, grid, 0]) + matrix
            + as_bytes(new_in) + as_bytes(clut) + as_bytes(new_out))


def text_description(text: str) -> bytes:
    """An ICC v2 textDescriptionType: ASCII, and empty Unicode and ScriptCode parts."""
    ascii_text = text.encode("ascii") + b"\0"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(8) + bytes(3) + bytes(67)


if __name__ == "__main__":
    sys.exit(main())

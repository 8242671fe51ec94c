"""The printers' lists and job ticket, byte for byte the same on every build.

The manifest lists every file a printer gets with its trim size, which variant it is (``print-pdfx4``,
the file to upload, whose page is trim plus bleed; ``print-pdfx4-marks``, the same with crop marks;
``trim``; or ``soft-proof``: a PNG of how a sample centre's print file prints, to look at),
sha256 and its centre's status (``temporarily-closed`` marks a centre closed for now: ask before
printing for it; closed centres are left out of every list); ``SHA256SUMS`` holds the same
checksums as ``sha256sum -c`` reads them; ``print-files.txt`` is every file's address, one a line,
for ``wget --input-file``. The job ticket says how to print each item (stock, finish, quantity,
cutting, its proof) and the brand colours (CMYK; no spot colour unless brand.yml gives a Pantone
reference), for a person (``job-ticket.txt``) and for a print shop's system (``job-ticket.json``).
Paths are relative to the site's kits/ folder, where each centre's files are in a folder named
after it and the proofs are kept once.
"""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import asdict, dataclass

from ..jsontext import json_text

MANIFEST_COLUMNS = ("centre", "item", "trim_size_mm", "variant", "file", "sha256", "status")
# How each print file's page relates to its trim and bleed.
PAGE_NOTE = ("the \"-print.pdf\" file's page is the trim plus the bleed (MediaBox = BleedBox), with no marks: "
             "the file to upload to an online printer; the \"-print-marks.pdf\" file is the same artwork on a "
             "larger page, with crop marks in registration colour outside the bleed and a line saying what the "
             "file is, for a press that wants marks")
# What each file a printer gets is, by its role in the kit.
VARIANTS = {"print.pdf": "print-pdfx4", "print-marks.pdf": "print-pdfx4-marks", "pdf": "trim",
            "proof.png": "soft-proof"}
VARIANT_MEANINGS = {
    "print-pdfx4": "the file to print or upload: PDF/X-4, CMYK for coated paper; its page is the trim plus the "
                   "bleed (MediaBox = BleedBox), with a TrimBox, and no marks",
    "print-pdfx4-marks": "the same print file with crop marks: PDF/X-4, the page larger than trim and bleed, crop "
                         "marks in registration colour outside the bleed and a line saying what the file is",
    "trim": "the trim size in RGB, to look at or print on an office printer; not for the press",
    "soft-proof": "a proof, not a print file: a made-up centre's print file (\"-print.pdf\", trim plus bleed) "
                  "separated into its inks and shown in sRGB through the print profile, with bleed, white ink on film "
                  "and the die line; to look at on screen",
}
TICKET_FORMAT = "reporting-centres-job-ticket/1"


@dataclass(frozen=True)
class ManifestRow:
    centre: str
    item: str
    trim_size_mm: str
    file: str
    sha256: str
    status: str = "active"  # the centre's: active or temporarily-closed (closed centres are not listed)
    variant: str = "print-pdfx4"  # VARIANTS


@dataclass(frozen=True)
class TicketItem:
    """One printed item of every centre's kit, as the job ticket describes it."""

    item: str
    title: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    stock: str
    finish: str
    quantity_per_centre: int
    cut: str
    spot_colours: tuple[str, ...]
    notes: str | None
    print_file: str  # the file to print (trim plus bleed), with <centre> for the centre's folder and name
    print_file_marks: str  # the same with crop marks
    proof: str | None = None  # its soft proof, in the kits/ folder: a PNG to look at, not a print file


@dataclass(frozen=True)
class BrandColour:
    """A brand colour as it prints: CMYK percentages, and a Pantone reference if brand.yml gives one."""

    name: str
    srgb: str
    cmyk: tuple[int, int, int, int]
    pantone: str | None


@dataclass(frozen=True)
class TicketCentre:
    centre: str
    name: str
    status: str


@dataclass(frozen=True)
class JobTicket:
    """How to print every centre's kit: the print condition, each item, and the centres."""

    region: str
    print_condition: str
    print_condition_description: str
    items: tuple[TicketItem, ...]
    centres: tuple[TicketCentre, ...]
    colours: tuple[BrandColour, ...] = ()
    proof_sample: str | None = None  # the made-up centre whose print files the soft proofs show

    @property
    def open_centres(self) -> int:
        """The centres to print for without asking: those not temporarily closed."""
        return sum(1 for centre in self.centres if centre.status == "active")

    @property
    def colour_note(self) -> str:
        """How the brand colours are to be printed, in one sentence."""
        matched = [f"{colour.name} {colour.pantone}" for colour in self.colours if colour.pantone]
        if not matched:
            return "No spot colour: print CMYK. The brand colours are CMYK values, with no Pantone reference."
        return (f"The brand colours are printed in CMYK; Pantone references to match them by: {', '.join(matched)}. "
                "The print files use no Pantone spot colour.")


def trim_size(size: tuple[float, float]) -> str:
    return f"{size[0]:g}x{size[1]:g}"


def ordered(rows: list[ManifestRow]) -> list[ManifestRow]:
    return sorted(rows, key=lambda row: (row.centre, row.item, row.file))


def manifest_csv(rows: list[ManifestRow]) -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for row in ordered(rows):
        writer.writerow([row.centre, row.item, row.trim_size_mm, row.variant, row.file, row.sha256, row.status])
    return output.getvalue().encode("utf-8")


def checksums_file(rows: list[ManifestRow]) -> bytes:
    """``<sha256>  <centre>/<file>`` a line, as ``sha256sum`` writes and ``sha256sum -c`` checks."""
    return "".join(f"{row.sha256}  {row.file}\n" for row in ordered(rows)).encode("utf-8")


def url_list(base: str, files: list[str]) -> bytes:
    """Each file's address under ``base`` (the site's kits/ folder), in the order given."""
    return "".join(f"{base}{name}\n" for name in files).encode("utf-8")


def ticket_json(ticket: JobTicket) -> bytes:
    """The job ticket for a print shop's system: the same facts as the text one."""
    data = {"format": TICKET_FORMAT, **asdict(ticket), "colour_note": ticket.colour_note, "variants": VARIANT_MEANINGS,
            # open centres only: a temporarily closed centre's copies wait for the coordinator's word
            "totals": {item.item: item.quantity_per_centre * ticket.open_centres for item in ticket.items}}
    return (json_text(data, indent=1) + "\n").encode("utf-8")


def ticket_text(ticket: JobTicket) -> bytes:
    """The job ticket for a person: each item's size, stock, finish, quantity, file and cut."""
    lines = [f"Job ticket: hate crime reporting centre kits, {ticket.region}", "",
             f"Colour: PDF/X-4, CMYK, output intent {ticket.print_condition}:",
             f"  {ticket.print_condition_description}.",
             f"  {ticket.colour_note}",
             *(f"  {colour.name}: C {colour.cmyk[0]} M {colour.cmyk[1]} Y {colour.cmyk[2]} K {colour.cmyk[3]}"
               + (f", {colour.pantone}" if colour.pantone else "") for colour in ticket.colours),
             "Print the print-pdfx4 files (\"-print.pdf\") or, where you want crop marks, the print-pdfx4-marks "
             "files (\"-print-marks.pdf\"); the others are trim-size RGB copies for screens.",
             f"Both are PDF/X-4 with the same artwork: {PAGE_NOTE}.",
             *([f"Soft proofs (\"-proof.png\", from the kit of a made-up centre, {ticket.proof_sample}) show on screen "
                "how each item's \"-print.pdf\" prints, trim plus bleed: they are proofs, not print files."]
               if ticket.proof_sample else []),
             "Check every file first: sha256sum -c SHA256SUMS", ""]
    for item in ticket.items:
        width, height = item.trim_mm
        total = item.quantity_per_centre * ticket.open_centres
        waiting = len(ticket.centres) - ticket.open_centres
        total_text = (f"{total} in all" if not waiting else
                      f"{total} for {_centres(ticket.open_centres, 'open')}; {item.quantity_per_centre} more for each "
                      f"of the {_centres(waiting, 'temporarily closed')} only if the coordinator says so")
        lines += [f"{item.title} ({item.item})",
                  f"  Trim size:  {width:g} x {height:g} mm, with {item.bleed_mm:g} mm bleed",
                  f"  Stock:      {item.stock}",
                  f"  Finish:     {item.finish}",
                  f"  Quantity:   {item.quantity_per_centre} per centre, {total_text}",
                  f"  File:       {item.print_file} (trim plus bleed, to upload)",
                  f"  With marks: {item.print_file_marks}",
                  *([f"  Proof:      {item.proof} (a soft proof to look at, not a print file)"] if item.proof else []),
                  f"  Cut:        {item.cut}"]
        if item.spot_colours:
            lines.append(f"  Spot inks:  {', '.join(item.spot_colours)}")
        if item.notes:
            lines.append(f"  Note:       {item.notes.upper()}")
        lines.append("")
    closed = [centre for centre in ticket.centres if centre.status != "active"]
    lines += [f"Centres: {len(ticket.centres)} (their folders are named after them; the manifest lists every file)."]
    if closed:
        lines.append("Temporarily closed, ask the coordinator before printing for:")
        lines += [f"  {centre.centre}: {centre.name}" for centre in closed]
    return "\n".join(textwrap.fill(line, 100, subsequent_indent=" " * 14) if line.startswith("  ") else line
                      for line in lines).encode("utf-8") + b"\n"


def _centres(count: int, kind: str) -> str:
    return f"{count} {kind} centre{'' if count == 1 else 's'}"

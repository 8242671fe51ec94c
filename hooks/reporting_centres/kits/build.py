"""Plan every centre's kit, render what the cache lacks across a process pool, and write it out.

``plan_kits`` runs in ``on_config`` with the rest of validation, so a missing font, a broken
brand.yml or a missing ``site_url`` stops the build before MkDocs touches site/. ``KitRendering``
starts in ``on_files``, once MkDocs has emptied the folder it builds in: worker processes draw what
the cache lacks and put every kit in place while MkDocs writes the pages. ``write_kits`` waits for
them after the pages; a name too long for its sticker is reported then, and the staged build is
dropped, so site/ is never replaced by a half-made one. Everything lands under ``site/kits/``:

    kits/<slug>/<slug>-<item>.pdf | -print.pdf | -print-marks.pdf
                                                             printed items (and -preview.png, if asked for)
    kits/<slug>/<slug>-<item>.png | @2x.png | .svg | .html  screen items
    kits/<item>.png | @2x.png | .svg | .html                 screen items that show nothing of a centre:
                                                             the same for every centre, so kept once
    kits/<item>-proof.png                                    each printed item's soft proof: a made-up
                                                             centre's print file as it prints (``proof.py``)
    kits/manifest.csv, kits/SHA256SUMS, kits/print-files.txt every centre's print PDFs and the proofs, listed
                                                             (but closed centres'; temporarily closed ones marked)

Each file is in the site once. There is no zip of a centre's kit (its page links every file) and no
printers' pack (the printers' page and the lists link every print file, and ``sha256sum -c SHA256SUMS``
checks a download): each was a second copy of the same files, and GitHub Pages takes at most 1 GB.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Region
from ..derive import slugify
from ..errors import DataError, Problem
from ..model import Status
from ..public import PublicCentre
from .brand import BRAND_FILE, Brand, Item, load_brand
from .cache import PROOF_MODULES, KitCache, digest_of, item_digest, job_key, place
from .fields import (
    SAMPLE_DATE,
    SAMPLE_SLUG,
    CertificateRecord,
    certificate_number,
    certificate_record,
    kit_fields,
    print_date,
    region_fields,
    sample_centre,
)
from .fonts import file_digest, resolve_fonts
from .ghostscript import ghostscript_version
from .jobs import KitJob, KitRenderError, template_environment
from .pack import (
    VARIANTS,
    BrandColour,
    JobTicket,
    ManifestRow,
    TicketCentre,
    TicketItem,
    checksums_file,
    manifest_csv,
    ordered,
    ticket_json,
    ticket_text,
    trim_size,
    url_list,
)
from .phrases import load_phrases, missing_phrases
from .printable import undrawable_phrases, undrawable_text
from .svg import logo_parts

KITS_FOLDER = "kits"
CACHE_FOLDER = Path(".cache") / "kits"
MANIFEST = "manifest.csv"
CHECKSUMS_LIST = "SHA256SUMS"
URL_LIST = "print-files.txt"
TICKET_TEXT, TICKET_JSON = "job-ticket.txt", "job-ticket.json"
PRINTERS_FILES = (MANIFEST, CHECKSUMS_LIST, URL_LIST, TICKET_TEXT, TICKET_JSON)
PROOF = "proof.png"  # a printed item's soft proof, kept once in kits/ (its role, and its name in the cache)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters
POOL_THRESHOLD = 4  # fewer centres than this: starting workers costs more than it saves
ROLE_LABELS = {
    "pdf": "PDF, trim size",
    "print.pdf": "print PDF (PDF/X-4): trim + bleed",
    "print-marks.pdf": "print PDF (PDF/X-4): crop marks",
    "preview.png": "PNG preview",
    PROOF: "soft proof (PNG): how the print file prints, on screen; not for printing",
    "svg": "SVG",
    "png": "PNG",
    "2x.png": "PNG, double size",
    "html": "HTML snippet",
}
PRINTERS_ROLES = ("print.pdf", "print-marks.pdf", "pdf")


def file_name(slug: str | None, item: str, role: str) -> str:
    """``<slug>-<item>...``; without a slug, the name of an item every centre shares."""
    prefix = f"{slug}-{item}" if slug else item
    if role == "2x.png":
        return f"{prefix}@2x.png"
    stem, _, extension = role.rpartition(".")
    return f"{prefix}{'-' + stem if stem else ''}.{extension}"


@dataclass(frozen=True)
class KitFile:
    slug: str | None  # None: an item every centre shares, kept once in kits/
    item: str
    role: str

    @property
    def name(self) -> str:
        return file_name(self.slug, self.item, self.role)

    @property
    def path(self) -> str:
        """Where the file is in the site, for links."""
        return f"{KITS_FOLDER}/{self.slug}/{self.name}" if self.slug else f"{KITS_FOLDER}/{self.name}"

    @property
    def label(self) -> str:
        if self.role.endswith("dpi.png"):
            return f"PNG, {self.role.removesuffix('dpi.png')} dpi"
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class Download:
    """One item of a centre's kit as its page lists it."""

    item: str
    title: str
    description: str
    size: str
    files: tuple[KitFile, ...]
    snippet: str | None


@dataclass(frozen=True)
class CentreDownloads:
    """A centre's kit as its page offers it: each item's files."""

    items: tuple[Download, ...]


@dataclass(frozen=True)
class CentreKit:
    slug: str
    name: str
    borough: str
    jobs: tuple[KitJob, ...]
    keys: tuple[str, ...]  # each job's cache key, in the same order
    snippets: tuple[tuple[str, str], ...]  # (item, HTML)
    status: str = Status.active.value  # closed centres keep their kit but are left out of the printers' lists


@dataclass(frozen=True)
class KitReport:
    centres: int
    files: int
    hits: int
    misses: int
    carried: tuple[str, ...] = ()  # kit folders (paths in the site) to move across from the published site


@dataclass(frozen=True)
class KitPlan:
    """What every centre's kit holds, decided before anything is drawn."""

    brand_dir: Path
    brand: Brand
    cache_dir: Path
    centres_dir: str
    centres: tuple[CentreKit, ...]
    workers: int
    print_png_dpi: int | None
    preview_dpi: int | None
    site_url: str
    notes: tuple[str, ...] = ()  # the languages centres list that their kits cannot print, for the build's log
    region_name: str = ""
    boroughs: tuple[str, ...] = ()  # the region's, in its order: the printers' lists per borough
    proof_dpi: int | None = None  # each printed item's soft proof, from a sample centre's kit; None: none
    proof_version: str = ""  # what the proofs' pixels depend on besides the print file: code, Ghostscript
    proof_jobs: tuple[tuple[KitJob, str], ...] = ()  # the sample centre's printed items and their cache keys

    manifest_path = f"{KITS_FOLDER}/{MANIFEST}"
    checksums_path = f"{KITS_FOLDER}/{CHECKSUMS_LIST}"
    url_list_path = f"{KITS_FOLDER}/{URL_LIST}"
    ticket_text_path = f"{KITS_FOLDER}/{TICKET_TEXT}"
    ticket_json_path = f"{KITS_FOLDER}/{TICKET_JSON}"

    def centre(self, slug: str) -> CentreKit:
        return self._by_slug[slug]

    @cached_property
    def _by_slug(self) -> dict[str, CentreKit]:
        return {kit.slug: kit for kit in self.centres}

    def roles(self, item: Item) -> tuple[str, ...]:
        if not item.printed:
            return ("png", "2x.png", "svg") + (("html",) if item.snippet else ())
        extra = ((f"{self.print_png_dpi}dpi.png",) if self.print_png_dpi else ()) + (
            ("preview.png",) if self.preview_dpi else ())
        trim = ("pdf",) if item.press is None or item.press.trim_pdf else ()
        return (*trim, "print.pdf", "print-marks.pdf", *extra)  # no SVG: the PDFs hold the same vector artwork

    def shared(self, item: str) -> bool:
        """An item that shows nothing of a centre (a screen item that uses no centre field) is the same
        for every centre: the site keeps one copy, in kits/, which every centre's page links."""
        return is_shared(self.brand.items[item])

    def downloads(self, slug: str) -> CentreDownloads:
        kit = self.centre(slug)
        snippets = dict(kit.snippets)
        return CentreDownloads(tuple(
            Download(name, item.title, item.description, item.size_label,
                     tuple(KitFile(None if self.shared(name) else slug, name, role) for role in self.roles(item)),
                     snippets.get(name))
            for name, item in self.brand.items.items()))

    def url_list_command(self, borough: str | None = None) -> str:
        """The one command that downloads every print file (and the lists) into folders by centre:
        the whole region's, or one borough's."""
        depth = len([part for part in urlsplit(self.site_url).path.split("/") if part]) + 1  # and kits/
        return (f"wget --no-host-directories --force-directories --cut-dirs={depth} "
                f"--input-file={self.site_url.rstrip('/')}/{KITS_FOLDER}/{lists_folder(borough)}{URL_LIST}")

    def lists_path(self, borough: str | None, name: str) -> str:
        """Where one of the printers' lists is in the site: kits/<name>, or kits/boroughs/<borough>/<name>."""
        return f"{KITS_FOLDER}/{lists_folder(borough)}{name}"

    def printers_centres(self, borough: str | None = None) -> tuple[CentreKit, ...]:
        """The centres the printers' page and lists offer: all but those closed for good; in one borough, or all."""
        return tuple(kit for kit in self.centres
                     if kit.status != Status.closed.value and (borough is None or kit.borough == borough))

    def printers_boroughs(self) -> tuple[tuple[str, str, int], ...]:
        """Each borough with centres to print for: its name, the slug its lists' folder is named by, and
        how many centres; in the order the region lists them."""
        counts: dict[str, int] = {}
        for kit in self.printers_centres():
            counts[kit.borough] = counts.get(kit.borough, 0) + 1
        return tuple((name, slugify(name), counts[name]) for name in self.boroughs if name in counts)


    @property
    def proof_sample_name(self) -> str | None:
        """The made-up centre the soft proofs show, or None if there are none."""
        return self.proof_jobs[0][0].fields["name"] if self.proof_jobs else None

    def proof_file(self, item: str) -> KitFile | None:
        """A printed item's soft proof, kept once in kits/; None if the brand asks for none."""
        return KitFile(None, item, PROOF) if self.proof_jobs else None

    def proof_pixels(self, item: str) -> tuple[int, int]:
        """A soft proof's width and height in pixels: the item's trim and bleed at ``proof_dpi``."""
        bleed, dots_per_mm = self.brand.bleed_mm, (self.proof_dpi or 0) / 25.4
        width, height = self.brand.items[item].size
        return round((width + 2 * bleed) * dots_per_mm), round((height + 2 * bleed) * dots_per_mm)

    def printed_items(self) -> list[tuple[str, Item]]:
        return [(name, item) for name, item in self.brand.items.items() if item.printed]

    def certificates(self, centres) -> tuple[CertificateRecord, ...]:
        """Every centre's certificate as the public page lists it, by number."""
        return tuple(sorted((certificate_record(self.brand, centre) for centre in centres),
                            key=lambda record: record.number))

    def job_ticket(self, region_name: str, borough: str | None = None) -> JobTicket:
        """How to print every centre's kit (or one borough's), for the printers' page and ticket files."""
        items = []
        for name, item in self.printed_items():
            spec = item.press
            assert spec is not None, "brand.py requires press: for every printed item"
            spots = (("White",) if spec.white_underlay else ()) + (("CutContour",) if spec.die_line else ())
            proof = self.proof_file(name)
            items.append(TicketItem(name, item.title, item.size, self.brand.bleed_mm, spec.stock, spec.finish,
                                    spec.quantity, spec.cut, spots, spec.notes,
                                    f"<centre>/{file_name('<centre>', name, 'print.pdf')}",
                                    f"<centre>/{file_name('<centre>', name, 'print-marks.pdf')}",
                                    proof.name if proof else None))
        centres = tuple(TicketCentre(kit.slug, kit.name, kit.status) for kit in self.printers_centres(borough))
        colours = tuple(BrandColour(name, value, self.brand.print_colours[name].cmyk,
                                    self.brand.print_colours[name].pantone)
                        for name, value in self.brand.colours.model_dump().items())
        return JobTicket(f"{region_name}: {borough}" if borough else region_name,
                         self.brand.print_profile.condition, self.brand.print_profile.description,
                         tuple(items), centres, colours, self.proof_sample_name)


def plan_kits(region: Region, centres: list[PublicCentre] | tuple[PublicCentre, ...], root: Path, *,
              brand_dir: Path | None = None, cache_dir: Path | None = None,
              print_png_dpi: int | None = None, preview_dpi: int | None = None, workers: int | None = None,
              signatories: dict[str, str] | None = None, proofs: bool = True) -> KitPlan:
    """Check the brand, its fonts and the site address (and Ghostscript, for the soft proofs, unless
    ``proofs`` is off: one centre's kit has none), and list every centre's jobs.

    ``signatories`` (who signed, by slug, from the private register) is for ``centres kit --private``
    alone: the site's build never passes it, so published certificates name no one."""
    brand_dir = (brand_dir or root / region.brand_dir).resolve()
    brand = load_brand(brand_dir)
    logo_parts(brand_dir, brand)
    fonts = resolve_fonts(brand.fonts, f"{brand_dir.name}/{BRAND_FILE}")
    if not region.site_url.startswith(("https://", "http://")):
        raise DataError([Problem("mkdocs.yml", 0, 0, "site_url", "is not set; the brand kits' QR codes and "
                                 "badges need the site's full address, e.g. https://centres.example.org/")])
    _unique_certificates(brand, centres, region.centres_dir)
    undrawable_text(centres, brand, fonts, root, region.centres_dir)
    phrases = load_phrases(brand_dir)
    undrawable_phrases(phrases, fonts)
    png_dpi = print_png_dpi if print_png_dpi is not None else brand.outputs.print_png_dpi
    previews = preview_dpi if preview_dpi is not None else brand.outputs.preview_dpi
    region_view = region_fields(region)
    signed_by = signatories or {}
    kits: list[CentreKit] = []
    shared: dict[str, str] = {}
    shared_snippets: dict[str, str] = {}  # an item every centre shares has the same snippet for all
    uses = {name: sorted(set(_uses(item))) for name, item in brand.items.items()}
    every_use = sorted({field for names in uses.values() for field in names})
    for centre in centres:
        every = kit_fields(centre, region, brand, every_use, signed_by.get(centre.slug), phrases)  # once a centre
        printed_on = print_date(centre)
        jobs = tuple(
            KitJob(centre.slug, name, {field: every[field] for field in uses[name]}, region_view,
                   str(brand_dir), fonts, previews if item.printed else None, png_dpi if item.printed else None,
                   printed_on if item.printed else "")
            for name, item in brand.items.items())
        snippets = tuple((job.item, shared_snippets[job.item] if job.item in shared_snippets
                          else _snippet(brand, brand_dir, job, region.site_url)) for job in jobs
                         if brand.items[job.item].snippet)
        shared_snippets = shared_snippets or {item: html for item, html in snippets if is_shared(brand.items[item])}
        if not shared:
            shared = {job.item: item_digest(job, brand) for job in jobs}
        keys = tuple(job_key(job, brand, shared[job.item]) for job in jobs)
        kits.append(CentreKit(centre.slug, centre.name, centre.address.borough, jobs, keys, snippets,
                              centre.status.value))
    proof_dpi = brand.outputs.proof_dpi if proofs and centres else None
    proof_jobs: tuple[tuple[KitJob, str], ...] = ()
    if proof_dpi:  # a made-up centre's printed items: no centre's edit changes the proofs
        sample = sample_centre(centres[0], region)
        proof_jobs = tuple((job, job_key(job, brand, shared[name])) for name, item in brand.items.items()
                           if item.printed for job in [KitJob(
                               SAMPLE_SLUG, name, kit_fields(sample, region, brand, _uses(item), None, phrases),
                               region_view, str(brand_dir), fonts, None, None, SAMPLE_DATE.isoformat())])
    plan = KitPlan(brand_dir, brand, (cache_dir or root / CACHE_FOLDER).resolve(), region.centres_dir,
                   tuple(kits), workers or min(os.cpu_count() or 1, 8), png_dpi, previews,
                   region.site_url, (*missing_phrases(phrases, centres), *without_codes(centres)), region.name,
                   tuple(region.boroughs), proof_dpi, _proof_version(brand_dir) if proof_dpi else "", proof_jobs)
    return plan


def without_codes(centres) -> list[str]:
    """A note naming the centres to print for whose QR codes give their page's address, since they have no
    short, permanent ``code:``: an address that changes with the slug (an old slug in ``moved_from`` redirects)."""
    slugs = [centre.slug for centre in centres if not centre.code and centre.status != Status.closed]
    if not slugs:
        return []
    shown = ", ".join(slugs[:3]) + (f" and {len(slugs) - 3} more" if len(slugs) > 3 else "")
    return [f"note: {shown} {'has' if len(slugs) == 1 else 'have'} no code:, so the printed QR codes give the "
            "page's address, not a short, permanent one; give each centre a code: before printing its kit "
            "(README: \"QR codes that last\")"]


def _proof_version(brand_dir: Path) -> str:
    """The proofs' code and Ghostscript's version; a missing Ghostscript stops the build here, before
    site/ is touched."""
    try:
        return digest_of(*(file_digest(str(Path(__file__).parent / name)) for name in PROOF_MODULES),
                         ghostscript_version())
    except KitRenderError as error:
        raise DataError([Problem(f"{brand_dir.name}/{BRAND_FILE}", 0, 0, "outputs.proof_dpi", str(error))]) from None


def is_shared(item: Item) -> bool:
    return not item.printed and not item.uses


def _uses(item: Item) -> list[str]:
    """The centre fields an item depends on: its ``uses``, and the name for printed items' PDF titles."""
    return [*item.uses, "name"] if item.printed else list(item.uses)


def _unique_certificates(brand: Brand, centres, centres_dir: str) -> None:
    seen: dict[str, str] = {}
    for centre in centres:
        number = certificate_number(brand, centre)
        if number in seen:
            raise DataError([Problem(f"{centres_dir}/{centre.slug}.yml", 0, 0, "commitments", f"certificate "
                                     f"number {number} is also {seen[number]}'s; change either signing date")])
        seen[number] = centre.slug


def _snippet(brand: Brand, brand_dir: Path, job: KitJob, site_url: str) -> str:
    """The copy-paste HTML for a screen item, rendered from its template with autoescape on."""
    item = brand.items[job.item]
    assert item.snippet, f"{job.item} has no snippet template; only items with one are given snippets"
    slug = None if is_shared(item) else job.slug
    files = {role: site_url.rstrip("/") + "/" + KitFile(slug, job.item, role).path for role in ("png", "2x.png")}
    template = template_environment(str(brand_dir)).get_template(item.snippet)
    return template.render(brand=brand, item=item, centre=job.fields, region=job.region, files=files).strip() + "\n"


@dataclass(frozen=True)
class CentreTask:
    """A worker's job for one centre: draw the items the cache lacks and link its files into the
    centre's folder. Plain data, cheap to send: the worker does the looking up. Without a slug, the
    items every centre shares, linked into kits/ once."""

    slug: str | None
    items: tuple[tuple[KitJob, str, tuple[str, ...]], ...]  # each item's job, cache key and roles
    snippets: tuple[tuple[str, str], ...]  # (item, HTML)
    folder: Path


@dataclass(frozen=True)
class PrintersTask:
    """The printers' lists (manifest, checksums, URLs), made once every centre's print files are drawn."""

    key: str
    entries: tuple[tuple[ManifestRow, str, str], ...]  # each row without its checksum, the item's cache key, the role
    site_url: str
    folder: Path  # where the lists go: the site's kits/ folder, or a borough's folder in it
    ticket: JobTicket
    lists_folder: str = ""  # the lists' folder relative to kits/ ("" or "boroughs/<slug>/"), for the URL list


@dataclass(frozen=True)
class ProofEntry:
    """One printed item's soft proof: the sample centre's job whose print file it shows, that job's
    cache key, and the proof's own."""

    job: KitJob
    print_key: str
    key: str
    clear_film: bool

    @property
    def item(self) -> str:
        return self.job.item

    @property
    def cached(self) -> str:
        """The cache entry the proof is stored in (``KitCache.file``), whose checksum the printers' lists give."""
        return digest_of(self.key, PROOF)


@dataclass(frozen=True)
class ProofTask:
    """Every printed item's soft proof, made from the sample centre's print files."""

    entries: tuple[ProofEntry, ...]
    profile: Path
    dpi: int
    bleed_mm: float
    folder: Path  # the site's kits/ folder


@dataclass(frozen=True)
class CentreReport:
    problems: tuple[str, ...]
    hits: int
    misses: int


def _inodes(folder: str) -> dict[str, int]:
    """The inode of each file in ``folder``, by name, from one directory scan."""
    with os.scandir(folder) as entries:
        return {entry.name: entry.inode() for entry in entries}


class KitRendering:
    """Every centre's kit put into the site by worker processes while MkDocs writes the pages:
    the items the cache lacks drawn, every file linked in from the cache, and then the printers'
    lists made.

    Workers store what they make in the cache themselves and report only problems and counts, so
    the build never holds drawn files in memory. Start it once MkDocs has emptied the site folder.

    With ``published`` (the site folder this build will replace), a centre whose folder there is
    already exactly this build's is not linked again but carried over when the build is put in
    place (``KitReport.carried``): after editing one centre, the other centres' links are neither
    made nor deleted.
    """

    def __init__(self, plan: KitPlan, site_dir: Path, slugs: set[str] | None = None, *, centre_folders: bool = True,
                 published: Path | None = None):
        self.plan = plan
        self.cache = KitCache(plan.cache_dir)
        roles = {name: plan.roles(item) for name, item in plan.brand.items.items()}
        kits = [kit for kit in plan.centres if slugs is None or kit.slug in slugs]
        kits_folder = site_dir / KITS_FOLDER if centre_folders else site_dir
        tasks = [_centre_task(plan, kit, roles, kits_folder / kit.slug if centre_folders else site_dir, shared=False)
                 for kit in kits]
        shared = [_centre_task(plan, kits[0], roles, kits_folder, shared=True)] if kits else []
        for task in tasks + shared:  # what this build uses, for KitCache.prune
            for _, key, _ in task.items:
                self.cache.keep(key)
        published_kits = published / KITS_FOLDER if published is not None and centre_folders else None
        self.carried = [task for task in tasks if published_kits and self._published_as_is(task, published_kits)]
        carried = {task.slug for task in self.carried}
        self.tasks = [task for task in tasks if task.slug not in carried] + [task for task in shared if task.items]
        self.proofs = proof_task(plan, kits_folder) if slugs is None else None
        for entry in self.proofs.entries if self.proofs else ():
            self.cache.keep(entry.print_key)
            self.cache.keep_file(entry.key, PROOF)
        # the whole region's printers' lists, then each borough's
        self.printers = [printers_task(plan, kits_folder, borough, self.proofs)
                         for borough in (None, *(name for name, _, _ in plan.printers_boroughs()))
                         ] if slugs is None else []
        for printers in self.printers:
            for name in PRINTERS_FILES:
                self.cache.keep_file(printers.key, name)
        self.pool: ProcessPoolExecutor | None = None  # None: every kit is drawn here, in wait()
        self.pending: list[Future[CentreReport]] | None = None  # the pool's report for each task
        self.proofing: Future[None] | None = None  # the soft proofs, which the lists need, once a worker makes them
        self.packing: list[Future[None]] | None = None  # the printers' lists, once a worker makes them
        self.packer: threading.Thread | None = None  # starts the lists when every centre is drawn
        if plan.workers > 1 and len(tasks) >= POOL_THRESHOLD:  # the printers' lists too are made by a worker
            start_workers_early()  # if the build has not already
            self.pool = ProcessPoolExecutor(max_workers=workers_needed(plan, self.tasks, self.cache, self.proofs),
                                            mp_context=_start_method(), initializer=_keep_freed_memory)
            if self.proofs is not None:  # first: its Ghostscript runs while the centres are drawn
                self.proofing = self.pool.submit(make_proofs, self.proofs, plan.cache_dir)
            self.pending = [self.pool.submit(make_centre, task, plan.cache_dir) for task in self.tasks]
            if self.printers:
                self.packer = threading.Thread(target=self._pack_when_drawn,
                                               args=(self.pool, self.pending, self.printers), daemon=True)
                self.packer.start()

    def _published_as_is(self, task: CentreTask, published_kits: Path) -> bool:
        """The published folder is this build's if it holds this build's files and nothing else, each
        the very file the cache holds (a hard link: same inode on the same device), or for a snippet the
        same bytes. (One directory scan a folder, which gives each name's inode, and plain strings for
        paths: a thousand centres' files are looked at in every rebuild.)"""
        folder = os.path.join(published_kits, str(task.slug))
        try:
            published = _inodes(folder)
            device = os.stat(folder).st_dev
        except OSError:
            return False
        snippets = dict(task.snippets)
        expected = 0
        try:
            for job, key, roles in task.items:
                cached_folder = str(self.cache.folder_for(key))
                cached = _inodes(cached_folder)
                if roles and os.stat(cached_folder).st_dev != device:
                    return False
                for role in roles:
                    name = file_name(task.slug, job.item, role)
                    expected += 1
                    if role == "html":
                        with open(os.path.join(folder, name), "rb") as published_snippet:
                            if published_snippet.read() != snippets[job.item].encode("utf-8"):
                                return False
                    elif name not in published or published[name] != cached.get(role):
                        return False
        except OSError:  # a file missing from the site or the cache
            return False
        return len(published) == expected  # and nothing else: names in a folder are unique

    def _pack_when_drawn(self, pool: ProcessPoolExecutor, pending: list[Future[CentreReport]],
                         printers: list[PrintersTask]) -> None:
        """The printers' lists need every centre's print files and the soft proofs: start them as soon as
        they all exist."""
        try:
            if all(not future.result().problems for future in pending):
                if self.proofing is not None:
                    self.proofing.result()
                self.packing = [pool.submit(make_printers_lists, task, self.plan.cache_dir) for task in printers]
        except Exception:  # noqa: BLE001 - a failed or cancelled build: wait() reports why
            pass

    def wait(self) -> KitReport:
        """Once every kit is in place; or DataError naming every centre that failed, at once."""
        try:
            if self.pending is not None:
                reports = [future.result() for future in self.pending]
                if self.packer is not None:
                    self.packer.join()
                if self.proofing is not None:
                    self.proofing.result()
                for packing in self.packing or ():
                    packing.result()
            else:
                reports = [make_centre(task, self.plan.cache_dir) for task in self.tasks]
        except BrokenProcessPool:
            raise DataError([Problem(str(self.plan.brand_dir.name), 0, 0, "", "a brand kit worker stopped without a "
                                     "word (out of memory?); what it finished is cached, so build again")]) from None
        except KitRenderError as error:  # the soft proofs
            raise DataError([Problem(f"{self.plan.brand_dir.name}/{BRAND_FILE}", 0, 0, "outputs.proof_dpi",
                                     f"brand kit: {error}")]) from None
        finally:
            self.cancel()
        problems = [Problem(self._source(task), 0, 0, "", message)
                    for task, report in zip(self.tasks, reports, strict=True) for message in report.problems]
        if problems:
            raise DataError(problems)
        if self.packing is None:
            if self.proofs is not None:
                try:
                    make_proofs(self.proofs, self.plan.cache_dir)
                except KitRenderError as error:
                    raise DataError([Problem(f"{self.plan.brand_dir.name}/{BRAND_FILE}", 0, 0, "outputs.proof_dpi",
                                             f"brand kit: {error}")]) from None
            for printers in self.printers:
                make_printers_lists(printers, self.plan.cache_dir)
        every = self.tasks + self.carried
        files = sum(sum(len(roles) for _, _, roles in task.items) for task in every)
        files += len(PRINTERS_FILES) * len(self.printers) + len(self.proofs.entries if self.proofs else ())
        return KitReport(sum(1 for task in every if task.slug), files,
                         sum(report.hits for report in reports) + sum(len(task.items) for task in self.carried),
                         sum(report.misses for report in reports),
                         tuple(f"{KITS_FOLDER}/{task.slug}" for task in self.carried))

    def _source(self, task: CentreTask) -> str:
        """The file to blame: the centre's, or for the items every centre shares, the brand's."""
        if task.slug:
            return f"{self.plan.centres_dir}/{task.slug}.yml"
        return f"{self.plan.brand_dir.name}/{BRAND_FILE}"

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def workers_needed(plan: KitPlan, tasks: list[CentreTask], cache: KitCache, proofs: ProofTask | None) -> int:
    """As many workers as there are kits (or soft proofs) to draw, up to the plan's: after one centre's edit,
    one worker draws its items, links its files and makes the lists, and leaves the other core to the
    pages; a second would only compete with them while it starts."""
    drawn = sum(1 for task in tasks if not all(cache.has(key) for _, key, _ in task.items))
    if proofs is not None and not all(cache.stored_file(entry.key, PROOF).is_file() for entry in proofs.entries):
        drawn += 1
    return max(1, min(plan.workers, drawn))


def _centre_task(plan: KitPlan, kit: CentreKit, roles: dict[str, tuple[str, ...]], folder: Path, *,
                 shared: bool) -> CentreTask:
    """A centre's own items; or, with ``shared``, the items every centre shares (taken from this centre's)."""
    return CentreTask(None if shared else kit.slug,
                      tuple((job, key, roles[job.item]) for job, key in zip(kit.jobs, kit.keys, strict=True)
                            if plan.shared(job.item) == shared),
                      tuple((item, html) for item, html in kit.snippets if plan.shared(item) == shared), folder)


def _start_method():
    """Workers start small, from a fork server, and import only what they use. Forked from the build,
    they would hold a copy of every page of it the build goes on to change, which grows with the
    directory; and forking a threaded host (mkdocs serve) is unsafe."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def start_workers_early() -> None:
    """Start the process kit workers are forked from now, with the drawing libraries imported in it
    (cairosvg, cairo, Pillow, numpy, HarfBuzz: about 0.7 s), while the build validates the centres on
    the other core: each worker then starts with them loaded. Where workers are spawned instead, nothing."""
    context = _start_method()
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    context.set_forkserver_preload([f"{__package__}.items"])
    # numpy's BLAS would start a thread for each core in every worker, which the kits never use
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    forkserver.ensure_running()


def _keep_freed_memory() -> None:
    """Run as each worker starts. A worker draws and frees thousands of page-sized images, which
    glibc would map and unmap one by one (thousands of page faults a centre); keep freed memory
    for the next image instead."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, 64 << 20)
        libc.mallopt(M_TRIM_THRESHOLD, 64 << 20)
    except (OSError, AttributeError):  # not glibc: its own allocator, as it is
        pass


def make_centre(task: CentreTask, cache_dir: Path) -> CentreReport:
    """Run in a worker: draw and cache one centre's missing items and link them into its folder.
    Reports each problem, so that every failing centre is named, not just the first."""
    cache = KitCache(cache_dir)
    missing = [(job, key) for job, key, _ in task.items if not cache.has(key)]
    problems = []
    if missing:
        from .items import render_job  # cairosvg, cairocffi and Pillow: loaded where something is drawn

        for job, key in missing:
            try:
                cache.put(key, render_job(job))
            except KitRenderError as error:
                problems.append(f"brand kit: {error}")
    report = CentreReport(tuple(problems), len(task.items) - len(missing), len(missing))
    if not problems:
        _put_in_folder(task.folder, centre_files(task, cache))
    return report


def make_proofs(task: ProofTask, cache_dir: Path) -> None:
    """Run in a worker: each printed item's soft proof, made (all at once, by one Ghostscript) where the
    cache lacks it, from the sample centre's print file (drawn first, if the cache lacks that), and linked
    into kits/."""
    cache = KitCache(cache_dir)
    missing = [entry for entry in task.entries if not cache.stored_file(entry.key, PROOF).is_file()]
    made: dict[str, bytes] = {}
    if missing:
        from .items import render_job  # cairosvg, cairocffi and Pillow: loaded where something is drawn
        from .proof import ProofSource, soft_proofs

        for entry in missing:
            if not cache.has(entry.print_key):
                cache.put(entry.print_key, render_job(entry.job))
        sources = [ProofSource((cache.folder_for(entry.print_key) / "print.pdf").read_bytes(), entry.clear_film)
                   for entry in missing]
        pngs = soft_proofs(sources, profile=task.profile.read_bytes(), dpi=task.dpi, bleed_mm=task.bleed_mm)
        made = {entry.key: png for entry, png in zip(missing, pngs, strict=True)}

    def maker(key: str) -> Callable[[Path], object]:
        return lambda path: path.write_bytes(made[key])

    _put_in_folder(task.folder, {file_name(None, entry.item, PROOF): cache.file(entry.key, PROOF, maker(entry.key))
                                 for entry in task.entries})


def proof_task(plan: KitPlan, kits_folder: Path) -> ProofTask | None:
    """Each printed item's soft proof, from the sample centre's print files; None if there are none to make."""
    if not plan.proof_dpi or not plan.proof_jobs:
        return None
    entries = tuple(ProofEntry(job, key, digest_of("soft-proof", key, str(plan.proof_dpi), plan.proof_version),
                               plan.brand.items[job.item].on_clear_film)
                    for job, key in plan.proof_jobs)
    return ProofTask(entries, plan.brand_dir / plan.brand.print_profile.file, plan.proof_dpi, plan.brand.bleed_mm,
                     kits_folder)


def make_printers_lists(task: PrintersTask, cache_dir: Path) -> None:
    """The manifest (every print file's centre, item, trim size and checksum), the same checksums as
    ``sha256sum -c`` reads them, and every print file's address, for one download of them all."""
    cache = KitCache(cache_dir)

    @functools.cache
    def rows() -> list[ManifestRow]:  # read only if a list is not cached yet
        return ordered([dataclasses.replace(row, sha256=cache.checksum(key, role)) for row, key, role in task.entries])

    def contents(name: str) -> bytes:
        if name == MANIFEST:
            return manifest_csv(rows())
        if name == CHECKSUMS_LIST:
            return checksums_file(rows())
        if name == TICKET_TEXT:
            return ticket_text(task.ticket)
        if name == TICKET_JSON:
            return ticket_json(task.ticket)
        lists = [task.lists_folder + name for name in (MANIFEST, CHECKSUMS_LIST, TICKET_TEXT, TICKET_JSON)]
        return url_list(f"{task.site_url.rstrip('/')}/{KITS_FOLDER}/", [*lists, *(row.file for row in rows())])

    def maker(name: str) -> Callable[[Path], object]:
        return lambda path: path.write_bytes(contents(name))

    _put_in_folder(task.folder, {name: cache.file(task.key, name, maker(name)) for name in PRINTERS_FILES})


def _put_in_folder(folder: Path, files: dict[str, Path | bytes]) -> None:
    """Cached files linked in, snippets written out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        if isinstance(source, bytes):
            (folder / name).write_bytes(source)
        else:
            place(source, folder / name)


def lists_folder(borough: str | None) -> str:
    """A borough's printers' lists are in kits/boroughs/<slug>/, the whole region's in kits/ itself."""
    return f"boroughs/{slugify(borough)}/" if borough else ""


def printers_task(plan: KitPlan, kits_folder: Path, borough: str | None = None,
                  proofs: ProofTask | None = None) -> PrintersTask:
    """The printers' lists of the whole region, or of one borough's centres; every list names the proofs."""
    printed = {name for name, _ in plan.printed_items()}
    centres = plan.printers_centres(borough)
    ticket = plan.job_ticket(plan.region_name, borough)
    folder = lists_folder(borough)
    proof_rows = tuple((ManifestRow(SAMPLE_SLUG, entry.item, trim_size(plan.brand.items[entry.item].size),
                                    file_name(None, entry.item, PROOF), "", Status.active.value, VARIANTS[PROOF]),
                        entry.cached, PROOF)
                       for entry in (proofs.entries if proofs else ()))
    key = digest_of("printers-lists", plan.site_url, folder, repr(ticket),
                    *(f"{kit.slug}:{kit.status}:{key}" for kit in centres
                      for job, key in zip(kit.jobs, kit.keys, strict=True) if job.item in printed),
                    *(key for _, key, _ in proof_rows))
    entries = tuple((ManifestRow(kit.slug, job.item, trim_size(plan.brand.items[job.item].size),
                                 f"{kit.slug}/{file_name(kit.slug, job.item, role)}", "", kit.status, VARIANTS[role]),
                     key, role)
                    for kit in centres for job, key in zip(kit.jobs, kit.keys, strict=True) if job.item in printed
                    for role in PRINTERS_ROLES if role in plan.roles(plan.brand.items[job.item]))
    return PrintersTask(key, entries + proof_rows, plan.site_url, kits_folder / folder, ticket, folder)


def centre_files(task: CentreTask, cache: KitCache) -> dict[str, Path | bytes]:
    """The centre's files by name (a cached file, or the bytes of an HTML snippet), in the order its page lists them."""
    files = {}
    snippets = dict(task.snippets)
    for job, key, roles in task.items:
        folder = cache.folder_for(key)
        for role in roles:
            files[file_name(task.slug, job.item, role)] = (
                snippets[job.item].encode("utf-8") if role == "html" else folder / role)
    return files


def write_kits(plan: KitPlan, site_dir: Path, rendering: KitRendering | None = None) -> KitReport:
    """Every centre's files, the shared items and the printers' lists, under site_dir/kits/; then
    the cache loses what the site no longer uses (old versions of changed items, centres that left)."""
    rendering = rendering or KitRendering(plan, site_dir)
    report = rendering.wait()
    rendering.cache.prune()
    return report


def write_centre_kit(plan: KitPlan, slug: str, out_dir: Path) -> KitReport:
    """One centre's kit into ``out_dir``, for the ``centres kit`` command: its own files and the shared ones."""
    return KitRendering(plan, out_dir, {slug}, centre_folders=False).wait()

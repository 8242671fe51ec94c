"""The public facts about a centre that kit templates may print.

They come from the centre's public projection, and a template gets only the fields its item lists
in ``uses`` (brand.yml): that list is also what the item's cache key hashes. The champion is not
here at all. Who signed the commitments is private: ``commitments.signed_by`` is empty (the
certificate leaves a line to sign on) unless ``centres kit --private`` passes it from the register.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass

from ..config import Region
from ..model import WEEKDAYS, Contact, OpeningHours, PhoneNumber, PhoneType, Status
from ..public import PublicCentre, PublicCommitments
from ..rules import parse_day
from .brand import Brand
from .phrases import NO_PHRASES, PhraseBook

PHONE_LABELS = {"voice": "Phone", "text": "Text", "textphone": "Textphone"}
SAMPLE_SLUG = "sample-centre"
SAMPLE_DATE = dt.date(2026, 1, 5)  # the sample's signing and print date: fixed, so its files never change with the day


def sample_centre(centre: PublicCentre, region: Region) -> PublicCentre:
    """A made-up centre, whose kit the soft proofs show: every field a kit prints is fixed here, so that
    no centre's edit changes the proofs (but for the version of the commitments, ``centre``'s, which every
    centre shares); the fields no kit prints are ``centre``'s too."""
    return dataclasses.replace(
        centre, slug=SAMPLE_SLUG, name="Sample Community Centre", organisation="Sample Trust",
        status=Status.active, alert=None, code=None, moved_from=(), name_lang=None, other_names=(), languages=(),
        address=centre.address.model_copy(update={"lines": ["1 Sample Street"], "town": region.name,
                                                  "postcode": "AB1 2CD"}),
        contact=Contact.model_construct(phones=[PhoneNumber.model_construct(number="0161 496 0000",
                                                                            type=PhoneType.voice, note=None)],
                                        email="centre@example.org", website=None),
        hours=OpeningHours.model_validate({"monday": "09:00-17:00", "wednesday": "09:00-17:00",
                                           "friday": "09:00-13:00"}),
        reporting=centre.reporting.model_copy(update={"stop_hate_uk": region.stop_hate_uk}),
        commitments=PublicCommitments(centre.commitments.version, SAMPLE_DATE), last_verified=SAMPLE_DATE,
        url=region.site_url, qr_url=region.site_url)


def certificate_number(brand: Brand, centre: PublicCentre) -> str:
    """Stable and unique per signing: the same centre and signing date always give the same number."""
    digest = hashlib.sha256(f"{centre.slug}|{centre.commitments.version}|{centre.commitments.signed}".encode())
    return f"{brand.certificate.number_prefix}-{centre.commitments.signed.year}-{digest.hexdigest()[:8].upper()}"


CERTIFICATES_PATH = "certificates/"  # the public page where anyone can check a certificate


@dataclass(frozen=True)
class CertificateRecord:
    """What the public certificates page says of one certificate: public facts only."""

    number: str
    slug: str
    name: str
    commitments_version: str
    signed: dt.date
    status: str


def certificate_record(brand: Brand, centre: PublicCentre) -> CertificateRecord:
    return CertificateRecord(certificate_number(brand, centre), centre.slug, centre.name, centre.commitments.version,
                             centre.commitments.signed, centre.status.value)


def print_date(centre: PublicCentre) -> str:
    """The date a centre's print files carry (ISO): SOURCE_DATE_EPOCH's day where it is set, for a
    reproducible build; else the day the centre's details were last checked, so that the files, and
    their cache, change when the centre does and not every day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return centre.last_verified.isoformat()


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def hours_text(value: str) -> str:
    hours = parse_day(value)
    if isinstance(hours, str):
        return hours.capitalize()
    return ", ".join(f"{start} to {end}" for start, end in hours)


def kit_fields(centre: PublicCentre, region: Region, brand: Brand, uses: list[str],
               signed_by: str | None = None, phrases: PhraseBook = NO_PHRASES) -> dict:
    """The fields named in ``uses``, as plain JSON-ready data (they are hashed into cache keys).

    ``phrases`` are the centre's languages the kits can print, in its file's order, each with the
    report-here and report-online phrases (the online address filled in)."""
    makers = {
        "name": lambda: centre.name,
        "organisation": lambda: centre.organisation,
        "url": lambda: centre.qr_url,  # the short, permanent address where the centre has a code
        "address": lambda: {"lines": list(centre.address.lines), "town": centre.address.town,
                            "postcode": centre.address.postcode},
        "phones": lambda: [{"label": PHONE_LABELS[phone.type.value], "number": phone.number, "note": phone.note}
                           for phone in centre.contact.phones],
        "email": lambda: centre.contact.email,
        "website": lambda: centre.contact.website,
        "hours": lambda: {"days": [{"day": day.capitalize(), "text": hours_text(getattr(centre.hours, day))}
                                   for day in WEEKDAYS], "notes": centre.hours.notes},
        "commitments": lambda: {"version": centre.commitments.version,
                                "signed": centre.commitments.signed.isoformat(),
                                "signed_text": long_date(centre.commitments.signed),
                                "signed_by": signed_by},
        "certificate_number": lambda: certificate_number(brand, centre),
        "stop_hate_uk": lambda: bool(centre.reporting.stop_hate_uk and region.stop_hate_uk),
        "phrases": lambda: [{"language": printed.language, "report_here": printed.report_here,
                             "report_online": printed.report_online}
                            for printed in phrases.for_centre(centre, online_address(region))],
    }
    return {name: makers[name]() for name in sorted(set(uses))}


def online_address(region: Region) -> str:
    """True Vision's address as the kits print it, without https:// or a trailing slash."""
    return region.true_vision_url.split("://", 1)[-1].rstrip("/")


def region_fields(region: Region) -> dict:
    """The region's facts every template may print."""
    return {
        "name": region.name,
        "true_vision_url": region.true_vision_url,
        "true_vision_address": online_address(region),
        "certificates_address": region.site_url.split("://", 1)[-1].rstrip("/") + "/" + CERTIFICATES_PATH,
        "stop_hate_uk_phone": region.stop_hate_uk.phone if region.stop_hate_uk else None,
    }

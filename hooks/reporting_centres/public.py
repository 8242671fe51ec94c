"""The public projection of a centre: everything the site, its data and the kits may show.

Built once, in the derive stage, from a validated ``Centre``. Every renderer (pages, JSON-LD, open
data, Open Referral, the update form's prefilled values, maps and brand kits) receives a
``PublicCentre`` and nothing else, so a template cannot reach a private value: it is not there.

Centre files hold no personal details (those live in the private register, ``register.py``, which
the build never reads); what stays behind here is who last checked the details, and anything else
added to ``Centre`` later, until it is added here on purpose. Sub-records that hold nothing private
(address, contact, hours, ...) are the validated ones themselves: they are frozen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .config import Region
from .model import (
    Accessibility,
    Address,
    Centre,
    Contact,
    Kind,
    Language,
    OpeningHours,
    OtherName,
    Reporting,
    Status,
    Strand,
)


@dataclass(frozen=True, slots=True)
class PublicChampion:
    """The champion as far as the centre publishes them: name and role, each if given."""

    name: str | None = None
    role: str | None = None

    def shown(self) -> tuple[str, ...]:
        """The published values, name first, as the page lists them."""
        return tuple(value for value in (self.name, self.role) if value)


@dataclass(frozen=True, slots=True)
class PublicCommitments:
    version: str
    signed: dt.date


@dataclass(frozen=True, slots=True)
class PublicCentre:
    slug: str
    name: str
    organisation: str
    kind: Kind
    description: str
    status: Status
    alert: str | None
    address: Address
    contact: Contact
    hours: OpeningHours
    reporting: Reporting
    strands: tuple[Strand, ...]
    accessibility: Accessibility
    languages: tuple[Language, ...]
    champion: PublicChampion
    commitments: PublicCommitments
    last_verified: dt.date
    url: str  # the centre's page: absolute where the site's address is known
    code: str | None = None  # the short, permanent code (c/<code>/ redirects to the page)
    moved_from: tuple[str, ...] = ()  # earlier slugs, whose addresses redirect to the page
    qr_url: str = ""  # what printed QR codes encode: the short address, or the page without a code
    name_lang: str | None = None  # the name's language, when it is not English
    other_names: tuple[OtherName, ...] = ()  # the name in other languages


def public_centre(centre: Centre, region: Region) -> PublicCentre:
    """Project a validated centre onto what may be published, field by field (never "all but ...")."""
    champion = centre.champion
    reporting = centre.reporting
    if reporting.stop_hate_uk and not region.stop_hate_uk:
        reporting = reporting.model_copy(update={"stop_hate_uk": False})  # the region does not commission it
    return PublicCentre(
        slug=centre.slug,
        name=centre.name,
        organisation=centre.organisation,
        kind=centre.kind,
        description=centre.description,
        status=centre.status,
        alert=centre.alert,
        address=centre.address,
        contact=centre.contact,
        hours=centre.hours,
        reporting=reporting,
        strands=tuple(centre.strands),
        accessibility=centre.accessibility,
        languages=tuple(centre.languages),
        champion=PublicChampion(name=champion.name, role=champion.role),
        commitments=PublicCommitments(centre.commitments.version, centre.commitments.signed),
        last_verified=centre.last_verified.date,
        url=region.centre_url(centre.slug),
        code=centre.code,
        moved_from=tuple(centre.moved_from),
        qr_url=region.short_url(centre.code) if centre.code else region.centre_url(centre.slug),
        name_lang=centre.name_lang,
        other_names=tuple(centre.other_names),
    )

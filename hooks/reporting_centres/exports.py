"""The directory as open data, and the one way the site writes JSON.

Every JSON file the site serves escapes ``<``, ``>`` and ``&``, so that text a centre typed can
never close a ``<script>`` element or be read as markup, wherever the JSON ends up.

Every file is made from the centres' public projections (``public.py``), so no private value can
reach one; of those, each file picks its fields one by one (never "everything but ..."), and who
signed the commitments is left to the certificate. The files:

- ``data/centres.json``: every centre's public details;
- ``data/centres.csv``: one row per centre, safe to open in a spreadsheet;
- ``data/centres.geojson``: one point per centre, which the site's maps also show;
- ``data/openreferral/``: an Open Referral UK (HSDS 3.0 UK profile) static feed: ``index.json``,
  ``services.json`` (the ``/services`` list) and ``services/<id>.json`` (``/services/{id}``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from typing import Any

from . import rules
from .derive import Directory
from .jsontext import json_text
from .model import ACCESS_LABELS, WEEKDAYS, Status, language_name
from .public import PublicCentre

_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes

OPEN_DATA = {  # path in the site: what it is, for the "Open data" links
    "data/centres.csv": "Every centre as CSV, for spreadsheets",
    "data/centres.json": "Every centre as JSON",
    "data/centres.geojson": "Every centre's location as GeoJSON, for maps",
    "data/openreferral/services.json":
        "Open Referral UK feed: the list of services (one file per service in services/)",
}
CENTRES_JSON, CENTRES_CSV, GEOJSON = "data/centres.json", "data/centres.csv", "data/centres.geojson"
ORUK = "data/openreferral/"
ORUK_INDEX, ORUK_SERVICES = ORUK + "index.json", ORUK + "services.json"
ORUK_STATUS = {Status.active: "active", Status.temporarily_closed: "temporarily closed", Status.closed: "defunct"}
BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
# What a spreadsheet may read as the start of a formula: = + - @, a tab or a carriage return, and the
# fullwidth and small forms of = + - @ (\uff1d \uff0b \uff0d \uff20, \ufe66 \ufe62 \ufe63 \ufe6b), which some
# spreadsheets, and East Asian input methods, turn into the plain ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r",
                 "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b")


def stable_id(directory: Directory, name: str) -> str:
    """A UUID that stays the same from build to build: derived from the site's address and a name.
    ``uuid.uuid5(uuid.NAMESPACE_URL, ...)`` as text, worked out directly (the feed has thousands)."""
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + ((directory.region.site_url or "urn:reporting-centres:")
                                                      + name).encode("utf-8"), usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _dump(record) -> dict:
    return record.model_dump(mode="json", by_alias=True)


def centre_record(directory: Directory, centre: PublicCentre) -> dict:
    """A centre as the JSON export gives it."""
    record: dict[str, Any] = {
        "slug": centre.slug, "name": centre.name, "organisation": centre.organisation, "kind": centre.kind.value,
        "description": centre.description, "status": centre.status.value, "alert": centre.alert,
        "address": _dump(centre.address), "contact": _dump(centre.contact), "hours": _dump(centre.hours),
        "reporting": _dump(centre.reporting), "strands": [strand.value for strand in centre.strands],
        "accessibility": _dump(centre.accessibility), "languages": [_dump(language) for language in centre.languages],
        "champion": champion_fields(centre),
        "commitments": {"version": centre.commitments.version, "signed": centre.commitments.signed.isoformat()},
        "last_verified": centre.last_verified.isoformat(),
        "url": centre.url,
    }
    if not directory.region.stop_hate_uk:
        record["reporting"].pop("stop_hate_uk")
    return record


def champion_fields(centre: PublicCentre) -> dict[str, str]:
    """The champion's published fields, by name."""
    return {name: value for name, value in (("name", centre.champion.name), ("role", centre.champion.role)) if value}


def centres_json(directory: Directory) -> str:
    centres = [centre_record(directory, centre) for centre in directory.centres]
    return json_text({"region": directory.region.name, "centres": centres}) + "\n"


def feature(centre: PublicCentre) -> dict:
    address = centre.address
    return {
        "type": "Feature",
        "id": centre.slug,
        "geometry": {"type": "Point", "coordinates": [address.longitude, address.latitude]},
        "properties": {"slug": centre.slug, "name": centre.name, "town": address.town, "borough": address.borough,
                       "status": centre.status.value, "url": centre.url},
    }


def centres_geojson(directory: Directory) -> str:
    """One GeoJSON for everyone: partners download it, and the site's maps fetch it."""
    return json_text({"type": "FeatureCollection", "features": [feature(c) for c in directory.centres]}) + "\n"


# ---- CSV ----

CSV_COLUMNS = (
    "slug", "name", "organisation", "kind", "status", "alert", "description", "address", "town", "borough", "postcode",
    "latitude", "longitude", "directions", "phones", "email", "website", *WEEKDAYS, "hours_notes", "reporting",
    "strands", "accessibility", "accessibility_notes", "languages", "champion_name", "champion_role",
    "commitments_version", "commitments_signed", "last_verified", "url",
)


def spreadsheet_safe(value) -> str:
    """Text a spreadsheet shows as text: a cell starting as ``FORMULA_START`` (= + - @ and their fullwidth and
    small forms) gets a leading quote, so it is never a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)  # numbers the build wrote, such as coordinates, stay numbers
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(centre: PublicCentre) -> dict:
    address = centre.address
    reporting = [name for name, value in centre.reporting if value is True]
    return {
        "slug": centre.slug, "name": centre.name, "organisation": centre.organisation, "kind": centre.kind.value,
        "status": centre.status.value, "alert": centre.alert, "description": centre.description,
        "address": ", ".join(address.lines), "town": address.town, "borough": address.borough,
        "postcode": address.postcode, "latitude": address.latitude, "longitude": address.longitude,
        "directions": address.directions,
        "phones": "; ".join(f"{p.number} ({p.type.value}{', ' + p.note if p.note else ''})"
                            for p in centre.contact.phones),
        "email": centre.contact.email, "website": centre.contact.website,
        **{day: getattr(centre.hours, day) for day in WEEKDAYS},
        "hours_notes": centre.hours.notes,
        "reporting": " ".join(reporting),
        "strands": " ".join(strand.value for strand in centre.strands),
        "accessibility": " ".join(name for name in ACCESS_LABELS if getattr(centre.accessibility, name)),
        "accessibility_notes": centre.accessibility.notes,
        "languages": " ".join(language.code for language in centre.languages),
        "champion_name": centre.champion.name, "champion_role": centre.champion.role,
        "commitments_version": centre.commitments.version,
        "commitments_signed": centre.commitments.signed.isoformat(),
        "last_verified": centre.last_verified.isoformat(), "url": centre.url,
    }


def centres_csv(directory: Directory) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for centre in directory.centres:
        row = csv_row(centre)
        writer.writerow([spreadsheet_safe(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


# ---- Open Referral UK ----

def _time(text: str) -> str:
    return "23:59:59" if text == "24:00" else text + ":00"


def _schedules(directory: Directory, centre: PublicCentre, service_id: str) -> list[dict]:
    schedules = []
    for day in WEEKDAYS:
        hours = rules.parse_day(getattr(centre.hours, day))
        if hours == rules.CLOSED:
            continue
        ranges = [("00:00", "24:00")] if hours == rules.ALL_DAY else [] if hours == rules.BY_APPOINTMENT else hours
        for number, (start, end) in enumerate(ranges or [(None, None)], 1):
            schedule = {"id": stable_id(directory, f"centres/{centre.slug}/#schedule-{day}-{number}"),
                        "service_id": service_id, "freq": "WEEKLY", "interval": 1, "byday": BYDAY[day],
                        "attending_type": "in person"}
            if start and end:  # a time range; (None, None) stands for by appointment
                schedule.update(opens_at=_time(start), closes_at=_time(end))
            else:
                schedule["description"] = "By appointment"
            if centre.hours.notes:
                schedule["notes"] = centre.hours.notes
            schedules.append(schedule)
    return schedules + _closures(directory, centre, service_id)


def _closures(directory: Directory, centre: PublicCentre, service_id: str) -> list[dict]:
    """Each closure as a schedule valid only over its dates, saying "Closed" and no opening times: the
    UK profile has no holiday schedule of its own."""
    closures = []
    for closure in centre.hours.closures:
        start, end = closure.start.isoformat(), closure.end.isoformat()
        closures.append({"id": stable_id(directory, f"centres/{centre.slug}/#closed-{start}-{end}"),
                         "service_id": service_id, "valid_from": start, "valid_to": end, "dtstart": start,
                         "description": "Closed" + (f": {closure.reason}" if closure.reason else "")})
    return closures


def _languages(directory: Directory, centre: PublicCentre, service_id: str) -> list[dict]:
    """The languages spoken at the centre: HSDS 3.0's language rows (the UK profile's compiled schema
    lists only their ids, and allows the rest), with the ISO 639 code, the English name and any note."""
    rows = []
    for language in centre.languages:
        row = {"id": stable_id(directory, f"centres/{centre.slug}/#language-{language.code}"),
               "service_id": service_id, "name": language_name(language.code), "code": language.code}
        if language.note:
            row["note"] = language.note
        rows.append(row)
    return rows


def _organization(directory: Directory, centre: PublicCentre) -> dict:
    return {"id": stable_id(directory, "organisations/" + centre.organisation.casefold()),
            "name": centre.organisation,
            "description": f"{centre.organisation} runs {centre.name}, a hate crime reporting centre in "
                           f"{directory.region.name}."}


def service_id(directory: Directory, centre: PublicCentre) -> str:
    """A centre's id in the Open Referral feed."""
    return stable_id(directory, f"centres/{centre.slug}/")


def service_path(service: str) -> str:
    """Where the feed answers ``/services/{id}``, in the site."""
    return f"{ORUK}services/{service}.json"


def oruk_summary(directory: Directory, centre: PublicCentre) -> dict:
    """The one-to-one fields of a service: an entry of the ``/services`` list."""
    service: dict[str, Any] = {
        "id": service_id(directory, centre),
        "name": centre.name,
        "description": centre.description,
        "status": ORUK_STATUS[centre.status],
        "assured_date": centre.last_verified.isoformat(),
        "organization": _organization(directory, centre),
    }
    service["organization_id"] = service["organization"]["id"]
    if directory.region.site_url:
        service["url"] = centre.url
    if centre.contact.email:
        service["email"] = centre.contact.email
    if centre.alert:
        service["alert"] = centre.alert
    if centre.contact.website:
        service["organization"]["website"] = centre.contact.website
    return service


def oruk_service(directory: Directory, centre: PublicCentre) -> dict:
    """A fully nested service: the ``/services/{id}`` response."""
    service = oruk_summary(directory, centre)
    sid, base, address = service["id"], f"centres/{centre.slug}/", centre.address
    location_id = stable_id(directory, base + "#location")
    location = {
        "id": location_id, "location_type": "physical", "name": centre.name,
        "latitude": address.latitude, "longitude": address.longitude,
        "addresses": [{"id": stable_id(directory, base + "#address"), "location_id": location_id,
                       "address_1": ", ".join(address.lines), "city": address.town, "region": directory.region.name,
                       "state_province": address.borough, "postal_code": address.postcode, "country": "GB",
                       "address_type": "physical"}],
    }
    if address.directions:
        location["description"] = address.directions
    access = [ACCESS_LABELS[name] for name in ACCESS_LABELS if getattr(centre.accessibility, name)]
    if access or centre.accessibility.notes:
        entry = {"id": stable_id(directory, base + "#accessibility"), "location_id": location_id,
                 "accessibility": ", ".join(access) or "See details", "description": ", ".join(access) or "See details"}
        if centre.accessibility.notes:
            entry["details"] = centre.accessibility.notes
        location["accessibility"] = [entry]
    service["service_at_locations"] = [{"id": stable_id(directory, base + "#service-at-location"),
                                        "service_id": sid, "location_id": location_id, "location": location}]
    service["service_areas"] = [{"id": stable_id(directory, base + "#area"), "service_id": sid,
                                 "name": address.borough, "service_area": address.borough}]
    service["schedules"] = _schedules(directory, centre, sid)
    service["languages"] = _languages(directory, centre, sid)
    champion = centre.champion
    if champion.shown():
        contact = {"id": stable_id(directory, base + "#champion"), "service_id": sid}
        contact.update({key: value for key, value in (("name", champion.name), ("title", champion.role)) if value})
        service["contacts"] = [contact]
    return service


def openreferral(directory: Directory) -> dict[str, str]:
    """The Open Referral UK feed as static files: the API's answers, by path in the site."""
    summaries = [oruk_summary(directory, centre) for centre in directory.centres]
    count = len(summaries)
    files = {
        ORUK_INDEX: json_text({
            "version": "3.0", "profile": "https://github.com/openreferral/uk-profile",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"}),
        ORUK_SERVICES: json_text({
            "total_items": count, "total_pages": 1, "page_number": 1, "size": count,
            "first_page": True, "last_page": True, "empty": count == 0, "contents": summaries}),
    }
    for centre, summary in zip(directory.centres, summaries, strict=True):
        files[service_path(summary["id"])] = json_text(oruk_service(directory, centre))
    return {path: text + "\n" for path, text in files.items()}


def open_data(directory: Directory) -> dict[str, str]:
    """Every open data file, by path in the site (``open_data_paths``, in the same order)."""
    return {CENTRES_JSON: centres_json(directory), CENTRES_CSV: centres_csv(directory),
            GEOJSON: centres_geojson(directory), **openreferral(directory)}


def open_data_paths(directory: Directory) -> list[str]:
    """Where ``open_data`` puts its files, without making them (the build lists them before they are written)."""
    return [CENTRES_JSON, CENTRES_CSV, GEOJSON, ORUK_INDEX, ORUK_SERVICES,
            *(service_path(service_id(directory, centre)) for centre in directory.centres)]

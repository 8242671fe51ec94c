"""The "Update your centre's details" form: one list of fields for every place it appears.

The same fields make the form on the site, the GitHub issue form it fills in
(``.github/ISSUE_TEMPLATE/update-centre.yml``, generated and checked by a test), the
email for staff without a GitHub account, and the parser behind ``centres apply-issue``.
Only public details are asked for: a GitHub issue is public, so champion changes go to
the coordinator by email. The questions themselves are shared with the "become a reporting
centre" form, in ``forms``.

The site's form sends only the details the person changed, each with a *version* of the value it
was filled from (``version``: a short hash of the form's text of that detail, which the build writes
into ``data/form-values.json``), in the answer "Filled from (do not change)". ``centres apply-issue``
works out the same version from the centre file as it is now and refuses a change to a detail that
has changed since, so an update never silently undoes someone else's. ``last_verified`` moves only
when the answer to "I have checked every detail of this centre" is yes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .centre_edit import field_info
from .forms import (
    ADDRESS_LINES,
    CLOSURES,
    CONTACT,
    DESCRIPTION,
    DIRECTIONS,
    HOURS,
    LANGUAGE_CODES,
    NAME,
    POSTCODE,
    PRIVACY,
    ROLE,
    SERVICES,
    TOWN,
    Form,
    FormField,
)
from .public import PublicCentre
from .rules import LANGUAGES

ISSUE_TEMPLATE = "update-centre.yml"
ISSUE_LABEL = "centre update"

FIELDS: tuple[FormField, ...] = (
    FormField("centre", "Centre (do not change)", "text", ("slug",), required=True, missing="choose your centre"),
    NAME,
    DESCRIPTION,
    FormField("status", "Status", "choice", ("status",),
              options=(("active", "Open as usual"), ("temporarily-closed", "Temporarily closed"),
                       ("closed", "Closed for good"))),
    FormField("alert", "Short notice for visitors (optional)", "text", ("alert",),
              hint="e.g. Closed for refurbishment until 3 March"),
    ADDRESS_LINES,
    TOWN,
    POSTCODE,
    DIRECTIONS,
    *CONTACT,
    *HOURS,
    CLOSURES,
    *SERVICES,
    ROLE,
    FormField("base", "Filled from (do not change)", "text",
              hint="Filled in by the form on the site: which version of each changed detail the update was made from",
              max_length=2000),
    FormField("checked", "I have checked every detail of this centre", "choice",
              hint="yes moves the date the directory shows the details were last checked; leave it empty otherwise",
              options=(("yes", "Yes"), ("no", "No"))),
)
FIELDS_BY_ID = {field.id: field for field in FIELDS}
# The answers that are about the update rather than a detail of the centre
NOT_DETAILS = ("centre", "verified_by", "base", "checked")
DETAILS = tuple(field for field in FIELDS if field.id not in NOT_DETAILS)


def removable(field: FormField) -> bool:
    """Whether the update form offers "Remove this" for a detail: optional text the model lets go."""
    if field.path[:2] == ("contact", "phones") or field.id == "closures":
        return True
    if field.kind not in ("text", "textarea") or not field.path or field.id in NOT_DETAILS:
        return False
    info = field_info(field.path)
    return not info.is_required() and info.default is None


def version(field_id: str, text: str) -> str:
    """The version of a detail's form text: the same however a list is ordered or spaced."""
    field = FIELDS_BY_ID[field_id]
    if field.kind == "checkboxes" or field.id == "languages":
        normal = ",".join(sorted({item.strip().casefold() for item in text.split(",") if item.strip()}))
    else:
        normal = "\n".join(" ".join(line.split()) for line in text.strip().split("\n") if line.strip())
    return hashlib.sha256(f"{field.id}\n{normal}".encode()).hexdigest()[:10]


UPDATE = Form(
    template=ISSUE_TEMPLATE,
    name="Update a centre's details",
    about="Correct a reporting centre's address, hours or contact details",
    title="Update: ",
    label=ISSUE_LABEL,
    intro=("Use this form to correct a hate crime reporting centre's public details in {region}. Answer only the "
           "questions whose details change: an empty answer leaves a detail as it is, and `remove this` removes it. "
           + PRIVACY),
    fields=FIELDS,
    source="hooks/reporting_centres/update_form.py",
    removable=tuple(field.id for field in FIELDS if removable(field)),
)


def form_versions(values: dict[str, str]) -> dict[str, str]:
    return {field.id: version(field.id, values[field.id]) for field in DETAILS}


def form_values(centre: PublicCentre) -> dict[str, str]:
    """The centre's current public details as the form's text values, to prefill it."""
    values = {}
    for field in FIELDS:
        if field.id in ("base", "checked"):
            continue
        if field.path[:2] == ("contact", "phones"):
            numbers = [p.number for p in centre.contact.phones if p.type.value == field.path[2]]
            values[field.id] = numbers[0] if numbers else ""
        elif field.kind == "checkboxes" and field.path == ("strands",):
            values[field.id] = ", ".join(s.value for s in centre.strands)
        elif field.kind == "checkboxes":
            record = getattr(centre, field.path[0])
            values[field.id] = ", ".join(value for value, _ in field.options if getattr(record, value))
        elif field.path == ("languages",):
            values[field.id] = ", ".join(language_name(language.code) for language in centre.languages)
        elif field.id == "closures":
            values[field.id] = "\n".join(closure_text(c.start, c.end, c.reason) for c in centre.hours.closures)
        elif field.path == ("address", "lines"):
            values[field.id] = "\n".join(centre.address.lines)
        else:
            value: object = centre
            for part in field.path:
                value = getattr(value, part, None) if not isinstance(value, dict) else value.get(part)
            values[field.id] = "" if value is None else str(getattr(value, "value", value))
    values["verified_by"] = ""
    return values


def language_name(code: str) -> str:
    """A language as the form names it: its ISO 639 name without a bracketed period ("Modern Greek")."""
    name = LANGUAGES.get(code, code)
    return name.split(" (")[0] if LANGUAGE_CODES.get(name.split(" (")[0].casefold()) == code else name


def closure_text(start: dt.date, end: dt.date, reason: str | None) -> str:
    days = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
    return f"{days}: {reason}" if reason else days

"""The "Update your centre's details" form: one list of fields for every place it appears.

The same fields make the form on the site, the GitHub issue form it fills in
(``.github/ISSUE_TEMPLATE/update-centre.yml``, generated and checked by a test), the
email for staff without a GitHub account, and the parser behind ``centres apply-issue``.
Only public details are asked for: a GitHub issue is public, so champion changes go to
the coordinator by email. The questions themselves are shared with the "become a reporting
centre" form, in ``forms``.
"""

from __future__ import annotations

from .forms import (
    ADDRESS_LINES,
    CONTACT,
    DESCRIPTION,
    DIRECTIONS,
    HOURS,
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
    *SERVICES,
    ROLE,
)

UPDATE = Form(
    template=ISSUE_TEMPLATE,
    name="Update a centre's details",
    about="Correct a reporting centre's address, hours or contact details",
    title="Update: ",
    label=ISSUE_LABEL,
    intro="Use this form to correct a hate crime reporting centre's public details in {region}. " + PRIVACY,
    fields=FIELDS,
    source="hooks/reporting_centres/update_form.py",
)


def form_values(centre: PublicCentre) -> dict[str, str]:
    """The centre's current public details as the form's text values, to prefill it."""
    values = {}
    for field in FIELDS:
        if field.path[:2] == ("contact", "phones"):
            numbers = [p.number for p in centre.contact.phones if p.type.value == field.path[2]]
            values[field.id] = numbers[0] if numbers else ""
        elif field.kind == "checkboxes" and field.path == ("strands",):
            values[field.id] = ", ".join(s.value for s in centre.strands)
        elif field.kind == "checkboxes":
            record = getattr(centre, field.path[0])
            values[field.id] = ", ".join(value for value, _ in field.options if getattr(record, value))
        elif field.path == ("languages",):
            values[field.id] = ", ".join(language.code for language in centre.languages)
        elif field.path == ("address", "lines"):
            values[field.id] = "\n".join(centre.address.lines)
        else:
            value: object = centre
            for part in field.path:
                value = getattr(value, part, None) if not isinstance(value, dict) else value.get(part)
            values[field.id] = "" if value is None else str(getattr(value, "value", value))
    values["verified_by"] = ""
    return values

"""The "Update your centre's details" form: one list of fields for every place it appears.

The same fields make the form on the site, the GitHub issue form it fills in
(``.github/ISSUE_TEMPLATE/update-centre.yml``, generated and checked by a test), the
email for staff without a GitHub account, and the parser behind ``centres apply-issue``.
Only public details are asked for: a GitHub issue is public, so champion changes go to
the coordinator by email.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ACCESS_LABELS, WEEKDAYS, Strand

ISSUE_TEMPLATE = "update-centre.yml"
ISSUE_LABEL = "centre update"
REPORTING_LABELS = {
    "in_person": "In person",
    "phone": "By phone",
    "email": "By email",
    "anonymous": "Anonymously",
    "true_vision_help": "Staff help complete the True Vision form",
    "private_room": "In a private room",
}


@dataclass(frozen=True)
class FormField:
    id: str  # the issue form's field id, and the name of the site form's control
    label: str
    kind: str  # text, textarea, choice, checkboxes
    path: tuple[str, ...] = ()  # where the value lives in a centre file
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for choice and checkboxes
    required: bool = False
    input_type: str = "text"  # for the site form: tel, email, url, ...
    rule: str = ""  # the browser check, named as in rules.py


def _day(day: str) -> FormField:
    return FormField(f"hours_{day}", f"{day.capitalize()} opening hours", "text", ("hours", day),
                     hint="e.g. 09:00-17:00, or 09:00-12:30, 13:30-17:00, or 24 hours, by appointment, closed",
                     rule="hours")


FIELDS: tuple[FormField, ...] = (
    FormField("centre", "Centre (do not change)", "text", ("slug",), required=True),
    FormField("name", "Centre name", "text", ("name",), required=True),
    FormField("description", "Short description", "textarea", ("description",),
              hint="One or two sentences for the directory"),
    FormField("status", "Status", "choice", ("status",),
              options=(("active", "Open as usual"), ("temporarily-closed", "Temporarily closed"),
                       ("closed", "Closed for good"))),
    FormField("alert", "Short notice for visitors (optional)", "text", ("alert",),
              hint="e.g. Closed for refurbishment until 3 March"),
    FormField("address_lines", "Street address", "textarea", ("address", "lines"), hint="One line per line of the address"),
    FormField("town", "Town", "text", ("address", "town")),
    FormField("postcode", "Postcode", "text", ("address", "postcode"), rule="postcode"),
    FormField("directions", "How to get there", "textarea", ("address", "directions")),
    FormField("phone", "Phone number", "text", ("contact", "phones", "voice"), input_type="tel", rule="phone"),
    FormField("text_phone", "Number for text messages (optional)", "text", ("contact", "phones", "text"),
              input_type="tel", rule="phone"),
    FormField("email", "Email address", "text", ("contact", "email"), input_type="email", rule="email"),
    FormField("website", "Website (must start with https://)", "text", ("contact", "website"),
              input_type="url", rule="https"),
    *(_day(day) for day in WEEKDAYS),
    FormField("hours_notes", "Notes about opening hours", "textarea", ("hours", "notes")),
    FormField("reporting", "How you take reports", "checkboxes", ("reporting",),
              options=tuple(REPORTING_LABELS.items())),
    FormField("strands", "Hate crime you take reports of", "checkboxes", ("strands",),
              options=tuple((s.value, s.value.replace("-", " ").capitalize()) for s in Strand)),
    FormField("accessibility", "Accessibility", "checkboxes", ("accessibility",), options=tuple(ACCESS_LABELS.items())),
    FormField("accessibility_notes", "More about access", "textarea", ("accessibility", "notes")),
    FormField("languages", "Languages spoken", "text", ("languages",),
              hint="ISO 639 codes separated by commas, e.g. en, ur, pl, bfi (British Sign Language)", rule="languages"),
    FormField("verified_by", "Your role (not your name)", "text", ("last_verified", "by"), required=True,
              hint="e.g. Centre manager. This is published with the date you checked the details."),
)


def form_values(centre) -> dict[str, str]:
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
            value = centre
            for part in field.path:
                value = getattr(value, part, None) if not isinstance(value, dict) else value.get(part)
            values[field.id] = "" if value is None else str(getattr(value, "value", value))
    values["verified_by"] = ""
    return values


def issue_form(region_name: str) -> dict:
    """The GitHub issue form. Every field is text so that the site can prefill it from the URL."""
    body: list[dict] = [{
        "type": "markdown",
        "attributes": {"value": (
            f"Use this form to correct a hate crime reporting centre's public details in {region_name}. "
            "**This issue is public.** Do not write anything private here: to change your Hate Crime "
            "Champion, email the coordinator instead.")},
    }]
    for field in FIELDS:
        kind = "textarea" if field.kind in ("textarea", "checkboxes") else "input"
        attributes = {"label": field.label}
        description = field.hint or (f"Any of: {', '.join(value for value, _ in field.options)}" if field.options else "")
        if description:
            attributes["description"] = description
        body.append({"type": kind, "id": field.id, "attributes": attributes,
                     "validations": {"required": field.required}})
    return {
        "name": "Update a centre's details",
        "description": "Correct a reporting centre's address, hours or contact details",
        "title": "Update: ",
        "labels": [ISSUE_LABEL],
        "body": body,
    }

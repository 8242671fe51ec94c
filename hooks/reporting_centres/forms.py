"""The questions a centre's public details are asked with, and the GitHub issue forms made from them.

Two forms ask them: "Update your centre's details" (``update_form``) and "Become a reporting
centre" (``join_form``). Each question is defined once here, so the site's form, the GitHub issue
form it prefills and the email to the coordinator use the same words. Only public details are
asked for: a GitHub issue is public, so a Hate Crime Champion's details go to the coordinator by
email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pycountry
import yaml

from .model import ACCESS_LABELS, WEEKDAYS, Kind, Strand

REPORTING_LABELS = {
    "in_person": "In person",
    "phone": "By phone",
    "email": "By email",
    "anonymous": "Anonymously",
    "true_vision_help": "Staff help complete the True Vision form",
    "private_room": "In a private room",
}
PRIVACY = ("**This issue is public.** Do not write anything private here: to change your Hate Crime "
           "Champion, email the coordinator instead.")


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
    missing: str = ""  # what the site form says when a required answer is empty; "": "Enter <label>"
    max_length: int = 0  # the site form's maxlength; 0: DEFAULT_MAX_LENGTH for its kind

    @property
    def missing_text(self) -> str:
        return self.missing or f"Enter {self.label[0].lower()}{self.label[1:]}"

    @property
    def maxlength(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH[self.kind]


DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 1000, "choice": 40, "checkboxes": 400}


@dataclass(frozen=True)
class Form:
    """One form on the site and the GitHub issue form it fills in (``.github/ISSUE_TEMPLATE/<template>``)."""

    template: str
    name: str  # the issue form's name, in GitHub's "new issue" chooser
    about: str  # and its description there
    title: str  # the start of the issue's title, e.g. "Update: "
    label: str  # the label every such issue gets, which workflows select on
    intro: str  # Markdown at the top of the issue form; {region} is the region's name
    fields: tuple[FormField, ...]
    source: str  # the module that defines the form, named in the generated file
    removable: tuple[str, ...] = ()  # the fields the site's form offers "Remove this" for


def _day(day: str) -> FormField:
    return FormField(f"hours_{day}", f"{day.capitalize()} opening hours", "text", ("hours", day),
                     hint="e.g. 09:00-17:00, or 09:00-12:30, 13:30-17:00, or 24 hours, by appointment, closed",
                     rule="hours", max_length=80)


NAME = FormField("name", "Centre name", "text", ("name",), required=True, max_length=160)
ORGANISATION = FormField("organisation", "Organisation", "text", ("organisation",),
                         hint="The organisation that runs the centre, e.g. Bolton Libraries", max_length=160)
KIND = FormField("kind", "Kind of organisation", "choice", ("kind",),
                 options=tuple((kind.value, kind.value.replace("-", " ").capitalize()) for kind in Kind))
DESCRIPTION = FormField("description", "Short description", "textarea", ("description",),
                        hint="One or two sentences for the directory", max_length=600)
ADDRESS_LINES = FormField("address_lines", "Street address", "textarea", ("address", "lines"),
                          hint="One line per line of the address", max_length=400)
TOWN = FormField("town", "Town", "text", ("address", "town"), max_length=80)
POSTCODE = FormField("postcode", "Postcode", "text", ("address", "postcode"), rule="postcode", max_length=10)
DIRECTIONS = FormField("directions", "How to get there", "textarea", ("address", "directions"), max_length=600)
CONTACT = (
    FormField("phone", "Phone number", "text", ("contact", "phones", "voice"), input_type="tel", rule="phone",
              max_length=30),
    FormField("text_phone", "Number for text messages (optional)", "text", ("contact", "phones", "text"),
              input_type="tel", rule="phone", max_length=30),
    FormField("email", "Email address", "text", ("contact", "email"), input_type="email", rule="email",
              max_length=254),
    FormField("website", "Website (must start with https://)", "text", ("contact", "website"),
              input_type="url", rule="https", max_length=300),
)
HOURS = (
    *(_day(day) for day in WEEKDAYS),
    FormField("hours_notes", "Notes about opening hours", "textarea", ("hours", "notes"), max_length=300),
)
SERVICES = (
    FormField("reporting", "How you take reports", "checkboxes", ("reporting",),
              options=tuple(REPORTING_LABELS.items())),
    FormField("strands", "Hate crime you take reports of", "checkboxes", ("strands",),
              options=tuple((s.value, s.value.replace("-", " ").capitalize()) for s in Strand)),
    FormField("accessibility", "Accessibility", "checkboxes", ("accessibility",), options=tuple(ACCESS_LABELS.items())),
    FormField("accessibility_notes", "More about access", "textarea", ("accessibility", "notes"), max_length=400),
    FormField("languages", "Languages spoken", "text", ("languages",),
              hint="Their names, separated by commas, e.g. English, Urdu, Polish, British Sign Language",
              rule="languages", max_length=400),
)
CLOSURES = FormField("closures", "Days you are closed", "textarea", ("hours", "closures"),
                     hint="One closure per line: the first and last day closed, then why, e.g. "
                          "2026-12-24 to 2026-12-27: Christmas. For one day: 2026-05-04: Bank holiday",
                     rule="closures", max_length=1000)
# a closure as the form writes it: "2026-12-24 to 2026-12-27: Christmas", or "2026-05-04: Bank holiday"
CLOSURE = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})(?:\s*(?:to|until|-|\u2013)\s*(?P<end>\d{4}-\d{2}-\d{2}))?"
                     r"\s*(?::\s*(?P<reason>.*\S))?\s*$", re.IGNORECASE)
ROLE = FormField("verified_by", "Your role (not your name)", "text", ("last_verified", "by"), required=True,
                 hint="e.g. Centre manager. This is published with the date you checked the details.",
                 missing="Enter your role, like Centre manager", max_length=120)


def _language_codes() -> dict[str, str]:
    """Every ISO 639 language by its name (and its common and inverted names), casefolded, to its shortest code."""
    codes: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        for name in (language.name, getattr(language, "common_name", None), getattr(language, "inverted_name", None)):
            if name:
                codes.setdefault(name.casefold(), code)
                codes.setdefault(re.sub(r"\s*\(.*\)$", "", name).casefold(), code)  # "Modern Greek (1453-)"
    codes.update(ALIASES)
    return codes


ALIASES = {"punjabi": "pa", "bsl": "bfi", "farsi": "fa", "sign language": "bfi", "mandarin": "zh", "cantonese": "yue"}
LANGUAGE_CODES = _language_codes()
# the names the browser knows (the languages with a two-letter code, and British Sign Language): the
# others are checked by `centres apply-issue`, which knows every ISO 639 name
COMMON_LANGUAGES = tuple(sorted({name for name, code in LANGUAGE_CODES.items()
                                 if len(code) == 2 or code in ("bfi", "ase", "isg")}))


def required(field: FormField) -> FormField:
    return replace(field, required=True)


def issue_form(form: Form, region_name: str) -> dict:
    """The GitHub issue form. Every field is text so that the site can prefill it from the URL."""
    body: list[dict] = [{"type": "markdown", "attributes": {"value": form.intro.format(region=region_name)}}]
    for field in form.fields:
        kind = "textarea" if field.kind in ("textarea", "checkboxes") else "input"
        attributes = {"label": field.label}
        listed = ", ".join(value for value, _ in field.options)
        description = field.hint or (f"{'One' if field.kind == 'choice' else 'Any'} of: {listed}" if listed else "")
        if description:
            attributes["description"] = description
        body.append({"type": kind, "id": field.id, "attributes": attributes,
                     "validations": {"required": field.required}})
    return {"name": form.name, "description": form.about, "title": form.title, "labels": [form.label], "body": body}


def issue_form_text(form: Form, region_name: str) -> str:
    """The issue form as the YAML file GitHub reads, marked as generated."""
    return (f"# Generated by `centres issue-form` from {form.source}: do not edit.\n"
            + yaml.safe_dump(issue_form(form, region_name), sort_keys=False, allow_unicode=True, width=100))

"""What a change to a centre file changes, in the words of the update form.

Used by ``centres apply-issue`` to describe a pull request (each changed detail as old -> new,
contact changes first) and by ``centres contact-changes`` on every pull request, so that a change
to how the public reaches a centre waits for the coordinator's confirmation however it was made.

A *contact* detail is one a stranger would change to redirect victims: the phone numbers, email
address, website and address, and the hours of a line open 24 hours.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .forms import FormField
from .update_form import FIELDS

CONTACT_IDS = ("phone", "text_phone", "email", "website", "address_lines", "town", "postcode")
DAY_IDS = tuple(field.id for field in FIELDS if field.path[:1] == ("hours",) and field.id != "hours_notes")
TWENTY_FOUR = re.compile(r"\b24\s*(hours|hrs|h)\b|\b00:00\s*-\s*(24:00|23:59)\b", re.IGNORECASE)
# The details in a centre file that only the coordinator keeps (the centre does not vouch for them):
# changing them needs no fresh last_verified.
COORDINATOR_ONLY = ("commitments", "champion", "last_verified")


@dataclass(frozen=True)
class Change:
    field: FormField
    old: Any
    new: Any

    @property
    def contact(self) -> bool:
        if self.field.id in CONTACT_IDS:
            return True
        return self.field.id in DAY_IDS and any(
            isinstance(value, str) and TWENTY_FOUR.search(value) for value in (self.old, self.new))


def read(data: dict, field: FormField) -> Any:
    """A form question's value in a centre file's plain data."""
    if field.path[:2] == ("contact", "phones"):
        phones = (data.get("contact") or {}).get("phones") or []
        return next((str(p.get("number")) for p in phones
                     if isinstance(p, dict) and str(p.get("type", "voice")) == field.path[2]), None)
    if field.id == "verified_by":
        return data.get("last_verified")
    value: object = data
    for part in field.path:
        value = value.get(part) if isinstance(value, dict) else None
    if field.kind == "checkboxes" and isinstance(value, dict):
        return {option: value.get(option) for option, _ in field.options}
    return value


def changes(old: dict, new: dict) -> list[Change]:
    """Every form question whose answer differs, contact details first, then in the form's order."""
    found = [Change(field, read(old, field), read(new, field)) for field in FIELDS
             if field.path and field.id not in ("centre", "verified_by") and read(old, field) != read(new, field)]
    return sorted(found, key=lambda change: not change.contact)


def vouched_changes(old: dict, new: dict) -> list[str]:
    """The top-level keys that changed and that the centre vouches for (all but the coordinator's own)."""
    keys = set(old) | set(new)
    return sorted(key for key in keys if key not in COORDINATOR_ONLY and old.get(key) != new.get(key))


def shown(field: FormField, value: Any) -> str:
    """A value as the form would show it, on one line."""
    if value is None or value == [] or value == "":
        return "(none)"
    if field.kind == "checkboxes" and isinstance(value, dict):
        chosen = [label for option, label in field.options if value.get(option)]
        return ", ".join(chosen) or "(none)"
    if isinstance(value, list):
        return ", ".join(_item(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _item(item: Any) -> str:
    """A language by its code, a closure as the form writes it ('2026-12-24 to 2026-12-27: Christmas')."""
    if isinstance(item, dict) and "from" in item:
        days = f"{item.get('from')} to {item.get('to')}"
        return f"{days}: {item['reason']}" if item.get("reason") else days
    return str(item.get("code", item)) if isinstance(item, dict) else str(item)

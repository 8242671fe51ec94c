"""The rules the site's scripts apply in the browser, taken from the definitions the build itself uses.

The forms check answers before they are sent (``theme/assets/rc/forms.js``) and the directory measures
how far away each centre is (``centres.js``). Both read these values from JSON the templates write into
the page, so the browser checks a postcode, a phone number or a day's hours against the validator's
own patterns (``rules.py``, phonenumbers' and email-validator's data) and measures distance on the
radius ``nearby.py`` uses, instead of a copy that drifts. ``tests/js/rules.json`` is the same JSON for
the Node tests of ``rc/lib.js``; a test fails while it is out of date.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from email_validator import rfc_constants as email_rfc

from . import nearby, rules
from .forms import CLOSURE

LANGUAGE_NAME = r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f '\u2019().-]*$"
MAILTO_MAX = 2000  # characters in a mailto: link: longer ones are cut short by some browsers and mail programs

PHONE_REGION = "GB"
# phonenumbers' kinds of number; a number is valid if it is one of them (PhoneNumberUtil.number_type)
PHONE_KINDS = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
               "voicemail", "fixed_line", "mobile")


def js_pattern(pattern: re.Pattern) -> str:
    """A Python pattern as JavaScript's RegExp reads it: the same, but for named groups' spelling."""
    return pattern.pattern.replace("(?P<", "(?<")


def _phone_kind(description, general) -> dict[str, Any]:
    lengths = description.possible_length or general.possible_length
    return {"pattern": description.national_number_pattern, "lengths": list(lengths)}


def phone_rules() -> dict[str, Any]:
    """The numbering plans of +44 as phonenumbers has them, so the browser's verdict is ``rules.uk_phone``'s.

    +44 is shared by the UK, Guernsey, the Isle of Man and Jersey; phonenumbers tries them in this
    order, and a region with ``leading_digits`` takes every number that starts with them."""
    country_code = phonenumbers.country_code_for_region(PHONE_REGION)
    regions = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[country_code]:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            raise RuntimeError(f"phonenumbers has no numbering plan for {region}, which it lists under +{country_code}")
        general = metadata.general_desc
        kinds = [getattr(metadata, name) for name in PHONE_KINDS]
        regions.append({
            "region": region,
            "leading_digits": metadata.leading_digits or "",
            "general": _phone_kind(general, general),
            "kinds": [_phone_kind(kind, general) for kind in kinds if kind and kind.national_number_pattern],
        })
    return {"country_code": str(country_code), "regions": regions, "drama": js_pattern(rules.DRAMA_MOBILES)}


def email_rules() -> dict[str, Any]:
    """email-validator's syntax for ASCII addresses (what ``rules.email_address`` runs, without DNS)."""
    return {
        "atext": email_rfc.ATEXT,
        "hostname_label": email_rfc.HOSTNAME_LABEL,
        "max_length": email_rfc.EMAIL_MAX_LENGTH,
        "domain_max_length": email_rfc.DOMAIN_MAX_LENGTH,
        "label_max_length": email_rfc.DNS_LABEL_LENGTH_LIMIT,
        "special_use_domains": sorted(SPECIAL_USE_DOMAIN_NAMES),
        "mailto_special": rules.MAILTO_SPECIAL,  # allowed by the standard, refused as a mailto: link misreads them
    }


def form_rules() -> dict[str, Any]:
    """What forms.js checks the site's forms with (the fields' ``rule`` in forms.py names which)."""
    return {
        "postcode": js_pattern(rules.POSTCODE),
        "time_range": js_pattern(rules.TIME_RANGE),
        "hours": {"keywords": [rules.ALL_DAY, rules.BY_APPOINTMENT, rules.CLOSED], "midnight": "24:00"},
        "phone": phone_rules(),
        "email": email_rules(),
        # languages by name: the browser checks only that each looks like a name (every ISO 639 name would
        # weigh 100 kB); `centres apply-issue` checks the name itself
        "language": LANGUAGE_NAME,
        "closure": js_pattern(CLOSURE),
        "mailto_max": MAILTO_MAX,
    }


def distance_rules() -> dict[str, Any]:
    """What centres.js measures "nearest" with: nearby.py's radius, and the postcode a visitor types."""
    return {
        "earth_radius_km": nearby.EARTH_RADIUS_KM,
        "km_per_mile": nearby.KM_PER_MILE,
        "tolerance": nearby.HAVERSINE_TOLERANCE,
        "postcode": js_pattern(rules.POSTCODE),
        "outward": js_pattern(rules.OUTWARD_CODE),
    }


def script_rules() -> dict[str, Any]:
    return {"forms": form_rules(), "distance": distance_rules()}


def script_rules_text() -> str:
    """``tests/js/rules.json``: stable bytes, so that a change shows in review."""
    return json.dumps(script_rules(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m reporting_centres.script_rules > tests/js/rules.json
    sys.stdout.write(script_rules_text())

"""Field rules for centre files, each raising a message a member of staff can act on.

Every message says what is wrong and how to fix it; ``validate.py`` adds the file,
line, column and field in front.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email
from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

# Ofcom reserves 07700 900000-900999 for drama; phonenumbers does not list it as valid,
# but the demonstration data must use it for mobile and text numbers.
DRAMA_MOBILES = re.compile(r"^\+447700900\d{3}$")
POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2})$")
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")  # a postcode's first half: its district, e.g. M1
# Characters the email standard allows in an address but a mailto: link reads as more than the address:
# % starts an escape, ? the headers (subject, body, more recipients), & and = separate them, # ends the link.
MAILTO_SPECIAL = "%?&=#"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RANGE = re.compile(r"^(?P<start>[0-2]\d:[0-5]\d)\s*-\s*(?P<end>[0-2]\d:[0-5]\d)$")
ALL_DAY = "24 hours"
BY_APPOINTMENT = "by appointment"
CLOSED = "closed"
LANGUAGES = {
    code: language.name
    for language in pycountry.languages
    for code in (getattr(language, "alpha_2", None), language.alpha_3)
    if code
}


def problem(kind: str, message: str, **values: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, values)


def today(info: ValidationInfo | None) -> dt.date:
    """The date checks run against; tests pin it through the validation context."""
    context = info.context if info else None
    return (context or {}).get("today") or dt.date.today()


ZERO_WIDTH_JOINERS = "\u200c\u200d"  # invisible, but needed inside words in Arabic, Persian and Indic scripts


def invisible(char: str) -> bool:
    """A character that draws nothing and is not a space or a joiner a script needs: a control character,
    a format character (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE, U+FEFF, the soft
    hyphen), a private-use or unassigned code point."""
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in "\n\t"
    return category in ("Cs", "Co", "Cn") or (category == "Cf" and char not in ZERO_WIDTH_JOINERS)


def character_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNASSIGNED')}"


def visible_text(value: str) -> str:
    """Text a person typed: no invisible character that could hide or reorder what readers see."""
    if value.isascii() and value.replace("\n", "").replace("\t", "").isprintable():
        return value  # plain ASCII without control characters: nothing invisible (the loop below would agree)
    for char in value:
        if invisible(char):
            raise problem("invisible", f"contains {character_name(char)}, which cannot be seen but changes or "
                          "hides what readers see; delete it (it often comes from copying and pasting)")
    return value


def uk_phone(value: str) -> str:
    example = "e.g. 0161 496 0123"
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise problem("phone", f"{value!r} is not a phone number ({example})") from None
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not (phonenumbers.is_valid_number(number) or DRAMA_MOBILES.match(formatted)):
        raise problem("phone", f"{value!r} is not a valid UK phone number ({example})")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def email_address(value: str) -> str:
    try:
        address = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        reason = str(error).rstrip(".")
        raise problem("email", f"{value!r} is not a valid email address: {reason} (e.g. hello@example.org)") from None
    unsafe = list(dict.fromkeys(character for character in address if character in MAILTO_SPECIAL))
    if unsafe:
        listed = " and ".join(repr(character) for character in unsafe)
        raise problem("email", f"{value!r} is not a plain email address: an email link would not read {listed} as "
                               f"part of the address; use an address without {'them' if len(unsafe) > 1 else 'it'} "
                               "(e.g. hello@example.org)")
    return address


def https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname:
        raise problem(
            "url",
            f"{value!r} is not a secure web address; it must start with https:// (e.g. https://example.org/)",
        )
    if any(character.isspace() for character in value):
        raise problem("url", f"{value!r} contains spaces; remove them or write them as %20")
    return value


def uk_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    formatted = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    if not POSTCODE.match(formatted):
        raise problem("postcode", f"{value!r} is not a UK postcode (e.g. M1 1AE or BL1 1SE)")
    return formatted


def strict_date(value: Any) -> Any:
    """YAML turns 2024-03-01 into a date; anything else (2024-13-01, 1/3/24) stays text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        raise problem("date", f"{value!r} is not a real date: that day does not exist; check the day and the month")
    raise problem("date", f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2025-03-01)")


def not_in_future(value: dt.date, info: ValidationInfo) -> dt.date:
    if value > today(info):
        raise problem("future_date", f"{value.isoformat()} is in the future; use the date it happened")
    return value


def hours_text(value: Any) -> Any:
    """YAML reads some unquoted hours as other things (10:00 as 600, no as false): refuse them."""
    if isinstance(value, str):
        return value
    raise problem(
        "hours_type",
        "is not opening hours; put the day's hours in quotes, e.g. '09:00-17:00', "
        "'24 hours', 'by appointment' or 'closed'",
    )


def parse_day(text: str) -> list[tuple[str, str]] | str:
    """'09:00-12:30, 13:30-17:00' -> [('09:00', '12:30'), ('13:30', '17:00')]; keywords stay words."""
    parsed = _parsed_day(text)
    return parsed if isinstance(parsed, str) else list(parsed)


@functools.lru_cache(maxsize=1024)  # a region has a few dozen distinct days, and every page shows seven
def _parsed_day(text: str) -> tuple[tuple[str, str], ...] | str:
    words = text.strip().lower()
    if words in (ALL_DAY, BY_APPOINTMENT, CLOSED):
        return words
    ranges = []
    for part in words.split(","):
        match = TIME_RANGE.match(part.strip())
        if not match or not (_real_time(match["start"]) and _real_time(match["end"], allow_midnight=True)):
            raise ValueError(part.strip())
        ranges.append((match["start"], match["end"]))
    return tuple(ranges)


@functools.lru_cache(maxsize=1024)  # a region has a few dozen distinct days; each file has seven
def day_hours(value: str) -> str:
    try:
        ranges = parse_day(value)
    except ValueError as error:
        raise problem(
            "hours",
            f"{str(error)!r} is not a time range; write 24-hour times like '09:00-17:00', "
            "separate ranges with commas, or use '24 hours', 'by appointment' or 'closed'",
        ) from None
    if isinstance(ranges, str):
        return ranges
    for (start, end), following in zip(ranges, [*ranges[1:], None], strict=True):
        if end == start:
            raise problem("hours", f"'{start}-{end}' starts and ends at the same time; check the times")
        if end != "24:00" and end < start:
            raise problem("hours", f"'{start}-{end}' ends before it starts; check the times")
        if following and following[0] < start:
            raise problem("hours", f"'{start}-{end}' comes after '{following[0]}-{following[1]}' in the day; "
                                   "list the ranges in order, earliest first")
        if following and following[0] < end:
            raise problem("hours", f"'{start}-{end}' overlaps '{following[0]}-{following[1]}'; "
                                   "make the ranges not overlap, or join them into one")
    return ", ".join(f"{start}-{end}" for start, end in ranges)


def _real_time(text: str, allow_midnight: bool = False) -> bool:
    hours, minutes = int(text[:2]), int(text[3:])
    return (hours < 24 and minutes < 60) or (allow_midnight and text == "24:00")


def language_code(value: str) -> str:
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise problem("language", f"{value!r} is not an ISO 639 language code (e.g. 'en', 'ur', 'pl', 'bfi' for BSL)")
    return code


LANGUAGE_TAG = r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$"
_LANGUAGE_TAG = re.compile(r"(?P<language>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?"
                           r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?")


def language_tag(value: str) -> str:
    """A language tag as BCP 47 writes the common ones: an ISO 639 language, then optionally an ISO 15924
    script and an ISO 3166 country or UN M.49 area ("cy", "ur", "pa-Arab", "zh-Hant-HK"), in their
    usual case."""
    match = _LANGUAGE_TAG.fullmatch(value.strip())
    if not match:
        raise problem("language_tag", f"{value!r} is not a language tag: give an ISO 639 code, then optionally "
                      "a script and a country, as in 'cy', 'ur', 'pa-Arab' or 'zh-Hant-HK'")
    parts = [language_code(match["language"])]
    if match["script"]:
        script = match["script"].title()
        if pycountry.scripts.get(alpha_4=script) is None:
            raise problem("language_tag", f"{value!r}: {match['script']!r} is not an ISO 15924 script code "
                          "(e.g. 'Arab', 'Latn', 'Hant')")
        parts.append(script)
    if match["region"]:
        area = match["region"].upper()
        if area.isalpha() and pycountry.countries.get(alpha_2=area) is None:
            raise problem("language_tag", f"{value!r}: {match['region']!r} is not an ISO 3166 country code "
                          "(e.g. 'GB', 'PK')")
        parts.append(area)
    return "-".join(parts)


def no_repeats(values: list) -> list:
    seen = set()
    for value in values:
        key = getattr(value, "code", value)
        key = getattr(key, "value", key)
        if key in seen:
            raise problem("repeat", f"{key!r} is listed twice; remove the repeat")
        seen.add(key)
    return values


def known_borough(value: str, context: dict | None) -> str:
    region = (context or {}).get("region")
    if region is None or value in region.boroughs:
        return value
    raise problem("borough", f"{value!r} is not a borough of {region.name}; use one of: {', '.join(region.boroughs)}")


def inside_bounds(axis: str, value: float, context: dict | None) -> float:
    region = (context or {}).get("region")
    if region is None:
        return value
    low, high = region.bounds.range(axis)
    if low <= value <= high:
        return value
    raise problem(
        "bounds",
        f"{value} is outside {region.name} ({axis} {low} to {high}); "
        "check the number, and that latitude and longitude are not swapped",
    )

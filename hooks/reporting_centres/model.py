"""The centre record: the one source of truth for what a centre file may hold.

The JSON Schema that editors use is generated from these models (see ``schema.py``),
and every rule a centre file must follow lives here or in ``rules.py``.
A ``Centre`` never reaches a renderer: the derive stage projects it onto ``PublicCentre``
(``public.py``), which leaves the private fields behind.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import rules

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A centre's short, permanent code: 4 to 6 characters of Crockford's base32 (no I, L, O or U), in capitals.
CODE_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{4,6}$"
ACCESS_LABELS = {  # the accessibility facets visitors can filter by, with their labels
    "step_free": "Step-free access",
    "accessible_toilet": "Accessible toilet",
    "hearing_loop": "Hearing loop",
    "bsl": "British Sign Language",
    "quiet_room": "Quiet or private room",
    "parking": "Parking",
}
# Personal details that belong in the private register, never in a centre file (which is public):
# where each one lives in the register.
PRIVATE_FIELDS = {
    ("champion", "email"): "champion.email",
    ("champion", "phone"): "champion.phone",
    ("champion", "trained"): "champion.trained",
    ("champion", "public"): "champion (the register holds the name and role; the centre file only what is published)",
    ("commitments", "signed_by"): "commitments.signed_by",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Record(BaseModel):
    """Strict base: unknown keys are errors (with a suggestion), strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _text(max_length: int, description: str):
    return Annotated[str, Field(min_length=1, max_length=max_length, description=description),
                     AfterValidator(rules.visible_text)]


Phone = Annotated[str, AfterValidator(rules.uk_phone)]
Email = Annotated[str, AfterValidator(rules.email_address)]
WebAddress = Annotated[str, AfterValidator(rules.https_url)]
Postcode = Annotated[str, AfterValidator(rules.uk_postcode)]
Date = Annotated[dt.date, BeforeValidator(rules.strict_date)]
PastDate = Annotated[Date, AfterValidator(rules.not_in_future)]
DayHours = Annotated[
    str,
    BeforeValidator(rules.hours_text),
    AfterValidator(rules.day_hours),
    Field(
        description="Opening hours for the day: 'closed', '24 hours', 'by appointment', "
        "or time ranges such as '09:00-12:30, 13:30-17:00'.",
        examples=["09:00-17:00", "09:00-12:30, 13:30-17:00", "24 hours", "by appointment", "closed"],
    ),
]


class Kind(str, Enum):
    library = "library"
    charity = "charity"
    faith_group = "faith-group"
    education = "education"
    health = "health"
    housing = "housing"
    council = "council"
    business = "business"
    other = "other"


class Status(str, Enum):
    active = "active"
    temporarily_closed = "temporarily-closed"
    closed = "closed"


class Strand(str, Enum):
    """The six strands of hate crime named in the core commitments."""

    disability = "disability"
    race = "race"
    religion_or_belief = "religion-or-belief"
    sexual_orientation = "sexual-orientation"
    transgender = "transgender"
    alternative_subcultures = "alternative-subcultures"


class PhoneType(str, Enum):
    voice = "voice"
    text = "text"
    textphone = "textphone"


class Address(Record):
    lines: list[_text(120, "A line of the street address")] = Field(min_length=1, max_length=4)
    town: _text(80, "Town or city")
    borough: str = Field(description="One of the region's boroughs, as listed in mkdocs.yml")
    postcode: Postcode
    latitude: float = Field(ge=-90, le=90, description="WGS84 latitude, inside the region's bounds")
    longitude: float = Field(ge=-180, le=180, description="WGS84 longitude, inside the region's bounds")
    directions: _text(600, "How to get there: buses, trams, landmarks, which door") | None = None

    @field_validator("borough")
    @classmethod
    def _known_borough(cls, value: str, info: ValidationInfo) -> str:
        return rules.known_borough(value, info.context)

    @field_validator("latitude", "longitude")
    @classmethod
    def _inside_region(cls, value: float, info: ValidationInfo) -> float:
        if info.field_name is None:  # pydantic names the field for every field validator
            raise RuntimeError("the bounds check was run without the field's name")
        return rules.inside_bounds(info.field_name, value, info.context)


class PhoneNumber(Record):
    number: Phone
    type: PhoneType = PhoneType.voice
    note: _text(120, "e.g. 'Relay UK: dial 18001 first'") | None = None


class Contact(Record):
    phones: list[PhoneNumber] = Field(default_factory=list, max_length=5)
    email: Email | None = None
    website: WebAddress | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.phones or self.email):
            raise rules.problem("no_contact", "give at least one phone number or an email address")
        return self


class Closure(Record):
    start: Date = Field(alias="from")
    end: Date = Field(alias="to")
    reason: _text(120, "Why it is closed, e.g. 'Bank holiday'") | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Closure:
        if self.end < self.start:
            raise rules.problem("closure_order", "'to' is before 'from'; swap the dates")
        return self


class OpeningHours(Record):
    monday: DayHours = "closed"
    tuesday: DayHours = "closed"
    wednesday: DayHours = "closed"
    thursday: DayHours = "closed"
    friday: DayHours = "closed"
    saturday: DayHours = "closed"
    sunday: DayHours = "closed"
    notes: _text(300, "Anything visitors should know about the hours") | None = None
    closures: list[Closure] = Field(default_factory=list)


class Reporting(Record):
    """How the centre takes reports."""

    in_person: bool = True
    phone: bool = False
    email: bool = False
    anonymous: bool = False
    true_vision_help: bool = Field(True, description="Staff help complete the True Vision form")
    private_room: bool = False
    stop_hate_uk: bool = Field(False, description="Takes reports for Stop Hate UK, where the region commissions it")


class Accessibility(Record):
    step_free: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    bsl: bool = Field(False, description="British Sign Language available")
    quiet_room: bool = False
    parking: bool = False
    notes: _text(400, "More detail on access") | None = None


class Language(Record):
    code: str = Field(description="ISO 639-1 or 639-3 code, e.g. 'en', 'ur', 'pl', 'bfi'")
    note: _text(120, "e.g. 'Tuesdays only'") | None = None

    @field_validator("code")
    @classmethod
    def _iso_code(cls, value: str) -> str:
        return rules.language_code(value)


LanguageTag = Annotated[str, Field(json_schema_extra={"pattern": rules.LANGUAGE_TAG}, max_length=16,
                                   description="A language tag (BCP 47): an ISO 639 code, then optionally a script "
                                   "and a country, e.g. 'cy', 'ur', 'pa-Arab', 'zh-Hant-HK'"),
                        AfterValidator(rules.language_tag)]


class OtherName(Record):
    """The centre's name in another language, which pages mark as that language (and right to left where
    its script is)."""

    text: _text(160, "The name as written in that language, e.g. 'مرکز برائے رپورٹ'")
    lang: LanguageTag


class Champion(Record):
    """The Hate Crime Champion as far as the centre publishes them: whatever is written here is public.

    Everything else about the champion (contact details, training dates, and the name and role
    when the centre does not publish them) lives in the private register (``register.py``).
    """

    name: _text(120, "The champion's name, if the centre wants it published") | None = None
    role: _text(120, "The champion's job title, if the centre wants it published") | None = None


class Commitments(Record):
    version: _text(20, "Version of the core commitments signed, e.g. '2017'")
    signed: PastDate


class Verification(Record):
    date: PastDate
    by: _text(120, "Who checked the details, e.g. 'Centre manager' or a name")


class Centre(Record):
    slug: str = Field(pattern=SLUG_PATTERN, max_length=80, description="Same as the file name, without .yml")
    code: str | None = Field(None, pattern=CODE_PATTERN, description="The centre's short, permanent code, "
                             "which its QR codes encode (c/<code>/): 4 to 6 characters of Crockford's base32 "
                             "in capitals, e.g. 'K7QX2'. Never change it once printed")
    moved_from: list[Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]] = Field(
        default_factory=list, max_length=20,
        description="The centre's earlier slugs: their addresses keep working, as redirects to its page")
    name: _text(160, "Public name of the centre")
    name_lang: LanguageTag | None = Field(None, description="The language of the name, when it is not English, "
                                          "e.g. 'cy' for a Welsh name")
    other_names: list[OtherName] = Field(default_factory=list, max_length=6,
                                         description="The centre's name in other languages, each with its language")
    organisation: _text(160, "The organisation that runs it")
    kind: Kind
    description: _text(600, "One or two sentences for the directory")
    status: Status = Status.active
    alert: _text(200, "A short notice shown at the top of the centre's page") | None = None
    address: Address
    contact: Contact
    hours: OpeningHours
    reporting: Reporting = Field(default_factory=Reporting)
    strands: list[Strand] = Field(min_length=1)
    accessibility: Accessibility = Field(default_factory=Accessibility)
    languages: list[Language] = Field(min_length=1)
    champion: Champion = Field(default_factory=Champion)
    commitments: Commitments
    last_verified: Verification

    @field_validator("strands", "languages", "moved_from", "other_names")
    @classmethod
    def _no_repeats(cls, value: list) -> list:
        return rules.no_repeats(value)

    @field_validator("moved_from")
    @classmethod
    def _not_moved_from_itself(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("slug") in value:
            raise rules.problem("moved_from_self", "lists the centre's own slug; list only its earlier slugs")
        return value



def language_name(code: str) -> str:
    return rules.LANGUAGES.get(code, code)


def is_slug(text: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, text) is not None

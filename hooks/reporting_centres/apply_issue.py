"""``centres apply-issue``: turn an "Update a centre's details" issue into a change to one centre file.

The issue body (or the same text, emailed to the coordinator) is untrusted text from anyone.
It is only ever read as ``### label`` / value blocks, with the labels of ``update_form.FIELDS``.
Values go into the centre file as YAML scalars through ruamel.yaml's round trip (never spliced
into YAML text), so comments, key order and quoting survive, and the target must be one of the
files already in the centres folder. The changed file is then checked by the same validator as
every build, and any problem is reported against the form's question, e.g.::

    issue: Postcode: 'BL1 XYZ' is not a UK postcode (e.g. M1 1AE or BL1 1SE)

An empty answer (or GitHub's ``_No response_``) leaves that detail as it is; ``remove this`` (or
``none``) removes an optional detail, such as a notice for visitors that no longer applies.

Each detail the site's form sends comes with the version it was filled from (the answer "Filled
from", see ``update_form.version``): a detail that has changed in the centre file since is refused,
so that an update never undoes a change it did not see. A detail without a version (typed by hand,
or through the GitHub form directly) is applied, and the pull request says it was not checked.
``last_verified`` moves only when "I have checked every detail of this centre" is answered yes.

An emailed copy may come back with a greeting, quoted in a reply (after the reply's own "On ...
wrote:"), with long lines wrapped by the mail program and with a sign-off: a one-line answer's
wrapped lines are joined again, and after the last answer anything past a blank line is a sign-off.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic_core import PydanticCustomError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .centre_edit import (
    Loader,
    delete_value,
    dump,
    field_info,
    insert_key,
    keep_layout,
    parent_mapping,
    plain_data,
    set_value,
    styled_value,
    yaml_editor,
)
from .changes import Change, changes, read, shown
from .config import Project, Region
from .errors import DataError, Problem
from .forms import CLOSURE, LANGUAGE_CODES
from .load import LoadError, centre_files, display_path, read_document, read_text
from .model import is_slug
from .public import public_centre
from .register import load_register
from .rules import LANGUAGES, uk_phone, uk_postcode
from .update_form import DETAILS, FIELDS, NOT_DETAILS, FormField, form_values, version
from .validate import check_document

ISSUE = "issue"  # the "file" that problems with the issue's answers are reported against
MAX_BODY_BYTES = 65_536  # GitHub's own limit for an issue body
CLEAR = ("remove this", "none")  # the answers that remove an optional detail
REQUIRED = ("centre", "verified_by")  # everything else may be left empty: "leave it as it is"
ONE_LINE_KINDS = ("text", "choice")
MAX_SHOWN = 60  # characters of an unknown heading or slug quoted back
MAX_LISTED = 50  # problems listed in one comment
MAX_ANSWER = 2_000  # characters in one answer: more than any detail may have
MAX_QUOTING = 5  # levels of '>' taken off an emailed reply
QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?")  # one level of an emailed reply's quoting
VERSION = re.compile(r"^(?P<id>[a-z_]{1,40}):(?P<version>[0-9a-f]{10})$")
YES = ("yes", "y", "x", "[x]", "ticked", "true")
NO = ("no", "n", "[ ]", "false")
MAX_MATCHED = 200  # characters of a heading or option compared with the form's, for a suggestion

HEADING = re.compile(r" {0,3}###[ \t]+")  # then the label, and optional closing #s: see _heading
NO_RESPONSE = re.compile(r"^[_*]*no response[_*]*$", re.IGNORECASE)
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FIELD_BY_ID = {field.id: field for field in FIELDS}
SPACES = str.maketrans({"\t": " ", "\u00a0": " ", "\u2007": " ", "\u202f": " "})  # a mail program's spaces
ORDER = {field.id: index for index, field in enumerate(FIELDS)}


class IssueError(DataError):
    """Problems with an update, kept in the order a reader meets them on the form."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = list(problems)


class _Wrong(Exception):
    """One or more things wrong with one answer."""

    def __init__(self, *messages: str):
        self.messages = messages
        super().__init__("; ".join(messages))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def _headings() -> dict[str, FormField]:
    """Each field by its label, its label without '(...)', and its id: what an edited copy may use."""
    table: dict[str, FormField] = {}
    for field in FIELDS:
        for name in (field.label, re.sub(r"\s*\(.*\)\s*$", "", field.label), field.id):
            table.setdefault(_key(name), field)
    return table


HEADINGS = _headings()


def _shorten(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _issue(field: FormField | None, message: str) -> Problem:
    return Problem(ISSUE, 0, 0, field.label if field else "", message)


# --- reading the issue body ------------------------------------------------------------------


def parse_issue_body(text: str) -> dict[str, str | None]:
    """The answers in an issue body, by field id (None: no answer), or IssueError with every problem."""
    values, problems = _parse(text)
    if problems:
        raise IssueError(problems)
    return values


def _parse(text: str) -> tuple[dict[str, str | None], list[Problem]]:
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_BODY_BYTES:
        return {}, [_issue(None, f"is {size:,} bytes; an update may be at most {MAX_BODY_BYTES:,} bytes")]
    lines = [line.rstrip() for line in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _unquote(lines)
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        label = _heading(line)
        if label:
            sections.append((label, []))
        elif sections:
            sections[-1][1].append(line)
        # anything before the first heading (an email's greeting) is not part of the form
    if not sections:
        return {}, [_issue(None, "has none of the update form's questions (lines such as '### Postcode'); "
                                 "use the update form on the site, or copy all of its text")]
    last = sections[-1][1]
    if "--" in last:  # an email signature follows
        del last[last.index("--"):]
    last_field = HEADINGS.get(_key(sections[-1][0]))
    if last_field is not None and last_field.kind in ONE_LINE_KINDS:  # a sign-off after a blank line
        _first_paragraph(last)

    values: dict[str, str | None] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    repeated: set[str] = set()
    for heading, body in sections:
        field = HEADINGS.get(_key(heading))
        if field is None:
            guess = difflib.get_close_matches(_key(heading[:MAX_MATCHED]), [_key(f.label) for f in FIELDS], n=1,
                                              cutoff=0.6)
            hint = (f"did you mean {next(f.label for f in FIELDS if _key(f.label) == guess[0])!r}?" if guess
                    else "remove it, or use the update form on the site")
            problems.append(_issue(None, f"{_shorten(heading)!r} is not a question on the update form; {hint}"))
            continue
        if field.id in seen:
            if field.id not in repeated:
                problems.append(_issue(field, "appears twice; keep one"))
            repeated.add(field.id)
            continue
        seen.add(field.id)
        try:
            value = _answer(field, body)
            _check_text(field, value)
        except _Wrong as wrong:
            problems.extend(_issue(field, message) for message in wrong.messages)
            continue
        values[field.id] = value
    for field_id in repeated:
        values.pop(field_id, None)
    for field_id in REQUIRED:
        if field_id not in seen or (field_id in values and values[field_id] is None):
            problems.append(_issue(FIELD_BY_ID[field_id], _required(field_id)))
    return values, problems


def _heading(line: str) -> str | None:
    """The label of a '### label ###' line, or None. No backtracking: linear in the line's length."""
    match = HEADING.match(line)
    if match is None:
        return None
    label = line[match.end():].rstrip(" \t")
    closed = label.rstrip("#")
    if closed != label and (not closed or closed[-1] in " \t"):
        label = closed.rstrip(" \t")
    return label


def _required(field_id: str) -> str:
    if field_id == "centre":
        return "is required; use the update form on the site, which fills it in"
    return "is required; say what your role is, e.g. Centre manager"


def _quoting(line: str) -> tuple[int, str]:
    """How many levels of '>' quote a line (at most MAX_QUOTING), and the line without them."""
    depth = 0
    while depth < MAX_QUOTING:
        match = QUOTE.match(line)
        if match is None:
            break
        line = line[match.end():]
        depth += 1
    return depth, line


def _unquote(lines: list[str]) -> list[str]:
    """An emailed copy may come back quoted ('> ...'), after a reply's own lines ("On ... Jo wrote:"):
    the form's text is the quoted part from its first question; it ends where the quoting does."""
    unquoted = [_quoting(line) for line in lines]
    start = next((i for i, (_, text) in enumerate(unquoted) if _heading(text)), None)
    if start is None or unquoted[start][0] == 0:
        return lines
    depth = unquoted[start][0]
    kept: list[str] = []
    for line, (level, text) in zip(lines[start:], unquoted[start:], strict=True):
        if not line.strip() or (level == depth and not text.strip()):
            kept.append("")
        elif level >= depth:
            for _ in range(depth):
                line = line[QUOTE.match(line).end():]  # type: ignore[union-attr]
            kept.append(line)
        else:
            break  # the reply's own text after the quoted form: not part of it
    return kept


def _first_paragraph(lines: list[str]) -> None:
    """Keeps (in place) the lines up to the first blank line after some text."""
    started = False
    for index, line in enumerate(lines):
        if line.strip():
            started = True
        elif started:
            del lines[index:]
            return


def _answer(field: FormField, lines: list[str]) -> str | None:
    lines = [line.translate(SPACES).strip() for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if field.kind in ONE_LINE_KINDS:  # a mail program wraps a long line: join it again
        if "" in lines:
            raise _Wrong("must be on one line; remove the blank lines")
        lines = [" ".join(lines)] if lines else []
    elif field.id == "closures":  # a wrapped closure goes on with its reason, not with a date
        joined: list[str] = []
        for line in lines:
            if joined and line and joined[-1] and not re.match(r"\d{4}-\d{2}-\d{2}\b", line):
                joined[-1] += " " + line
            else:
                joined.append(line)
        lines = joined
    text = "\n".join(lines)
    return None if not text or NO_RESPONSE.match(text) else text


def _check_text(field: FormField, value: str | None) -> None:
    if value is None:
        return
    if any(ch in BIDI_CONTROLS or (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") and ch != "\n")
           for ch in value):
        raise _Wrong("contains control characters; remove them")
    if len(value) > MAX_ANSWER:
        raise _Wrong(f"is {len(value):,} characters long; an answer may be at most {MAX_ANSWER:,}")
    if "\ufffd" in value:  # what a file that is not UTF-8 (e.g. a Windows email) reads as
        raise _Wrong("contains characters that could not be read (the text is not UTF-8); type them again")
    if field.id == "base" and not all(VERSION.match(token) for token in value.split()):
        raise _Wrong("was changed; fill in the form on the site again, and do not change this answer")
    if field.id == "checked" and value.casefold() not in YES + NO:
        raise _Wrong("must be yes or no (leave a blank line before anything you add after it)")


# --- changing the centre file ----------------------------------------------------------------


def apply_update(yaml_text: str, values: dict[str, str | None], today: dt.date | None = None) -> str:
    """``yaml_text`` with the answers applied, keeping comments, key order and quoting; IssueError if an
    answer cannot be applied. The result still needs validating (``apply_issue`` does)."""
    text, problems = _apply_values(yaml_text, values, today or dt.date.today())
    if problems:
        raise IssueError(problems)
    return text


def _apply_values(yaml_text: str, values: dict[str, str | None], today: dt.date) -> tuple[str, list[Problem]]:
    round_trip = yaml_editor(yaml_text)
    data = round_trip.load(yaml_text)
    problems: list[Problem] = []
    checked = (values.get("checked") or "").casefold() in YES
    for field in FIELDS:
        answer = values.get(field.id)
        if answer is None or field.id in ("centre", "base", "checked") or (field.id == "verified_by" and not checked):
            continue
        try:
            _apply(data, field, answer, today)
        except _Wrong as wrong:
            problems.extend(_issue(field, message) for message in wrong.messages)
    changed = dump(round_trip, data)
    if yaml.load(changed, Loader=Loader) != plain_data(data):  # a YAML 1.1/1.2 difference slipped through
        problems.append(_issue(None, "could not be written to the centre file safely; the coordinator "
                                     "will make this change by hand"))
        return yaml_text, problems
    return keep_layout(yaml_text, dump(round_trip, round_trip.load(yaml_text)), changed), problems


def _apply(data: CommentedMap, field: FormField, answer: str, today: dt.date) -> None:
    clear = " ".join(answer.split()).casefold() in CLEAR
    path = field.path
    if path[:2] == ("contact", "phones"):
        _set_phone(data, path[2], None if clear else _phone(answer))
    elif path == ("strands",):
        set_value(data, path, [] if clear else _options(field, answer))
    elif field.kind == "checkboxes":
        _set_flags(data, field, [] if clear else _options(field, answer))
    elif path == ("languages",):
        _set_languages(data, [] if clear else _language_codes(answer))
    elif field.id == "closures":
        if clear:
            delete_value(data, path)
        else:
            _set_closures(data, _closures(answer))
    elif field.id == "verified_by":
        if clear:
            raise _Wrong(_required(field.id))
        set_value(data, ("last_verified", "by"), answer)
        set_value(data, ("last_verified", "date"), today)
    elif clear:
        if field_info(path).is_required() or field_info(path).default is not None:
            raise _Wrong("cannot be removed; give the correct details instead")
        delete_value(data, path)
    elif path == ("address", "lines"):
        set_value(data, path, [line for line in answer.split("\n") if line])
    elif field.kind == "textarea":
        set_value(data, path, " ".join(answer.split()))
    elif field.kind == "choice":
        set_value(data, path, _choice(field, answer))
    elif field.rule == "postcode":
        set_value(data, path, _postcode(answer))
    else:
        set_value(data, path, answer)


def _option_key(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text).strip().casefold()


def _options(field: FormField, answer: str) -> list[str]:
    """The option values named in a checkbox answer ('phone, email' or their labels), in order."""
    known: dict[str, str] = {}
    for option, label in field.options:
        known.setdefault(_option_key(option), option)
        known.setdefault(_option_key(label), option)
    chosen: list[str] = []
    wrong: list[str] = []
    for token in re.split(r"[,\n]", answer):
        item = re.match(r"[-*]\s+(?:\[([ xX])\]\s*)?", token.strip())  # a pasted list, or a form's task list
        if item and item.group(1) == " ":
            continue  # an unticked box is an option not chosen
        token = token.strip()[item.end():] if item else token.strip()
        if not token:
            continue
        value = known.get(_option_key(token))
        if value is None:
            names = [v for v, _ in field.options]
            guess = difflib.get_close_matches(_option_key(token[:MAX_MATCHED]), names, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            wrong.append(f"{_shorten(token)!r} is not one of: {', '.join(names)}{hint}")
        elif value not in chosen or field.path == ("strands",):  # a repeated strand: the validator says so
            chosen.append(value)
    if wrong:
        raise _Wrong(*wrong)
    return chosen


def _choice(field: FormField, answer: str) -> str:
    for value, label in field.options:
        if _option_key(answer) in (_option_key(value), _option_key(label)):
            return value
    return answer  # the validator names the choices


def _postcode(answer: str) -> str:
    """'bl1 1se' as the directory prints it, 'BL1 1SE', so the file says what the site shows and an
    unchanged postcode is no change; a wrong one is left for the validator to name."""
    try:
        return uk_postcode(answer)
    except PydanticCustomError:
        return answer


def _phone(answer: str) -> str:
    """'+44 (0)161 496 0101' as the directory writes it, '0161 496 0101'; a wrong one is left for the validator."""
    try:
        return uk_phone(answer)
    except PydanticCustomError:
        return answer


def _set_phone(data: CommentedMap, kind: str, number: str | None) -> None:
    """The first number of this type (as the form shows it): replaced, added or, with None, removed."""
    contact = parent_mapping(data, ("contact",))
    phones = contact.get("phones")
    index = next((i for i, phone in enumerate(phones or [])
                  if isinstance(phone, dict) and str(phone.get("type", "voice")) == kind), None)
    if number is None:
        if index is not None:
            del phones[index]
            if not phones:
                del contact["phones"]
        return
    if index is not None:
        if str(phones[index].get("number")) != number:
            phones[index]["number"] = styled_value(phones[index].get("number"), number)
        return
    entry = CommentedMap([("number", styled_value(None, number)), ("type", kind)])
    if not isinstance(phones, list):
        phones = CommentedSeq()
        insert_key(contact, ("contact", "phones"), phones)
    phones.insert(0 if kind == "voice" else len(phones), entry)


def _set_flags(data: CommentedMap, field: FormField, chosen: list[str]) -> None:
    """Every option listed is true and every other option false; flags not on the form stay as they are."""
    section = field.path[0]
    current = data.get(section) if isinstance(data.get(section), dict) else {}
    for option, _ in field.options:
        wanted = option in chosen
        if current.get(option, field_info((section, option)).default) != wanted:
            set_value(data, (section, option), wanted)


def _language_codes(answer: str) -> list[str]:
    """The ISO 639 codes of the languages an answer names ('English, Urdu' or 'en, ur'), in order."""
    codes: list[str] = []
    wrong: list[str] = []
    for token in re.split(r"[,;\n]", answer):
        name = " ".join(token.split()).casefold()
        if not name:
            continue
        code = name if name in LANGUAGES else LANGUAGE_CODES.get(name)
        if code is None:
            guess = difflib.get_close_matches(name[:MAX_MATCHED], list(LANGUAGE_CODES), n=1, cutoff=0.8)
            hint = f"; did you mean {guess[0].title()!r}?" if guess else ""
            wrong.append(f"{_shorten(token.strip())!r} is not a language we know: write its name, like Urdu or "
                         f"British Sign Language, or its ISO 639 code{hint}")
        else:
            codes.append(code)
    if wrong:
        raise _Wrong(*wrong)
    return codes


def _closures(answer: str) -> list[tuple[dt.date, dt.date, str | None]]:
    """The closures of an answer, one a line: '2026-12-24 to 2026-12-27: Christmas' or '2026-05-04'."""
    found: list[tuple[dt.date, dt.date, str | None]] = []
    wrong: list[str] = []
    for line in answer.split("\n"):
        if not line.strip():
            continue
        match = CLOSURE.match(line.strip())
        try:
            if match is None:
                raise ValueError
            start = dt.date.fromisoformat(match["start"])
            end = dt.date.fromisoformat(match["end"] or match["start"])
        except ValueError:
            wrong.append(f"{_shorten(line.strip())!r} is not like 2026-12-24 to 2026-12-27: Christmas "
                         "(real dates, as year-month-day)")
            continue
        found.append((start, end, match["reason"]))
    if wrong:
        raise _Wrong(*wrong)
    return found


def _set_closures(data: CommentedMap, closures: list[tuple[dt.date, dt.date, str | None]]) -> None:
    """The closures listed, in order; one that stays as it was keeps its comments."""
    hours = parent_mapping(data, ("hours",))
    old = [item for item in hours.get("closures") or [] if isinstance(item, dict)]
    kept = {(item.get("from"), item.get("to"), item.get("reason")): item for item in old}
    items = CommentedSeq()
    for start, end, reason in closures:
        item = kept.get((start, end, reason))
        if item is None:
            item = CommentedMap([("from", start), ("to", end)])
            if reason:
                item["reason"] = styled_value(None, reason)
        items.append(item)
    if [dict(item) for item in items] == [dict(item) for item in old]:
        return
    if "closures" in hours:
        hours["closures"] = items
    else:
        insert_key(hours, ("hours", "closures"), items)


def _set_languages(data: CommentedMap, codes: list[str]) -> None:
    """The languages listed, in order; a language that stays keeps its note."""
    old = data.get("languages")
    items = [item for item in old or [] if isinstance(item, dict)]
    current = [str(item.get("code", "")).strip().lower() for item in items]
    if current == codes:
        return
    kept: dict[str, dict] = {}
    for code, item in zip(current, items, strict=True):
        kept.setdefault(code, item)
    languages = CommentedSeq(kept.pop(code) if code in kept else CommentedMap([("code", styled_value(None, code))])
                             for code in codes)
    if isinstance(old, CommentedSeq) and old.fa.flow_style():
        languages.fa.set_flow_style()
    if "languages" in data:
        data["languages"] = languages
    else:
        insert_key(data, ("languages",), languages)


# --- the whole update ------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    path: Path
    shown: str  # the path as printed, e.g. centres/bolton-central-library.yml
    before: str
    after: str
    changed: tuple[str, ...]  # the labels of the questions whose answers changed the file
    today: dt.date
    checked: bool = False  # "I have checked every detail of this centre": last_verified moves
    unchecked: tuple[str, ...] = ()  # the labels of answers sent without the version they were filled from

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                            f"a/{self.shown}", f"b/{self.shown}"))

    def changes(self) -> list[Change]:
        return changes(yaml.load(self.before, Loader=Loader), yaml.load(self.after, Loader=Loader))

    def summary(self, dry_run: bool = False) -> str:
        """One line of Markdown naming only the file and the form's questions: no text from the issue."""
        if self.before == self.after:
            return f"No change to `{self.shown}`: it already says what the update says."
        details = [label for label in self.changed if label != FIELD_BY_ID["verified_by"].label]
        what = ", ".join(details) if details else "no details changed"
        done = "Would update" if dry_run else "Updated"
        checked = f"; last checked {self.today.isoformat()}" if self.checked else ""
        return f"{done} `{self.shown}`: {what}{checked}."


def apply_issue(body: str, region: Region, root: Path, today: dt.date) -> Update:
    """The centre file the issue names, with its answers applied and validated; or IssueError."""
    try:
        return _apply_issue(body, region, root, today)
    except IssueError as error:  # every problem, in the order of the form's questions
        raise IssueError(sorted(error.problems, key=_rank)) from None


def _rank(problem: Problem) -> int:
    if problem.file != ISSUE or not problem.field:
        return -1
    return next((ORDER[field.id] for field in FIELDS if field.label == problem.field), len(FIELDS))


def _apply_issue(body: str, region: Region, root: Path, today: dt.date) -> Update:
    values, problems = _parse(body)
    folder = root / region.centres_dir
    slug = values.get("centre")
    path = _target(folder, slug, region.centres_dir, problems) if slug is not None else None
    if path is None:
        raise IssueError(problems)
    shown = display_path(path, root)
    try:
        document = read_document(path, shown, root=folder)
        before = path.read_text(encoding="utf-8")
    except LoadError as error:
        raise IssueError([*problems, error.problem]) from None
    centre, found = check_document(document, region, today)
    if found or centre is None:  # the file needs the coordinator before any update can go in
        raise IssueError(problems + found)
    unchecked = _stale(values, form_values(public_centre(centre, region)), problems)
    after, wrong = _apply_values(before, values, today)
    problems += wrong + _check(after, shown, region, today, folder, path)
    if problems:
        raise IssueError(problems)
    checked = (values.get("checked") or "").casefold() in YES
    changed = tuple(_changed(before, after))
    return Update(path, shown, before, after, changed, today, checked,
                  tuple(label for label in unchecked if label in changed))


def _stale(values: dict[str, str | None], current: dict[str, str], problems: list[Problem]) -> list[str]:
    """Adds a problem for each answer whose detail has changed since the form was filled in; returns the
    labels of the answers sent without a version (not checked)."""
    versions: dict[str, str] = {}
    for token in (values.get("base") or "").split():
        match = VERSION.match(token)
        if match is None or match["id"] not in FIELD_BY_ID or match["id"] in NOT_DETAILS:
            problems.append(_issue(FIELD_BY_ID["base"], "was changed; fill in the form on the site again, "
                                                        "and do not change this answer"))
            return []
        versions[match["id"]] = match["version"]
    unchecked = []
    for field in DETAILS:
        answer = values.get(field.id)
        if answer is None:
            continue
        now = current.get(field.id, "")
        if field.id not in versions:
            unchecked.append(field.label)
        elif versions[field.id] != version(field.id, now) and version(field.id, answer) != version(field.id, now):
            problems.append(_issue(field, f"has changed since you filled in the form (it is now "
                                          f"{_shorten(' '.join(now.split())) or '(empty)'!r}); fill in the form "
                                          "on the site again, so that your update does not undo that change"))
    return unchecked


def _target(folder: Path, slug: str, folder_name: str, problems: list[Problem]) -> Path | None:
    """centres/<slug>.yml, only if that is exactly one of the centre files: a slug cannot leave the folder."""
    files = {path.stem: path for path in centre_files(folder)} if folder.is_dir() else {}
    path = files.get(slug) if is_slug(slug) else None
    if path is not None and not path.is_symlink() and path.parent == folder:
        return path
    guess = difflib.get_close_matches(slug.lower(), list(files), n=1) if len(slug) <= 80 else []
    hint = f"did you mean {guess[0]!r}?" if guess else "use the update form on the site, which fills it in"
    problems.insert(0, _issue(FIELD_BY_ID["centre"], f"{_shorten(slug)!r} is not a centre in {folder_name}/; {hint}"))
    return None


def _check(text: str, shown: str, region: Region, today: dt.date, folder: Path, path: Path) -> list[Problem]:
    """The validator's problems with the changed file, each named by the question it comes from."""
    try:
        document = read_text(text, shown)
    except LoadError as error:
        return [_issue(None, f"makes a centre file that cannot be read: {error.problem.message}")]
    centre, found = check_document(document, region, today)
    problems = [Problem(ISSUE, 0, 0, _label_for(problem.field, document.data) or problem.field, problem.message)
                for problem in found]
    if centre is not None:
        for other in centre_files(folder):
            if other == path:
                continue
            try:
                name = read_document(other, other.name, root=folder).data.get("name")
            except LoadError:
                continue
            if isinstance(name, str) and name.strip().casefold() == centre.name.casefold():
                problems.append(_issue(FIELD_BY_ID["name"], f"{centre.name!r} is already used by "
                                       f"{folder.name}/{other.name}; each centre needs its own name"))
    return problems


def _label_for(dotted: str, data: dict[str, Any]) -> str | None:
    """The form question behind a field of the centre file, e.g. contact.phones[1].number -> its type's label."""
    phone = re.match(r"^contact\.phones\[(\d+)\]", dotted)
    if phone:
        try:
            kind = str(data["contact"]["phones"][int(phone.group(1))].get("type", "voice"))
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return next((f.label for f in FIELDS if f.path == ("contact", "phones", kind)), None)
    for field in sorted(FIELDS, key=lambda f: -len(f.path)):
        name = ".".join(field.path)
        if field.path[:2] != ("contact", "phones") and (
                dotted == name or dotted.startswith((name + ".", name + "["))):
            return field.label
    return None


def _changed(before: str, after: str) -> list[str]:
    old, new = yaml.load(before, Loader=Loader), yaml.load(after, Loader=Loader)
    return [field.label for field in FIELDS if field.path and read(old, field) != read(new, field)]



# --- what the command prints -----------------------------------------------------------------


def markdown_problems(problems: list[Problem]) -> str:
    """The problems as a Markdown list for an issue comment. Each is a code span, so nothing quoted
    from the issue can mention people, link, or show images."""
    count = len(problems)
    lines = [f"This update could not be applied. Please edit the issue to correct "
             f"{'this' if count == 1 else f'these {count} things'}; it is checked again when you save it:", ""]
    lines += [f"- {_code(str(problem))}" for problem in problems[:MAX_LISTED]]
    if count > MAX_LISTED:
        lines.append(f"- and {count - MAX_LISTED} more")
    return "\n".join(lines) + "\n"


def _code(text: str, limit: int = 400) -> str:
    text = _shorten(" ".join(text.split()), limit)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def revision(body: bytes) -> str:
    """Which text of the issue an update was made from: an edit of the issue is a new revision."""
    return hashlib.sha256(body).hexdigest()[:12]


def known_requester(region: Region, root: Path, slug: str, who: str | None) -> bool:
    """Whether ``who`` is on the centre's list of requesters in the private register. Without a register
    (or with one that cannot be read) nobody is known. Says nothing of who is on the list."""
    if not who:
        return False
    folder = root / region.centres_dir
    try:
        register = load_register(region, root, {path.stem for path in centre_files(folder)})
    except DataError as error:
        print(f"the private register has {len(error.problems)} problem(s) (run `centres stale` on the coordinator's "
              "machine to see them): every requester is treated as not known", file=sys.stderr)
        return False
    return register is not None and register.knows(slug, who)


def description(update: Update, requester: str | None, known: bool, number: str | None, rev: str) -> str:
    """The pull request's description: contact changes flagged first, who asked (and whether they are known
    for the centre), the issue's revision, and every changed detail as old -> new. Text from the issue
    appears only in code spans, so it cannot mention, link or show images."""
    found = update.changes()
    contact = [change for change in found if change.contact]
    lines: list[str] = []
    if contact:
        what = ", ".join(change.field.label for change in contact)
        lines += ["> [!WARNING]",
                  f"> **This changes how the public reaches the centre** ({what}). "
                  "Do not merge it on the request alone: the check *Contact change confirmed* stays pending until "
                  "the coordinator has confirmed the change with the centre through its current details (for "
                  "example a code sent to the email address or phone number the site shows now, which the "
                  "centre reads back) and approves it. CONTRIBUTING.md says how.", ""]
    asked = f"`{requester}`" if requester and "@" not in requester else ("an email" if requester else "unknown")
    if known:
        lines += [f"**Requested by:** {asked}, **known** for this centre (on its list of requesters).", ""]
    else:
        lines += [f"**Requested by:** {asked}, **not known** for this centre: a maintainer approved the request.", ""]
    source = f"#{number}" if number else "the emailed update"
    lines += [f"**Made from:** revision `{rev}` of {source}. An edit of the issue makes a new revision, "
              "which needs approval again and opens a new pull request; it never changes this one.", ""]
    if update.unchecked:
        lines += ["**Not checked against the version it was filled from** (sent without one, e.g. typed by "
                  f"hand): {', '.join(update.unchecked)}. Check that they do not undo a recent change.", ""]
    lines.append(f"**Changes to `{update.shown}`:**")
    lines.append("")
    for change in found:
        flag = " (contact)" if change.contact else ""
        lines.append(f"- {change.field.label}{flag}: {_code(shown(change.field, change.old))} → "
                     f"{_code(shown(change.field, change.new))}")
    if not found:
        lines.append("- no details changed")
    new = yaml.load(update.after, Loader=Loader).get("last_verified") or {}
    old = yaml.load(update.before, Loader=Loader).get("last_verified") or {}
    if new != old:
        lines.append(f"- Last checked: {_code(shown(FIELD_BY_ID['verified_by'], old.get('date')))} → "
                     f"{_code(shown(FIELD_BY_ID['verified_by'], new.get('date')))}, by {_code(str(new.get('by')))}")
    return "\n".join(lines) + "\n"


def command(project: Project, body_file: Path, today: dt.date, dry_run: bool, requester: str | None = None,
            number: str | None = None, out: Path | None = None) -> int:
    """``centres apply-issue``: 0 with the change made (or shown), 1 with the problems as Markdown.

    With ``out``, also writes there the pull request's description (``description.md``) and ``facts``:
    ``known=yes|no`` (is the requester on the centre's list), ``contact=yes|no`` and ``revision=...``."""
    try:
        raw = body_file.read_bytes()
    except OSError as error:
        print(f"{body_file}: cannot be read: {error.strerror}", file=sys.stderr)
        return 2
    body = raw.decode("utf-8", errors="replace")
    try:
        update = apply_issue(body, project.region, project.root, today)
    except IssueError as error:
        print(markdown_problems(error.problems), end="")
        return 1
    if dry_run:
        print(update.diff(), end="")
    elif update.after != update.before:
        update.path.write_text(update.after, encoding="utf-8", newline="\n")
    if out is not None:
        known = known_requester(project.region, project.root, update.path.stem, requester)
        rev = revision(raw)
        out.mkdir(parents=True, exist_ok=True)
        (out / "description.md").write_text(description(update, requester, known, number, rev), encoding="utf-8")
        contact = any(change.contact for change in update.changes())
        (out / "facts").write_text(f"known={'yes' if known else 'no'}\ncontact={'yes' if contact else 'no'}\n"
                                   f"revision={rev}\n", encoding="utf-8")
    print(update.summary(dry_run))
    return 0

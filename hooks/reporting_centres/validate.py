"""Turn documents into ``Centre`` records, reporting every problem of every file at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import hashlib
import typing
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .config import Region
from .errors import DataError, Problem
from .load import Document, LoadError, centre_files, display_path, parse_bytes, read_bytes
from .model import PRIVATE_FIELDS, Centre
from .working_files import Remembered

FRIENDLY = {
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text; put it in quotes",
    "float_type": "must be a number, such as 53.4808",
    "float_parsing": "must be a number, such as 53.4808",
    "int_type": "must be a whole number",
    "list_type": "must be a list: one '- item' per line",
    "model_type": "must be a group of 'field: value' lines, indented under it",
    "model_attributes_type": "must be a group of 'field: value' lines, indented under it",
    "dict_type": "must be a group of 'field: value' lines, indented under it",
    "string_pattern_mismatch":
        "must use only lowercase letters, digits and single hyphens, like 'bolton-central-library'",
}
GEOCODED = (("address", "latitude"), ("address", "longitude"))  # `centres geocode` can fill these in
VALIDATED_CACHE = ".cache/centres.pickle"  # in the project: centres an earlier build or report validated


def load_centres(region: Region, root: Path, paths: Iterable[Path] = (), today: dt.date | None = None, *,
                 cache: Path | None = None) -> list[Centre]:
    """Every centre in ``paths`` (default: the region's centres folder), or DataError with all problems.

    With ``cache`` (a file), centres validated by an earlier run are taken from it when their file
    is byte for byte the same (see ``ValidatedCentres``).
    """
    with collection_paused():
        return _load_centres(region, root, list(paths), today, cache)


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector off for a while: reading thousands of files makes millions of objects,
    none of them in a cycle, and the collector, started every few hundred of them to scan a growing
    heap, took a quarter of the CPU time of loading 5,000 centres. Anything left over is collected later."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_centres(region: Region, root: Path, paths: list[Path], today: dt.date | None,
                  cache: Path | None) -> list[Centre]:
    folder = root / region.centres_dir
    files = paths or (centre_files(folder) if folder.is_dir() else [])
    known = ValidatedCentres(cache, region, today) if cache else None
    problems: list[Problem] = []
    centres: list[tuple[Path, Centre, Document]] = []
    for path in files:
        display = display_path(path, root)
        try:
            raw = read_bytes(path, display, root=folder)
            cached = known.get(display, raw) if known else None
            document = cached[1] if cached else parse_bytes(raw, display)
        except LoadError as error:
            problems.append(error.problem)
            continue
        centre = cached[0] if cached else None
        if centre is None:
            centre, found = check_document(document, region, today)
            problems.extend(found)
            if centre is not None and known:
                known.put(display, raw, centre, document)
        if centre is not None:
            problems.extend(_file_name_matches(path, centre, document))
            centres.append((path, centre, document))
    problems.extend(_unique(centres, root))
    if known:
        known.save()  # the good files, even when others stop the run: staff fix one file at a time
    if problems:
        raise DataError(problems)
    return sorted((centre for _, centre, _ in centres), key=lambda c: c.slug)


class ValidatedCentres:
    """Centres an earlier build validated, by the bytes of their file.

    Reading YAML with every position and validating it are most of a rebuild's fixed cost at scale;
    a file whose bytes are the same, under the same region settings, date and validating code,
    gives the same centre. Only what errors about other files need is kept of its document: where
    its slug, name, code and earlier slugs are. The cache is a pickle in .cache/, trusted as __pycache__ is: both are
    the project's own working files, never shared or downloaded.
    """

    def __init__(self, path: Path, region: Region, today: dt.date | None):
        self.context = _validation_context(region, today or dt.date.today())
        # none, or one of another context or that this code cannot read: every file is validated
        self.remembered: Remembered[tuple[Centre, Document]] = Remembered(path, self.context)

    @staticmethod
    def _key(display: str, raw: bytes) -> str:
        return hashlib.sha256(display.encode() + b"\0" + raw).hexdigest()

    def get(self, display: str, raw: bytes) -> tuple[Centre, Document] | None:
        """The centre an earlier run validated from these bytes, with its slimmed document; None if none did."""
        return self.remembered.get(self._key(display, raw))

    def put(self, display: str, raw: bytes, centre: Centre, document: Document) -> None:
        kept = [("slug",), ("name",), ("code",), *(("moved_from", index) for index in range(len(centre.moved_from)))]
        slim = Document(display, {}, values={path: document.where(path) for path in kept})
        self.remembered.put(self._key(display, raw), (centre, slim))

    def save(self) -> None:
        """Keep this run's centres only, written whole or not at all."""
        self.remembered.save()


def _validation_context(region: Region, today: dt.date) -> str:
    """What a centre's validation depends on besides its file: the region, the date, the code."""
    digest = hashlib.sha256(f"{region.model_dump_json()}\n{today.isoformat()}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for library in ("pydantic", "pydantic-core", "phonenumbers", "email-validator", "pycountry", "pyyaml"):
        digest.update(f"{library}={version(library)}\n".encode())
    return digest.hexdigest()


def check_document(document: Document, region: Region,
                   today: dt.date | None = None) -> tuple[Centre | None, list[Problem]]:
    try:
        centre = Centre.model_validate(document.data, context={"region": region, "today": today})
    except ValidationError as error:
        return None, [problem_at(document, e) for e in error.errors(include_url=False)]
    return centre, []


def problem_at(document: Document, error: ErrorDetails, *, private: bool = False) -> Problem:
    """A pydantic error as a Problem at its place in the file. ``private``: the file holds personal
    details, so the message names the field and what is wrong but never shows the value."""
    loc = tuple(error["loc"])
    field = dotted_path(loc)
    kind = error["type"]
    if kind == "missing":
        parent = loc[:-1]
        position = document.where(parent, key=True) if parent else document.where(())
        hint = " or run `centres geocode` to look it up from the address" if loc in GEOCODED else ""
        return Problem(document.file, position.line, position.column, field,
                       f"is required; add '{loc[-1]}:' here{hint}")
    if kind == "extra_forbidden" and loc in PRIVATE_FIELDS and not private:
        position = document.where(loc, key=True)
        return Problem(document.file, position.line, position.column, field,
                       "is private, and a centre file is public (anyone can read it, and every copy and change "
                       f"of it); move it to the private register as {PRIVATE_FIELDS[loc]}: `centres move-private` "
                       "does it (README: Personal data)")
    if kind == "extra_forbidden":
        position = document.where(loc, key=True)
        if private:
            hint = "remove it or check its spelling"
        else:
            allowed = fields_at(loc[:-1])
            guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            hint = f"did you mean {guess[0]!r}?" if guess else f"remove it; the fields here are: {', '.join(allowed)}"
        return Problem(document.file, position.line, position.column, field, f"unknown field; {hint}")
    position = document.where(loc)
    message = _message(error, document.typed.get(loc))
    if private:
        message = _without_value(message, error.get("input"), document.typed.get(loc))
    return Problem(document.file, position.line, position.column, field, message)


def _without_value(message: str, value, typed: str | None) -> str:
    """The message with the value it quotes taken out: 'the value' stands in its place."""
    plain = str(value) if isinstance(value, (str, int, float, dt.date)) else None
    for shown in (repr(value), typed and repr(typed), typed, plain):  # quoted forms first
        if shown and len(shown) > 2:
            message = message.replace(shown, "the value")
    return message


def _message(error: ErrorDetails, typed: str | None = None) -> str:
    """What is wrong and how to fix it; ``typed`` is the value as written, where YAML read it as another thing."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    shown = typed if typed is not None else repr(value) if isinstance(value, (str, int, float, bool)) else ""
    if value is None and (kind.endswith("_type") or kind == "enum"):
        return "is empty; write a value after the ':'"
    if kind == "enum":
        choices = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        given = value[0] if isinstance(value, list) and value else value
        guess = difflib.get_close_matches(str(given), choices, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        if isinstance(value, (list, dict)):
            return f"takes one value, not a list: one of {', '.join(choices)}{hint}"
        return f"{shown} is not one of: {', '.join(choices)}{hint}"
    if kind in ("too_short", "string_too_short"):
        return "must not be empty" if kind == "string_too_short" or ctx.get("min_length") == 1 else (
            f"must list at least {ctx['min_length']}")
    if kind == "string_too_long":
        return f"is {len(value)} characters long; shorten it to at most {ctx['max_length']}"
    if kind == "too_long":
        return f"lists too many; at most {ctx['max_length']}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{shown} is out of range; it must be between -90 and 90 for latitude, -180 and 180 for longitude"
    if kind == "string_type" and typed is not None:
        return f"{typed} must be text; put it in quotes: '{typed}'"
    if kind == "string_pattern_mismatch" and error["loc"] == ("code",):
        return (f"{shown} must be 4 to 6 capital letters and digits of Crockford's base32 (no I, L, O or U), "
                "like 'K7QX2'")
    if kind in FRIENDLY or kind.endswith("_type"):
        return f"{shown} {FRIENDLY.get(kind, error['msg'])}".strip()
    return error["msg"]


def dotted_path(loc: tuple) -> str:
    """A field's path as messages name it: contact.phones[0].number."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def fields_at(loc: tuple) -> list[str]:
    """The field names a centre file may use at ``loc``, for 'did you mean' hints."""
    model = model_at(loc)
    return [info.alias or name for name, info in model.model_fields.items()] if model else []


def model_at(loc: tuple) -> type[BaseModel] | None:
    """The model that holds the fields at ``loc`` (list indexes skipped), or None if nothing does."""
    model: type[BaseModel] = Centre
    for part in loc:
        if isinstance(part, int):
            continue
        info = field_named(model, part)
        found = _model_in(info.annotation) if info else None
        if found is None:
            return None
        model = found
    return model


def field_named(model: type[BaseModel], name: str) -> FieldInfo | None:
    """A model's field by the name a centre file uses: its alias where it has one (``from``, ``to``)."""
    return model.model_fields.get(name) or next((f for f in model.model_fields.values() if f.alias == name), None)


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found:
            return found
    return None


def _file_name_matches(path: Path, centre: Centre, document: Document) -> list[Problem]:
    if path.stem == centre.slug:
        return []
    position = document.where(("slug",))
    return [Problem(document.file, position.line, position.column, "slug",
                    f"{centre.slug!r} does not match the file name; rename the file to {centre.slug}.yml "
                    f"or set slug: {path.stem}")]


def _unique(centres: list[tuple[Path, Centre, Document]], root: Path) -> list[Problem]:
    problems = []
    for label, key in (("slug", lambda c: c.slug), ("name", lambda c: c.name.casefold()), ("code", lambda c: c.code)):
        first: dict[str, str] = {}
        for _, centre, document in centres:
            if key(centre) is None:
                continue
            if key(centre) in first:
                position = document.where((label,))
                problems.append(Problem(document.file, position.line, position.column, label,
                                        f"{getattr(centre, label)!r} is already used by {first[key(centre)]}; "
                                        f"each centre needs its own {label}"))
            else:
                first[key(centre)] = document.file
    return problems + _unique_addresses(centres)


def _unique_addresses(centres: list[tuple[Path, Centre, Document]]) -> list[Problem]:
    """An old slug in ``moved_from`` redirects to one centre only, and never hides a centre's own page."""
    problems = []
    current = {centre.slug: document.file for _, centre, document in centres}
    earlier: dict[str, str] = {}
    for _, centre, document in centres:
        for index, old in enumerate(centre.moved_from):
            position = document.where(("moved_from", index))
            if old in current:
                problems.append(Problem(document.file, position.line, position.column, f"moved_from[{index}]",
                                        f"{old!r} is the slug of {current[old]}; an earlier slug cannot be "
                                        "a centre's slug today"))
            elif old in earlier:
                problems.append(Problem(document.file, position.line, position.column, f"moved_from[{index}]",
                                        f"{old!r} is already in moved_from in {earlier[old]}; an old address "
                                        "can lead to one centre only"))
            else:
                earlier[old] = document.file
    return problems



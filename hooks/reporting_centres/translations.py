"""The visitor pages' words in each of the site's languages: one catalogue file per language in
``translations/`` beside this module (``en.yml``, ``ur.yml``, ...), which a translator edits
without touching code.

Every catalogue has exactly the English catalogue's keys, with the same ``{placeholders}``; a
value that depends on a number is a mapping of CLDR plural categories (``one``, ``other``, ...).
Its ``status`` says how far the words can be trusted, and every page in the language shows it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from importlib.resources import files as package_files
from pathlib import Path

from markupsafe import Markup, escape

from .errors import DataError, Problem
from .load import Document, LoadError, read_document

FOLDER = Path(str(package_files(__package__) / "translations"))
SOURCE = "en"  # the language every other catalogue is translated from
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

Text = str | dict[str, str]  # one text, or one per plural category


class Status(str, Enum):
    """How a catalogue was made; the page says so in its own language and in English."""

    SOURCE = "source"  # the language the site is written in
    DRAFT = "draft"  # machine-drafted, awaiting review by people who speak it
    REVIEWED = "reviewed"  # checked by a native speaker from the community


@dataclass(frozen=True)
class Catalogue:
    code: str  # ISO 639-1, as in <html lang>
    status: Status
    strings: Mapping[str, Text]
    _escaped: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The language's name in itself ("اردو"), as a language picker shows it."""
        name = _locale(self.code).get_display_name(self.code) or self.code
        return name[:1].upper() + name[1:]

    @property
    def direction(self) -> str:
        """"rtl" for a language written right to left (Urdu, Arabic), else "ltr"."""
        return "rtl" if _locale(self.code).character_order == "right-to-left" else "ltr"

    def text(self, key: str, count: int | None = None, **values: object) -> str:
        """The words for ``key`` with ``{placeholders}`` filled; ``count`` picks the plural form and
        fills ``{count}``."""
        return _fill(self._pick(key, count), _values(count, values), str)

    def markup(self, key: str, count: int | None = None, **values: object) -> Markup:
        """As ``text``, for an HTML template: the words are escaped, and so is every value that is not
        already markup (a link the template built)."""
        words = self._pick(key, count)
        escaped = self._escaped.get(words)  # each text is escaped once per build
        if escaped is None:
            escaped = self._escaped[words] = Markup(escape(words))
        if count is None and not values:
            return escaped
        return Markup(_fill(escaped, _values(count, values), lambda value: str(escape(value))))

    @property
    def words(self) -> Words:
        """The catalogue as a template reads it: ``t["key"]`` for plain words, ``t("key", name=...)`` to fill
        placeholders (a subscript costs the template far less than a call)."""
        return Words(self)

    def plural_category(self, count: int) -> str:
        return str(_locale(self.code).plural_form(count))

    def _pick(self, key: str, count: int | None) -> str:
        value = self.strings[key]
        if isinstance(value, str):
            return value
        if count is None:
            raise KeyError(f"{key} needs a count")
        return value.get(self.plural_category(count)) or value["other"]


class Words:
    """A catalogue's words for a template (see ``Catalogue.words``)."""

    __slots__ = ("markup",)

    def __init__(self, catalogue: Catalogue) -> None:
        self.markup = catalogue.markup

    def __getitem__(self, key: str) -> Markup:
        return self.markup(key)

    def __call__(self, key: str, count: int | None = None, **values: object) -> Markup:
        return self.markup(key, count, **values)


def script_words(catalogue: Catalogue) -> dict:
    """What the site's scripts read (rc/lib.js ``say``): the language and its ``js.*`` strings."""
    return {"lang": catalogue.code,
            "strings": {key: value for key, value in catalogue.strings.items() if key.startswith("js.")}}


def script_words_text(catalogue: Catalogue) -> str:
    """``script_words`` as the JSON written into every page, and into tests/js/strings.json for English."""
    return json.dumps(script_words(catalogue), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def script_words_asset(catalogue: Catalogue) -> str:
    """``assets/rc/words/<code>.js``: the scripts' words for every page in the language, one file the
    browser caches (loaded before the site's scripts, which read ``window.ReportingCentresWords``)."""
    text = json.dumps(script_words(catalogue), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.ReportingCentresWords = " + text.replace("<", "\\u003c") + ";\n"


def words_asset_path(code: str) -> str:
    return f"assets/rc/words/{code}.js"


def _values(count: int | None, values: dict[str, object]) -> dict[str, object]:
    return {**values, "count": count} if count is not None and "count" not in values else values


def _fill(template: str, values: Mapping[str, object], show: Callable[[object], str]) -> str:
    """``template`` with each ``{name}`` replaced by ``show(values[name])`` (a regular expression, not
    ``str.format``: quicker, and a brace in a translation is just a brace)."""
    return _PLACEHOLDER.sub(lambda found: show(values[found.group(1)]), template)


def _locale(code: str):
    from babel import Locale  # loaded when a page first needs a language's name or plural rules

    return Locale.parse(code.replace("-", "_"))


def load_catalogues(codes: Iterable[str], folder: Path = FOLDER,
                    display_root: Path | None = None) -> dict[str, Catalogue]:
    """The catalogues of ``codes`` (English always, as the source of the others), checked against English:
    a missing or extra key, a placeholder that differs or a plural without ``other`` is a problem."""
    wanted = [SOURCE, *(code for code in dict.fromkeys(codes) if code != SOURCE)]
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    for code in wanted:
        path = folder / f"{code}.yml"
        shown = _shown(path, display_root)
        if not path.is_file():
            problems.append(Problem(shown, 0, 0, "", f"no catalogue for the site language {code!r}; "
                                    f"copy {SOURCE}.yml to {code}.yml and translate its strings"))
            continue
        try:
            documents[code] = read_document(path, shown)
        except LoadError as error:
            problems.append(error.problem)
    if problems:
        raise DataError(problems)
    source = _check(documents[SOURCE], None, problems)
    catalogues = {SOURCE: source}
    for code in wanted[1:]:
        catalogues[code] = _check(documents[code], source, problems)
    if problems:
        raise DataError(problems)
    return catalogues


def _shown(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def _check(document: Document, source: Catalogue | None, problems: list[Problem]) -> Catalogue:
    """One catalogue's status and strings, adding to ``problems`` whatever is wrong with them."""
    data = document.data

    def problem(path: tuple, field: str, message: str, key: bool = False) -> None:
        where = document.where(path, key=key)
        problems.append(Problem(document.file, where.line, where.column, field, message))

    for extra in sorted(set(data) - {"status", "strings"}):
        problem((extra,), extra, "not a catalogue setting; a catalogue has only status: and strings:", key=True)
    statuses = [status.value for status in Status]
    try:
        status = Status(data.get("status"))
    except ValueError:
        problem(("status",), "status", f"must be one of {', '.join(statuses)}")
        status = Status.DRAFT
    strings = data.get("strings")
    if not isinstance(strings, dict):
        problem(("strings",), "strings", "must be a mapping of keys to the words in this language")
        return Catalogue(_code(document), status, {})
    checked: dict[str, Text] = {}
    for key, value in strings.items():
        field = f"strings.{key}"
        if source is not None and key not in source.strings:
            problem(("strings", key), field, f"not in {SOURCE}.yml; remove it, or add it there first", key=True)
            continue
        text = _text(value)
        if text is None:
            problem(("strings", key), field, "must be text, or a mapping of plural categories "
                    f"({', '.join(PLURAL_CATEGORIES)}) with at least 'other'")
            continue
        if source is not None and _placeholders(text) != _placeholders(source.strings[key]):
            wanted = ", ".join("{" + name + "}" for name in sorted(_placeholders(source.strings[key]))) or "none"
            problem(("strings", key), field, f"must use the same placeholders as {SOURCE}.yml: {wanted}")
        checked[key] = text
    if source is not None:
        for key in source.strings:
            if key not in strings:
                problem(("strings",), f"strings.{key}", f"missing; translate {SOURCE}.yml's "
                        f"{_quoted(source.strings[key])} and add it", key=True)
    return Catalogue(_code(document), status, checked)


def _code(document: Document) -> str:
    return Path(document.file).stem


def _text(value: object) -> Text | None:
    if isinstance(value, str) and value:
        return value
    if (isinstance(value, dict) and "other" in value and set(value) <= set(PLURAL_CATEGORIES)
            and all(isinstance(text, str) and text for text in value.values())):
        return {str(category): str(text) for category, text in value.items()}
    return None


def _placeholders(text: Text) -> set[str]:
    texts = [text] if isinstance(text, str) else list(text.values())
    found = set()
    for one in texts:
        found |= set(_PLACEHOLDER.findall(one))
    if not isinstance(text, str):
        found.discard("count")  # a language's "one" may say "a centre" rather than "1 centre"
    return found


def _quoted(text: Text) -> str:
    shown = text if isinstance(text, str) else text["other"]
    return repr(shown if len(shown) < 60 else shown[:57] + "...")


if __name__ == "__main__":  # python -m reporting_centres.translations > tests/js/strings.json
    print(script_words_text(load_catalogues([SOURCE])[SOURCE]), end="")

"""JSON text that is safe wherever it ends up: a file the site serves, or a page that embeds it."""

from __future__ import annotations

import json
from typing import Any

# < > & as escapes: the same JSON to a parser, and no markup to a browser that sniffs or embeds it
_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_text(value: Any, indent: int | None = None) -> str:
    """Deterministic JSON (sorted keys unless indented for people) that is safe to embed in HTML.

    Compact by default, as APIs answer: indenting makes Python use its pure-Python encoder, several
    times slower at thousands of centres."""
    if indent is None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.translate(_MARKUP)

"""The directory as open data, and the one way the site writes JSON.

Every JSON file the site serves escapes ``<``, ``>`` and ``&``, so that text a centre typed can
never close a ``<script>`` element or be read as markup, wherever the JSON ends up.
"""

from __future__ import annotations

import json

_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_text(value, indent: int | None = None) -> str:
    """Deterministic JSON (sorted keys) that is safe to embed in HTML."""
    separators = None if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators).translate(_MARKUP)

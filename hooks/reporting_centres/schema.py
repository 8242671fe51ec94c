"""The JSON Schema for editors, generated from the ``Centre`` model and the region's settings."""

from __future__ import annotations

import json

from .config import Region
from .model import Centre

SCHEMA_PATH = "schema/centre.schema.json"  # inside docs/, so the site serves it


def centre_schema(region: Region) -> dict:
    schema = Centre.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"A hate crime reporting centre in {region.name}"
    address = schema["$defs"]["Address"]["properties"]
    address["borough"]["enum"] = list(region.boroughs)
    for axis in ("latitude", "longitude"):
        low, high = region.bounds.range(axis)
        address[axis].update(minimum=low, maximum=high)
    return schema


def schema_text(region: Region) -> str:
    return json.dumps(centre_schema(region), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

"""``centres move-private``: move personal details out of the public centre files into the register.

For a region whose centre files still hold their champions' contact details, training dates and
signatories (as this project's once did). Each centre file keeps its layout and comments and loses
only those fields; what the centre had listed in ``champion.public`` stays in it, published as
before. The details go into the register file of the same slug, added to any that is there.
The values are never printed: only which fields of which file moved.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .centre_edit import delete_value, dump, keep_layout, yaml_editor
from .config import Region
from .load import centre_files
from .model import PRIVATE_FIELDS
from .register import register_folder

HEADER = ("# Private: personal details kept for the coordinator (see the README's 'Personal data').\n"
          "# Never commit this file to the public repository.\n")
PUBLISHABLE = ("name", "role")  # what a centre file may say of its champion


def move_private_details(region: Region, root: Path) -> list[str]:
    """Move the details, and say what moved, one line per centre file changed."""
    folder = register_folder(region, root)
    said = []
    for path in centre_files(root / region.centres_dir):
        text = path.read_text(encoding="utf-8")
        round_trip = yaml_editor(text)
        data = round_trip.load(text)
        if not isinstance(data, dict):
            continue
        moved = _take_private(data)
        if not moved:
            continue
        changed = keep_layout(text, dump(round_trip, round_trip.load(text)), dump(round_trip, data))
        record = folder / path.name
        folder.mkdir(parents=True, exist_ok=True)
        _add_to_record(record, moved)
        path.write_text(changed, encoding="utf-8")
        fields = ", ".join(f"{section}.{name}" for section, values in moved.items() for name in values)
        said.append(f"{path.relative_to(root)}: moved {fields} to {record.name} in the register")
    return said


def _take_private(data) -> dict[str, dict]:
    """Take the private fields (``model.PRIVATE_FIELDS``) out of a centre file's data. The champion's
    name and role go to the register too; the centre file keeps those its ``public`` listed."""
    found = [(section, key) for section, key in PRIVATE_FIELDS
             if isinstance(data.get(section), dict) and key in data[section]]
    if not found:
        return {}
    moved: dict[str, dict] = {}
    champion = data.get("champion")
    if any(section == "champion" for section, _ in found):
        published = champion.get("public") or []
        moved["champion"] = {key: _plain(champion[key]) for key in PUBLISHABLE if key in champion}
        for key in PUBLISHABLE:
            if key not in published:
                delete_value(data, ("champion", key))
    for section, key in found:
        if key != "public":  # which fields were published: nothing to keep
            moved.setdefault(section, {})[key] = _plain(data[section][key])
        delete_value(data, (section, key))
    if isinstance(data.get("champion"), dict) and not data["champion"]:
        delete_value(data, ("champion",))
    return moved


def _plain(value):
    return value if not isinstance(value, str) else str(value)


def _add_to_record(record: Path, moved: dict[str, dict]) -> None:
    existing = yaml.safe_load(record.read_text(encoding="utf-8")) if record.is_file() else None
    data = existing if isinstance(existing, dict) else {}
    for section, values in moved.items():
        data.setdefault(section, {})
        for key, value in values.items():
            data[section].setdefault(key, value)  # what the register already says wins
    record.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

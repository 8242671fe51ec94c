"""The JSON Schema editors use is generated from the model and published by the site."""

from __future__ import annotations

import json
import os

import jsonschema
import yaml

from helpers import BIN, FIXTURE_CENTRES, ROOT, fixture_files, run
from reporting_centres.config import project_from_mkdocs
from reporting_centres.schema import schema_text

SCHEMA = ROOT / "docs" / "schema" / "centre.schema.json"


def as_json(path):
    """Centre files as editors see them: YAML dates are JSON strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_published_schema_is_current():
    region = project_from_mkdocs(ROOT / "mkdocs.yml").region
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(region), "run: .venv/bin/centres schema"
    result = run([str(BIN / "centres"), "schema", "--check"])
    assert result.returncode == 0, result.stderr


def test_schema_check_fails_when_out_of_date(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"docs_dir: {ROOT / 'docs'}", f"docs_dir: {project / 'docs'}"))
    (project / "docs" / "schema").mkdir(parents=True)
    (project / "docs" / "schema" / "centre.schema.json").write_text("{}\n")
    result = run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "schema", "--check"], cwd=project)
    assert result.returncode == 1
    assert "out of date; run: centres schema" in result.stderr


def schema_problems(files) -> list[str]:
    """Files that do not point editors at the published schema, or that it does not accept."""
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    found = []
    for path in files:
        pointer = "# yaml-language-server: $schema=" + os.path.relpath(SCHEMA, path.parent)
        if path.read_text(encoding="utf-8").splitlines()[0] != pointer:
            found.append(f"{path.name}: the first line is not {pointer!r}")
        found += [f"{path.name}: {e.message}" for e in validator.iter_errors(as_json(path))]
    return found


def test_every_centre_file_points_editors_at_the_schema_and_passes_it():
    files = fixture_files()
    assert len(files) >= 5
    assert schema_problems(files) == []


def test_a_file_the_schema_refuses_or_without_the_pointer_is_found(tmp_path):
    text = (FIXTURE_CENTRES / "bolton-central-library.yml").read_text(encoding="utf-8")
    folder = tmp_path / "centres"
    folder.mkdir()
    (folder / "bolton-central-library.yml").write_text(text.replace("kind: library", "kind: libary"), encoding="utf-8")
    assert [line.split(":")[0] for line in schema_problems(sorted(folder.glob("*.yml")))] == [
        "bolton-central-library.yml", "bolton-central-library.yml"]


def test_schema_catches_what_editors_should_see():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    centre = as_json(FIXTURE_CENTRES / "bolton-central-library.yml")
    centre["strand"] = centre.pop("strands")
    centre["address"]["borough"] = "Leeds"
    centre["kind"] = "libary"
    messages = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(centre))
    assert any("'strands' is a required property" in m for m in messages)
    assert any("'Leeds' is not one of" in m for m in messages)
    assert any("'libary' is not one of" in m for m in messages)
    assert any("'strand' was unexpected" in m for m in messages)

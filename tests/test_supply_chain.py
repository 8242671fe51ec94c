"""Who reviews what, and how to report a vulnerability: CODEOWNERS names teams of the repository's
owner (mkdocs.yml's github_repo) for every top-level file and folder, and SECURITY.md says how to
report privately."""

from __future__ import annotations

import fnmatch
import re
import subprocess

import pytest
import yaml

from helpers import ROOT

CODEOWNERS = ROOT / ".github" / "CODEOWNERS"


def rules(text: str) -> list[tuple[str, list[str]]]:
    """(pattern, owners) for each line, in order (the last matching line wins)."""
    lines = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [(words[0], words[1:]) for words in lines if words]


def covers(pattern: str, name: str, is_dir: bool) -> bool:
    """Whether a pattern anchored at the repository's root names this top-level file or folder."""
    if not pattern.startswith("/"):
        return False  # unanchored patterns (and the catch-all *) do not count as naming a path
    pattern = pattern[1:]
    if pattern.endswith("/"):
        return is_dir and fnmatch.fnmatchcase(name, pattern[:-1])
    return "/" not in pattern and fnmatch.fnmatchcase(name, pattern)


def repository_owner() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)  # plain strings; mkdocs.yml may hold !!python tags
    return config["extra"]["reporting_centres"]["github_repo"].split("/")[0]


def top_level() -> dict[str, bool]:
    """Every tracked top-level file and folder (name: is a folder)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    paths = [path for path in listed.stdout.split("\0") if path]
    return {path.split("/")[0]: "/" in path for path in paths}


def test_codeowners_names_teams_of_the_configured_repository_owner():
    owner = repository_owner()
    assert owner == "example-org"
    owners = {name for _, names in rules(CODEOWNERS.read_text(encoding="utf-8")) for name in names}
    assert owners
    assert sorted(name for name in owners if not re.fullmatch(rf"@{re.escape(owner)}/[a-z0-9-]+", name)) == []


def test_codeowners_covers_every_tracked_top_level_path():
    table = rules(CODEOWNERS.read_text(encoding="utf-8"))
    paths = top_level()
    assert {".github", "hooks", "tests", "centres", "docs", "brand", "scripts", "pyproject.toml"} <= set(paths)
    uncovered = [name for name, is_dir in sorted(paths.items())
                 if not any(covers(pattern, name, is_dir) and owners for pattern, owners in table)]
    assert uncovered == []


def test_the_maintainers_review_the_code_the_workflows_and_what_builds_the_site():
    table = rules(CODEOWNERS.read_text(encoding="utf-8"))
    for name, is_dir in [(".github", True), ("hooks", True), ("scripts", True), ("Makefile", False),
                         ("pyproject.toml", False), ("requirements.lock", False), ("mkdocs.yml", False)]:
        owners = [owners for pattern, owners in table if covers(pattern, name, is_dir)][-1]  # the last wins
        assert owners == [f"@{repository_owner()}/maintainers"], name


def test_the_codeowners_check_sees_what_it_looks_for():
    table = rules("/docs/ @a/b\n/*.md @a/b  # the project's documents\n/Makefile @a/b\n* @a/c\n")
    assert covers("/docs/", "docs", True) and not covers("/docs/", "docs", False)
    assert [pattern for pattern, _ in table if covers(pattern, "README.md", False)] == ["/*.md"]
    assert not any(covers(pattern, "hooks", True) for pattern, _ in table)  # * alone names nothing


def test_security_policy_says_how_to_report_privately_and_what_is_in_scope():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "Report a vulnerability" in text and "coordinator_email" in text
    for topic in ("champion", "Cross-site scripting", "Workflow injection"):
        assert topic in text

"""The GitHub workflows and issue forms: valid against their published schemas, and safe.

Anyone can open an issue or a pull request, so its title, body, comments and branch name are
untrusted. Put into a ``run:`` script with ``${{ }}``, such text becomes shell code that runs with
the job's token; passed through ``env:`` it stays data. And every workflow starts with no write
permission, giving writes only to the jobs that need them.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from helpers import BIN, ROOT, run

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
# The github.event fields (and github.head_ref) that whoever opens an issue or pull request chooses.
UNTRUSTED = re.compile(r"github\.head_ref|github\.event\.(issue|comment|review|review_comment|pull_request|"
                       r"head_commit|commits|discussion|pages|workflow_run|inputs)\b|inputs\.")


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in workflow:  # YAML 1.1 reads the key `on` as true
        workflow["on"] = workflow.pop(True)
    return workflow


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def scripts(workflow: dict):
    """(job, step name, script) for every run: script and github-script in the workflow."""
    for job_id, job in workflow.get("jobs", {}).items():
        for number, step in enumerate(job.get("steps", []), 1):
            name = step.get("name") or step.get("uses") or f"step {number}"
            if "run" in step:
                yield job_id, name, step["run"]
            if "script" in step.get("with", {}):
                yield job_id, name, step["with"]["script"]


def untrusted_text_in_scripts(workflow: dict) -> list[str]:
    return [f"{job}: {step}: ${{{{{expression.strip()}}}}}"
            for job, step, script in scripts(workflow)
            for expression in EXPRESSION.findall(script) if UNTRUSTED.search(expression)]


def permission_problems(workflow: dict) -> list[str]:
    top = workflow.get("permissions")
    if not isinstance(top, dict):
        return [f"top level: permissions is {top!r}; declare `permissions: {{}}` or read-only scopes"]
    problems = [f"top level: {scope}: {level}; give write access only to the jobs that need it"
                for scope, level in top.items() if level not in ("read", "none")]
    for job_id, job in workflow.get("jobs", {}).items():
        granted = job.get("permissions", {})
        if not isinstance(granted, dict):
            problems.append(f"{job_id}: permissions is {granted!r}; list the scopes the job needs")
    return problems


@pytest.mark.parametrize("kind, files", [("vendor.github-workflows", WORKFLOWS),
                                         ("vendor.github-issue-forms", ISSUE_FORMS)])
def test_workflows_and_issue_forms_match_their_published_schemas(kind, files):
    """check-jsonschema ships these schemas, so this needs no network."""
    assert files
    result = run([str(BIN / "check-jsonschema"), "--builtin-schema", kind, *map(str, files)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    stepz: []\n")
    result = run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken)])
    assert result.returncode == 1
    assert "'stepz' was unexpected" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_no_run_script_contains_text_from_an_issue_or_pull_request(path):
    assert untrusted_text_in_scripts(load(path)) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_every_workflow_starts_with_least_permissions(path):
    workflow = load(path)
    assert permission_problems(workflow) == []
    assert not triggers(workflow) & {"pull_request_target", "workflow_run"}  # these run with a write token


def test_the_checks_catch_what_they_look_for():
    unsafe = load_text("""
        on: issues
        permissions: write-all
        jobs:
          greet:
            runs-on: ubuntu-24.04
            steps:
              - run: echo "${{ github.event.issue.title }}"
              - env:
                  BODY: ${{ github.event.issue.body }}
                run: echo "$BODY" in ${{ github.head_ref }}
              - run: echo ${{ github.event.issue.number }}
        """)
    assert untrusted_text_in_scripts(unsafe) == [
        "greet: step 1: ${{github.event.issue.title}}", "greet: step 2: ${{github.head_ref}}",
        "greet: step 3: ${{github.event.issue.number}}"]  # even a number: the rule is simple on purpose
    assert permission_problems(unsafe) == [
        "top level: permissions is 'write-all'; declare `permissions: {}` or read-only scopes"]
    assert permission_problems(load_text("on: push\npermissions: {issues: write}\njobs: {}")) == [
        "top level: issues: write; give write access only to the jobs that need it"]


def load_text(text: str) -> dict:
    workflow = yaml.safe_load(textwrap.dedent(text))
    workflow["on"] = workflow.pop(True)
    return workflow


def test_only_the_jobs_that_write_can_write():
    writers = {(path.name, job_id): sorted(scope for scope, level in job.get("permissions", {}).items()
                                           if level == "write")
               for path in WORKFLOWS for job_id, job in load(path)["jobs"].items()}
    assert {key: scopes for key, scopes in writers.items() if scopes} == {
        ("apply-issue.yml", "pull-request"): ["contents", "pull-requests"],
        ("apply-issue.yml", "comment"): ["issues"],
        ("stale.yml", "issue"): ["issues"],
    }


def weekly(workflow: dict) -> bool:
    crons = [entry["cron"] for entry in workflow["on"].get("schedule", [])]
    return len(crons) == 1 and re.fullmatch(r"\d+ \d+ \* \* [0-6]", crons[0].split("#")[0].strip()) is not None


def test_stale_details_are_listed_weekly_in_one_issue():
    workflow = load(ROOT / ".github" / "workflows" / "stale.yml")
    assert weekly(workflow)
    text = "\n".join(script for _, _, script in scripts(workflow))
    assert "centres stale" in text
    assert "gh issue edit" in text and "gh issue create" in text  # update the open issue; create only if none


def test_links_are_checked_weekly_with_timeouts_and_retries_and_never_on_pull_requests():
    workflow = load(ROOT / ".github" / "workflows" / "links.yml")
    assert weekly(workflow)
    assert not triggers(workflow) & {"pull_request", "pull_request_target", "push"}
    job = workflow["jobs"]["links"]
    assert job["timeout-minutes"] <= 60
    command = next(script for _, _, script in scripts(workflow) if "check_links.py" in script)
    assert "--timeout" in command and "--retries" in command


def test_pull_requests_are_validated_tested_built_and_checked_for_fresh_details():
    workflow = load(ROOT / ".github" / "workflows" / "ci.yml")
    assert "pull_request" in triggers(workflow)
    text = "\n".join(script for _, _, script in scripts(workflow))
    for command in ("centres validate", "centres changed --base", "make test", "make site"):
        assert command in text
    assert "--strict" in (ROOT / "Makefile").read_text()  # make site builds with --strict


def test_every_job_has_a_time_limit():
    assert [f"{path.name}: {job_id}" for path in WORKFLOWS for job_id, job in load(path)["jobs"].items()
            if "timeout-minutes" not in job] == []


def test_the_issue_forms_are_generated_from_the_code():
    result = run([str(BIN / "centres"), "issue-form", "--check"])
    assert result.returncode == 0, result.stderr

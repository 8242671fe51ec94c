"""The GitHub workflows and issue forms: valid against their published schemas, and safe.

Anyone can open an issue or a pull request, so its title, body, comments and branch name are
untrusted. Put into a ``run:`` script with ``${{ }}``, such text becomes shell code that runs with
the job's token; passed through ``env:`` it stays data. And every workflow starts with no write
permission, giving writes only to the jobs that need them.
"""

from __future__ import annotations

import os
import re
import subprocess
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
        ("apply-issue.yml", "revoke"): ["issues"],
        ("apply-issue.yml", "hold"): ["issues", "pull-requests"],
        ("apply-issue.yml", "pull-request"): ["contents", "issues", "pull-requests"],
        ("apply-issue.yml", "comment"): ["issues"],
        ("stale.yml", "issue"): ["issues"],
        ("deploy.yml", "deploy"): ["id-token", "pages"],
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


# --- the supply chain: every action pinned by commit, every package by hash, zizmor finds nothing ----

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"\s+#\s*v\d+(\.\d+){0,2}\s*$")


def unpinned_uses(text: str) -> list[str]:
    """Each `uses:` line that is not `owner/repo@<40-hex commit> # vX.Y.Z`. A tag or branch can be
    moved to other code by whoever controls the action's repository; a commit cannot."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        match = USES.match(line)
        if match is None or match["ref"].startswith("./"):  # an action in this repository is reviewed here
            continue
        if not PINNED.fullmatch(match["ref"]) or not VERSION_COMMENT.fullmatch(match["rest"]):
            problems.append(f"line {number}: {line.strip()}")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path):
    text = path.read_text(encoding="utf-8")
    assert "uses:" in text
    assert unpinned_uses(text) == []


def test_the_pin_check_catches_tags_branches_short_shas_and_missing_versions():
    sha = "11bd71901bbe5b1630ceea73d27597364c9af683"
    assert unpinned_uses(textwrap.dedent(f"""\
        steps:
          - uses: actions/checkout@{sha} # v4.2.2
          - uses: ./.github/actions/local
          - uses: actions/checkout@v4
          - uses: actions/checkout@main # v4.2.2
          - uses: actions/checkout@{sha[:12]} # v4.2.2
          - uses: actions/checkout@{sha}
          - name: x
            uses: github/codeql-action/init@{sha} # v3.28.0
        """)) == ["line 4: - uses: actions/checkout@v4", "line 5: - uses: actions/checkout@main # v4.2.2",
                  f"line 6: - uses: actions/checkout@{sha[:12]} # v4.2.2", f"line 7: - uses: actions/checkout@{sha}"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_workflows_install_only_the_hash_locked_requirements(path):
    """`make .venv/.installed` installs requirements.lock with --require-hashes, then the project with
    --no-deps: nothing is resolved afresh on the runner."""
    text = "\n".join(script for _, _, script in scripts(load(path)))
    assert not re.search(r"\bpip3? install\b|\buv (pip )?(install|sync)\b|\bpipx\b", text), text
    if re.search(r"\bcentres\b|\bmkdocs\b|\.venv/|make (site|test)", text):
        assert "make .venv/.installed" in text or re.search(r"\bmake (site|test)\b", text)


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    """zizmor at its default settings, offline, and with no GitHub token it could use."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", "--color", "never", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_zizmor_finds_nothing_in_the_workflows():
    """zizmor's default audits (template injection, excessive permissions, unpinned actions, credentials
    persisted for later steps, cache poisoning, dangerous triggers ...), offline: the audits that
    would ask GitHub about the pinned commits are skipped, so the test needs no network."""
    result = zizmor(ROOT / ".github" / "workflows", ROOT / ".github" / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_what_it_looks_for(tmp_path):
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text(textwrap.dedent("""\
        on: issues
        jobs:
          greet:
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@v4
              - run: echo "${{ github.event.issue.title }}"
        """), encoding="utf-8")
    result = zizmor(unsafe)
    assert result.returncode != 0
    for audit in ("template-injection", "unpinned-uses", "artipacked", "excessive-permissions"):
        assert audit in result.stdout, result.stdout


# --- publishing to GitHub Pages ----------------------------------------------------------------------


def test_the_site_is_published_on_every_push_to_main_and_daily():
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"]
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1 and re.fullmatch(r"\d+ \d+ \* \* \*", crons[0]), crons  # every day
    assert not triggers(workflow) & {"pull_request", "pull_request_target", "issues", "issue_comment"}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_the_deploy_workflow_builds_with_make_site_and_the_kit_cache_and_deploys_with_least_privilege():
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    actions = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert actions.index("actions/cache") < next(index for index, step in enumerate(build["steps"])
                                                 if "make site" in step.get("run", ""))
    cache = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/kits"  # drawn files only: never the pickle of validated centres
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_dependabot_updates_the_actions_and_the_python_requirements_weekly():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {entry["package-ecosystem"]: entry for entry in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    assert all(entry["schedule"]["interval"] == "weekly" and entry["directory"] == "/" for entry in updates.values())
    result = run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot",
                  str(ROOT / ".github" / "dependabot.yml")])
    assert result.returncode == 0, result.stdout + result.stderr


# --- trusted updates: who may change a centre, and what was reviewed is what lands ---------------------


def test_a_request_goes_to_a_pull_request_only_when_known_or_approved_by_a_maintainer():
    workflow = load(ROOT / ".github" / "workflows" / "apply-issue.yml")
    assert workflow["on"]["issues"]["types"] == ["opened", "edited", "labeled"]
    jobs = workflow["jobs"]
    assert "github.event.label.name == 'update approved'" in jobs["apply"]["if"]
    assert "github.event.changes.body != null" in jobs["apply"]["if"]  # a title edit is no new revision
    gate = next(step["run"] for step in jobs["apply"]["steps"] if step.get("id") == "approval")
    assert 'gh api "repos/$GH_REPO/collaborators/$SENDER/permission"' in gate
    assert "admin|maintain|write) approved=yes" in gate and gate.count("approved=yes") == 1
    apply = next(step for step in jobs["apply"]["steps"] if step.get("id") == "apply")
    assert apply["env"]["APPROVED"] == "${{ steps.approval.outputs.approved }}"
    assert '[ "$known" = 1 ] || [ "$APPROVED" = yes ]' in apply["run"]
    assert '--requester "$AUTHOR"' in apply["run"] and "rm -rf private" in apply["run"]
    assert jobs["pull-request"]["if"] == "needs.apply.outputs.next == 'pull-request'"
    assert jobs["hold"]["if"] == "needs.apply.outputs.next == 'hold'"
    hold = "\n".join(step.get("run", "") for step in jobs["hold"]["steps"])
    assert '--add-label "awaiting approval"' in hold and "gh pr create" not in hold and "git push" not in hold
    revoke = jobs["revoke"]
    assert "github.event.changes.body != null" in revoke["if"]
    assert '--remove-label "update approved"' in revoke["steps"][0]["run"]


def test_a_reviewed_branch_is_never_rewritten():
    path = ROOT / ".github" / "workflows" / "apply-issue.yml"
    text = path.read_text(encoding="utf-8")
    scripts_text = "\n".join(script for _, _, script in scripts(load(path)))
    pushes = [line for line in scripts_text.splitlines() if "git push" in line]
    assert pushes == ['git push origin "$branch"  # a new branch: never --force, so a reviewed branch is never '
                      'rewritten']
    assert not re.search(r"--force|\s-f\b|\s-C\b|\+refs|reset --hard", scripts_text.replace(pushes[0], ""))
    assert 'branch="centre-update/issue-$NUMBER-$REVISION"' in scripts_text  # one branch per revision
    assert 'git ls-remote --exit-code --heads origin "$branch"' in scripts_text
    assert "gh pr edit" not in scripts_text  # a pull request's description is never rewritten either
    assert "create-github-app-token@" in text  # so that CI runs on the pull request


def test_a_contact_change_waits_for_the_coordinators_confirmation_in_ci():
    workflow = load(ROOT / ".github" / "workflows" / "ci.yml")
    confirmed = workflow["jobs"]["contact-confirmed"]
    assert confirmed["name"] == "Contact change confirmed"
    assert confirmed["environment"] == "contact-confirmation"
    assert confirmed["if"] == "needs.contact-changes.outputs.changed == 'yes'"
    assert 'if [ "$REVIEWED" != yes ]' in confirmed["steps"][0]["run"]  # fails closed without reviewers
    listing = "\n".join(step.get("run", "") for step in workflow["jobs"]["contact-changes"]["steps"])
    assert 'centres contact-changes --base "$BASE"' in listing


def test_the_weekly_check_fails_while_stale_and_touches_only_its_own_issue():
    workflow = load(ROOT / ".github" / "workflows" / "stale.yml")
    steps = workflow["jobs"]["issue"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert '--author "app/github-actions"' in script and '.author.login == \\"app/github-actions\\"' in script
    assert 'gh issue lock "$url"' in script
    assert steps[-1]["name"] == "Fail the run while any centre is stale"
    assert 'if [ "$STATUS" != 0 ]' in steps[-1]["run"] and "exit 1" in steps[-1]["run"]


REPORT_COMMAND = re.compile(r"\bcentres\b[^\n;&|]*\breport\b|reporting_centres\.cli\b[^\n;&|]*\breport\b")


def private_report_problems(workflow: dict) -> list[str]:
    """Steps that make the coordinator's private report (it names champions) or publish its folder:
    a public repository's workflow logs and artifacts are public."""
    problems = [f"{job}: {step}: runs `centres report`" for job, step, script in scripts(workflow)
                if REPORT_COMMAND.search(script)]
    for job_id, job in workflow.get("jobs", {}).items():
        for number, step in enumerate(job.get("steps", []), 1):
            paths = str(step.get("with", {}).get("path", ""))
            if re.search(r"(^|[\s/])reports(/|\s|$)", paths):
                problems.append(f"{job_id}: {step.get('name') or f'step {number}'}: publishes {paths.strip()}")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_workflow_makes_or_publishes_the_coordinators_report(path):
    assert private_report_problems(load(path)) == []


def test_the_report_check_catches_what_it_looks_for():
    unsafe = load_text("""
        on: push
        jobs:
          board:
            runs-on: ubuntu-24.04
            steps:
              - run: .venv/bin/centres --config mkdocs.yml report --today 2026-11-18
              - name: Keep it
                uses: actions/upload-artifact@v4
                with:
                  path: reports/
              - run: .venv/bin/centres stale --private && python -m reporting_centres.cli validate
        """)
    assert private_report_problems(unsafe) == ["board: step 1: runs `centres report`",
                                               "board: Keep it: publishes reports/"]

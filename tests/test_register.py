"""The private register: what reads it, what never does, and that no private value is ever shown.

Canary values fill every field of the register. None of them may appear in the built site (pages,
data, search index, every kit file, inside zips and PDFs too), in any public file of the project, or
in the output of any command that a workflow runs on public data.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from helpers import BIN, FIXTURE_CENTRES, centres_here, fixture_centres, mkdocs_build, region_copy, run

SLUGS = ("bolton-central-library", "salford-quays-night-hub")
CANARIES = {
    "name": "Canary Champion-Name",
    "role": "Canary Champion-Role",
    "email": "canary.champion@canary-register.example",
    "phone": "07700 900461",
    "trained": "2003-02-01",
    "signed_by": "Canary Signatory-Name",
    "requester": "canary-requester-login",
    "requester_email": "canary.requester@canary-register.example",
}
CANARY_TEXT = (*CANARIES.values(), "07700900461", "+44 7700 900461", "1 February 2003", "2004-02-01")


def canary_record() -> str:
    c = CANARIES
    return (f"champion:\n  name: {c['name']}\n  role: {c['role']}\n  email: {c['email']}\n  phone: {c['phone']}\n"
            f"  trained: {c['trained']}\ncommitments:\n  signed_by: {c['signed_by']}\n"
            f"requesters:\n  - {c['requester']}\n  - {c['requester_email']}\n")


def centres(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), *args], cwd=project, env=env)


def here(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The same command run in this process: for the commands that only read and write files."""
    return centres_here(["--config", str(project / "mkdocs.yml"), *args], cwd=project)


def leaks(text: str) -> list[str]:
    return [canary for canary in CANARY_TEXT if canary in text]


def site_text(site: Path) -> str:
    """Every file of the site as text: PDFs through pdftotext, zips by their members, images by bytes."""
    parts = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            parts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    data = archive.read(name)
                    parts.append(data.decode("utf-8", "replace"))
        else:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def canary_project(tmp_path_factory) -> Path:
    project = region_copy(tmp_path_factory.mktemp("canaries"), *SLUGS)
    for slug in SLUGS:
        (project / "register" / f"{slug}.yml").write_text(canary_record(), encoding="utf-8")
    return project


def test_the_register_does_hold_the_canaries(canary_project):
    """Otherwise the checks below would pass for want of anything to find."""
    local = centres(canary_project, "stale", "--today", "2027-11-01", "--private")
    assert local.returncode == 1, local.stderr
    assert {CANARIES["name"], CANARIES["email"]} <= set(leaks(local.stdout))


def test_no_private_value_reaches_the_built_site(canary_project, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(canary_project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    text = site_text(site)
    assert fixture_centres()[SLUGS[0]]["name"] in text and "Signed for the centre" in text
    assert leaks(text) == []
    assert leaks(result.stdout + result.stderr) == []


UPDATE = Path(__file__).resolve().parent / "apply_issue" / "valid.md"  # an update of bolton-central-library


@pytest.mark.parametrize("command", [
    ("validate",),
    ("stale", "--today", "2027-11-01"),
    ("kit", SLUGS[0], "--out", "OUT"),
    ("apply-issue", "--body-file", str(UPDATE), "--dry-run", "--requester", CANARIES["requester"], "--out", "OUT"),
    ("apply-issue", "--body-file", str(UPDATE), "--dry-run", "--requester", CANARIES["requester_email"],
     "--out", "OUT"),
    ("apply-issue", "--body-file", str(UPDATE), "--dry-run", "--requester", "someone-else", "--out", "OUT"),
])
def test_no_public_command_shows_a_private_value(canary_project, tmp_path, command):
    """What the workflows run on public data, and what they post (an issue comment or a pull request's
    description is made from the command's output and the files it writes in OUT)."""
    args = [str(tmp_path / "out") if part == "OUT" else part for part in command]
    result = centres(canary_project, *args, env={"CI": "true", "GITHUB_ACTIONS": "true"})
    assert result.returncode in (0, 1), result.stderr
    assert leaks(result.stdout + result.stderr) == []
    written = site_text(tmp_path / "out") if (tmp_path / "out").exists() else ""
    assert command[0] == "validate" or command[0] == "stale" or written
    # A GitHub login that opened the issue is public already, and the description names it; an email
    # address is private, and the description says only "an email". The rest of the list never shows.
    author = command[command.index("--requester") + 1] if "--requester" in command else None
    assert [found for found in leaks(written) if found != author or "@" in author] == []


def test_the_weekly_issue_says_a_refresher_is_due_without_a_date(canary_project):
    result = centres(canary_project, "stale", "--today", "2027-11-01", env={"CI": "true", "GITHUB_ACTIONS": "true"})
    training = [line for line in result.stdout.splitlines() if line.startswith("TRAINING")]
    assert training and all(line.endswith("the Hate Crime Champion's annual refresher training is due.")
                            for line in training)


def test_private_output_is_refused_in_ci(canary_project):
    result = centres(canary_project, "stale", "--private", env={"CI": "true"})
    assert result.returncode == 2 and leaks(result.stdout + result.stderr) == []


def test_a_wrong_register_value_is_named_by_its_field_never_shown(canary_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(canary_project, project)
    record = project / "register" / f"{SLUGS[0]}.yml"
    record.write_text(canary_record().replace(CANARIES["email"], "canary.champion@@canary-register.example")
                      .replace(CANARIES["phone"], "07700 9004619999").replace(CANARIES["trained"], "2003-02-31"),
                      encoding="utf-8")
    (project / "register" / "no-such-centre.yml").write_text(canary_record(), encoding="utf-8")
    result = centres(project, "stale", "--today", "2027-11-01")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"register/{SLUGS[0]}.yml:4:10: champion.email: the value is not a valid email")
               for line in lines), lines
    assert any(line.startswith(f"register/{SLUGS[0]}.yml:5:10: champion.phone: the value is not") for line in lines)
    assert any(line.startswith(f"register/{SLUGS[0]}.yml:6:12: champion.trained: the value is not a real date")
               for line in lines)
    assert any(line.startswith("register/no-such-centre.yml:1:1: no centre has the slug 'no-such-centre'")
               for line in lines)
    assert "canary" not in result.stderr.lower() and "9004619999" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_private_certificate_names_who_signed_and_stays_beside_the_register(canary_project):
    result = centres(canary_project, "kit", SLUGS[0], "--private")
    assert result.returncode == 0, result.stderr
    folder = canary_project / "register" / "kits" / SLUGS[0]
    certificate = subprocess.run(["pdftotext", str(folder / f"{SLUGS[0]}-certificate.pdf"), "-"],
                                 capture_output=True, text=True).stdout
    assert CANARIES["signed_by"] in certificate
    assert not (canary_project / ".cache" / "kits").exists() or CANARIES["signed_by"] not in site_text(
        canary_project / ".cache" / "kits")
    assert leaks(result.stdout + result.stderr) == []


def test_private_details_in_a_centre_file_move_to_the_register_keeping_its_layout(tmp_path):
    project = region_copy(tmp_path)
    old = (FIXTURE_CENTRES / f"{SLUGS[0]}.yml").read_text(encoding="utf-8")
    champion = old.index("champion:\n")
    commitments = old[old.index("commitments:\n"):].replace(
        "  signed: 2024-02-01\n", f"  signed: 2024-02-01\n  signed_by: {CANARIES['signed_by']}\n")
    with_private = (old[:champion] + "# the champion: keep this comment\n" + "champion:\n"
                    f"  name: {CANARIES['name']}\n  role: Library Services Manager\n  email: {CANARIES['email']}\n"
                    f"  trained: {CANARIES['trained']}\n  public: [role]\n"
                    + commitments)
    path = project / "centres" / f"{SLUGS[0]}.yml"
    path.write_text(with_private, encoding="utf-8")
    refused = here(project, "validate")
    assert refused.returncode == 1 and leaks(refused.stderr) == []
    assert "champion.email: is private, and a centre file is public" in refused.stderr

    moved = here(project, "move-private")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.strip() == (f"centres/{SLUGS[0]}.yml: moved champion.name, champion.role, champion.email, "
                                    f"champion.trained, commitments.signed_by to {SLUGS[0]}.yml in the register")
    assert leaks(moved.stdout + moved.stderr) == []
    text = path.read_text(encoding="utf-8")
    assert leaks(text) == []
    assert "# the champion: keep this comment\nchampion:\n  role: Library Services Manager\n" in text
    assert here(project, "validate").returncode == 0
    record = (project / "register" / f"{SLUGS[0]}.yml").read_text(encoding="utf-8")
    assert {CANARIES["name"], CANARIES["email"], CANARIES["trained"], CANARIES["signed_by"]} <= set(leaks(record))
    stale = here(project, "stale", "--today", "2027-11-01", "--private")
    assert CANARIES["email"] in stale.stdout  # the register it wrote is one the commands read


def test_the_public_repository_holds_no_register():
    """Only the fictional examples are committed; a real register's folder is ignored by git."""
    from helpers import ROOT

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    registers = {str(Path(name).parent) for name in tracked if "register/" in name and name.endswith(".yml")}
    assert registers == {"examples/register", "tests/fixtures/region/register"}
    ignored = subprocess.run(["git", "check-ignore", "-q", "private/bolton-central-library.yml"], cwd=ROOT)
    assert ignored.returncode == 0


def test_the_documents_say_what_is_private_as_the_code_does():
    from helpers import ROOT
    from reporting_centres.model import PRIVATE_FIELDS
    from reporting_centres.register import RegisterEntry

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Personal data"):]
    section = section[:section.index("\n## ")]
    register_fields = set(RegisterEntry.model_fields["champion"].annotation.model_fields) | {"signed_by"}
    for field in register_fields | {path[-1] for path in PRIVATE_FIELDS} - {"public"}:
        assert f"{field}:" in section, f"README's Personal data does not show the register's {field}"
    privacy = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    assert "contact details and training dates" in privacy and "who signed" in privacy
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "training date" in template and "who signed" in template

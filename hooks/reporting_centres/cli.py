"""The ``centres`` command: the same stages the MkDocs hooks run, from a terminal or CI."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .changes import changes, vouched_changes
from .config import Project, project_from_mkdocs
from .errors import DataError
from .forms import issue_form_text
from .freshness import build_date, overdue_centres, recently_verified
from .join_form import join_form
from .load import display_path
from .postcodes import SECTORS_PATH, TABLE_PATH, postcode_centroids, sectors_text, table_text
from .register import load_register, missing_register_note, register_folder
from .reports import overdue_lines
from .schema import SCHEMA_PATH, schema_text
from .update_form import UPDATE
from .validate import load_centres


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="centres", description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check centre files and report every problem")
    validate.add_argument("paths", nargs="*", type=Path, help="centre files (default: every file in centres/)")

    schema = commands.add_parser("schema", help="write the JSON Schema that editors use")
    schema.add_argument("--check", action="store_true", help="exit 1 if the published schema is out of date")

    postcodes = commands.add_parser(
        "postcodes", help="build the postcode district and sector tables from the ONS Postcode Directory")
    postcodes.add_argument("csv", type=Path, help="ONSPD CSV file (e.g. ONSPD_NOV_2026_UK.csv)")
    postcodes.add_argument("--areas", default="",
                           help="only these postcode areas, comma-separated (e.g. M,BL,OL,SK,WN,WA)")

    stale = commands.add_parser("stale", help="list centres whose details are stale or due for checking; "
                                "exit 1 if any is stale")
    stale.add_argument("--today", type=dt.date.fromisoformat, help="check as of this date (YYYY-MM-DD)")
    stale.add_argument("--private", action="store_true",
                       help="also show champions' private contact details: "
                       "for the coordinator's own use, never in CI logs")

    changed = commands.add_parser("changed",
                                  help="check that centre files changed since BASE carry a fresh last_verified")
    changed.add_argument("--base", required=True, help="the git revision the change is compared with")
    changed.add_argument("--today", type=dt.date.fromisoformat, help="check as of this date (YYYY-MM-DD)")

    contact = commands.add_parser("contact-changes",
                                  help="list the changes since BASE to how the public reaches a centre (phone, "
                                       "email, website, address, hours of a 24-hour line), which need the "
                                       "coordinator's confirmation")
    contact.add_argument("--base", required=True, help="the git revision the change is compared with")

    form = commands.add_parser("issue-form", help="write the GitHub issue forms that the update and "
                               "become-a-centre pages fill in")
    form.add_argument("--check", action="store_true", help="exit 1 if the issue form is out of date")

    apply = commands.add_parser("apply-issue", help="apply an 'Update a centre's details' issue (or email) to the "
                                "centre's file; print the problems as Markdown and exit 1 if it cannot be applied")
    apply.add_argument("--body-file", required=True, type=Path, help="the issue body, or the emailed text, as a file")
    apply.add_argument("--today", type=dt.date.fromisoformat, help="the date the details were checked (YYYY-MM-DD)")
    apply.add_argument("--dry-run", action="store_true", help="print the change as a unified diff; do not write it")
    apply.add_argument("--requester", help="who asked: the issue's author (a GitHub username) or the sender's email "
                                           "address, checked against the centre's requesters in the private register")
    apply.add_argument("--issue", help="the issue's number, named in the pull request's description")
    apply.add_argument("--out", type=Path, help="write the pull request's description.md and facts (known, contact, "
                                                "revision) into this folder")

    geocode = commands.add_parser("geocode", help="fill in missing latitude and longitude from each centre's "
                                  "address with OpenStreetMap's Nominatim (one request a second; answers cached "
                                  "in .cache/geocode.json)")
    geocode.add_argument("paths", nargs="*", type=Path, help="centre files (default: every file in centres/)")
    geocode.add_argument("--endpoint", help="the Nominatim to ask (default: $CENTRES_NOMINATIM_URL, else "
                         "https://nominatim.openstreetmap.org)")
    geocode.add_argument("--min-delay", type=float, help="seconds between requests (default: 1; less only with "
                         "--endpoint, for a Nominatim of your own)")

    kit = commands.add_parser("kit", help="render one centre's brand kit: stickers, certificate, poster, badge, banner")
    kit.add_argument("slug", help="the centre's slug, e.g. bolton-central-library")
    kit.add_argument("--out", type=Path, help="folder to write into (default: build/kits/SLUG)")
    kit.add_argument("--png-dpi", type=int, help="also write press-quality PNGs at this resolution, e.g. 300")
    kit.add_argument("--private", action="store_true", help="a certificate naming who signed, from the private "
                     "register, written beside the register (default: REGISTER/kits/SLUG), never into site/")

    report = commands.add_parser("report", help="write the coordinator's private report (HTML, PDF, CSV): coverage "
                                 "gaps, training and visits, freshness and change (default folder: reports/DATE)")
    report.add_argument("--today", type=dt.date.fromisoformat, help="report as of this date (YYYY-MM-DD)")
    report.add_argument("--since", type=dt.date.fromisoformat,
                        help="show changes since this date (default: 90 days before --today)")
    report.add_argument("--borough", help="one borough's view, for a borough lead")
    report.add_argument("--out", type=Path, help="folder to write into; git must ignore it (default: reports/DATE)")
    report.add_argument("--no-pdf", action="store_true", help="skip the PDF")

    record = commands.add_parser("record", help="add a visit or a training session to the private register")
    kinds = record.add_subparsers(dest="record", required=True)
    visit = kinds.add_parser("visit", help="a 1-2-1 support visit or a mystery-shopper visit to a centre")
    visit.add_argument("slug", help="the centre's slug")
    visit.add_argument("--kind", required=True, choices=["support", "mystery-shopper"])
    visit.add_argument("--date", type=dt.date.fromisoformat, help="when (default: today)")
    visit.add_argument("--outcome", help="what was found or agreed (up to 300 characters)")
    session = kinds.add_parser("training", help="a training session held in a borough")
    session.add_argument("borough")
    session.add_argument("--date", type=dt.date.fromisoformat, help="when (default: today)")
    session.add_argument("--attendees", type=int)
    session.add_argument("--note", help="e.g. the audience (up to 200 characters)")

    commands.add_parser("move-private", help="move champions' personal details and signatories out of the "
                               "centre files (which are public) into the private register")

    args = parser.parse_args(argv)
    try:
        project = project_from_mkdocs(args.config)
        if args.command == "validate":
            return _validate(project, args.paths)
        if args.command == "stale":
            return _stale(project, args.today or build_date(), args.private)
        if args.command == "changed":
            return _changed(project, args.base, args.today or build_date())
        if args.command == "contact-changes":
            return _contact_changes(project, args.base)
        if args.command == "issue-form":
            return _issue_form(project, args.check)
        if args.command == "apply-issue":
            from .apply_issue import command  # ruamel.yaml loads only for this command

            return command(project, args.body_file, args.today or build_date(), args.dry_run, args.requester,
                           args.issue, args.out)
        if args.command == "geocode":
            from .geocode import command as geocode_command  # geopy and ruamel.yaml load only for this command

            return geocode_command(project, args.paths, args.endpoint, args.min_delay)
        if args.command == "kit":
            return _kit(project, args.slug, args.out, args.png_dpi, args.private)
        if args.command == "move-private":
            from .register_move import move_private_details  # ruamel.yaml loads only for this command

            for line in move_private_details(project.region, project.root) or ["nothing to move"]:
                print(line)
            return 0
        if args.command == "report":
            return _report(project, args.today or build_date(), args.since, args.borough, args.out, not args.no_pdf)
        if args.command == "record":
            return _record(project, args, build_date())
        if args.command == "postcodes":
            return _postcodes(project, args.csv, args.areas)
        return _schema(project, args.check)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1


def _kit(project: Project, slug: str, out: Path | None, png_dpi: int | None, private: bool) -> int:
    from .kits import plan_kits, write_centre_kit  # cairo and fonts load only for this command
    from .public import public_centre

    centres = {centre.slug: centre for centre in load_centres(project.region, project.root)}
    if slug not in centres:
        guess = difflib.get_close_matches(slug, list(centres), n=1)
        where = project.region.centres_dir
        hint = f"; did you mean {guess[0]!r}?" if guess else f"; the slugs are the file names in {where}/"
        print(f"{slug}: no such centre{hint}", file=sys.stderr)
        return 1
    centre = public_centre(centres[slug], project.region)
    if not private:
        plan = plan_kits(project.region, [centre], project.root, print_png_dpi=png_dpi, proofs=False)
        folder = out or Path("build") / "kits" / slug
        report = write_centre_kit(plan, slug, folder)
        print(f"wrote {report.files} files to {folder} ({report.misses} items rendered, {report.hits} from the cache)")
        return 0
    register = load_register(project.region, project.root, set(centres))
    entry = register.entry(slug) if register else None
    if entry is None or entry.commitments is None:
        print(missing_register_note(project.region, project.root) if register is None else
              f"{slug}: the register has no commitments.signed_by for this centre", file=sys.stderr)
        return 1
    folder = out or register_folder(project.region, project.root) / "kits" / slug  # stays with the register
    with tempfile.TemporaryDirectory() as cache:  # nothing private is kept in .cache/
        plan = plan_kits(project.region, [centre], project.root, print_png_dpi=png_dpi, cache_dir=Path(cache),
                         proofs=False, signatories={slug: entry.commitments.signed_by})
        report = write_centre_kit(plan, slug, folder)
    print(f"wrote {report.files} files to {folder} ({report.misses} items rendered, {report.hits} from the cache)")
    return 0


def _report(project: Project, today: dt.date, since: dt.date | None, borough: str | None, out: Path | None,
            pdf: bool) -> int:
    from .report import make_report  # matplotlib loads only for this command

    written = make_report(project, today, since or today - dt.timedelta(days=90), borough, out, pdf)
    # Only where it went and how much: the report's contents are private, and terminals end up in logs.
    print(f"wrote the report to {display_path(written.folder, project.root)}/report.html "
          f"({len(written.files)} files: HTML, {'PDF, ' if pdf else ''}charts, map and CSV)")
    return 0


def _record(project: Project, args: argparse.Namespace, today: dt.date) -> int:
    from .report.record import record_training, record_visit  # ruamel.yaml loads only for this command

    if args.record == "visit":
        path = record_visit(project, args.slug, args.kind, args.date or today, args.outcome, today)
    else:
        path = record_training(project, args.borough, args.date or today, args.attendees, args.note, today)
    print(f"recorded in {display_path(path, project.root)}")
    return 0


def _validate(project: Project, paths: list[Path]) -> int:
    missing = [path for path in paths if not path.is_file()]
    if missing:
        for path in missing:
            print(f"{path}: no such file", file=sys.stderr)
        return 1
    centres = load_centres(project.region, project.root, paths)
    from .kits.build import without_codes
    from .kits.printable import check_printable  # the brand's fonts load only for this check
    from .public import public_centre

    public = [public_centre(centre, project.region) for centre in centres]
    notes = check_printable(project.region, public, project.root) + without_codes(public)
    _check_easy_read(project)
    for note in notes:  # not problems: on stderr, with the other diagnostics, so stdout stays the verdict
        print(note, file=sys.stderr)
    print(f"{len(centres)} centre{'s' if len(centres) != 1 else ''} checked: no problems found.")
    return 0


def _check_easy_read(project: Project) -> None:
    """The Easy Read pages' source, which the build would refuse (DataError); the build checks their pictures."""
    from .easy_read import load_easy_read

    load_easy_read(project.root / project.region.brand_dir, project.region)


def _schema(project: Project, check: bool) -> int:
    return _write_generated(project.docs_dir / SCHEMA_PATH, schema_text(project.region), project.root, check,
                            "centres schema")


def _issue_form(project: Project, check: bool) -> int:
    """Both issue forms: updates, and applications to become a centre."""
    statuses = [_write_generated(project.root / ".github" / "ISSUE_TEMPLATE" / form.template,
                                 issue_form_text(form, project.region.name), project.root, check, "centres issue-form")
                for form in (UPDATE, join_form(project.region))]
    return max(statuses)


def _write_generated(target: Path, text: str, root: Path, check: bool, command: str) -> int:
    """Write a file generated from the code, or with ``check`` say whether the committed one is current."""
    shown = display_path(target, root)
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    if check:
        if current == text:
            print(f"{shown} is up to date.")
            return 0
        print(f"{shown} is out of date; run: {command}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {shown}")
    return 0


def _stale(project: Project, today: dt.date, private: bool) -> int:
    in_ci = os.environ.get("CI") == "true" or os.environ.get("GITHUB_ACTIONS") == "true"
    if private and in_ci:
        print("--private is for the coordinator's own machine: CI logs are public", file=sys.stderr)
        return 2
    centres = load_centres(project.region, project.root)
    register = load_register(project.region, project.root, {centre.slug for centre in centres}, today)
    if register is None:
        print(missing_register_note(project.region, project.root), file=sys.stderr)
    trained = {slug: entry.champion.trained for slug, entry in register.entries.items()} if register else None
    overdue = overdue_centres(centres, project.region.freshness, today, trained)
    folder = project.root / project.region.centres_dir

    def path_of(centre):
        path = folder / f"{centre.slug}.yml"
        return path, display_path(path, project.root)

    for line in overdue_lines(overdue, path_of, register, private):
        print(line)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(line.annotation())
    stale = sum(item.freshness.stale for item in overdue)
    due = sum(item.freshness.state.value == "due" for item in overdue)
    training = sum(item.training_due is not None for item in overdue)
    print(f"{stale} stale, {due} due soon, {training} champion training due "
          f"(of {len(centres)} centre{'' if len(centres) == 1 else 's'}, as of {today}).")
    return 1 if stale else 0


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def _changed_files(project: Project, base: str, kinds: str) -> tuple[str, list[tuple[Path, dict | None]]] | None:
    """(merge base, [(path, its data at the merge base or None if it was added)]) for the centre files changed
    since ``base``; None (with the message printed) if git cannot compare."""
    folder = project.root / project.region.centres_dir
    merge_base = _git(project.root, "merge-base", base, "HEAD")
    listing = _git(project.root, "diff", "--name-only", f"--diff-filter={kinds}", f"{base}...HEAD", "--", str(folder))
    if merge_base.returncode != 0 or listing.returncode != 0:
        print(f"git could not compare with {base!r}: {(listing.stderr or merge_base.stderr).strip()}", file=sys.stderr)
        return None
    since = merge_base.stdout.strip()
    found = []
    for name in listing.stdout.split():
        if not name.endswith((".yml", ".yaml")):
            continue
        old = _git(project.root, "show", f"{since}:{name}")
        data = yaml.safe_load(old.stdout) if old.returncode == 0 else None
        found.append((project.root / name, data if isinstance(data, dict) else None))
    return since, found


def _changed(project: Project, base: str, today: dt.date) -> int:
    """A changed centre file carries a fresh last_verified, unless only the coordinator's own details
    (commitments, the published champion) changed: the centre vouches for the rest."""
    compared = _changed_files(project, base, "AMR")
    if compared is None:
        return 2
    vouched = []
    for path, old in compared[1]:
        new = yaml.safe_load(path.read_text(encoding="utf-8"))
        if old is None or not isinstance(new, dict) or vouched_changes(old, new):
            vouched.append(path)
    centres = load_centres(project.region, project.root, [path for path, _ in compared[1]])
    checked = [centre for centre in centres if centre.slug in {path.stem for path in vouched}]
    problems = recently_verified(checked, vouched, project.region.freshness.changed_within_days, today, project.root)
    if problems:
        raise DataError(problems)
    files = f"{len(centres)} changed centre file{'' if len(centres) == 1 else 's'}"
    only = len(centres) - len(checked)
    if only:
        print(f"{files}: {only} changed only the coordinator's own details, which need no fresh last_verified; "
              f"{len(checked)} other{'' if len(checked) == 1 else 's'} with a recent last_verified.")
    else:
        print(f"{files}: last_verified is recent.")
    return 0


def _contact_changes(project: Project, base: str) -> int:
    """One line per changed contact detail ('centres/x.yml: Phone number'); nothing when there is none."""
    compared = _changed_files(project, base, "AMR")
    if compared is None:
        return 2
    for path, old in compared[1]:
        new = yaml.safe_load(path.read_text(encoding="utf-8"))
        if old is None or not isinstance(new, dict):  # a new (or renamed) centre: all its contact details are new
            print(f"{display_path(path, project.root)}: a new centre file, with all its contact details")
            continue
        for change in changes(old, new):
            if change.contact:
                print(f"{display_path(path, project.root)}: {change.field.label}")
    return 0


def _postcodes(project: Project, csv_path: Path, areas: str) -> int:
    if not csv_path.is_file():
        print(f"{csv_path}: no such file; download the ONS Postcode Directory CSV first", file=sys.stderr)
        return 1
    prefixes = tuple(area.strip().upper() for area in areas.split(",") if area.strip())
    centroids = postcode_centroids(csv_path, prefixes)
    target, sectors = project.docs_dir / TABLE_PATH, project.docs_dir / SECTORS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(table_text(centroids.districts, csv_path.name), encoding="utf-8")
    sectors.write_text(sectors_text(centroids.sectors, csv_path.name), encoding="utf-8")
    print(f"wrote {display_path(target, project.root)}: {len(centroids.districts)} postcode districts, "
          f"and {display_path(sectors, project.root)}: {len(centroids.sectors)} postcode sectors")
    return 0



if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the tests: the project's code, the tests' own fixture region, and throwaway
copies of that region with other data.

No test reads the demonstration data in the project's centres/ (conftest.py refuses it), except
the one test marked ``demo_data`` that checks the demonstration data itself validates.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_CENTRES = ROOT / "centres"  # the demonstration data: only the demo_data test may read it
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "region"  # the tests' own small region
FIXTURE_CONFIG = FIXTURE / "mkdocs.yml"
FIXTURE_CENTRES = FIXTURE / "centres"
FIXTURE_REGISTER = FIXTURE / "register"  # its private register: fictional, so committed

_DEMO = os.path.normcase(os.path.abspath(DEMO_CENTRES))
demo_data_allowed = [False]  # True only while a demo_data test runs


class DemoDataRead(RuntimeError):
    pass


def refuse_demo_data(event: str, args: tuple) -> None:
    """An audit hook (conftest.py installs it): opening or listing anything in centres/ raises."""
    if demo_data_allowed[0] or event not in ("open", "os.listdir", "os.scandir", "glob.glob"):
        return
    path = args[0] if args else None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)) or not os.path.isabs(path):
        return  # a file descriptor, or a name relative to one (shutil.rmtree), or to the current folder
    path = os.path.normcase(os.path.normpath(os.fspath(path)))
    if path == _DEMO or path.startswith(_DEMO + os.sep):
        raise DemoDataRead(f"{path}: tests use tests/fixtures/region/, not the demonstration data in centres/ "
                           "(only a test marked demo_data may read it)")


def local_environment() -> dict[str, str]:
    """This process's environment as on the coordinator's machine: without the CI markers a CI runner sets.

    Commands refuse some things in CI (private output in public logs); a test that means CI says so itself.
    """
    return {key: value for key, value in os.environ.items() if key not in ("CI", "GITHUB_ACTIONS")}


def run(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**local_environment(), "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def centres_here(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``centres ARGS`` run in this process as ``run`` would run it in another: in ``cwd``, with the
    coordinator's environment (and ``env``), its output and exit status captured. The command's own
    code, as its console script calls it, without starting Python and importing everything again.
    Only for commands that start no process of their own (not kit, report or a build): a child's
    output would go straight to the terminal, past the capture, and past a test's checks of it."""
    from reporting_centres.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    saved_environment, saved_folder = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update({**local_environment(), **(env or {})})
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                status = main(args)
            except SystemExit as exit:  # argparse's usage errors, or an exit with a message
                status = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
                if isinstance(exit.code, str):
                    print(exit.code, file=sys.stderr)
    finally:
        os.chdir(saved_folder)
        os.environ.clear()
        os.environ.update(saved_environment)
    return subprocess.CompletedProcess(["centres", *args], status, stdout.getvalue(), stderr.getvalue())


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return run([str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
               cwd=config.parent)


def fixture_config() -> dict:
    """The fixture region's mkdocs.yml, with its paths to the project's docs, hooks and theme made absolute;
    in every language that has a catalogue when ``RC_TEST_LANGUAGES=all`` (``make test-languages``)."""
    config = yaml.safe_load(FIXTURE_CONFIG.read_text(encoding="utf-8"))
    if os.environ.get("RC_TEST_LANGUAGES") == "all":
        from reporting_centres.translations import FOLDER

        main = config["extra"]["reporting_centres"]["site_languages"][0]
        others = sorted(path.stem for path in FOLDER.glob("*.yml") if path.stem != main)
        config["extra"]["reporting_centres"]["site_languages"] = [main, *others]
    config["docs_dir"] = str((FIXTURE / config["docs_dir"]).resolve())
    config["hooks"] = [str((FIXTURE / hook).resolve()) for hook in config["hooks"]]
    region = config["extra"]["reporting_centres"]
    region["brand_dir"] = str((FIXTURE / region["brand_dir"]).resolve())
    return config


def fixture_region() -> dict:
    return fixture_config()["extra"]["reporting_centres"]


def fixture_files() -> list[Path]:
    return sorted(FIXTURE_CENTRES.glob("*.yml"))


def fixture_centres() -> dict[str, dict]:
    """The fixture region's centre files as plain data, by slug."""
    files = (yaml.safe_load(path.read_text(encoding="utf-8")) for path in fixture_files())
    return {centre["slug"]: centre for centre in files}


def private_values(slug: str) -> list[str]:
    """What the fixture's private register holds about a centre that its public file does not publish:
    none of it may appear anywhere in the site or in a public command's output."""
    record = yaml.safe_load((FIXTURE_REGISTER / f"{slug}.yml").read_text(encoding="utf-8"))
    published = fixture_centres()[slug].get("champion") or {}
    values = [str(value) for key, value in record["champion"].items() if published.get(key) != value]
    values += [str(value) for value in (record.get("commitments") or {}).values()]
    values += [str(value) for value in record.get("requesters") or []]
    return values


def fixture_text(slug: str) -> str:
    return (FIXTURE_CENTRES / f"{slug}.yml").read_text(encoding="utf-8")


def region_copy(folder: Path, *slugs: str) -> Path:
    """A copy of the fixture region's configuration and the project's brand/ in ``folder`` (so a test
    may change the brand), with a centres/ holding the fixture centres named (none: an empty one) and
    register/ their records in the private register."""
    config = fixture_config()
    config["extra"]["reporting_centres"]["brand_dir"] = "brand"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "brand", folder / "brand")
    (folder / "centres").mkdir()
    for slug in slugs:
        add_centre(folder, slug)
    return folder


def add_centre(folder: Path, slug: str) -> None:
    """Copy a fixture centre's file, and its record in the fixture's private register, into a region copy."""
    shutil.copy(FIXTURE_CENTRES / f"{slug}.yml", folder / "centres")
    (folder / "register").mkdir(exist_ok=True)
    shutil.copy(FIXTURE_REGISTER / f"{slug}.yml", folder / "register")


def fixture_project(folder: Path) -> Path:
    """A copy of the whole fixture region, to build or edit without touching tests/fixtures/."""
    return region_copy(folder, *(path.stem for path in fixture_files()))


def project_copy(folder: Path) -> Path:
    """A copy of the project's own configuration and brand/ in ``folder``, with an empty centres/ to fill.

    scripts/bench.py builds its synthetic centres with it; the tests use region_copy."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["hooks"] = [str(ROOT / "hooks" / "centres.py")]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "brand", folder / "brand")
    (folder / "centres").mkdir()
    return folder


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class LocalServer(http.server.ThreadingHTTPServer):
    """A server on 127.0.0.1 for the browser tests; a browser closing a connection early is no error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler, **options):
    """Serve a built site on 127.0.0.1 (never any other address) for the browser tests."""
    server = LocalServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder), **options))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def other_hosts(requests: list[str], site_url: str) -> list[str]:
    """The requests a page made to anywhere but the site itself."""
    local = urlsplit(site_url).netloc
    return [url for url in requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != local]


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true. page.evaluate is compiled by the browser's
    debugger, which the site's Content-Security-Policy allows; wait_for_function's polling evaluates
    the string inside the page, which the policy (rightly) refuses once it has to poll."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]  # WCAG 2.2 AA and axe's best practices


def axe_violations(page, tags: list[str] = AXE_TAGS, rules: list[str] | None = None) -> list[tuple[str, list]]:
    """axe-core's violations on the page as it is now (the rules with these tags, or the rules named),
    each as its rule and the first three elements it found. axe runs every rule either way; asking it
    to describe only the violations spares it listing every element that passed, a third of its time."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags}
    results = Axe().run(page, options={"runOnly": run_only, "resultTypes": ["violations"]})
    return [(found["id"], [node["target"] for node in found["nodes"]][:3]) for found in results.response["violations"]]

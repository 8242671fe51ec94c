"""`centres geocode` against a fake Nominatim on 127.0.0.1: requests, user agent, rate limit, cache, diff."""

from __future__ import annotations

import difflib
import http.server
import json
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers import BIN, fixture_text, run

ANSWERS = {  # what the fake Nominatim knows, by the start of the query
    "Le Mans Crescent": ("53.5769", "-2.4299", "Le Mans Crescent, Bolton, BL1 1SE, United Kingdom"),
    "207 Knowsley Street": ("53.5934", "-2.2966", "Knowsley Street, Bury, BL9 0SW, United Kingdom"),
}
CENTRES = ("bolton-central-library", "bury-town-hall-help-point")


class FakeNominatim(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def do_GET(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        self.requests.append({"path": url.path, "query": query, "agent": self.headers.get("User-Agent"),
                              "at": time.monotonic()})
        found = next((answer for start, answer in ANSWERS.items() if query.get("q", "").startswith(start)), None)
        body = json.dumps([{"lat": found[0], "lon": found[1], "display_name": found[2]}] if found else [])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@contextmanager
def fake_nominatim():
    FakeNominatim.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", FakeNominatim.requests
    finally:
        server.shutdown()


def without_coordinates(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("  latitude:", "  longitude:")))


def setup(project: Path) -> dict[str, str]:
    """The two centres with their coordinates removed (and a comment to keep); their texts before."""
    before = {}
    for slug in CENTRES:
        text = without_coordinates(fixture_text(slug))
        text = text.replace("\naddress:\n", "\naddress:  # checked on the visit\n", 1)
        (project / "centres" / f"{slug}.yml").write_text(text, encoding="utf-8")
        before[slug] = text
    return before


def geocode(project: Path, *options: str):
    return run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "geocode", *options], cwd=project)


@pytest.mark.slow
def test_geocode_fills_missing_coordinates_politely_and_caches_the_answers(project):
    before = setup(project)
    with fake_nominatim() as (endpoint, requests):
        first = geocode(project, "--endpoint", endpoint, "--min-delay", "0.3")
        assert first.returncode == 0, first.stderr
        assert len(requests) == 2
        assert all(request["path"] == "/search" for request in requests)
        assert [request["query"]["q"] for request in requests] == [
            "Le Mans Crescent, Bolton, BL1 1SE", "207 Knowsley Street, Bury, BL9 0SW"]
        assert all(request["query"]["countrycodes"] == "gb" and request["query"]["bounded"] == "1"
                   for request in requests)
        agent = requests[0]["agent"]
        assert agent.startswith("reporting-centres/") and "example-org/reporting-centres" in agent
        assert "python" not in agent.lower() and "geopy" not in agent.lower()
        assert requests[1]["at"] - requests[0]["at"] >= 0.28  # the rate limit, not back to back

        bolton = (project / "centres" / "bolton-central-library.yml").read_text(encoding="utf-8")
        diff = list(difflib.unified_diff(before["bolton-central-library"].splitlines(),
                                         bolton.splitlines(), lineterm="", n=1))[2:]
        assert diff == [
            "@@ -15,2 +15,4 @@", "   postcode: BL1 1SE", "+  latitude: 53.5769", "+  longitude: -2.4299",
            "   directions: Five minutes' walk from Bolton Interchange; step-free entrance on Howell Croft.",
        ]
        assert bolton == fixture_text("bolton-central-library").replace(
            "\naddress:\n", "\naddress:  # checked on the visit\n", 1)
        assert "2 centre files given coordinates; 2 requests" in first.stdout
        assert run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "validate"],
                   cwd=project).returncode == 0

        cached = json.loads((project / ".cache" / "geocode.json").read_text(encoding="utf-8"))["addresses"]
        assert cached["le mans crescent | bolton | bl1 1se"]["latitude"] == 53.5769

        again = geocode(project, "--endpoint", endpoint, "--min-delay", "0.3")  # nothing is missing now
        setup(project)  # the coordinates removed once more: the cache answers
        cached_run = geocode(project, "--endpoint", endpoint, "--min-delay", "0.3")
        assert len(requests) == 2
    assert again.returncode == 0 and "0 centre files given coordinates; 0 requests" in again.stdout
    assert cached_run.returncode == 0 and "from the cache" in cached_run.stdout
    assert (project / "centres" / "bolton-central-library.yml").read_text(encoding="utf-8") == bolton


def test_an_address_nominatim_cannot_find_is_reported_and_left_alone(project, monkeypatch):
    text = without_coordinates(fixture_text("bolton-central-library"))
    text = text.replace("lines: [Le Mans Crescent]", "lines: [Nowhere Lane]")
    (project / "centres" / "bolton-central-library.yml").write_text(text, encoding="utf-8")
    with fake_nominatim() as (endpoint, requests):
        monkeypatch.setenv("CENTRES_NOMINATIM_URL", endpoint)  # the endpoint may come from the environment
        result = geocode(project, "--min-delay", "0")
        repeated = geocode(project, "--min-delay", "0")
    assert result.returncode == 1 and repeated.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "centres/bolton-central-library.yml:11:1: address: Nominatim found no place for "
        "'Nowhere Lane, Bolton, BL1 1SE'; check the address, or add latitude and longitude by hand")
    assert "Traceback" not in result.stderr
    assert len(requests) == 1  # "no such place" is cached too, until the address changes
    assert (project / "centres" / "bolton-central-library.yml").read_text(encoding="utf-8") == text


def test_the_public_nominatim_is_never_asked_faster_than_once_a_second(project):
    setup(project)
    result = geocode(project, "--min-delay", "0.1")
    assert result.returncode == 2
    assert "one request a second" in result.stderr
    assert not (project / ".cache" / "geocode.json").exists()


def test_a_missing_coordinate_tells_staff_about_centres_geocode(project):
    setup(project)
    result = run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "validate"], cwd=project)
    assert result.returncode == 1
    assert ("centres/bolton-central-library.yml:11:1: address.latitude: is required; add 'latitude:' here "
            "or run `centres geocode` to look it up from the address") in result.stderr.splitlines()

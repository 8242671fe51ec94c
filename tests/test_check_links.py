"""The weekly website check, against a server on this machine."""

from __future__ import annotations

import http.server
import importlib.util
import threading

import pytest

from helpers import ROOT

spec = importlib.util.spec_from_file_location("check_links", ROOT / "scripts" / "check_links.py")
check_links = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_links)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response({"/ok": 200, "/no-head": 405, "/gone": 404}.get(self.path, 500))
        self.end_headers()

    def do_GET(self):
        self.send_response({"/ok": 200, "/no-head": 200, "/gone": 404}.get(self.path, 500))
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_working_site_passes(server):
    assert check_links.check(server + "/ok", timeout=2, retries=1) is None


def test_a_server_that_refuses_head_is_tried_with_get(server):
    assert check_links.check(server + "/no-head", timeout=2, retries=1) is None


def test_a_missing_page_is_reported_after_retries(server):
    assert check_links.check(server + "/gone", timeout=2, retries=2, pause=0) == "HTTP 404"


def test_nothing_listening_is_reported(server):
    closed = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = closed.server_address[1]
    closed.server_close()
    reason = check_links.check(f"http://127.0.0.1:{port}/", timeout=1, retries=1, pause=0)
    assert reason and "refused" in reason.lower()

"""`make serve`: the preview rebuilds when a centre file changes, as staff edit it."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from helpers import BIN, region_copy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_editing_a_centre_file_rebuilds_the_preview(tmp_path):
    project = region_copy(tmp_path, "bolton-central-library")
    centre = project / "centres" / "bolton-central-library.yml"
    port = free_port()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--config-file", str(project / "mkdocs.yml"),
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/centres/bolton-central-library/"
    try:
        assert wait_for(lambda: "Bolton Central Library" in page(url)), "the preview never served the centre"
        centre.write_text(centre.read_text(encoding="utf-8").replace(
            "name: Bolton Central Library", "name: Bolton Central Library and Archives"), encoding="utf-8")
        assert wait_for(lambda: "Bolton Central Library and Archives" in page(url)), "the edit never showed"
    finally:
        server.terminate()
        server.wait(timeout=30)

"""Files written by a forked copy of the build: the same files and hashes as written in the build's process."""

from __future__ import annotations

import os
import threading

import pytest

from reporting_centres.forked import WrittenApart


def made_in(pids: list[int]):
    def make():
        pids.append(os.getpid())
        return {"centres/a/staff/index.html": "<p>A</p>\n", "data/b.json": "{}\n"}, {"sha256-x", "sha256-y"}
    return make


def test_a_build_without_other_threads_writes_the_files_in_a_forked_child(tmp_path):
    pids: list[int] = []
    apart = WrittenApart(tmp_path, made_in(pids))
    assert apart.pid is not None and apart.pid != os.getpid()
    assert apart.wait() == {"sha256-x", "sha256-y"}
    assert (tmp_path / "centres/a/staff/index.html").read_text(encoding="utf-8") == "<p>A</p>\n"
    assert (tmp_path / "data/b.json").read_text(encoding="utf-8") == "{}\n"
    assert pids == []  # made in the child, not here


def test_a_build_with_another_thread_writes_them_itself(tmp_path):
    """Forking a process with threads is unsafe (mkdocs serve): the files are made in the build's process."""
    pids: list[int] = []
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        apart = WrittenApart(tmp_path, made_in(pids))
    finally:
        stop.set()
        other.join()
    assert apart.pid is None and pids == [os.getpid()]
    assert apart.wait() == {"sha256-x", "sha256-y"}
    assert (tmp_path / "data/b.json").read_text(encoding="utf-8") == "{}\n"


def test_a_failure_in_the_child_stops_the_build_with_its_cause(tmp_path):
    def make():
        raise ValueError("no such centre: bury-town-hall")

    apart = WrittenApart(tmp_path, make)
    with pytest.raises(RuntimeError, match="ValueError: no such centre: bury-town-hall"):
        apart.wait()

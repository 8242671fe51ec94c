"""Files written by a forked copy of the build: the same files and hashes as written in the build's process.

A build forks only when it has no other thread; a test process may have some (a server another test
started), so the tests that need a fork run in a fresh Python process of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

from reporting_centres.forked import WrittenApart


def in_a_process_of_its_own(code: str, folder) -> str:
    """Run ``code`` in a fresh Python (one thread) with ``folder`` as ``FOLDER``; what it prints."""
    script = f"from pathlib import Path\nFOLDER = Path({str(folder)!r})\n" + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def made_in(pids: list[int]):
    def make():
        pids.append(os.getpid())
        return {"centres/a/staff/index.html": "<p>A</p>\n", "data/b.json": "{}\n"}, {"sha256-x", "sha256-y"}
    return make


def test_a_build_without_other_threads_writes_the_files_in_a_forked_child(tmp_path):
    printed = in_a_process_of_its_own("""
        import os
        from reporting_centres.forked import WrittenApart
        pids = []
        def make():
            pids.append(os.getpid())
            return {"centres/a/staff/index.html": "<p>A</p>\\n", "data/b.json": "{}\\n"}, {"sha256-x", "sha256-y"}
        apart = WrittenApart(FOLDER, make)
        print(apart.pid is not None and apart.pid != os.getpid(), sorted(apart.wait()), pids)
    """, tmp_path)
    assert printed == "True ['sha256-x', 'sha256-y'] []\n"  # made in the child, not in the build's process
    assert (tmp_path / "centres/a/staff/index.html").read_text(encoding="utf-8") == "<p>A</p>\n"
    assert (tmp_path / "data/b.json").read_text(encoding="utf-8") == "{}\n"


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
    printed = in_a_process_of_its_own("""
        from reporting_centres.forked import WrittenApart
        def make():
            raise ValueError("no such centre: bury-town-hall")
        apart = WrittenApart(FOLDER, make)
        forked = apart.pid is not None
        try:
            apart.wait()
        except RuntimeError as error:
            print(forked, error)
    """, tmp_path)
    assert printed.startswith("True ") and "ValueError: no such centre: bury-town-hall" in printed

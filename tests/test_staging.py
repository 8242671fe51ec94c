"""Putting a build in place is atomic: a build killed at any moment, the swap included, leaves at site/
either the complete previous site or the complete new one, and the next build removes what it left.

A child process publishes a staged build and is killed (SIGKILL, which nothing can catch) just
before its first, second, third ... change to the file system, until one run finishes: so every
state the publishing step passes through is looked at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import ROOT

CHILD = textwrap.dedent('''
    import os, shutil, signal, sys
    from pathlib import Path
    from reporting_centres import staging

    target, kill_at, swap = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "swap"
    staged = staging.StagedSite(target)
    if kill_at < 0:  # only start a build, as the next one would, and drop it
        staged.discard()
        sys.exit(0)
    new = staged.folder
    (new / "index.html").write_text("new", encoding="utf-8")
    (new / "centres").mkdir()
    for number in range(5):
        (new / "centres" / f"new-{number}.html").write_text(f"new page {number}", encoding="utf-8")
    (new / "kits").mkdir()
    (new / "kits" / "edited").mkdir()
    (new / "kits" / "edited" / "edited.zip").write_text("new kit", encoding="utf-8")

    calls = 0
    def killing(function):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return call

    for name in ("rename", "replace", "link", "unlink", "remove", "rmdir", "mkdir", "chmod", "symlink"):
        setattr(os, name, killing(getattr(os, name)))
    shutil.copystat = killing(shutil.copystat)
    exchange = staging._exchange
    staging._exchange = killing(exchange if swap else lambda first, second: False)
    staged.publish(carry=["kits/same", "kits/other"])
    print(calls)
''')


def tree(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def previous_site(site: Path) -> dict[str, bytes]:
    (site / "centres").mkdir(parents=True)
    (site / "index.html").write_text("old", encoding="utf-8")
    for number in range(5):
        (site / "centres" / f"old-{number}.html").write_text(f"old page {number}", encoding="utf-8")
    for kit in ("same", "other", "edited"):
        (site / "kits" / kit).mkdir(parents=True)
        for number in range(3):
            (site / "kits" / kit / f"{kit}-{number}.png").write_text(f"{kit} {number}", encoding="utf-8")
    return tree(site) or {}


def new_site(old: dict[str, bytes]) -> dict[str, bytes]:
    new = {"index.html": b"new", "kits/edited/edited.zip": b"new kit"}
    new |= {f"centres/new-{number}.html": f"new page {number}".encode() for number in range(5)}
    return new | {path: content for path, content in old.items() if path.startswith(("kits/same/", "kits/other/"))}


def publish(target: Path, kill_at: int, swap: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", CHILD, str(target), str(kill_at), "swap" if swap else "rename"],
                          capture_output=True, text=True, env=env, timeout=60)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name != "site")


@pytest.mark.parametrize("swap", [True, False], ids=["swap", "rename"])
def test_a_build_killed_at_any_moment_while_it_is_put_in_place_leaves_a_whole_site(tmp_path, swap):
    """With the swap, site/ is whole at every moment. Renaming instead (where the system cannot swap
    two folders) leaves site/ missing if killed between its two renames, and the next build puts the
    previous site back; either way, the next build leaves nothing else beside site/."""
    states = set()
    kill_at = 1
    while True:
        folder = tmp_path / f"{kill_at}"
        site = folder / "site"
        old = previous_site(site)
        new = new_site(old)
        result = publish(site, kill_at, swap)
        finished = result.returncode == 0
        assert finished or result.returncode == -9, result.stderr
        if swap or finished:
            assert tree(site) in (old, new), f"killed before change {kill_at}: {leftovers(folder)}"
        states.add("new" if tree(site) == new else "old" if tree(site) == old else "missing")

        nothing = publish(site, -1, swap)  # the next build starts, and clears up
        assert nothing.returncode == 0, nothing.stderr
        assert tree(site) in (old, new), f"killed before change {kill_at}, then cleared up: {leftovers(folder)}"
        assert leftovers(folder) == []
        if finished:
            assert tree(site) == new
            assert int(result.stdout) == kill_at - 1  # every change was a point to be killed at
            break
        kill_at += 1
    assert kill_at > 10  # the carried kits' links, the swap, deleting the previous site ...
    assert {"old", "new"} <= states
    assert ("missing" in states) is not swap


def test_carried_folders_are_the_very_same_files_and_the_previous_site_is_deleted(tmp_path):
    site = tmp_path / "site"
    previous_site(site)
    inode = (site / "kits" / "same" / "same-0.png").stat().st_ino
    result = publish(site, 0, swap=True)
    assert result.returncode == 0, result.stderr
    assert (site / "kits" / "same" / "same-0.png").stat().st_ino == inode
    assert (site / "kits" / "same" / "same-0.png").stat().st_nlink == 1  # the previous site is gone
    assert not (site / "kits" / "edited" / "edited-0.png").exists()
    assert leftovers(tmp_path) == []


def test_a_site_that_is_a_link_to_a_folder_is_replaced_by_the_new_build(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    old = previous_site(elsewhere)
    (tmp_path / "site").symlink_to(elsewhere, target_is_directory=True)
    result = publish(tmp_path / "site", 0, swap=True)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site").is_symlink()
    assert tree(tmp_path / "site") == new_site(old)
    assert tree(elsewhere) == old  # what the link pointed to is not deleted
    assert leftovers(tmp_path) == ["elsewhere"]


def test_a_running_builds_staging_folder_is_left_alone(tmp_path):
    from reporting_centres.staging import StagedSite

    site = tmp_path / "site"
    running = StagedSite(site)
    (running.folder / "index.html").write_text("being built", encoding="utf-8")
    stopped = tmp_path / ".building-site-stopped"
    stopped.mkdir()
    StagedSite(site).discard()  # another build starts in the same folder, and is dropped
    assert (running.folder / "index.html").is_file()
    assert not stopped.exists()
    running.publish()
    assert (site / "index.html").read_text(encoding="utf-8") == "being built"
    assert leftovers(tmp_path) == []


def test_folders_carried_early_are_linked_while_the_build_goes_on_and_the_rest_at_the_end(tmp_path):
    from reporting_centres.staging import StagedSite

    site = tmp_path / "site"
    old = previous_site(site)
    staged = StagedSite(site)
    staged.carry_early(["kits/same"])
    (staged.folder / "index.html").write_text("new", encoding="utf-8")
    inodes = {name: (site / "kits" / name / f"{name}-0.png").stat().st_ino for name in ("same", "other")}
    staged.publish(carry=["kits/same", "kits/other"])
    assert {name: (site / "kits" / name / f"{name}-0.png").stat().st_ino for name in inodes} == inodes
    assert tree(site) == {"index.html": b"new"} | {path: content for path, content in old.items()
                                                   if path.startswith(("kits/same/", "kits/other/"))}
    assert leftovers(tmp_path) == []


def test_a_failed_build_waits_for_its_early_links_before_it_deletes_its_folder(tmp_path):
    from reporting_centres.staging import StagedSite

    site = tmp_path / "site"
    old = previous_site(site)
    staged = StagedSite(site)
    staged.carry_early(["kits/same", "kits/other"])
    staged.discard()
    assert tree(site) == old
    assert leftovers(tmp_path) == []


def test_a_page_is_alike_only_if_the_published_site_has_it_byte_for_byte_and_alone_in_its_folder(tmp_path):
    from reporting_centres.staging import StagedSite

    site = tmp_path / "site"
    for code, text in {"SAME": "same", "EDITED": "before", "CROWDED": "same"}.items():
        (site / "c" / code).mkdir(parents=True)
        (site / "c" / code / "index.html").write_text(text, encoding="utf-8")
    (site / "c" / "CROWDED" / "stray.txt").write_text("not a build's", encoding="utf-8")
    (site / "c" / "FILE").write_text("a file where a folder is wanted", encoding="utf-8")
    staged = StagedSite(site)
    pages = {f"c/{code}/index.html": text for code, text in
             {"SAME": "same", "EDITED": "after", "CROWDED": "same", "NEW": "new", "FILE": "x"}.items()}
    assert staged.published_alike(pages) == {"c/SAME/index.html"}
    staged.discard()


def test_folders_that_cannot_be_carried_stop_the_build_and_leave_the_previous_site(tmp_path):
    from reporting_centres.staging import StagedSite

    site = tmp_path / "site"
    old = previous_site(site)
    staged = StagedSite(site)
    staged.carry_early(["kits/same", "kits/gone"])
    with pytest.raises(OSError, match=r"(?s)could not be linked.*kits/gone"):
        staged.publish(carry=["kits/same", "kits/gone"])
    staged.discard()
    assert tree(site) == old
    assert leftovers(tmp_path) == []

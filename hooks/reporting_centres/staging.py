"""Build into a folder beside site/ and put it in place, whole and at once, only when the whole build succeeded.

MkDocs empties site/ before writing, and later stages (the brand kits, plugins' post-build steps,
strict mode's count of warnings) can still fail after every page is written. So the build is written
into a sibling staging folder, and at the very end the two folders trade places in one atomic step
(Linux's ``renameat2`` with ``RENAME_EXCHANGE``): a failed build leaves the previous site/ exactly as
it was, and a build stopped at any moment, the swap included, leaves at site/ either the complete
previous site or the complete new one, never a missing or partial one. site/ stays a plain folder, so
it can be served, copied to a host or published by ``mkdocs gh-deploy`` as before.

Where the system cannot swap two folders (not Linux, or a file system without it), site/ is renamed
aside and the new one renamed in; a build stopped between those two renames leaves site/ missing
until the next build, which first puts the previous site back.

Each build starts by removing what stopped builds left beside site/ (``.building-site-*``). A
build's own folders are locked (``flock``) while it runs, so a build running at the same time in the
same folder is left alone; a stopped process holds no lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: builds there do not lock their folders
    fcntl = None  # type: ignore[assignment]

LINKER = """
import os, shutil, sys
source, target = sys.argv[1:3]
for path in sys.stdin.buffer.read().decode().split("\\0"):
    shutil.copytree(os.path.join(source, path), os.path.join(target, path), symlinks=True, copy_function=os.link)
"""  # a program of its own (python -I -S: the standard library alone): each folder named on stdin, linked across
PREFIX = ".building-"  # staging folders are named .building-<site>-<random>, beside the site folder
AT_FDCWD = -100
RENAME_EXCHANGE = 2
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class StagedSite:
    """One build's staging folder, and the site folder it will replace."""

    def __init__(self, site_dir: str | Path):
        self.target = Path(site_dir).absolute()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.target)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.target.name}-", dir=self.target.parent))
        self._lock = _lock(self.folder)
        self._linking: threading.Thread | None = None
        self._linked: tuple[str, ...] = ()
        self._link_error: BaseException | None = None
        umask = os.umask(0)
        os.umask(umask)
        self.folder.chmod(0o777 & ~umask)  # as a plain mkdir would, not mkdtemp's 0700

    def published_alike(self, pages: dict[str, str]) -> set[str]:
        """Those of ``pages`` (text by path in the site, each the only file in its folder) that the
        published site has byte for byte, alone in the same folder: their folders can be carried over
        (``carry_early``) instead of written again."""
        alike = set()
        for path, text in pages.items():
            published = os.path.join(self.target, path)
            try:
                if os.listdir(os.path.dirname(published)) != [os.path.basename(path)]:
                    continue
                with open(published, "rb") as file:
                    if file.read() == text.encode("utf-8"):
                        alike.add(path)
            except OSError:  # not published, or not a folder
                continue
        return alike

    def carry_early(self, carry: Iterable[str]) -> None:
        """Start linking the folders ``carry`` names across from the site folder (see ``publish``) while
        the build goes on, in a process of its own (``LINKER``): thousands of links made by a thread of
        the build would each take the interpreter's lock back from the build's Python."""
        self._linked = tuple(carry)
        if self._linked and (self.target.exists() or self.target.is_symlink()):
            self._linking = threading.Thread(target=self._link_all, args=(self._linked,), daemon=True)
            self._linking.start()
        else:
            self._linked = ()

    def _link_all(self, carry: tuple[str, ...]) -> None:
        try:
            linker = subprocess.run([sys.executable, "-I", "-S", "-c", LINKER, str(self.target), str(self.folder)],
                                    input="\0".join(carry).encode(), capture_output=True, check=False)
            if linker.returncode:
                raise OSError(f"the previous site's unchanged files could not be linked into the new one:\n"
                              f"{linker.stderr.decode(errors='replace').strip()}")
        except BaseException as error:  # noqa: BLE001 - reported by publish, in the build's own thread
            self._link_error = error

    def _wait_for_links(self) -> None:
        if self._linking is not None:
            self._linking.join()
            self._linking = None

    def publish(self, carry: Iterable[str] = ()) -> None:
        """Put the finished build in place of the site folder, with the folders ``carry`` names (paths
        inside the site that the build left to the previous one, unchanged) taken across from it,
        and delete the previous build.

        The carried folders' files are hard-linked (the very same files, not copies) into the new
        build before the swap, so that the previous site stays whole until the swap and the new one
        is whole from it on."""
        try:
            if not (self.target.exists() or self.target.is_symlink()):
                os.rename(self.folder, self.target)
                return
            self._wait_for_links()
            if self._link_error is not None:
                raise self._link_error
            for path in carry:
                if path not in self._linked:
                    shutil.copytree(self.target / path, self.folder / path, symlinks=True, copy_function=os.link)
            if _exchange(self.folder, self.target):
                _remove(self.folder)  # now the previous build
            else:
                self._publish_by_renaming()
        finally:
            _unlock(self._lock)
            self._lock = None

    def _publish_by_renaming(self) -> None:
        """Where two folders cannot be swapped: the previous site is renamed aside, into a folder of
        its own that the next build recognises (``remove_leftovers``), then the new one renamed in."""
        holder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.target.name}-old-", dir=self.target.parent))
        lock = _lock(holder)
        try:
            os.rename(self.target, holder / self.target.name)
            os.rename(self.folder, self.target)
            _remove(holder)
        finally:
            _unlock(lock)

    def discard(self) -> None:
        self._wait_for_links()
        _remove(self.folder)
        _unlock(self._lock)
        self._lock = None


def remove_leftovers(target: Path) -> None:
    """Delete the staging folders and previous builds that stopped builds left beside ``target``,
    except those a running build holds; if a build was stopped between renaming the previous site
    aside and the new one in (``StagedSite._publish_by_renaming``), put the previous one back first."""
    prefix = f"{PREFIX}{target.name}-"
    try:
        entries = sorted(entry for entry in os.listdir(target.parent) if entry.startswith(prefix))
    except FileNotFoundError:
        return
    for name in entries:
        folder = target.parent / name
        if folder.is_symlink() or not folder.is_dir():
            continue
        lock = _lock(folder, wait=False)
        if lock is False:
            continue  # a build running now
        try:
            previous = folder / target.name
            if name.startswith(f"{prefix}old-") and previous.is_dir() and not (target.exists() or target.is_symlink()):
                os.rename(previous, target)
            _remove(folder)
        finally:
            _unlock(lock)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step, or False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later, musl 1.2.4 and later
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in UNSUPPORTED:
        return False
    raise OSError(number, os.strerror(number), str(first), None, str(second))


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _lock(folder: Path, wait: bool = True) -> int | bool | None:
    """An exclusive lock on the folder while this process holds it (the descriptor); False if another
    process holds it and ``wait`` is false; None where there is nothing to lock with."""
    if fcntl is None:
        return None
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(descriptor)
        return False
    return descriptor


def _unlock(lock: int | bool | None) -> None:
    if isinstance(lock, int) and not isinstance(lock, bool):
        with contextlib.suppress(OSError):
            os.close(lock)


def strict_warnings(config) -> bool:
    """Whether strict mode is about to fail this build for the warnings logged so far.

    MkDocs counts them after the post-build event, with a handler on its logger, so the last
    post-build step looks at the same count before it publishes.
    """
    if not config.strict:
        return False
    from mkdocs.utils import CountHandler

    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(handler, CountHandler) and handler.get_counts() for handler in handlers)

"""Files the build writes from a forked copy of itself, on the other core, while it writes its pages.

MkDocs writes the pages one at a time in one Python process, and after an edit that process is the
build's whole length: the kit workers are done in a second or two. Files that need nothing MkDocs
makes later (the open data and the staff pages, from the public projection and the kit plan) are
made and written by a child forked from the build: it shares everything the build has loaded
(nothing is imported again or sent over), writes into the staging folder, sends back what the build
needs of them (the staff pages' inline scripts' hashes, for ``_headers``) and exits. It runs at a
somewhat lower priority than the build, so that the pages come first. The build waits for it
before anything is put in place.

A process with other threads cannot be forked safely (``mkdocs serve``, or a build whose kit
links have started): there, and where there is no ``fork`` (Windows), the same function runs in the
build's own process, with the same files as the result.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

# The pages, in the build's process, are the rebuild's longest path: on two idle cores they and the kit
# worker come first and the child takes what is left. Not lower: where other work fills the cores, a
# child at niceness 10 gets a tenth of one, and the build would end waiting for it.
CHILD_NICENESS = 5
Made = tuple[dict[str, str], set[str]]  # the files' text by path in the site, and the strings the build keeps


class WrittenApart:
    """Files made by ``make`` and written into ``folder``, by a forked child where that is safe."""

    def __init__(self, folder: Path, make: Callable[[], Made]):
        self.folder = folder
        self.pid: int | None = None
        self._reader: int | None = None
        self._kept: set[str] | None = None
        if hasattr(os, "fork") and threading.active_count() == 1:
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(reader)
                _child(folder, make, writer)
            os.close(writer)
            self.pid, self._reader = pid, reader
        else:
            files, self._kept = make()
            write_files(folder, files)

    def wait(self) -> set[str]:
        """The strings ``make`` kept, once every file is written; RuntimeError with the child's
        traceback if making them failed."""
        if self._kept is not None:
            return self._kept
        assert self._reader is not None and self.pid is not None
        with os.fdopen(self._reader, "rb") as stream:
            self._reader = None
            message = stream.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) != 0 or not message:
            raise RuntimeError(message.decode("utf-8", "replace") or f"the writing process stopped ({status})")
        self._kept = set(json.loads(message))
        return self._kept

    def cancel(self) -> None:
        """A failed build: stop the child, if it still runs, before its folder is removed."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None


def _child(folder: Path, make: Callable[[], Made], writer: int) -> None:
    """Make and write the files, send the kept strings (or the error) to the build, and exit at once:
    no exit handlers, no flushing of the build's buffers, nothing else of the build runs here."""
    code = 1
    gc.disable()  # short-lived: the collector would only walk (and copy) the build's whole heap
    os.nice(CHILD_NICENESS)
    try:
        files, kept = make()
        write_files(folder, files)
        message = json.dumps(sorted(kept)).encode()
        code = 0
    except BaseException:  # noqa: BLE001 - reported to the build, which raises it
        message = traceback.format_exc().encode()
    try:
        with os.fdopen(writer, "wb") as stream:
            stream.write(message)
    finally:
        os._exit(code)


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Each file's text, by path in ``folder``."""
    made = set()
    for path, text in files.items():
        target = os.path.join(folder, path)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(target, "w", encoding="utf-8") as stream:
            stream.write(text)

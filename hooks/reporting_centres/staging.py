"""Build into a folder beside site/ and put it in place only when the whole build succeeded.

MkDocs empties site/ before writing, and later stages (the brand kits, plugins' post-build steps,
strict mode's count of warnings) can still fail after every page is written. Building into a
sibling folder and renaming it over site/ at the very end means a failed build leaves the previous
site/ exactly as it was, and a published folder never holds half of one build and half of another.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

PREFIX = ".building-"  # staging folders are named .building-<site>-<random>, beside the site folder


class StagedSite:
    """One build's staging folder, and the site folder it will replace."""

    def __init__(self, site_dir: str | Path):
        self.target = Path(site_dir).absolute()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.target.name}-", dir=self.target.parent))
        umask = os.umask(0)
        os.umask(umask)
        self.folder.chmod(0o777 & ~umask)  # as a plain mkdir would, not mkdtemp's 0700

    def publish(self, carry: Iterable[str] = ()) -> None:
        """Swap the finished build into place, move the folders ``carry`` names (paths inside the
        site that the build left to the previous one, unchanged) across, and delete the rest of
        the previous build."""
        previous = None
        if self.target.exists() or self.target.is_symlink():
            previous = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.target.name}-old-", dir=self.target.parent))
            os.rename(self.target, previous / self.target.name)
        os.rename(self.folder, self.target)
        if previous is not None:
            for path in carry:
                (self.target / path).parent.mkdir(parents=True, exist_ok=True)
                os.rename(previous / self.target.name / path, self.target / path)
            shutil.rmtree(previous, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


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

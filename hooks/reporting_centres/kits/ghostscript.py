"""Where Ghostscript is, and which version: the soft proofs are separated by it (``proof.py``).

Kept apart from ``proof.py`` so that the build can check for it, and key the proofs by its version,
without loading what draws them.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from .jobs import KitRenderError

INSTALL = "run scripts/setup-system.sh, which installs the Debian package ghostscript"


def ghostscript() -> str:
    """The Ghostscript program, or KitRenderError saying how to install it."""
    program = shutil.which("gs")
    if program is None:
        raise KitRenderError(f"the soft proofs need Ghostscript (gs), which is not installed: {INSTALL}; or set "
                             "outputs.proof_dpi to null in brand.yml to make none")
    return program


@cache
def ghostscript_version() -> str:
    """Part of a proof's cache key, since its pixels depend on it."""
    result = subprocess.run([ghostscript(), "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip()

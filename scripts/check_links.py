#!/usr/bin/env python3
"""Check that every centre's website answers, with timeouts and retries.

Run weekly by .github/workflows/links.yml, never on pull requests: a website that is
down for an hour must not block someone correcting their opening hours.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

USER_AGENT = "reporting-centres-link-check/1.0 (+https://github.com/)"


def check(url: str, timeout: float, retries: int, pause: float = 2.0) -> str | None:
    """None when the address answers; otherwise why it did not, after ``retries`` tries."""
    reason = "not tried"
    for attempt in range(retries):
        for method in ("HEAD", "GET"):  # some servers refuse HEAD
            request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    if response.status < 400:
                        return None
                    reason = f"HTTP {response.status}"
            except urllib.error.HTTPError as error:
                reason = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = str(getattr(error, "reason", error))
        if attempt + 1 < retries:
            time.sleep(pause)
    return reason


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--timeout", type=float, default=15)
    parser.add_argument("--retries", type=int, default=3)
    args = parser.parse_args(argv)

    from reporting_centres.config import project_from_mkdocs
    from reporting_centres.validate import load_centres

    project = project_from_mkdocs(Path(args.config))
    websites = [(c.slug, c.contact.website) for c in load_centres(project.region, project.root) if c.contact.website]
    failures = 0
    for slug, website in websites:
        problem = check(website, args.timeout, args.retries)
        if problem:
            failures += 1
            print(f"{project.region.centres_dir}/{slug}.yml: contact.website: {website} "
                  f"did not answer ({problem}); ask the centre for its current address")
    print(f"{len(websites) - failures} of {len(websites)} websites answered.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""What of a generated page mkdocs-material's search indexes.

The theme's search plugin reads every page's HTML element by element, in Python: a centre page
took about 2 ms of the build, most of it spent on what nobody searches for (the opening-hours
table, the ways to report and the emergency numbers every page repeats, the map's text), and the
directory and borough pages repeat every centre's summary that the centre's own page holds; the
printers' page's table of every centre's files (a third of the index, at 1,000 centres) is the manifest's
job, not a search's. Templates
wrap such parts in ``NOT_SEARCHED`` ... ``SEARCHED``; the plugin is handed the page without them, and
the page itself is published whole, without the marks.
"""

from __future__ import annotations

import re

from markupsafe import Markup

NOT_SEARCHED = Markup("<!--rc:not-searched-->")
SEARCHED = Markup("<!--/rc:not-searched-->")
_UNSEARCHED_PARTS = re.compile(re.escape(NOT_SEARCHED) + ".*?" + re.escape(SEARCHED), re.DOTALL)


def searched_part(html: str) -> str:
    """The page as the site's search should index it: without the parts marked as not searched."""
    return _UNSEARCHED_PARTS.sub("", html) if NOT_SEARCHED in html else html


def without_marks(html: str) -> str:
    """The page as it is published: all of it, without the marks."""
    return html.replace(NOT_SEARCHED, "").replace(SEARCHED, "") if NOT_SEARCHED in html else html

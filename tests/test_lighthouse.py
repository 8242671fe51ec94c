"""scripts/lighthouse.py reads Lighthouse's report and its arguments right (Lighthouse itself is not run
here: it takes a minute a page; see the README's figures)."""

from __future__ import annotations

import json
import sys

import pytest

from helpers import FIXTURE, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import lighthouse

REPORT = json.loads((FIXTURE.parent / "lighthouse-home.json").read_text(encoding="utf-8"))  # a real one, trimmed


def test_scores_and_the_audits_that_cost_points_from_a_saved_report():
    scores = lighthouse.page_scores("", REPORT)
    assert scores.scores == {"performance": 94, "accessibility": 100, "best-practices": 100, "seo": 100}
    assert "Performance: First Contentful Paint" in scores.lost
    assert not [audit for audit in scores.lost if audit.startswith(("Accessibility", "SEO"))]
    assert "Performance: Minify JavaScript" not in scores.lost  # no weight in the score: not counted
    assert not scores.meets(98) and scores.meets(94)


def test_the_table_names_each_page_and_the_goal():
    lines = lighthouse.table([lighthouse.page_scores("", REPORT),
                              lighthouse.PageScores("directory/", dict.fromkeys(lighthouse.CATEGORIES, 99), ())])
    assert lines.splitlines()[1].split() == ["/", "94", "100", "100", "100", "goal", "missed"]
    assert lines.splitlines()[2].split() == ["directory/", "99", "99", "99", "99", "goal", "met"]


def test_a_folder_without_a_built_site_is_refused_with_what_to_do(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        lighthouse.parse_arguments(["--site", str(tmp_path)])
    assert stopped.value.code == 2
    assert "no built site there" in capsys.readouterr().err


def test_the_default_pages_are_real_pages_not_redirects(built_site):
    pages = lighthouse.default_pages(built_site)
    assert pages[:2] == ["", "directory/"]
    assert pages[2].startswith("centres/") and pages[3].startswith("boroughs/")
    assert 'http-equiv="refresh"' not in (built_site / pages[2] / "index.html").read_text(encoding="utf-8")
    arguments = lighthouse.parse_arguments(["--site", str(built_site), "--pages", "", "near/"])
    assert arguments.pages == ["", "near/"] and arguments.chrome
    assert lighthouse.parse_arguments(["--site", str(built_site), "--runs", "5"]).runs == 5
    with pytest.raises(SystemExit):
        lighthouse.parse_arguments(["--site", str(built_site), "--runs", "0"])


def test_several_runs_give_each_score_its_median():
    runs = [lighthouse.PageScores("directory/", {"performance": score, "seo": 100}, lost)
            for score, lost in ((61, ("Performance: Total Blocking Time",)), (99, ()), (97, ()))]
    median = lighthouse.median_scores(runs)
    assert median.scores == {"performance": 97, "seo": 100}
    assert median.lost == ("Performance: Total Blocking Time",)

"""The site's scripts check forms and measure distances with the validator's own rules.

``tests/js/`` holds Node unit tests of ``theme/assets/rc/lib.js``; they read ``tests/js/rules.json``
(what the build writes into the pages) and ``tests/js/cases.json``, a table of inputs with the
validator's verdicts that the tests here check against Python, so that neither side can drift.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable

import pytest
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from helpers import ROOT, run
from reporting_centres import nearby, rules
from reporting_centres.apply_issue import _closures, _language_codes, _Wrong
from reporting_centres.model import Closure
from reporting_centres.script_rules import distance_rules, form_rules, script_rules_text

JS_TESTS = ROOT / "tests" / "js"
CASES = json.loads((JS_TESTS / "cases.json").read_text(encoding="utf-8"))
RULES: dict[str, Callable[[str], object]] = {
    "postcode": rules.uk_postcode,
    "phone": rules.uk_phone,
    "email": rules.email_address,
    "https": rules.https_url,
    "hours": rules.day_hours,
    "languages": lambda value: _apply_issue_accepts(_language_codes, value),
    "closures": lambda value: [Closure.model_validate({"from": start, "to": end, "reason": reason})
                               for start, end, reason in _apply_issue_accepts(_closures, value)],
}


def _apply_issue_accepts(parse, value):
    """What `centres apply-issue` reads from an answer, or the validator's kind of error."""
    try:
        return parse(value)
    except _Wrong as wrong:
        raise PydanticCustomError("answer", str(wrong)) from None


def accepts(rule: str, value: str) -> bool:
    try:
        RULES[rule](value)
    except (PydanticCustomError, ValidationError):
        return False
    return True


def test_the_node_tests_read_the_rules_the_build_writes():
    current = script_rules_text()
    assert (JS_TESTS / "rules.json").read_text(encoding="utf-8") == current, (
        "tests/js/rules.json is out of date: run "
        ".venv/bin/python -m reporting_centres.script_rules > tests/js/rules.json")


@pytest.mark.parametrize("case", CASES["forms"], ids=lambda case: f"{case['rule']}:{case['value']}")
def test_the_validator_gives_each_shared_case_its_verdict(case):
    assert case["rule"] in RULES
    assert accepts(case["rule"], case["value"]) == case["valid"]


def test_the_browser_is_only_ever_more_lenient_than_the_validator():
    """A visitor must never be stopped from sending what the validator would accept."""
    lenient = [case for case in CASES["forms"] if "browser" in case]
    assert all(case["browser"] is True and case["valid"] is False and case["why"] for case in lenient)


@pytest.mark.parametrize("case", CASES["distances"], ids=lambda case: case["about"])
def test_distances_the_scripts_must_agree_with(case):
    start, end = tuple(case["from"]), tuple(case["to"])
    assert nearby.geodesic_km(start, end) == pytest.approx(case["geodesic_km"], abs=1e-6)
    assert nearby.haversine_km(start, end) == pytest.approx(case["haversine_km"], rel=1e-12)
    assert abs(case["haversine_km"] - case["geodesic_km"]) / case["geodesic_km"] <= nearby.HAVERSINE_TOLERANCE


def test_node_unit_tests_of_the_site_scripts_pass():
    node = shutil.which("node")
    assert node, "Node.js is missing: `bash scripts/setup-system.sh` installs it"
    # named: Node versions differ in how they search a folder
    files = sorted(str(path) for path in JS_TESTS.glob("*.test.js"))
    assert files
    result = run([node, "--test", *files])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"^# pass [1-9]", result.stdout, re.MULTILINE), result.stdout[-2000:]


def embedded_rules(page: str) -> list[dict]:
    found = re.findall(r'<script type="application/json" data-rc-rules>(.*?)</script>', page, re.DOTALL)
    return [json.loads(text) for text in found]  # Jinja's tojson escapes <, >, & and ' as \u00XX


def test_the_pages_carry_the_rules_their_scripts_use(built_site):
    for form_page in ("update/index.html", "join/index.html"):
        assert embedded_rules((built_site / form_page).read_text(encoding="utf-8")) == [form_rules()], form_page
    directory = (built_site / "directory/index.html").read_text(encoding="utf-8")
    assert embedded_rules(directory) == [distance_rules()]

"""scripts/bench.py runs end to end and prints every figure: measured, never a timed assertion.

It runs with 10 centres rather than --quick's 100: every figure is printed at any N, and a tenth of
the brand kits to draw keeps the suite quick; the real benchmark keeps its sizes.
"""

from __future__ import annotations

import re

import pytest

from helpers import BIN, ROOT, run


@pytest.mark.slow
def test_benchmark_prints_every_figure():
    result = run([str(BIN / "python"), str(ROOT / "scripts" / "bench.py"), "--sizes", "10"])
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "N = 10 centres" in out and re.search(r"\d+ cores", out)
    for label in ("(a) baseline", "(b) full build, empty brand-kit cache", "(c) rebuild after editing one centre"):
        line = next((line for line in out.splitlines() if label in line), "")
        assert re.search(r"\d+\.\d s +\d+\.\d\dx baseline", line), f"{label}: no time and ratio in {line!r}"
    assert re.search(r"kit items re-rendered in \(c\): \d+ \(\d+ from the cache\)", out)
    assert re.search(r"peak memory: [\d,]+ MiB largest process; [\d,]+ MiB", out)
    assert re.search(r"directory page with what it loads: [\d,]+ KB gzip \(HTML", out)
    assert re.search(r"site size: [\d,.]+ MB, [\d,]+ KB per centre \(brand kits [\d,]+ KB", out)
    assert re.search(r"map data: (no map data|\d+ GeoJSON file)", out)
    assert re.search(r"coordinator's report \(centres report[^)]*\): \d+\.\d s; goal < 10 s", out)
    assert re.search(r"filter keystroke[^:]*: (median [\d.]+ ms|not measured)", out)
    assert out.count("goal") >= 6
    assert not (ROOT / "site" / ".bench").exists()

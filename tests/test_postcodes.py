"""`centres postcodes`: the district and sector tables the site looks postcodes up in, from an
ONS Postcode Directory CSV (here a small one in ONSPD's own format)."""

from __future__ import annotations

import json

import pytest
import yaml

from helpers import BIN, fixture_config, run
from reporting_centres.errors import DataError
from reporting_centres.postcodes import postcode_centroids, sector_of

ONSPD = """\ufeffpcd,pcd2,pcds,dointr,doterm,oslaua,lat,long
M24 6AB,M24  6AB,M24 6AB,198001,,E08000005,53.550000,-2.200000
M24 6DE,M24  6DE,M24 6DE,198001,,E08000005,53.552000,-2.204000
M24 1AA,M24  1AA,M24 1AA,198001,,E08000005,53.560000,-2.210000
M24 6ZZ,M24  6ZZ,M24 6ZZ,198001,200012,E08000005,50.000000,-1.000000
M24 9ZZ,M24  9ZZ,M24 9ZZ,198001,,E08000005,99.999999,0.000000
M1  1AE,M1   1AE,M1 1AE,198001,,E08000003,53.480000,-2.238000
G1  1AA,G1   1AA,G1 1AA,198001,,S12000049,55.860000,-4.250000
"""


def test_districts_and_sectors_are_the_mean_of_their_live_postcodes(tmp_path):
    onspd = tmp_path / "ONSPD.csv"
    onspd.write_text(ONSPD, encoding="utf-8")
    centroids = postcode_centroids(onspd, ("M",))  # G1 is not in the region's areas
    assert centroids.districts == {"M1": [53.48, -2.238], "M24": [53.554, -2.205]}
    assert centroids.sectors == {"M1 1": [53.48, -2.238], "M24 1": [53.56, -2.21], "M24 6": [53.551, -2.202]}
    assert sector_of("m24 6ab") == "M24 6" and sector_of("M24") == ""


def test_a_file_that_is_not_onspd_is_refused_with_its_name(tmp_path):
    onspd = tmp_path / "other.csv"
    onspd.write_text("postcode,latitude\nM1 1AE,53.48\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        postcode_centroids(onspd)


def test_the_command_writes_both_tables_into_the_docs(tmp_path):
    config = fixture_config()
    config["docs_dir"] = str(tmp_path / "docs")  # never the project's own docs/
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (tmp_path / "ONSPD_NOV_2026_UK.csv").write_text(ONSPD, encoding="utf-8")
    result = run([str(BIN / "centres"), "--config", str(tmp_path / "mkdocs.yml"), "postcodes",
                  "ONSPD_NOV_2026_UK.csv", "--areas", "M"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("wrote docs/data/postcode-districts.json: 2 postcode districts, "
                                     "and docs/data/postcode-sectors.json: 3 postcode sectors")
    sectors = json.loads((tmp_path / "docs" / "data" / "postcode-sectors.json").read_text(encoding="utf-8"))
    assert sectors == {"source": "ONSPD_NOV_2026_UK.csv",
                       "sectors": {"M1 1": [53.48, -2.238], "M24 1": [53.56, -2.21], "M24 6": [53.551, -2.202]}}
    districts = json.loads((tmp_path / "docs" / "data" / "postcode-districts.json").read_text(encoding="utf-8"))
    assert set(districts["districts"]) == {"M1", "M24"}

"""The region's settings, read from ``extra.reporting_centres`` in mkdocs.yml.

Boroughs, bounds and services are configuration, not code, so that another region can
reuse the generator by editing one file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from . import rules
from .errors import DataError, Problem


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bounds(Settings):
    south: float
    west: float
    north: float
    east: float

    def range(self, axis: str) -> tuple[float, float]:
        return (self.south, self.north) if axis == "latitude" else (self.west, self.east)


class StopHateUK(Settings):
    phone: str = "0800 138 1625"
    url: str = "https://www.stophateuk.org/"


class Freshness(Settings):
    verify_every_days: int = Field(365, ge=1)
    warn_days_before: int = Field(60, ge=0)
    hide_after_days: int | None = Field(None, ge=1, description="Hide centres this many days past due")
    training_every_days: int = Field(365, ge=1, description="Champions' refresher training is annual")
    changed_within_days: int = Field(30, ge=0,
                                     description="A changed centre file must have been verified this recently")


class Report(Settings):
    """The coordinator's report (``centres report``): its goals and how finely it maps the gaps."""

    gap_km: float = Field(5.0, gt=0, description="A place farther than this from every open centre is a gap")
    grid_km: float = Field(1.0, gt=0, le=50, description="The coverage map's grid: the side of a cell")
    training_sessions_a_year: int = Field(1, ge=0, description="Training sessions the coordinator runs per borough")
    support_visits_a_year: int = Field(2, ge=0, description="1-2-1 support visits each centre should have")
    evening_after: str = Field("18:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                               description="A centre open after this time on some day is open in the evening")


class Region(Settings):
    name: str
    boroughs: list[str] = Field(min_length=1)
    bounds: Bounds
    demonstration: bool = False
    centres_dir: str = Field("centres", description="The centre files' folder, from mkdocs.yml's folder")
    brand_dir: str = Field("brand", description="brand.yml, the kit templates and the logo, from mkdocs.yml's folder")
    register_dir: str = Field("private", description="The private register (one file per centre, never committed "
                              "to the public repository); $CENTRES_REGISTER overrides it")
    true_vision_url: str = "https://www.report-it.org.uk/"
    stop_hate_uk: StopHateUK | None = None
    coordinator_email: Annotated[str, AfterValidator(rules.email_address)] | None = None
    github_repo: str = Field("example-org/reporting-centres", description="owner/name, for update issues")
    quick_exit_url: str = "https://www.bbc.co.uk/weather"
    freshness: Freshness = Freshness()
    site_url: str = Field("", description="Set from mkdocs.yml's site_url; used for absolute links and QR codes")
    postcodes_io: bool = Field(False, description="Offer a consented postcode lookup through postcodes.io")
    languages: list[Annotated[str, AfterValidator(rules.language_code)]] | None = Field(
        None, description="The languages the region wants offered (ISO codes); the report's coverage is measured "
        "against them. Default: every language some centre offers")
    site_languages: list[Annotated[str, AfterValidator(rules.language_code)]] = Field(
        ["en"], min_length=1, description="The languages the visitor pages are published in, the main one "
        "(theme.language) first at the site's root, each other in a folder of its code (ur/); each needs "
        "translations/<code>.yml and docs/<code>/ (README: Languages). Not `languages`, which is about the "
        "languages centres speak")
    report: Report = Report()

    def centre_url(self, slug: str) -> str:
        """A centre's page: absolute where site_url is set (QR codes, open data), else from the site's root."""
        return f"{self.site_url.rstrip('/')}/centres/{slug}/" if self.site_url else f"centres/{slug}/"

    def short_url(self, code: str) -> str:
        """A centre's short, permanent address (``code:`` in its file): a redirect to its page."""
        return f"{self.site_url.rstrip('/')}/c/{code}/" if self.site_url else f"c/{code}/"


@dataclass(frozen=True)
class Project:
    region: Region
    root: Path
    docs_dir: Path


def project_from_mkdocs(config_file: str | Path = "mkdocs.yml") -> Project:
    """The region and the project's folders, read through MkDocs so that paths resolve as in a build."""
    from mkdocs.config import load_config

    path = Path(config_file)
    if not path.is_file():
        raise DataError([Problem(str(path), 0, 0, "", "no such file; run from the project folder or pass --config")])
    config = load_config(str(path))
    region = region_from_extra(config["extra"], path.name, config["site_url"] or "")
    return Project(region, path.resolve().parent, Path(config["docs_dir"]))


def region_from_extra(extra: Mapping[str, Any] | None, source: str = "mkdocs.yml", site_url: str = "") -> Region:
    settings = dict((extra or {}).get("reporting_centres") or {})
    if site_url:
        settings["site_url"] = site_url
    try:
        return Region.model_validate(settings)
    except ValidationError as error:
        raise DataError(
            [
                Problem(source, 0, 0, "extra.reporting_centres." + ".".join(map(str, e["loc"])), e["msg"])
                for e in error.errors()
            ]
        ) from None

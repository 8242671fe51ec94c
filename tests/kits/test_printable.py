"""Text the kits can draw: validation refuses, at the field's place, a printed character no brand font
has, so that one centre's text can never stop the kits being drawn."""

from __future__ import annotations

from helpers import BIN, mkdocs_build, region_copy, run

SLUG = "eccles-community-rooms"


def with_name(tmp_path, name: str):
    project = region_copy(tmp_path, SLUG)
    path = project / "centres" / f"{SLUG}.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(index for index, line in enumerate(lines) if line.startswith("name: "))
    lines[at] = f'name: "{name}"\n'
    path.write_text("".join(lines), encoding="utf-8")
    return project, at + 1


def validate(project):
    return run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "validate"], cwd=project)


def test_an_emoji_the_fonts_lack_is_refused_at_its_place_before_anything_is_drawn(tmp_path):
    project, line = with_name(tmp_path, "LGBT+ Centre \U0001F3F3\ufe0f\u200d\U0001F308")
    result = validate(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"centres/{SLUG}.yml:{line}:7: name: the brand kit prints this, and its fonts cannot draw U+1F3F3 WAVING "
        "WHITE FLAG, U+FE0F VARIATION SELECTOR-16, U+1F308 RAINBOW; write it without, in words (an emoji's "
        "meaning, for example), or add a font that has it to fonts.fallbacks in brand.yml")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    built = mkdocs_build(project / "mkdocs.yml", site)
    assert built.returncode != 0 and "U+1F3F3 WAVING WHITE FLAG" in built.stderr
    assert "Traceback" not in built.stderr + result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_names_in_the_regions_scripts_are_drawn(tmp_path):
    urdu, bengali, chinese = "\u0645\u0631\u06a9\u0632", "\u0995\u09c7\u09a8\u09cd\u09a6\u09cd\u09b0", "\u4e2d\u5fc3"
    project, _ = with_name(tmp_path, f"Eccles {urdu} {bengali} {chinese}")
    result = validate(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 centre checked: no problems found."

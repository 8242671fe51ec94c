"""Nearest other centres: the grid search must agree with a plain search over every pair."""

from __future__ import annotations

import random

from helpers import FIXTURE_CENTRES, FIXTURE_CONFIG
from reporting_centres.config import project_from_mkdocs
from reporting_centres.model import Status
from reporting_centres.nearby import CentreGrid, haversine_km, nearest_centres
from reporting_centres.validate import load_centres


def centre_at(template, slug, lat, lon, status="active"):
    address = template.address.model_copy(update={"latitude": lat, "longitude": lon})
    return template.model_copy(update={"slug": slug, "name": slug, "address": address, "status": Status(status)})


def template_centre():
    project = project_from_mkdocs(FIXTURE_CONFIG)
    return load_centres(project.region, project.root, [FIXTURE_CENTRES / "bolton-central-library.yml"])[0]


def test_grid_search_matches_brute_force_on_random_centres():
    template = template_centre()
    rng = random.Random(7)
    centres = tuple(centre_at(template, f"c{i}", rng.uniform(53.33, 53.69), rng.uniform(-2.75, -1.90))
                    for i in range(300))
    found = nearest_centres(centres, 3)
    for centre in centres:
        here = (centre.address.latitude, centre.address.longitude)
        expected = sorted((haversine_km(here, (o.address.latitude, o.address.longitude)), o.slug)
                          for o in centres if o.slug != centre.slug)[:3]
        assert [n.centre.slug for n in found[centre.slug]] == [slug for _, slug in expected]


def test_distances_are_geodesic_and_closed_centres_are_never_suggested():
    template = template_centre()
    centres = (
        centre_at(template, "a", 53.48, -2.24),
        centre_at(template, "b", 53.49, -2.24),        # about 1.11 km north of a
        centre_at(template, "c", 53.48, -2.20, "closed"),
        centre_at(template, "d", 53.60, -2.40),
    )
    found = nearest_centres(centres, 3)
    assert [n.centre.slug for n in found["a"]] == ["b", "d"]
    assert abs(found["a"][0].km - 1.113) < 0.002
    assert abs(found["a"][0].miles - 0.6916) < 0.002


def test_a_lone_centre_has_no_neighbours():
    assert nearest_centres((template_centre(),), 3) == {"bolton-central-library": ()}


def test_the_nearest_centres_to_any_place_match_brute_force():
    """The pages per postcode district ask the grid for the centres nearest a place, which may lie
    between centres, in a cell of its own, or far outside the region."""
    template = template_centre()
    rng = random.Random(11)
    centres = tuple(centre_at(template, f"c{i}", rng.uniform(53.33, 53.69), rng.uniform(-2.75, -1.90),
                              "closed" if i % 10 == 0 else "active") for i in range(300))
    grid = CentreGrid(centres)
    places = [(rng.uniform(53.2, 53.8), rng.uniform(-2.9, -1.7)) for _ in range(200)] + [(51.5, -0.12), (57.1, -2.1)]
    for place in places:
        expected = sorted((haversine_km(place, (c.address.latitude, c.address.longitude)), c.slug)
                          for c in centres if c.status is not Status.closed)[:5]
        assert [(km, slug) for km, slug, _ in grid.nearest(place, 5)] == expected


def test_distances_are_remembered_between_builds_and_measured_again_for_a_centre_that_moved(tmp_path, monkeypatch):
    from reporting_centres import nearby

    template = template_centre()
    rng = random.Random(3)
    centres = tuple(centre_at(template, f"c{i}", rng.uniform(53.33, 53.69), rng.uniform(-2.75, -1.90))
                    for i in range(40))
    path = tmp_path / ".cache" / "distances.pickle"
    first = nearby.Distances(path)
    found = nearest_centres(centres, distances=first)
    first.save()
    moved = (centre_at(template, "c0", 53.5, -2.3), *centres[1:])
    expected = nearest_centres(moved)  # measured afresh

    measured = []
    geodesic = nearby.geodesic_km
    monkeypatch.setattr(nearby, "geodesic_km", lambda a, b: measured.append((a, b)) or geodesic(a, b))
    assert nearest_centres(centres, distances=nearby.Distances(path)) == found
    assert measured == []  # every distance was remembered

    remembered = nearby.Distances(path)
    assert nearest_centres(moved, distances=remembered) == expected
    assert measured and all((53.5, -2.3) in pair for pair in measured)  # only the moved centre's pairs
    remembered.save()
    assert nearby.Distances(path).remembered.known == remembered.remembered.used  # what this build asked for, no more

"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib, rules, cases, words } = require("./shared.js");

const distance = rules.distance;

test("the same haversine as nearby.py, within the stated tolerance of its geodesic", () => {
  for (const c of cases.distances) {
    const km = lib.haversineKm(c.from[0], c.from[1], c.to[0], c.to[1], distance);
    assert.ok(Math.abs(km - c.haversine_km) < 1e-9, `${c.about}: ${km} km, Python says ${c.haversine_km}`);
    const error = Math.abs(km - c.geodesic_km) / c.geodesic_km;
    assert.ok(error <= distance.tolerance, `${c.about}: ${km} km is ${error} off the geodesic ${c.geodesic_km}`);
  }
});

test("a distance in miles and km, with a decimal only under 10", () => {
  assert.equal(lib.distanceText(1.609344, distance, words), "1.0 miles (1.6 km) away");
  assert.equal(lib.distanceText(16.4, distance, words), "10 miles (16 km) away");
  assert.equal(lib.distanceText(0.09, distance, words), "0.1 miles (0.1 km) away");
  assert.equal(lib.distanceText(262.4, distance, words), "163 miles (262 km) away");
});

test("nearest first, each with its distance", () => {
  const items = [{ name: "London", lat: 51.5072, lon: -0.1276 }, { name: "Bolton", lat: 53.5779, lon: -2.4287 },
    { name: "Manchester", lat: 53.4808, lon: -2.2426 }];
  const sorted = lib.sortByDistance(items, 53.58, -2.43, distance);
  assert.deepEqual(sorted.map((item) => item.name), ["Bolton", "Manchester", "London"]);
  assert.ok(sorted[0].km < 1 && sorted[2].km > 250);
});

test("a postcode's district, from the whole postcode or the district alone", () => {
  assert.equal(lib.outwardCode("M1 1AE", distance), "M1");
  assert.equal(lib.outwardCode("bl11se", distance), "BL1");
  assert.equal(lib.outwardCode(" ec1a 1bb ", distance), "EC1A");
  assert.equal(lib.outwardCode("SW1A", distance), "SW1A");
  assert.equal(lib.outwardCode("bl3", distance), "BL3");
  assert.equal(lib.outwardCode("M1 1CA", distance), null);  // no postcode ends in CA
  assert.equal(lib.outwardCode("Bolton", distance), null);
  assert.equal(lib.outwardCode("", distance), null);
});

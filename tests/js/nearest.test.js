"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib, rules, words } = require("./shared.js");

const distance = rules.distance;
const MILE = distance.km_per_mile;

test("a distance from the middle of a district is given roughly", () => {
  assert.equal(lib.approximateDistanceText(0.1 * MILE, distance, words), "less than half a mile away");
  assert.equal(lib.approximateDistanceText(0.5 * MILE, distance, words), "about half a mile away");
  assert.equal(lib.approximateDistanceText(1.2 * MILE, distance, words), "about 1 mile away");
  assert.equal(lib.approximateDistanceText(3.6 * MILE, distance, words), "about 4 miles away");
});

test("a typed postcode is shown back tidily", () => {
  assert.equal(lib.tidyPostcode("m11ae", "M1"), "M1 1AE");
  assert.equal(lib.tidyPostcode(" bl1  1se", "BL1"), "BL1 1SE");
  assert.equal(lib.tidyPostcode("m24", "M24"), "M24");
});

test("a district the table has, one it lacks in a known area, and one outside the region", () => {
  const table = { M1: [53.48, -2.24], M3: [53.49, -2.25], BL1: [53.58, -2.43] };
  const centres = { M50: [53.47, -2.29] };
  assert.deepEqual(lib.placeDistrict("M1", [table, centres]), { kind: "district", point: [53.48, -2.24] });
  assert.deepEqual(lib.placeDistrict("M50", [table, centres]), { kind: "district", point: [53.47, -2.29] });
  const m24 = lib.placeDistrict("M24", [table, centres]);
  assert.equal(m24.kind, "area");
  assert.equal(m24.area, "M");
  assert.ok(Math.abs(m24.point[0] - (53.48 + 53.49 + 53.47) / 3) < 1e-9);
  assert.deepEqual(lib.placeDistrict("SW1A", [table, centres]), { kind: "outside", area: "SW" });
  assert.deepEqual(lib.placeDistrict("ME1", [table, centres]), { kind: "outside", area: "ME" });  // not the M area
});

test("the three nearest open centres come first; closed ones only fill the gap", () => {
  const items = [{ name: "a", open: false }, { name: "b", open: true }, { name: "c", open: true },
    { name: "d", open: false }, { name: "e", open: true }, { name: "f", open: true }];
  const three = lib.nearestChoice(items, 3);
  assert.deepEqual(three.open.map((i) => i.name), ["b", "c", "e"]);
  assert.deepEqual(three.closed, []);
  const few = lib.nearestChoice([{ name: "a", open: false }, { name: "b", open: true }, { name: "c", open: false },
    { name: "d", open: false }], 3);
  assert.deepEqual(few.open.map((i) => i.name), ["b"]);
  assert.deepEqual(few.closed.map((i) => i.name), ["a", "c"]);
  assert.deepEqual(lib.nearestChoice([], 3), { open: [], closed: [] });
});

test("the district whose page answers: itself when known, else the nearest known one", () => {
  const table = { BL1: [53.585, -2.44], BL3: [53.565, -2.435], M1: [53.478, -2.236] };
  const centres = { BL6: [53.6, -2.55] };
  assert.equal(lib.answeringDistrict("BL1", [0, 0], [table, centres], distance), "BL1");
  assert.equal(lib.answeringDistrict("BL6", [0, 0], [table, centres], distance), "BL6");
  assert.equal(lib.answeringDistrict("BL5", [53.57, -2.44], [table, centres], distance), "BL3");
  assert.equal(lib.answeringDistrict("BL5", [53.6, -2.56], [table, centres], distance), "BL6");
});

test("a full postcode's sector, and none for a district alone", () => {
  assert.equal(lib.postcodeSector("M24 6AB", "M24"), "M24 6");
  assert.equal(lib.postcodeSector("BL1 1SE", "BL1"), "BL1 1");
  assert.equal(lib.postcodeSector("M24", "M24"), null);
});

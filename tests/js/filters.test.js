"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib, words } = require("./shared.js");

function centre(text, extra) {
  const words = lib.searchable(text + " " + (extra.borough || ""));
  return Object.assign({ strands: [], access: [], languages: [], open: false, text: words.text,
    compactText: lib.searchable(text).compact }, extra);
}

const library = centre("Bolton Central Library\n  Le Mans Crescent, Bolton  BL1 1SE", {
  borough: "Bolton", strands: ["race", "religion"], access: ["step-free", "hearing-loop"], languages: ["en", "ur"], open: true });
const mosque = centre("Salford Community Mosque, Salford M6 5FX", {
  borough: "Salford", strands: ["religion"], access: [], languages: ["en", "ar"], open: false });

function shown(state) {
  const search = lib.searchFor(state.q);
  return [library, mosque].filter((item) => lib.matches(item, state, search)).length;
}

test("no filters show every centre", () => {
  assert.equal(shown({}), 2);
  assert.equal(lib.searchFor(""), null);
});

test("each filter must match", () => {
  assert.ok(lib.matches(library, { borough: "Bolton" }, null));
  assert.ok(!lib.matches(mosque, { borough: "Bolton" }, null));
  assert.equal(shown({ strand: "religion" }), 2);
  assert.equal(shown({ strand: "race" }), 1);
  assert.equal(shown({ access: "step-free" }), 1);
  assert.equal(shown({ language: "ar" }), 1);
  assert.equal(shown({ open: "1" }), 1);
  assert.equal(shown({ strand: "race", borough: "Salford" }), 0);
});

test("search: every word, in any case and order, in the centre's text or borough", () => {
  assert.equal(shown({ q: "library bolton" }), 1);
  assert.equal(shown({ q: "SALFORD" }), 1);
  assert.equal(shown({ q: "bolton mosque" }), 0);
  assert.equal(shown({ q: "crescent le" }), 1);
});

test("search: a postcode typed without its space, or with the text's line breaks", () => {
  assert.ok(lib.matches(library, {}, lib.searchFor("bl11se")));
  assert.ok(lib.matches(library, {}, lib.searchFor("BL1 1SE")));
  assert.ok(lib.matches(library, {}, lib.searchFor("Library Le")));  // across a line break in the page
  assert.ok(!lib.matches(library, {}, lib.searchFor("m65fx")));
});

test("the count says how many of how many", () => {
  assert.equal(lib.countText(3, 3, false, words), "Showing all 3 centres");
  assert.equal(lib.countText(1, 3, true, words), "Showing 1 of 3 centres");
});

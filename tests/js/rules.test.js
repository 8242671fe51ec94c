"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib, rules, cases } = require("./shared.js");

const check = lib.formRules(rules.forms);

test("the browser gives the validator's verdict on every shared case", () => {
  for (const c of cases.forms) {
    const expected = "browser" in c ? c.browser : c.valid;
    const problem = check[c.rule](c.value);
    assert.equal(problem === "", expected, `${c.rule} ${JSON.stringify(c.value)}: the browser says ${problem || "fine"}`);
  }
});

test("every rule has cases the validator accepts and cases it refuses", () => {
  for (const rule of Object.keys(check)) {
    const verdicts = new Set(cases.forms.filter((c) => c.rule === rule).map((c) => c.valid));
    assert.deepEqual([...verdicts].sort(), [false, true], rule);
  }
});

test("the rules' patterns are valid JavaScript", () => {
  for (const pattern of [rules.forms.postcode, rules.forms.time_range, rules.forms.phone.drama,
    rules.distance.postcode, rules.distance.outward]) {
    assert.doesNotThrow(() => new RegExp(pattern), pattern);
  }
  for (const region of rules.forms.phone.regions) {
    for (const kind of [region.general, ...region.kinds]) { assert.doesNotThrow(() => new RegExp(kind.pattern)); }
  }
});

test("what a visitor is told about each kind of mistake", () => {
  assert.equal(check.postcode("BL1 XYZ"), "is not a UK postcode (e.g. M1 1AE or BL1 1SE)");
  assert.equal(check.phone("0161 496 010"), "is not a valid UK phone number (e.g. 0161 496 0123)");
  assert.equal(check.email("bolton-library.example.org"), "is not a valid email address (e.g. hello@example.org)");
  assert.equal(check.https("http://example.org/"), "must start with https:// (e.g. https://example.org/)");
  assert.equal(check.languages("english"), "must be language codes separated by commas, e.g. en, ur, pl");
  assert.equal(check.hours("9-5"), "is not like 09:00-17:00 (separate ranges with commas), 24 hours, by appointment or closed");
  assert.equal(check.hours("09:00-09:00"), "has a range that starts and ends at the same time; check the times");
  assert.equal(check.hours("17:00-09:00"), "has a range that ends before it starts; check the times");
  assert.equal(check.hours("13:30-17:00, 09:00-12:30"), "lists its ranges out of order; put the earliest first");
  assert.equal(check.hours("09:00-13:00, 12:00-17:00"), "has ranges that overlap; make them not overlap, or join them into one");
});

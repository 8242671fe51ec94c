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
  for (const pattern of [rules.forms.postcode, rules.forms.time_range, rules.forms.phone.drama, rules.forms.language, rules.forms.closure,
    rules.distance.postcode, rules.distance.outward]) {
    assert.doesNotThrow(() => new RegExp(pattern), pattern);
  }
  for (const region of rules.forms.phone.regions) {
    for (const kind of [region.general, ...region.kinds]) { assert.doesNotThrow(() => new RegExp(kind.pattern)); }
  }
});

test("what a visitor is told about each kind of mistake", () => {
  assert.equal(check.postcode("BL1 XYZ"), "Enter a real postcode, like BL1 1SE");
  assert.equal(check.phone("0161 496 010"), "Enter a UK phone number, like 0161 496 0123");
  assert.equal(check.email("bolton-library.example.org"), "Enter an email address in the correct format, like hello@example.org");
  assert.equal(check.https("http://example.org/"), "Enter a web address that starts with https://, like https://example.org/");
  assert.equal(check.languages("en, 12"), "Enter the languages by name, separated by commas, like English, Urdu, British Sign Language");
  assert.equal(check.closures("Christmas"), "Enter each closure on its own line, like 2026-12-24 to 2026-12-27: Christmas");
  assert.equal(check.hours("9-5"), "is not like 09:00-17:00 (separate ranges with commas), 24 hours, by appointment or closed");
  assert.equal(check.hours("09:00-09:00"), "has a range that starts and ends at the same time; check the times");
  assert.equal(check.hours("17:00-09:00"), "has a range that ends before it starts; check the times");
  assert.equal(check.hours("13:30-17:00, 09:00-12:30"), "lists its ranges out of order; put the earliest first");
  assert.equal(check.hours("09:00-13:00, 12:00-17:00"), "has ranges that overlap; make them not overlap, or join them into one");
});

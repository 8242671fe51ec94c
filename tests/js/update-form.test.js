"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib, rules } = require("./shared.js");

test("an answer is unchanged whatever the order of a list or the spacing", () => {
  assert.ok(lib.sameAnswer("race, disability", "disability,race", true));
  assert.ok(lib.sameAnswer(" BL1  1SE ", "BL1 1SE", false));
  assert.ok(!lib.sameAnswer("BL1 1SF", "BL1 1SE", false));
  assert.ok(!lib.sameAnswer("", "English", true));
});

test("the body is what GitHub writes from its issue form", () => {
  assert.equal(lib.issueBody([["Postcode", "BL1 1SE"], ["Town", ""]]), "### Postcode\n\nBL1 1SE\n\n### Town\n\n_No response_\n");
});

test("a mailto: link never passes the limit: a long update asks for the text to be pasted", () => {
  const max = rules.forms.mailto_max;
  const short = lib.mailtoLink("coordinator@example.org", "Update: A", "### Town\n\nBolton\n", max);
  assert.equal(short.whole, true);
  assert.ok(short.href.startsWith("mailto:coordinator@example.org?subject=Update%3A%20A&body=%23%23%23"));
  const long = lib.mailtoLink("coordinator@example.org", "Update: " + "é".repeat(160), "ü".repeat(5000), max);
  assert.equal(long.whole, false);
  assert.ok(long.href.length <= max && long.href.includes("Paste"));
});

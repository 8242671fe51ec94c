/* What every Node test of the site's scripts reads: lib.js as the pages load it, the rules the build
 * writes into the pages (rules.json and English's words, strings.json, kept current by tests/test_script_rules.py) and the table of
 * cases Python checks too (cases.json). */
"use strict";
const path = require("node:path");

module.exports = {
  lib: require(path.join(__dirname, "..", "..", "hooks", "reporting_centres", "theme", "assets", "rc", "lib.js")),
  rules: require("./rules.json"),
  cases: require("./cases.json"),
  words: require("./strings.json"),
};

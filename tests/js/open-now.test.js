"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib, words } = require("./shared.js");

const WEEK = { monday: [["09:00", "12:30"], ["13:30", "17:00"]], tuesday: "24 hours", wednesday: "by appointment",
  thursday: "closed", friday: [["18:00", "24:00"]], saturday: [["00:00", "02:00"], ["10:00", "13:00"]], sunday: "closed" };

function hours(extra) {
  return Object.assign({ days: WEEK, closures: [], status: "active" }, extra);
}

// 3 March 2025 is a Monday
const DATES = { monday: "2025-03-03", tuesday: "2025-03-04", wednesday: "2025-03-05", thursday: "2025-03-06",
  friday: "2025-03-07", saturday: "2025-03-08", sunday: "2025-03-09" };

function at(day, time, date) {
  return { day: day, time: time, date: date || DATES[day] };
}

test("times as GOV.UK writes them", () => {
  const cases = { "09:00": "9am", "17:30": "5:30pm", "12:00": "midday", "24:00": "midnight", "00:00": "midnight",
    "00:30": "12:30am", "12:15": "12:15pm", "23:59": "11:59pm" };
  for (const [time, text] of Object.entries(cases)) { assert.equal(lib.govukTime(time, words), text, time); }
});

test("open within a range, until its end", () => {
  assert.deepEqual(lib.openState(hours(), at("monday", "09:00"), words), { open: true, text: "Open until 12:30pm" });
  assert.deepEqual(lib.openState(hours(), at("monday", "16:59"), words), { open: true, text: "Open until 5pm" });
});

test("closed at the end of a range and between ranges, saying when it opens next", () => {
  assert.deepEqual(lib.openState(hours(), at("monday", "12:30"), words), { open: false, text: "Closed, opens 1:30pm today" });
  assert.deepEqual(lib.openState(hours(), at("monday", "08:59"), words), { open: false, text: "Closed, opens 9am today" });
  assert.deepEqual(lib.openState(hours(), at("monday", "17:00"), words), { open: false, text: "Closed, opens at midnight tonight" });
  assert.deepEqual(lib.openState(hours(), at("thursday", "12:00"), words), { open: false, text: "Closed, opens 6pm Friday" });
});

test("late on a Sunday, the next opening is Monday's", () => {
  assert.deepEqual(lib.openState(hours(), at("sunday", "23:00"), words), { open: false, text: "Closed, opens 9am Monday" });
});

test("24 hours, by appointment and closed days", () => {
  assert.deepEqual(lib.openState(hours(), at("tuesday", "03:00"), words), { open: true, text: "Open until midnight" });
  const always = hours({ days: Object.fromEntries(Object.keys(WEEK).map((day) => [day, "24 hours"])) });
  assert.deepEqual(lib.openState(always, at("sunday", "23:00"), words), { open: true, text: "Open 24 hours" });
  assert.deepEqual(lib.openState(hours(), at("wednesday", "12:00"), words), { open: false, text: "By appointment today" });
  const appointments = hours({ days: { monday: "by appointment" } });
  assert.deepEqual(lib.openState(appointments, at("thursday", "12:00"), words), { open: false, text: "Closed, open by appointment" });
  assert.deepEqual(lib.openState(hours({ days: {} }), at("thursday", "12:00"), words), { open: false, text: "Closed" });
});

test("midnight: a range to 24:00 runs on into the next day's range from 00:00", () => {
  assert.deepEqual(lib.openState(hours(), at("friday", "23:59"), words), { open: true, text: "Open until 2am" });
  assert.deepEqual(lib.openState(hours(), at("saturday", "00:00"), words), { open: true, text: "Open until 2am" });
  assert.deepEqual(lib.openState(hours(), at("saturday", "02:00"), words), { open: false, text: "Closed, opens 10am today" });
  assert.deepEqual(lib.openState(hours(), at("friday", "17:59"), words), { open: false, text: "Closed, opens 6pm today" });
});

test("a closure covers its first and last days, beats the day's hours, and is skipped for the next opening", () => {
  const closed = hours({ closures: [["2025-03-03", "2025-03-04"]] });
  assert.deepEqual(lib.openState(closed, at("monday", "10:00"), words), { open: false, text: "Closed, opens 6pm Friday" });
  assert.equal(lib.openState(closed, at("tuesday", "10:00"), words).open, false);
  assert.equal(lib.openState(closed, at("wednesday", "10:00"), words).text, "By appointment today");
  assert.equal(lib.openState(closed, at("monday", "10:00", "2025-03-10"), words).open, true);
  const fortnight = hours({ closures: [["2025-03-03", "2025-03-16"]] });
  assert.equal(lib.openState(fortnight, at("monday", "10:00"), words).text, "Closed, opens 9am Monday 17 March");
});

test("a centre's status beats its hours", () => {
  assert.deepEqual(lib.openState(hours({ status: "temporarily-closed" }), at("tuesday", "10:00"), words),
    { open: false, text: "Temporarily closed" });
  assert.deepEqual(lib.openState(hours({ status: "closed" }), at("tuesday", "10:00"), words), { open: false, text: "Closed" });
});

test("UK time whatever the device's zone, across the clock changes", () => {
  assert.deepEqual(lib.ukNow(new Date("2025-01-15T12:34:00Z")), { day: "wednesday", date: "2025-01-15", time: "12:34" });
  assert.deepEqual(lib.ukNow(new Date("2025-07-15T12:34:00Z")), { day: "tuesday", date: "2025-07-15", time: "13:34" });
  // British Summer Time starts at 01:00 GMT on 30 March 2025: the clock goes from 00:59 to 02:00
  assert.equal(lib.ukNow(new Date("2025-03-30T00:59:00Z")).time, "00:59");
  assert.equal(lib.ukNow(new Date("2025-03-30T01:00:00Z")).time, "02:00");
  // 23:30 GMT on a summer Sunday is already Monday in the UK
  assert.deepEqual(lib.ukNow(new Date("2025-07-13T23:30:00Z")), { day: "monday", date: "2025-07-14", time: "00:30" });
});

test("in another language: its words, its plural forms and its way of writing days", () => {
  const urdu = { lang: "ur", strings: Object.assign({}, words.strings, {
    "js.open.opens": "بند، {day} {time} کھلے گا", "js.time.am": "صبح {time}" }) };
  assert.equal(lib.openState(hours(), at("sunday", "23:00"), urdu).text, "بند، پیر صبح 9 کھلے گا");
  const polish = { lang: "pl", strings: Object.assign({}, words.strings, { "js.time.clock": "24",
    "js.distance.about_miles": { one: "około {count} mili", few: "około {count} mile", many: "około {count} mil", other: "około {count} mili" } }) };
  assert.equal(lib.govukTime("17:30", polish), "17:30");
  assert.equal(lib.approximateDistanceText(3 * 1.609344, { km_per_mile: 1.609344 }, polish), "około 3 mile");
  assert.equal(lib.approximateDistanceText(5 * 1.609344, { km_per_mile: 1.609344 }, polish), "około 5 mil");
});

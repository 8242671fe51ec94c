"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lib } = require("./shared.js");

const WEEK = { monday: [["09:00", "12:30"], ["13:30", "17:00"]], tuesday: "24 hours", wednesday: "by appointment",
  thursday: "closed", friday: [["18:00", "24:00"]], saturday: [["00:00", "02:00"], ["10:00", "13:00"]], sunday: "closed" };

function hours(extra) {
  return Object.assign({ days: WEEK, closures: [], status: "active" }, extra);
}

function at(day, time, date) {
  return { day: day, time: time, date: date || "2025-03-03" };
}

test("open within a range, until its end", () => {
  assert.deepEqual(lib.openState(hours(), at("monday", "09:00")), { open: true, text: "Open now, until 12:30" });
  assert.deepEqual(lib.openState(hours(), at("monday", "16:59")), { open: true, text: "Open now, until 17:00" });
});

test("closed at the end of a range and between ranges, saying when it opens next", () => {
  assert.deepEqual(lib.openState(hours(), at("monday", "12:30")), { open: false, text: "Closed now: opens at 13:30 today" });
  assert.deepEqual(lib.openState(hours(), at("monday", "08:59")), { open: false, text: "Closed now: opens at 09:00 today" });
  assert.deepEqual(lib.openState(hours(), at("monday", "17:00")), { open: false, text: "Closed now" });
});

test("24 hours, by appointment and closed days", () => {
  assert.deepEqual(lib.openState(hours(), at("tuesday", "03:00")), { open: true, text: "Open now: open 24 hours" });
  assert.deepEqual(lib.openState(hours(), at("wednesday", "12:00")), { open: false, text: "Today: by appointment" });
  assert.deepEqual(lib.openState(hours(), at("thursday", "12:00")), { open: false, text: "Closed today" });
});

test("midnight: a range to 24:00 is open at 23:59, and the next day starts at 00:00", () => {
  assert.deepEqual(lib.openState(hours(), at("friday", "23:59")), { open: true, text: "Open now, until 24:00" });
  assert.deepEqual(lib.openState(hours(), at("saturday", "00:00")), { open: true, text: "Open now, until 02:00" });
  assert.deepEqual(lib.openState(hours(), at("saturday", "02:00")), { open: false, text: "Closed now: opens at 10:00 today" });
  assert.deepEqual(lib.openState(hours(), at("friday", "17:59")), { open: false, text: "Closed now: opens at 18:00 today" });
});

test("a closure covers its first and last days, and beats the day's hours", () => {
  const closed = hours({ closures: [["2025-03-03", "2025-03-04"]] });
  assert.deepEqual(lib.openState(closed, at("monday", "10:00", "2025-03-03")), { open: false, text: "Closed today" });
  assert.deepEqual(lib.openState(closed, at("tuesday", "10:00", "2025-03-04")), { open: false, text: "Closed today" });
  assert.equal(lib.openState(closed, at("wednesday", "10:00", "2025-03-05")).text, "Today: by appointment");
  assert.equal(lib.openState(closed, at("monday", "10:00", "2025-03-10")).open, true);
});

test("a centre's status beats its hours", () => {
  assert.deepEqual(lib.openState(hours({ status: "temporarily-closed" }), at("tuesday", "10:00")),
    { open: false, text: "Temporarily closed" });
  assert.deepEqual(lib.openState(hours({ status: "closed" }), at("tuesday", "10:00")), { open: false, text: "Closed" });
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

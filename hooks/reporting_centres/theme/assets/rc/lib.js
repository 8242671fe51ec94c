/* The site scripts' pure helpers: "open now", distances, the directory's filters and the forms' rules.
 * Nothing here touches the page, so Node's test runner can load this file as it is (tests/js/).
 * In the browser it is a classic script (no build step) that sets window.ReportingCentres for
 * centres.js and forms.js; under Node it is a CommonJS module.
 * The rules themselves (patterns, limits, the Earth's radius) are not written here: the build takes
 * them from the Python validator (reporting_centres/script_rules.py) and puts them in the page as JSON. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) { module.exports = factory(); } else { root.ReportingCentres = factory(); }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  /* ---- Opening hours, in UK time whatever the device's time zone ---- */

  /* The day ("monday"), date ("2025-03-01") and time ("09:05") in the UK at `date` (default: now). */
  function ukNow(date) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London", weekday: "long", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(date || new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return {
      day: parts.weekday.toLowerCase(),
      date: parts.year + "-" + parts.month + "-" + parts.day,
      time: parts.hour + ":" + parts.minute
    };
  }

  var DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

  /* ---- The page's words ---- */

  /* The words for `key` in the page's language, from `words` (the catalogue the build writes into every
   * page: { lang, strings }, the js.* keys of translations/<lang>.yml), with each {name} filled from
   * `values`. A text that depends on a number picks its plural form by `values.count`. */
  function say(words, key, values) {
    var text = words.strings[key];
    values = values || {};
    if (text === undefined) { return key; }
    if (typeof text !== "string") {
      text = text[new Intl.PluralRules(words.lang).select(values.count)] || text.other;
    }
    return text.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* The language's own way to write a date's weekday (and, with `long`, its day and month). */
  function dateWords(words, iso, long) {
    var options = { weekday: "long", timeZone: "UTC" };
    if (long) { options.day = "numeric"; options.month = "long"; }
    var locale = words.lang === "en" ? "en-GB" : words.lang;
    return new Intl.DateTimeFormat(locale, options).format(new Date(iso + "T12:00:00Z"));
  }

  /* A time as GOV.UK writes it: "9am", "5:30pm", "midday", "midnight" (from "09:00", "17:30", "24:00");
   * in a language that uses the 24-hour clock (js.time.clock: "24"), "17:30". */
  function govukTime(text, words) {
    var hour = Number(text.slice(0, 2)), minute = text.slice(3, 5);
    if ((hour === 0 || hour === 24) && minute === "00") { return say(words, "js.time.midnight"); }
    if (say(words, "js.time.clock") === "24") { return text; }
    if (hour === 12 && minute === "00") { return say(words, "js.time.midday"); }
    var twelve = hour % 12 === 0 ? 12 : hour % 12;
    var time = twelve + (minute === "00" ? "" : ":" + minute);
    return say(words, hour < 12 || hour === 24 ? "js.time.am" : "js.time.pm", { time: time });
  }

  /* The date `days` after `date` ("2025-03-01"), and its weekday ("monday"). */
  function addDays(date, days) {
    var d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days));
    var iso = d.toISOString().slice(0, 10);
    return { date: iso, day: DAYS[(d.getUTCDay() + 6) % 7] };
  }

  function closedOn(hours, date) {
    return hours.closures.some(function (range) { return range[0] <= date && date <= range[1]; });
  }

  /* The ranges a day is open, as [start, end] ("24 hours" is the whole day; other words, none). */
  function rangesOf(day) {
    if (day === "24 hours") { return [["00:00", "24:00"]]; }
    return Array.isArray(day) ? day : [];
  }

  /* The next time the centre opens after `now` (within three weeks): { start, offset, on }, or null. */
  function nextOpening(hours, now) {
    for (var k = 0; k < 21; k++) {
      var on = addDays(now.date, k);
      if (closedOn(hours, on.date)) { continue; }
      var ranges = rangesOf(hours.days[on.day]);
      for (var i = 0; i < ranges.length; i++) {
        if (k > 0 || ranges[i][0] > now.time) { return { start: ranges[i][0], offset: k, on: on }; }
      }
    }
    return null;
  }

  /* "today", "Monday", or beyond the coming week "Monday 5 January". */
  function dayWords(opening, words) {
    if (opening.offset === 0) { return say(words, "js.open.today"); }
    return dateWords(words, opening.on.date, opening.offset >= 7);
  }

  /* When an open range ends: at midnight the next day may carry straight on ("Open until 2am"). */
  function closingTime(hours, now, end) {
    if (end !== "24:00") { return end; }
    var next = addDays(now.date, 1);
    if (closedOn(hours, next.date)) { return end; }
    var first = rangesOf(hours.days[next.day])[0];
    return first && first[0] === "00:00" ? first[1] : end;
  }

  /* Whether a centre is open at `now` (from ukNow) and the words to say so, in GOV.UK's time style:
   * "Open until 5pm", "Closed, opens 9am Monday". `hours` is the JSON the build writes
   * (templating.hours_data): each day is "24 hours", "by appointment", "closed" or a list of
   * [start, end] ranges in order, with "24:00" for midnight at the end of the day; closures are
   * [from, to] dates, both included. */
  function openState(hours, now, words) {
    if (hours.status === "temporarily-closed") { return { open: false, text: say(words, "js.open.temporarily_closed") }; }
    if (hours.status === "closed") { return { open: false, text: say(words, "js.open.closed") }; }
    var today = hours.days[now.day];
    if (!closedOn(hours, now.date)) {
      var ranges = rangesOf(today);
      for (var j = 0; j < ranges.length; j++) {
        if (ranges[j][0] <= now.time && now.time < ranges[j][1]) {
          var until = closingTime(hours, now, ranges[j][1]);
          if (until === "24:00" && today === "24 hours" && hours.days[addDays(now.date, 1).day] === "24 hours") {
            return { open: true, text: say(words, "js.open.all_day") };
          }
          return { open: true, text: say(words, "js.open.until", { time: govukTime(until, words) }) };
        }
      }
      if (today === "by appointment") { return { open: false, text: say(words, "js.open.by_appointment_today") }; }
    }
    var next = nextOpening(hours, now);
    if (!next) {
      var byAppointment = DAYS.some(function (day) { return hours.days[day] === "by appointment"; });
      return { open: false, text: say(words, byAppointment ? "js.open.closed_by_appointment" : "js.open.closed") };
    }
    if (next.start === "00:00") {  // "opens midnight Tuesday" would be read as Tuesday night
      return { open: false, text: next.offset === 1 ? say(words, "js.open.opens_midnight_tonight") :
        say(words, "js.open.opens_start_of", { day: dayWords(next, words) }) };
    }
    return { open: false, text: say(words, "js.open.opens", { time: govukTime(next.start, words), day: dayWords(next, words) }) };
  }

  /* ---- Distances ---- */

  /* Great-circle distance in km on a sphere of the radius nearby.py uses (`rules.earth_radius_km`).
   * nearby.py gives the geodesic on the WGS84 ellipsoid; this stays within `rules.tolerance` of it. */
  function haversineKm(lat1, lon1, lat2, lon2, rules) {
    var rad = Math.PI / 180;
    var h = Math.pow(Math.sin((lat2 - lat1) * rad / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin((lon2 - lon1) * rad / 2), 2);
    return 2 * rules.earth_radius_km * Math.asin(Math.sqrt(h));
  }

  /* A distance measured from the middle of a postcode district, which may be a mile or more from
   * the visitor: "less than half a mile", "about half a mile", "about 1 mile", "about 4 miles". */
  function approximateDistanceText(km, rules, words) {
    var miles = km / rules.km_per_mile;
    if (miles < 0.3) { return say(words, "js.distance.under_half_mile"); }
    if (miles < 0.75) { return say(words, "js.distance.half_mile"); }
    return say(words, "js.distance.about_miles", { count: miles < 1.5 ? 1 : Math.round(miles) });
  }

  function distanceText(km, rules, words) {
    var miles = km / rules.km_per_mile;
    return say(words, "js.distance.exact", { miles: miles < 10 ? miles.toFixed(1) : Math.round(miles),
      km: km < 10 ? km.toFixed(1) : Math.round(km) });
  }

  /* Sorts `items` (each with lat and lon) nearest first from the point, setting each one's km. */
  function sortByDistance(items, lat, lon, rules) {
    items.forEach(function (item) { item.km = haversineKm(lat, lon, item.lat, item.lon, rules); });
    return items.sort(function (a, b) { return a.km - b.km; });
  }

  /* A postcode district (the outward code, "M1" of "M1 1AE") from a full postcode or the district
   * alone, or null: the site looks districts up in its own table, so the postcode stays on the device. */
  function outwardCode(text, rules) {
    var compact = text.toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (compact.length > 3 && new RegExp(rules.postcode).test(compact.slice(0, -3) + " " + compact.slice(-3))) {
      return compact.slice(0, -3);
    }
    return new RegExp(rules.outward).test(compact) ? compact : null;
  }

  /* A typed postcode as the page shows it back: capitals, one space before the last three
   * characters ("m11ae" is "M1 1AE"); a district alone as it is ("M1"). */
  function tidyPostcode(text, outward) {
    var compact = text.toUpperCase().replace(/[^A-Z0-9]/g, "");
    return compact === outward ? outward : outward + " " + compact.slice(outward.length);
  }

  /* A full postcode's sector ("M24 6" of "M24 6AB"), from the tidied postcode and its district;
   * null for a district alone. */
  function postcodeSector(tidy, outward) {
    return tidy.length > outward.length + 1 ? outward + " " + tidy.charAt(outward.length + 1) : null;
  }

  function areaOf(outward) {
    return /^[A-Z]+/.exec(outward)[0];
  }

  /* Where a postcode district is. `tables` are maps of district to [lat, lon], tried in order (the
   * site's table, then the districts of the region's own centres). Gives
   * { kind: "district", point } when a table has it; { kind: "area", area, point } when none has it
   * but they know other districts in its postcode area ("M" of "M24"), at the middle of those; or
   * { kind: "outside", area } when the area is not one the region covers. */
  function placeDistrict(outward, tables) {
    var i;
    for (i = 0; i < tables.length; i++) {
      if (tables[i][outward]) { return { kind: "district", point: tables[i][outward] }; }
    }
    var area = areaOf(outward), lat = 0, lon = 0, n = 0;
    for (i = 0; i < tables.length; i++) {
      for (var code in tables[i]) {
        if (Object.prototype.hasOwnProperty.call(tables[i], code) && areaOf(code) === area) {
          lat += tables[i][code][0]; lon += tables[i][code][1]; n += 1;
        }
      }
    }
    return n ? { kind: "area", area: area, point: [lat / n, lon / n] } : { kind: "outside", area: area };
  }

  /* The district whose page answers for `outward`: itself when a table has it, else the district
   * nearest `point` (the middle of its postcode area, from placeDistrict) of those the tables have. */
  function answeringDistrict(outward, point, tables, rules) {
    var best = null, bestKm = Infinity;
    for (var i = 0; i < tables.length; i++) {
      if (tables[i][outward]) { return outward; }
    }
    tables.forEach(function (table) {
      Object.keys(table).forEach(function (code) {
        var km = haversineKm(point[0], point[1], table[code][0], table[code][1], rules);
        if (km < bestKm || (km === bestKm && code < best)) { best = code; bestKm = km; }
      });
    });
    return best;
  }

  /* The answer to "nearest": of `items` (nearest first, each with `open`), the first `count` open now,
   * and only if there are fewer than that, the nearest closed ones after them, to be marked closed. */
  function nearestChoice(items, count) {
    var open = items.filter(function (item) { return item.open; }).slice(0, count);
    var closed = open.length < count ? items.filter(function (item) { return !item.open; }).slice(0, count - open.length) : [];
    return { open: open, closed: closed };
  }

  /* ---- The directory's search and filters ---- */

  /* What the search box matches a centre against: its words, and the same without spaces. */
  function searchable(text) {
    var lower = text.toLowerCase();
    return { text: lower.replace(/\s+/g, " "), compact: lower.replace(/\s+/g, "") };
  }

  /* The search box's words, worked out once per keystroke rather than once per centre. */
  function searchFor(q) {
    if (!q) { return null; }
    var lower = q.toLowerCase();
    return { words: lower.split(/\s+/), compact: lower.replace(/\s+/g, "") };
  }

  /* Whether a centre (borough, strands, access, languages, open, text, compactText) passes the
   * filters in `state` (borough, strand, access, language, open) and the search (from searchFor).
   * Every word must be in the text; or the search without spaces in the text without spaces,
   * so that "bl11se" finds "BL1 1SE". */
  function matches(item, state, search) {
    if (state.borough && item.borough !== state.borough) { return false; }
    if (state.strand && item.strands.indexOf(state.strand) < 0) { return false; }
    if (state.access && item.access.indexOf(state.access) < 0) { return false; }
    if (state.language && item.languages.indexOf(state.language) < 0) { return false; }
    if (state.open && !item.open) { return false; }
    if (search) {
      var byWords = search.words.every(function (word) { return item.text.indexOf(word) >= 0; });
      if (!byWords && item.compactText.indexOf(search.compact) < 0) { return false; }
    }
    return true;
  }

  function countText(shown, total, filtered, words) {
    return filtered ? say(words, "js.count.some", { shown: shown, total: total }) : say(words, "js.count.all", { count: total });
  }

  /* ---- The forms' rules, as the validator (rules.py) has them ---- */

  /* `rules` is script_rules.form_rules() from the page. Returns, for each rule a form field names
   * (data-rule), a function of the typed value giving "" when it is fine, else what is wrong. */
  function formRules(rules) {
    var postcode = new RegExp(rules.postcode);
    var timeRange = new RegExp(rules.time_range);
    var phone = rules.phone;
    var email = rules.email;
    var dotAtom = new RegExp("^[" + email.atext + "]+(?:\\.[" + email.atext + "]+)*$");
    var hostname = new RegExp("^" + email.hostname_label + "(?:\\." + email.hostname_label + ")*$");
    var languageName = new RegExp(rules.language);
    var closure = new RegExp(rules.closure, "i");

    /* phonenumbers' verdict on a national significant number: the first region of +44 whose
     * leading digits it starts with, or else the first that knows it, must know it as some kind of
     * number (fixed line, mobile, ...): the general pattern and that kind's, at one of its lengths. */
    function ukNumber(national) {
      if (new RegExp(phone.drama).test("+" + phone.country_code + national)) { return true; }
      for (var i = 0; i < phone.regions.length; i++) {
        var region = phone.regions[i];
        if (region.leading_digits && new RegExp("^(?:" + region.leading_digits + ")").test(national)) {
          return knownKind(national, region);
        }
        if (!region.leading_digits && knownKind(national, region)) { return true; }
      }
      return false;
    }

    function knownKind(national, region) {
      return isKind(national, region.general) && region.kinds.some(function (kind) { return isKind(national, kind); });
    }

    function isKind(national, kind) {
      return kind.lengths.indexOf(national.length) >= 0 && new RegExp("^(?:" + kind.pattern + ")$").test(national);
    }

    function phoneOk(v) {
      var number = v.replace(/\s*(?:ext\.?|extension|x|#)\s*\d+$/i, "").replace(/[\s().\/-]/g, "");
      var international = /^(?:\+|00)(\d+)$/.exec(number);
      if (international) {
        var digits = international[1];
        if (digits.indexOf(phone.country_code) !== 0) { return /^[1-9]\d{6,14}$/.test(digits); }  // the validator decides
        return ukNumber(digits.slice(phone.country_code.length).replace(/^0/, ""));
      }
      return /^0\d+$/.test(number) && ukNumber(number.slice(1));
    }

    function emailOk(v) {
      if (v.split("").some(function (c) { return email.mailto_special.indexOf(c) >= 0; })) { return false; }
      if (/[^\x00-\x7f]/.test(v)) { return /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(v); }  // international: the validator decides
      var at = v.lastIndexOf("@");
      var local = v.slice(0, at);
      var domain = v.slice(at + 1).toLowerCase();
      if (at < 1 || v.length > email.max_length || domain.length > email.domain_max_length) { return false; }
      if (!dotAtom.test(local) || !hostname.test(domain) || domain.indexOf(".") < 0 || !/[a-z]$/.test(domain)) { return false; }
      var labels = domain.split(".");
      if (labels.some(function (l) { return l.length > email.label_max_length || /^(?!xn)..--/.test(l); })) { return false; }
      return !email.special_use_domains.some(function (d) { return domain === d || domain.slice(-d.length - 1) === "." + d; });
    }

    function httpsOk(v) {
      if (/\s/.test(v)) { return false; }
      try {
        var url = new URL(v);
        return url.protocol === "https:" && url.hostname.indexOf(".") >= 0;
      } catch (error) { return false; }
    }

    return {
      postcode: function (v) {
        var compact = v.toUpperCase().replace(/\s+/g, "");
        return postcode.test(compact.slice(0, -3) + " " + compact.slice(-3)) ? "" : "Enter a real postcode, like BL1 1SE";
      },
      phone: function (v) {
        return phoneOk(v) ? "" : "Enter a UK phone number, like 0161 496 0123";
      },
      email: function (v) {
        return emailOk(v) ? "" : "Enter an email address in the correct format, like hello@example.org";
      },
      https: function (v) {
        return httpsOk(v) ? "" : "Enter a web address that starts with https://, like https://example.org/";
      },
      hours: function (v) {
        return dayHoursProblem(v, timeRange, rules.hours);
      },
      languages: function (v) {
        return v.split(",").every(function (name) { return !name.trim() || languageName.test(name.trim()); })
          ? "" : "Enter the languages by name, separated by commas, like English, Urdu, British Sign Language";
      },
      closures: function (v) {
        return v.split("\n").every(function (line) { return !line.trim() || closureOk(line.trim()); })
          ? "" : "Enter each closure on its own line, like 2026-12-24 to 2026-12-27: Christmas";
      }
    };

    function closureOk(line) {
      var m = closure.exec(line);
      return Boolean(m) && realDate(m.groups.start) && (!m.groups.end || (realDate(m.groups.end) && m.groups.end >= m.groups.start));
    }
  }

  function realDate(text) {
    var date = new Date(text + "T00:00:00Z");
    return !isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }

  /* rules.day_hours: a keyword, or time ranges that are real times, each ending after it starts,
   * in order and not overlapping. */
  function dayHoursProblem(value, timeRange, hours) {
    var text = value.trim().toLowerCase();
    if (hours.keywords.indexOf(text) >= 0) { return ""; }
    var ranges = [];
    var wellFormed = text.split(",").every(function (part) {
      var m = timeRange.exec(part.trim());
      if (!m || !realTime(m.groups.start, false, hours) || !realTime(m.groups.end, true, hours)) { return false; }
      ranges.push([m.groups.start, m.groups.end]);
      return true;
    });
    if (!wellFormed) {
      return "is not like 09:00-17:00 (separate ranges with commas), 24 hours, by appointment or closed";
    }
    for (var i = 0; i < ranges.length; i++) {
      var start = ranges[i][0], end = ranges[i][1], next = ranges[i + 1];
      if (end === start) { return "has a range that starts and ends at the same time; check the times"; }
      if (end !== hours.midnight && end < start) { return "has a range that ends before it starts; check the times"; }
      if (next && next[0] < start) { return "lists its ranges out of order; put the earliest first"; }
      if (next && next[0] < end) { return "has ranges that overlap; make them not overlap, or join them into one"; }
    }
    return "";
  }

  function realTime(text, allowMidnight, hours) {
    return (Number(text.slice(0, 2)) < 24 && Number(text.slice(3)) < 60) || (allowMidnight && text === hours.midnight);
  }

  /* ---- The update form: what changed, and the text that is sent (forms.js) ---- */

  /* Whether an answer is the value the form was filled with; a list (checkboxes, languages) in any order. */
  function sameAnswer(now, before, isList) {
    function normal(text) {
      if (!isList) { return text.split("\n").map(function (l) { return l.trim().replace(/\s+/g, " "); }).filter(Boolean).join("\n"); }
      return text.split(",").map(function (i) { return i.trim().toLowerCase(); }).filter(Boolean).sort().join(",");
    }
    return normal(now || "") === normal(before || "");
  }

  /* An issue body, as GitHub writes one from its form: a "### question" and the answer for each [question, answer]. */
  function issueBody(sections) {
    return sections.map(function (s) { return "### " + s[0] + "\n\n" + (s[1] || "_No response_"); }).join("\n\n") + "\n";
  }

  /* A mailto: link carrying the text, or, when that would be longer than `max` characters, one that asks
   * for the text to be pasted in (the page shows it, to copy): { href, whole }. */
  function mailtoLink(address, subject, text, max) {
    var start = "mailto:" + encodeURIComponent(address).replace(/%40/g, "@") + "?subject=" + encodeURIComponent(subject);
    var href = start + "&body=" + encodeURIComponent(text);
    if (href.length <= max) { return { href: href, whole: true }; }
    href = start + "&body=" + encodeURIComponent("Paste the text of your update here: copy it from the page.\n");
    return { href: href.length <= max ? href : start.slice(0, max), whole: false };
  }

  return {
    sameAnswer: sameAnswer,
    issueBody: issueBody,
    mailtoLink: mailtoLink,
    ukNow: ukNow,
    say: say,
    govukTime: govukTime,
    openState: openState,
    haversineKm: haversineKm,
    distanceText: distanceText,
    approximateDistanceText: approximateDistanceText,
    tidyPostcode: tidyPostcode,
    postcodeSector: postcodeSector,
    placeDistrict: placeDistrict,
    answeringDistrict: answeringDistrict,
    nearestChoice: nearestChoice,
    sortByDistance: sortByDistance,
    outwardCode: outwardCode,
    searchable: searchable,
    searchFor: searchFor,
    matches: matches,
    countText: countText,
    formRules: formRules
  };
});

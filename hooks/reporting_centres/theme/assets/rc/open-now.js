/* "Open now", written into the page as it is read: loaded in the page's head (after lib.js) and called by
 * a line of script just after each list of centres, a centre's open-now line and its opening hours, so the answer is
 * there before the page is first drawn and nothing on it moves. The directory (centres.js) uses the same
 * functions for its own list. Nothing is stored and nothing is sent. */
(function () {
  "use strict";

  var lib = window.ReportingCentres;  // lib.js: the helpers that do not touch the page
  /* The page's words in its language (translations/<lang>.yml's js.* strings: assets/rc/words/<lang>.js). */
  var words = window.ReportingCentresWords || { lang: "en", strings: {} };

  function readHours(element) {
    try { return JSON.parse(element.getAttribute("data-hours")); } catch (error) { return null; }
  }

  function showOpenState(element, hours, now) {
    var state = lib.openState(hours, now, words);
    element.textContent = state.text;
    element.classList.toggle("rc-open--yes", state.open);
    element.hidden = false;
    return state;
  }

  /* The centres listed so far outside the directory (a borough's, a district's): each one's open state;
   * and when none is open now, the ways to report at any hour ([data-rc-none-open]), shown. */
  function lists() {
    var now = lib.ukNow();
    var anyOpen = false;
    Array.prototype.forEach.call(document.querySelectorAll("[data-rc-centre]"), function (li) {
      var element = li.querySelector("[data-rc-open]");
      var hours = readHours(li);
      if (element && hours && !li.closest("[data-rc-directory]")) {
        anyOpen = showOpenState(element, hours, now).open || anyOpen;
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-rc-none-open]"), function (element) {
      element.hidden = anyOpen;
    });
  }

  /* A centre's page: whether it is open now, written in by a line of script just after the line that
   * shows it, so the page is never drawn without it. */
  function today() {
    var element = document.querySelector("[data-rc-today]");
    var hours = element && readHours(element);
    if (hours) { showOpenState(element, hours, lib.ukNow()); }
  }

  /* A centre's page: today's row of its opening hours marked, just after the table. */
  function todayRow() {
    var row = document.querySelector("[data-rc-day='" + lib.ukNow().day + "']");
    if (row && !row.classList.contains("rc-today")) {
      row.classList.add("rc-today");
      row.querySelector("th").insertAdjacentText("beforeend", " " + lib.say(words, "js.open.today_mark"));
    }
  }

  window.ReportingCentresOpenNow = { readHours: readHours, showOpenState: showOpenState, lists: lists, today: today,
    todayRow: todayRow };
})();

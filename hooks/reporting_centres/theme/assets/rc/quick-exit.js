/* Quick exit, after GOV.UK's "Exit this page" pattern.
 * The button, or Shift pressed three times within 5 seconds, hides the page behind a plain
 * overlay at once and replaces it with a neutral site, so "Back" does not return here.
 * It cannot erase history: the safety page explains private browsing. */
(function () {
  "use strict";
  var link = document.querySelector("[data-rc-exit]");
  var overlay = document.querySelector("[data-rc-exit-overlay]");
  if (!link) { return; }
  var WINDOW_MS = 5000;
  /* The neutral title, in the page's language (js.exit.title: assets/rc/words/<lang>.js). */
  var words = window.ReportingCentresWords;
  var title = (words && words.strings["js.exit.title"]) || "Loading";
  var presses = [];

  function exit(event) {
    if (event) { event.preventDefault(); }
    if (overlay) { overlay.hidden = false; }
    document.title = title;
    window.location.replace(link.href);
  }

  link.addEventListener("click", exit);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; exit(); }
  });
  /* A page restored from the back/forward cache must not stay hidden or half-exited. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && overlay) { overlay.hidden = true; }
  });
})();

/* The directory's search, filters and "nearest centre", and each centre's "open now".
 * Pages work without this script: it only adds to the full list the server rendered.
 * Nothing is stored and nothing leaves the device unless the visitor opts in. */
(function () {
  "use strict";

  var lib = window.ReportingCentres;  // lib.js: the helpers that do not touch the page
  var FILTERS = ["q", "borough", "strand", "access", "language", "open"];

  function readHours(element) {
    try { return JSON.parse(element.getAttribute("data-hours")); } catch (error) { return null; }
  }

  /* The rules the build wrote into the page (script_rules.py): distances as nearby.py measures them. */
  function readRules(root) {
    var element = root.querySelector("[data-rc-rules]");
    return JSON.parse(element.textContent);
  }

  function showOpenState(element, hours, now) {
    var state = lib.openState(hours, now);
    element.textContent = state.text;
    element.classList.toggle("rc-open--yes", state.open);
    element.hidden = false;
    return state;
  }

  /* ---- The directory ---- */

  function Directory(root) {
    this.form = root.querySelector("[data-rc-filters]");
    this.list = root.querySelector("[data-rc-list]");
    this.count = root.querySelector("[data-rc-count]");
    this.none = root.querySelector("[data-rc-none]");
    this.status = root.querySelector("[data-rc-nearest-status]");
    this.rules = readRules(root);
    this.now = lib.ukNow();
    this.items = Array.prototype.map.call(this.list.querySelectorAll("[data-rc-centre]"), function (li) {
      var hours = readHours(li);
      var openElement = li.querySelector("[data-rc-open]");
      return {
        element: li,
        text: lib.searchable(li.textContent + " " + li.getAttribute("data-borough")).text,
        compactText: lib.searchable(li.textContent).compact,
        borough: li.getAttribute("data-borough"),
        strands: li.getAttribute("data-strands").split(" "),
        access: li.getAttribute("data-access").split(" "),
        languages: li.getAttribute("data-languages").split(" "),
        lat: parseFloat(li.getAttribute("data-lat")),
        lon: parseFloat(li.getAttribute("data-lon")),
        open: hours && openElement ? showOpenState(openElement, hours, this.now).open : false,
        name: li.querySelector("h3").textContent.trim()
      };
    }, this);
    this.form.hidden = false;
    root.querySelector("[data-rc-find]").hidden = false;
    this.restore();
    this.bind(root);
    this.apply();
  }

  Directory.prototype.state = function () {
    var state = {};
    FILTERS.forEach(function (name) {
      var control = this.form.elements[name];
      var value = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value.trim();
      if (value) { state[name] = value; }
    }, this);
    return state;
  };

  Directory.prototype.restore = function () {
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var control = this.form.elements[name];
      var value = params.get(name) || "";
      if (control.type === "checkbox") { control.checked = value === "1"; return; }
      if (control.tagName === "SELECT" && value &&
          !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) { value = ""; }
      control.value = value;
    }, this);
  };

  Directory.prototype.remember = function (push) {
    var params = new URLSearchParams(this.state());
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) { return; }
    window.history[push ? "pushState" : "replaceState"]({ filters: true }, "", url);
  };

  /* Only entries whose visibility changes are touched: setting `hidden` again, even to the
   * same value, makes the browser restyle the entry, and at thousands of centres that is
   * most of a keystroke's time. The count is rewritten only when it changes, so screen
   * readers do not hear it again. */
  Directory.prototype.apply = function () {
    var state = this.state();
    var search = lib.searchFor(state.q);
    var shown = 0;
    this.items.forEach(function (item) {
      var match = lib.matches(item, state, search);
      if (item.element.hidden === match) { item.element.hidden = !match; }
      if (match) { shown += 1; }
    }, this);
    var count = lib.countText(shown, this.items.length, Object.keys(state).length > 0);
    if (this.count.textContent !== count) { this.count.textContent = count; }
    this.none.hidden = shown > 0;
  };

  Directory.prototype.sortFrom = function (lat, lon, label) {
    var rules = this.rules;
    lib.sortByDistance(this.items, lat, lon, rules).forEach(function (item) {
      item.element.querySelector("[data-rc-distance]").textContent = "· " + lib.distanceText(item.km, rules);
      this.list.appendChild(item.element);
    }, this);
    var nearest = this.items.filter(function (item) { return !item.element.hidden; })[0] || this.items[0];
    this.status.textContent = "Centres are now sorted by distance from " + label + ". The nearest is " +
      nearest.name + ", " + lib.distanceText(nearest.km, rules) + ".";
    this.apply();
  };

  Directory.prototype.locate = function () {
    var directory = this;
    if (!navigator.geolocation) {
      this.status.textContent = "This browser cannot share your location. Enter a postcode instead.";
      return;
    }
    this.status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (position) {
      directory.sortFrom(position.coords.latitude, position.coords.longitude, "your location");
    }, function () {
      directory.status.textContent = "We could not get your location. Enter a postcode or choose your borough instead.";
    }, { timeout: 15000, maximumAge: 300000 });
  };

  Directory.prototype.findPostcode = function (form) {
    var directory = this;
    var typed = form.elements.postcode.value.trim();
    var outward = lib.outwardCode(typed, this.rules);
    if (!outward) {
      this.status.textContent = "Enter a postcode like M1 1AE, or the first half, like M1.";
      form.elements.postcode.focus();
      return;
    }
    var consent = form.elements.consent && form.elements.consent.checked && outward !== typed.toUpperCase().replace(/\s/g, "");
    if (consent) {
      fetch("https://api.postcodes.io/postcodes/" + encodeURIComponent(typed), { credentials: "omit", referrerPolicy: "no-referrer" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
        .then(function (body) { directory.sortFrom(body.result.latitude, body.result.longitude, body.result.postcode); })
        .catch(function () { directory.fromTable(form, outward); });
      return;
    }
    this.fromTable(form, outward);
  };

  Directory.prototype.fromTable = function (form, outward) {
    var directory = this;
    fetch(form.getAttribute("data-table"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
      .then(function (table) {
        var point = table.districts[outward];
        if (!point) {
          directory.status.textContent = "We do not know the postcode area " + outward +
            ". Check the postcode, or choose your borough in the filters.";
          return;
        }
        directory.sortFrom(point[0], point[1], "postcode area " + outward);
      })
      .catch(function () {
        directory.status.textContent = "Postcode search is not available right now. Choose your borough instead.";
      });
  };

  Directory.prototype.bind = function (root) {
    var directory = this;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); directory.remember(true); });
    this.form.addEventListener("input", function (event) {
      if (event.target.name === "q") { directory.apply(); directory.remember(false); }
    });
    this.form.addEventListener("change", function (event) {
      directory.apply();
      directory.remember(event.target.name !== "q");
    });
    this.form.addEventListener("reset", function () {
      window.setTimeout(function () { directory.apply(); directory.remember(true); }, 0);
    });
    window.addEventListener("popstate", function () { directory.restore(); directory.apply(); });
    root.querySelector("[data-rc-locate]").addEventListener("click", function () { directory.locate(); });
    root.querySelector("[data-rc-postcode]").addEventListener("submit", function (event) {
      event.preventDefault();
      directory.findPostcode(event.target);
    });
  };

  /* ---- A centre's page: today's hours ---- */

  function showToday(element) {
    var hours = readHours(element);
    if (!hours) { return; }
    var now = lib.ukNow();
    showOpenState(element, hours, now);
    var row = document.querySelector("[data-rc-day='" + now.day + "']");
    if (row) {
      row.classList.add("rc-today");
      row.querySelector("th").insertAdjacentText("beforeend", " (today)");
    }
  }

  var root = document.querySelector("[data-rc-directory]");
  if (root && root.querySelector("[data-rc-filters]")) { new Directory(root); }
  Array.prototype.forEach.call(document.querySelectorAll("[data-rc-today]"), showToday);
})();

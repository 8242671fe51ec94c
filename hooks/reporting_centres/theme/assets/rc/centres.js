/* The directory's search, filters and "nearest centre", and each centre's "open now".
 * Pages work without this script: it only adds to the full list the server rendered.
 * Nothing is stored and nothing leaves the device unless the visitor opts in. */
(function () {
  "use strict";

  var MILES_PER_KM = 1 / 1.609344;
  var FILTERS = ["q", "borough", "strand", "access", "language", "open"];

  /* ---- Opening hours, in UK time whatever the device's time zone ---- */

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

  function openState(hours, now) {
    if (hours.status === "temporarily-closed") { return { open: false, text: "Temporarily closed" }; }
    if (hours.status === "closed") { return { open: false, text: "Closed" }; }
    for (var i = 0; i < hours.closures.length; i++) {
      if (hours.closures[i][0] <= now.date && now.date <= hours.closures[i][1]) {
        return { open: false, text: "Closed today" };
      }
    }
    var today = hours.days[now.day];
    if (today === "24 hours") { return { open: true, text: "Open now: open 24 hours" }; }
    if (today === "by appointment") { return { open: false, text: "Today: by appointment" }; }
    if (today === "closed") { return { open: false, text: "Closed today" }; }
    for (var j = 0; j < today.length; j++) {
      if (today[j][0] <= now.time && now.time < today[j][1]) {
        return { open: true, text: "Open now, until " + today[j][1] };
      }
    }
    var later = today.filter(function (range) { return range[0] > now.time; })[0];
    return { open: false, text: later ? "Closed now: opens at " + later[0] + " today" : "Closed now" };
  }

  function readHours(element) {
    try { return JSON.parse(element.getAttribute("data-hours")); } catch (error) { return null; }
  }

  function showOpenState(element, hours, now) {
    var state = openState(hours, now);
    element.textContent = state.text;
    element.classList.toggle("rc-open--yes", state.open);
    element.hidden = false;
    return state;
  }

  /* ---- Distances ---- */

  function haversineKm(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var h = Math.pow(Math.sin((lat2 - lat1) * rad / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin((lon2 - lon1) * rad / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  }

  function distanceText(km) {
    var miles = km * MILES_PER_KM;
    return (miles < 10 ? miles.toFixed(1) : Math.round(miles)) + " miles (" +
      (km < 10 ? km.toFixed(1) : Math.round(km)) + " km) away";
  }

  /* A postcode is looked up in the site's own table of postcode districts (the outward
   * code, e.g. "M1" of "M1 1AE"), so it never leaves the device. */
  function outwardCode(text) {
    var compact = text.toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(compact)) { return compact.slice(0, -3); }
    if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact)) { return compact; }
    return null;
  }

  /* ---- The directory ---- */

  function Directory(root) {
    this.form = root.querySelector("[data-rc-filters]");
    this.list = root.querySelector("[data-rc-list]");
    this.count = root.querySelector("[data-rc-count]");
    this.none = root.querySelector("[data-rc-none]");
    this.status = root.querySelector("[data-rc-nearest-status]");
    this.now = ukNow();
    this.items = Array.prototype.map.call(this.list.querySelectorAll("[data-rc-centre]"), function (li) {
      var hours = readHours(li);
      var openElement = li.querySelector("[data-rc-open]");
      return {
        element: li,
        text: (li.textContent + " " + li.getAttribute("data-borough")).toLowerCase().replace(/\s+/g, " "),
        compactText: li.textContent.toLowerCase().replace(/\s+/g, ""),
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

  /* The search box's words, worked out once per keystroke rather than once per centre. */
  function searchFor(q) {
    if (!q) { return null; }
    var lower = q.toLowerCase();
    return { words: lower.split(/\s+/), compact: lower.replace(/\s+/g, "") };
  }

  Directory.prototype.matches = function (item, state, search) {
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
  };

  /* Only entries whose visibility changes are touched: setting `hidden` again, even to the
   * same value, makes the browser restyle the entry, and at thousands of centres that is
   * most of a keystroke's time. The count is rewritten only when it changes, so screen
   * readers do not hear it again. */
  Directory.prototype.apply = function () {
    var state = this.state();
    var search = searchFor(state.q);
    var shown = 0;
    this.items.forEach(function (item) {
      var match = this.matches(item, state, search);
      if (item.element.hidden === match) { item.element.hidden = !match; }
      if (match) { shown += 1; }
    }, this);
    var filtered = Object.keys(state).length > 0;
    var count = filtered
      ? "Showing " + shown + " of " + this.items.length + " centres"
      : "Showing all " + this.items.length + " centres";
    if (this.count.textContent !== count) { this.count.textContent = count; }
    this.none.hidden = shown > 0;
  };

  Directory.prototype.sortFrom = function (lat, lon, label) {
    this.items.forEach(function (item) {
      item.km = haversineKm(lat, lon, item.lat, item.lon);
      item.element.querySelector("[data-rc-distance]").textContent = "· " + distanceText(item.km);
    });
    this.items.sort(function (a, b) { return a.km - b.km; });
    this.items.forEach(function (item) { this.list.appendChild(item.element); }, this);
    var nearest = this.items.filter(function (item) { return !item.element.hidden; })[0] || this.items[0];
    this.status.textContent = "Centres are now sorted by distance from " + label + ". The nearest is " +
      nearest.name + ", " + distanceText(nearest.km) + ".";
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
    var outward = outwardCode(typed);
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
    var now = ukNow();
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

  window.reportingCentres = { openState: openState, outwardCode: outwardCode, ukNow: ukNow };
})();

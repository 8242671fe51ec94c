/* The directory's search, filters and "nearest centre", and the home page's postcode box (open-now.js
 * marks the other lists' and a centre's "open now").
 * Pages work without this script: it only adds to the full list the server rendered.
 * Nothing is stored and nothing leaves the device unless the visitor opts in. */
(function () {
  "use strict";

  var lib = window.ReportingCentres;  // lib.js: the helpers that do not touch the page
  /* The filters a link may set (say, to a borough's centres). They are read, never written: filters and
   * search words stay out of the address and the browser's history; the type of hate crime and the
   * search words are not even read from it. */
  var FILTERS = ["q", "borough", "strand", "access", "language", "open"];
  var FROM_ADDRESS = ["borough", "access", "language", "open"];
  var NEAREST = 3;
  /* The page's words in its language (translations/<lang>.yml's js.* strings: assets/rc/words/<lang>.js). */
  var words = window.ReportingCentresWords || { lang: "en", strings: {} };
  function say(key, values) { return lib.say(words, key, values); }

  var openNow = window.ReportingCentresOpenNow;  // open-now.js, read in the page's head
  var readHours = openNow.readHours;
  var showOpenState = openNow.showOpenState;

  /* JSON the build wrote into the page: the rules (script_rules.py) and the region's places (places.py). */
  function readJson(root, selector) {
    var element = root.querySelector(selector);
    return element ? JSON.parse(element.textContent) : {};
  }

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) { element.className = className; }
    return element;
  }

  /* ---- The directory ---- */

  function Directory(root) {
    this.root = root;
    this.form = root.querySelector("[data-rc-filters]");
    this.list = root.querySelector("[data-rc-list]");
    this.count = root.querySelector("[data-rc-count]");
    this.none = root.querySelector("[data-rc-none]");
    this.status = root.querySelector("[data-rc-nearest-status]");
    this.answerBox = root.querySelector("[data-rc-answer]");
    this.rules = readJson(root, "[data-rc-rules]");
    this.places = readJson(root, "[data-rc-places]");
    this.answer = null;  // where the last "nearest" was measured from
    this.now = lib.ukNow();
    this.items = Array.prototype.map.call(this.list.querySelectorAll("[data-rc-centre]"), function (li) {
      var hours = readHours(li);
      var openElement = li.querySelector("[data-rc-open]");
      var state = hours && openElement ? showOpenState(openElement, hours, this.now) : { open: false, text: "" };
      var link = li.querySelector("h3 a");
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
        open: state.open,
        openText: state.text,
        name: link.textContent.trim(),
        lang: link.getAttribute("lang"),  // a name in another language keeps its language (and direction)
        dir: link.getAttribute("dir"),
        href: link.getAttribute("href"),
        where: li.querySelector(".rc-centre__where").firstChild.textContent.trim()
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
    FROM_ADDRESS.forEach(function (name) {
      var control = this.form.elements[name];
      var value = params.get(name) || "";
      if (control.type === "checkbox") { control.checked = value === "1"; return; }
      if (control.tagName === "SELECT" && value &&
          !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) { value = ""; }
      control.value = value;
    }, this);
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
    var count = lib.countText(shown, this.items.length, Object.keys(state).length > 0, words);
    if (this.count.textContent !== count) { this.count.textContent = count; }
    this.none.hidden = shown > 0;
    if (this.answer) { this.showAnswer(false); }
  };

  /* Sorts the whole list nearest first from `place`, then answers first: the nearest open centres. */
  Directory.prototype.sortFrom = function (place) {
    var rules = this.rules;
    lib.sortByDistance(this.items, place.lat, place.lon, rules).forEach(function (item) {
      item.element.querySelector("[data-rc-distance]").textContent = place.rough ? "" : "· " + this.distance(item.km, place);
      this.list.appendChild(item.element);
    }, this);
    this.status.textContent = "";
    this.answer = place;
    this.apply();
    this.showAnswer(true);
  };

  Directory.prototype.distance = function (km, place) {
    return place.approximate ? lib.approximateDistanceText(km, this.rules, words) : lib.distanceText(km, this.rules, words);
  };

  Directory.prototype.answerItem = function (item, place) {
    var li = document.createElement("li");
    li.className = "rc-centre";
    var heading = document.createElement("h3");
    heading.className = "rc-centre__name";
    var link = text("a", item.name);
    link.href = item.href;
    if (item.lang) { link.setAttribute("lang", item.lang); }
    if (item.dir) { link.setAttribute("dir", item.dir); }
    heading.appendChild(link);
    li.appendChild(heading);
    var line = document.createElement("p");
    line.appendChild(text("strong", item.openText, item.open ? "rc-open--yes" : ""));
    if (!place.rough) { line.appendChild(document.createTextNode(" · " + this.distance(item.km, place))); }
    li.appendChild(line);
    li.appendChild(text("p", item.where));
    return li;
  };

  /* The answer: a heading, focus on it (when the visitor has just asked), the nearest open centres
   * that match the filters, the nearest closed ones only to fill the gap, and when none is open,
   * the ways to report at any hour. A place outside the region gets those ways, and says so. */
  Directory.prototype.showAnswer = function (focus) {
    var place = this.answer;
    var box = this.answerBox;
    var title = box.querySelector("[data-rc-answer-title]");
    var note = box.querySelector("[data-rc-answer-note]");
    var openList = box.querySelector("[data-rc-answer-open]");
    var closedList = box.querySelector("[data-rc-answer-closed]");
    var choice = place.outside ? { open: [], closed: [] } :
      lib.nearestChoice(this.items.filter(function (item) { return !item.element.hidden; }), NEAREST);
    var region = box.getAttribute("data-region");
    title.textContent = place.outside ? say("js.nearest.outside_title", { place: place.label, region: region }) :
      say("js.nearest.title", { place: place.label });
    var text = place.outside ? say("js.nearest.outside_text", { region: region }) : place.note || "";
    if (!place.outside && !choice.open.length) {
      text += (text ? " " : "") + say(choice.closed.length ? "js.nearest.none_open" : "js.nearest.none_match");
    }
    note.textContent = text;
    note.hidden = !text;
    openList.textContent = "";
    closedList.textContent = "";
    choice.open.forEach(function (item) { openList.appendChild(this.answerItem(item, place)); }, this);
    choice.closed.forEach(function (item) { closedList.appendChild(this.answerItem(item, place)); }, this);
    openList.hidden = !choice.open.length;
    closedList.hidden = !choice.closed.length;
    box.querySelector("[data-rc-answer-closed-note]").hidden = !choice.closed.length;
    box.querySelector("[data-rc-answer-anytime]").hidden = choice.open.length > 0;
    box.querySelector("[data-rc-answer-more]").hidden = !!place.outside;
    box.hidden = false;
    if (focus) { title.focus(); }
  };

  Directory.prototype.locate = function () {
    var directory = this;
    if (!navigator.geolocation) {
      this.status.textContent = say("js.nearest.no_geolocation");
      return;
    }
    this.status.textContent = say("js.nearest.finding_location");
    navigator.geolocation.getCurrentPosition(function (position) {
      directory.sortFrom({ lat: position.coords.latitude, lon: position.coords.longitude, label: say("js.nearest.your_location") });
    }, function () {
      directory.status.textContent = say("js.nearest.no_location");
    }, { timeout: 15000, maximumAge: 300000 });
  };

  Directory.prototype.findPostcode = function (form) {
    var directory = this;
    var typed = form.elements.postcode.value.trim();
    var outward = lib.outwardCode(typed, this.rules);
    if (!outward) {
      this.status.textContent = say("js.nearest.bad_postcode");
      form.elements.postcode.focus();
      return;
    }
    var label = lib.tidyPostcode(typed, outward);
    var consent = form.elements.consent && form.elements.consent.checked && label !== outward;
    this.status.textContent = say("js.nearest.finding");
    if (consent) {
      fetch("https://api.postcodes.io/postcodes/" + encodeURIComponent(typed), { credentials: "omit", referrerPolicy: "no-referrer" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
        .then(function (body) { directory.sortFrom({ lat: body.result.latitude, lon: body.result.longitude, label: label }); })
        .catch(function () { directory.fromTable(form, outward, label); });
      return;
    }
    this.fromTable(form, outward, label);
  };

  /* A JSON table of the site's own, fetched when the visitor searches; `fallback` if it cannot be had. */
  function fetchTable(url, fallback) {
    var table = fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); });
    return fallback === undefined ? table : table.catch(function () { return fallback; });
  }

  /* The district table, and for a full postcode the sector table too ("M24 6": closer than the
   * district's middle); without the sector, or its table, the district answers. */
  Directory.prototype.fromTable = function (form, outward, label) {
    var directory = this;
    var sector = lib.postcodeSector(label, outward);
    Promise.all([fetchTable(form.getAttribute("data-table")),
                 sector && form.getAttribute("data-sectors") ? fetchTable(form.getAttribute("data-sectors"), {}) : {}])
      .then(function (tables) {
        var table = tables[0];
        var point = sector ? (tables[1].sectors || {})[sector] : null;
        if (point) {
          directory.sortFrom({ lat: point[0], lon: point[1], label: label, approximate: true });
          return;
        }
        var place = lib.placeDistrict(outward, [table.districts || {}, directory.places.districts || {}]);
        if (place.kind === "outside") {
          directory.status.textContent = "";
          directory.answer = { label: label, outside: true };
          directory.showAnswer(true);
          return;
        }
        var answer = { lat: place.point[0], lon: place.point[1], label: label, approximate: true };
        if (place.kind === "area") {
          var boroughs = (directory.places.areas || {})[place.area] || [];
          answer.rough = true;
          answer.note = say("js.nearest.area", { district: outward, area: place.area,
            boroughs: boroughs.length ? say("js.nearest.area_boroughs", { boroughs: boroughs.join(", ") }) : "" });
        }
        directory.sortFrom(answer);
      })
      .catch(function () {
        directory.status.textContent = say("js.nearest.unavailable");
      });
  };

  Directory.prototype.bind = function (root) {
    var directory = this;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("input", function (event) {
      if (event.target.name === "q") { directory.apply(); }
    });
    this.form.addEventListener("change", function () { directory.apply(); });
    this.form.addEventListener("reset", function () {
      window.setTimeout(function () { directory.apply(); }, 0);
    });
    root.querySelector("[data-rc-locate]").addEventListener("click", function () { directory.locate(); });
    root.querySelector("[data-rc-postcode]").addEventListener("submit", function (event) {
      event.preventDefault();
      directory.findPostcode(event.target);
    });
  };

  /* ---- The home page's postcode box ---- */

  /* The nearest centres to a postcode, answered in place: the district's own page (near/<district>/,
   * which works without this script) is fetched from the site and its centres shown here, open ones
   * first, with focus on the answer's heading. The postcode is never put in the address. */
  function HomeFinder(root) {
    this.root = root;
    this.form = root.querySelector("[data-rc-home-postcode]");
    this.input = this.form.querySelector("input");
    this.status = root.querySelector("[data-rc-home-status]");
    this.box = document.querySelector("[data-rc-home-answer]");
    this.rules = readJson(root, "[data-rc-rules]");
    this.places = readJson(root, "[data-rc-places]");
    var finder = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      finder.find(finder.input.value.trim());
    });
  }

  HomeFinder.prototype.find = function (typed) {
    var finder = this;
    var outward = lib.outwardCode(typed, this.rules);
    if (!outward) {
      this.status.textContent = say("js.nearest.bad_postcode");
      this.input.focus();
      return;
    }
    var label = lib.tidyPostcode(typed, outward);
    this.status.textContent = say("js.nearest.finding");
    var tables = [];
    fetch(this.root.getAttribute("data-table"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
      .then(function (table) {
        tables = [table.districts || {}, finder.places.districts || {}];
        var place = lib.placeDistrict(outward, tables);
        if (place.kind === "outside") { return { outside: true }; }
        var code = lib.answeringDistrict(outward, place.point, tables, finder.rules);
        var url = new URL(finder.root.getAttribute("data-near") + code + "/", document.baseURI).href;
        return fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
          .then(function (html) { return { code: code, url: url, area: place.kind === "area" ? place.area : null, html: html }; });
      })
      .then(function (found) { finder.show(found, outward, label); })
      .catch(function () {
        finder.status.textContent = say("js.home.unavailable");
      });
  };

  /* The centres of a district's page, their links made to work from here, each marked open or closed now. */
  HomeFinder.prototype.centres = function (found) {
    var page = new DOMParser().parseFromString(found.html, "text/html");
    var now = lib.ukNow();
    return Array.prototype.map.call(page.querySelectorAll("[data-rc-centre]"), function (li) {
      var item = document.importNode(li, true);
      item.removeAttribute("id");
      Array.prototype.forEach.call(item.querySelectorAll("a[href]"), function (link) {
        link.setAttribute("href", new URL(link.getAttribute("href"), found.url).href);
      });
      var hours = readHours(item);
      var element = item.querySelector("[data-rc-open]");
      var state = hours && element ? showOpenState(element, hours, now) : { open: false };
      return { element: item, open: state.open };
    });
  };

  HomeFinder.prototype.show = function (found, outward, label) {
    var box = this.box;
    var region = this.root.getAttribute("data-region");
    var title = box.querySelector("[data-rc-answer-title]");
    var note = box.querySelector("[data-rc-answer-note]");
    var openList = box.querySelector("[data-rc-answer-open]");
    var closedList = box.querySelector("[data-rc-answer-closed]");
    var choice = found.outside ? { open: [], closed: [] } : lib.nearestChoice(this.centres(found), NEAREST);
    var text = found.outside ? say("js.nearest.outside_text", { region: region }) :
      found.area ? say("js.home.area", { district: outward, code: found.code }) : "";
    if (!found.outside && !choice.open.length) { text += (text ? " " : "") + say("js.home.none_open"); }
    title.textContent = found.outside ? say("js.nearest.outside_title", { place: label, region: region }) :
      say("js.nearest.title", { place: label });
    note.textContent = text;
    note.hidden = !text;
    openList.textContent = "";
    closedList.textContent = "";
    choice.open.forEach(function (item) { openList.appendChild(item.element); });
    choice.closed.forEach(function (item) { closedList.appendChild(item.element); });
    openList.hidden = !choice.open.length;
    closedList.hidden = !choice.closed.length;
    box.querySelector("[data-rc-answer-closed-note]").hidden = !choice.closed.length;
    box.querySelector("[data-rc-answer-anytime]").hidden = choice.open.length > 0;
    var more = box.querySelector("[data-rc-answer-more]");
    more.hidden = !!found.outside;
    if (!found.outside) {
      var link = more.querySelector("a");
      link.href = found.url;
      link.textContent = say("js.home.more", { code: found.code });
    }
    this.status.textContent = "";
    box.hidden = false;
    title.focus();
  };

  var root = document.querySelector("[data-rc-directory]");
  if (root && root.querySelector("[data-rc-filters]")) { new Directory(root); }
  var home = document.querySelector("[data-rc-home-find]");
  if (home) { new HomeFinder(home); }
})();

/* The maps. Nothing is fetched, from this site or any other, until the visitor presses
 * "Show map": then Leaflet (served by this site), the centres' GeoJSON (this site) and the
 * map pictures (OpenStreetMap's tile server) load. The Leaflet code for each map is written
 * at build time by folium (see hooks/reporting_centres/pages/maps.py) and waits in a function of the
 * map's centre, which the page gives in data-center: the code is the same on every page with that kind of map.
 * A centre's text only ever reaches the page as text (textContent, alt, title): never as markup. */
(function () {
  "use strict";

  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var loaded = {};
  var centresPath = "";
  /* The page's words in its language (translations/<lang>.yml's js.* strings: assets/rc/words/<lang>.js). */
  var pageWords = window.ReportingCentresWords || { lang: "en", strings: {} };
  function say(key, values) { return window.ReportingCentres.say(pageWords, key, values); }

  function load(url, kind) {
    if (!loaded[url]) {
      loaded[url] = new Promise(function (resolve, reject) {
        var element = document.createElement(kind === "style" ? "link" : "script");
        if (kind === "style") { element.rel = "stylesheet"; element.href = url; } else { element.src = url; element.async = false; }
        element.onload = function () { resolve(); };
        element.onerror = function () { reject(new Error(url)); };
        document.head.appendChild(element);
      });
    }
    return loaded[url];
  }

  function words(section, name) {
    return (section.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  function leaflet(section) {
    var styles = words(section, "data-styles").map(function (url) { return load(url, "style"); });
    var scripts = words(section, "data-scripts").reduce(function (previous, url) {
      return previous.then(function () { return load(url, "script"); });
    }, Promise.resolve());
    return Promise.all(styles.concat([scripts]));
  }

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) { element.className = className; }
    return element;
  }

  /* Called by folium's code (maps.py) for every centre in the GeoJSON. */
  window.reportingCentresMap = {
    pointToLayer: function (feature, latlng) {
      var name = String(feature.properties.name || "");
      return window.L.marker(latlng, { alt: name, title: name, keyboard: true });
    },
    bindPopup: function (feature, layer) {
      var properties = feature.properties || {};
      var box = document.createElement("div");
      var heading = document.createElement("p");
      heading.className = "rc-popup__name";
      if (SLUG.test(String(properties.slug))) {
        var link = text("a", String(properties.name || ""));
        link.href = centresPath + properties.slug + "/";
        heading.appendChild(link);
      } else {
        heading.textContent = String(properties.name || "");
      }
      box.appendChild(heading);
      box.appendChild(text("p", [properties.town, properties.borough].filter(Boolean).join(", "), "rc-popup__where"));
      layer.bindPopup(box);
    }
  };

  function matches(section) {
    var property = section.getAttribute("data-filter-property");
    var value = section.getAttribute("data-filter-value");
    return function (feature) { return !property || (feature.properties || {})[property] === value; };
  }

  function show(section, button) {
    var status = section.querySelector("[data-rc-map-status]");
    var canvas = section.querySelector("[data-rc-map-canvas]");
    var make = (window.reportingCentresMaps || {})[section.getAttribute("data-rc-map")];
    var shown = "";
    var tilesFailed = false;
    /* The map pictures come from another host: when they cannot load, the map is blank, so say so. */
    function tileError() {
      if (tilesFailed) { return; }
      tilesFailed = true;
      status.textContent = (shown ? shown + " " : "") + say("js.map.no_tiles");
    }
    button.disabled = true;
    status.textContent = say("js.map.loading");
    var data = fetch(section.getAttribute("data-geojson"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(new Error("GeoJSON")); });
    Promise.all([leaflet(section), data]).then(function (results) {
      var features = (results[1].features || []).filter(matches(section));
      canvas.hidden = false;
      var map = make(words(section, "data-center").map(Number));
      /* Leaflet names its buttons in English: name them in the page's language. */
      [["in", "js.map.zoom_in"], ["out", "js.map.zoom_out"]].forEach(function (pair) {
        var zoom = canvas.querySelector(".leaflet-control-zoom-" + pair[0]);
        if (zoom) { zoom.title = say(pair[1]); zoom.setAttribute("aria-label", say(pair[1])); }
      });
      map.map.on("popupopen", function (event) {
        var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
        if (close) { close.setAttribute("aria-label", say("js.map.close_popup")); }
      });
      centresPath = section.getAttribute("data-centres");
      map.layer.addData({ type: "FeatureCollection", features: features });
      map.cluster.addLayer(map.layer);
      if (features.length) { map.map.fitBounds(map.layer.getBounds(), { padding: [24, 24], maxZoom: 15 }); }
      button.parentNode.hidden = true;
      shown = say("js.map.shown", { count: features.length }) + " " + say("js.map.select");
      status.textContent = shown + (tilesFailed ? " " + say("js.map.no_tiles") : "");
      map.map.eachLayer(function (layer) {
        if (layer instanceof window.L.TileLayer) { layer.on("tileerror", tileError); }
      });
      section.setAttribute("data-rc-map-shown", "");
      /* Focus goes to the map itself, a labelled region, so keyboard and screen reader users land on it. */
      canvas.setAttribute("tabindex", "0");
      canvas.focus();
    }).catch(function () {
      button.disabled = false;
      status.textContent = say("js.map.failed");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-rc-map]"), function (section) {
    var button = section.querySelector("[data-rc-map-show]");
    section.hidden = false;
    button.addEventListener("click", function () { show(section, button); });
  });
})();

/* The coverage map the reader can pan and zoom (report/livemap.py). Leaflet and the coverage picture
 * come from the report's own folder; the streets (OpenStreetMap's map pictures) load only when the
 * reader presses "Show the streets". Centres' names reach the page only as text, never as markup. */
(function () {
  "use strict";
  var section = document.getElementById("live-map");
  if (!section || !window.L) { return; }
  var data = JSON.parse(section.getAttribute("data-map"));
  var canvas = document.getElementById("live-map-canvas");
  var status = document.getElementById("live-map-status");
  var button = document.getElementById("live-map-streets");
  var L = window.L;
  var bounds = L.latLngBounds([data.south, data.west], [data.north, data.east]);
  section.hidden = false;
  var map = L.map(canvas, { maxBounds: bounds.pad(0.5) }).fitBounds(bounds);
  L.imageOverlay(data.grid, bounds, { opacity: 0.75, alt: data.grid_alt }).addTo(map);
  data.centres.forEach(function (centre) {
    var name = String(centre.name);
    var popup = document.createElement("p");
    popup.textContent = name;
    L.marker([centre.latitude, centre.longitude], { alt: name, title: name, keyboard: true })
      .bindPopup(popup).addTo(map);
  });
  status.textContent = "The map shows " + data.centres.length +
    (data.centres.length === 1 ? " open centre" : " open centres") + " over the coverage grid. " +
    "Select a marker for the centre's name.";
  button.addEventListener("click", function () {
    button.disabled = true;
    var streets = L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 });
    streets.on("tileerror", function () {
      status.textContent = "The streets could not be loaded (the report may be offline); the coverage grid and " +
        "the centres are still shown.";
    });
    streets.addTo(map).bringToBack();
    status.textContent = "The streets are shown under the coverage grid, from OpenStreetMap.";
  });
})();

/* Draws the showrooms and fairs listed on the page onto a Leaflet map.
   The list is the source of truth: without this script, Leaflet or map tiles the page
   still shows every place. Tiles come from the server named in data-tiles. */
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("market-map");
    if (!box || typeof L === "undefined") {
      if (box) { box.hidden = true; }
      return;
    }
    var map = L.map(box, { scrollWheelZoom: false }).setView([21.0285, 105.8542], 11);
    var tiles = L.tileLayer(box.dataset.tiles, {
      maxZoom: 19,
      attribution: box.dataset.attribution || ""
    }).addTo(map);
    var warned = false;
    tiles.on("tileerror", function () {
      if (warned) { return; }
      warned = true;
      var note = document.getElementById("market-map-note");
      if (note) {
        note.textContent = box.dataset.tileError || "";
        note.hidden = false;
      }
    });
    var points = [];
    document.querySelectorAll(".place[data-lat][data-lng]").forEach(function (item) {
      var lat = parseFloat(item.dataset.lat), lng = parseFloat(item.dataset.lng);
      if (isNaN(lat) || isNaN(lng)) { return; }
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = item.dataset.name || "";
      popup.appendChild(title);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(item.dataset.detail || ""));
      var marker = item.dataset.kind === "fair"
        ? L.circleMarker([lat, lng], { radius: 9, color: "#b45309", weight: 3 })
        : L.marker([lat, lng], { title: item.dataset.name || "" });
      marker.bindPopup(popup).addTo(map);
      points.push([lat, lng]);
    });
    if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    } else if (points.length === 1) {
      map.setView(points[0], 15);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

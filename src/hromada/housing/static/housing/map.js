// The map of blocks of flats: the filtered buildings' points from the GeoJSON endpoint, each linking to its page.
(function () {
  "use strict";
  var box = document.getElementById("housing-map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { zoomControl: false, maxZoom: 19 }).setView([parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)], 13);
  L.control.zoom({ zoomInTitle: box.dataset.labelZoomIn || "+", zoomOutTitle: box.dataset.labelZoomOut || "-" }).addTo(map);
  L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
  fetch(box.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      // Markers (not circles): each is a focusable image named by its address, so the map works from a keyboard.
      pointToLayer: function (feature, latlng) {
        return L.marker(latlng, { alt: feature.properties.title, title: feature.properties.title, keyboard: true });
      },
      onEachFeature: function (feature, marker) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.title;
        var card = document.createElement("div");
        card.appendChild(link);
        if (feature.properties.energy_class) {
          var note = document.createElement("p");
          note.textContent = (box.dataset.labelClass || "") + ": " + feature.properties.energy_class;
          card.appendChild(note);
        }
        marker.bindPopup(card);
      }
    }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { maxZoom: 16 }); }
  });
})();

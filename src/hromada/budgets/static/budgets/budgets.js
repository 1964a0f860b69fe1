// The project catalogue's map: the filtered projects' points from the GeoJSON endpoint, each linking to its page.
(function () {
  "use strict";
  var box = document.getElementById("budgets-map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box).setView([parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)], 12);
  L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
  fetch(box.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      onEachFeature: function (feature, marker) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.title + " (" + feature.properties.status + ")";
        marker.bindPopup(link);
      }
    }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { maxZoom: 15 }); }
  });
})();

// Map preview of GeoJSON resources: fetches the file and fits the map to it (tiles from the site's setting).
(function () {
  document.querySelectorAll(".od-map[data-geojson]").forEach(function (el) {
    if (typeof L === "undefined") { return; }
    var map = L.map(el);
    if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution, maxZoom: 19}).addTo(map); }
    map.setView([49.0, 31.4], 6);
    fetch(el.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {onEachFeature: function (f, l) {
        var p = f.properties || {}; var text = Object.keys(p).slice(0, 6).map(function (k) { return k + ": " + p[k]; }).join("\n");
        if (text) { l.bindPopup(document.createTextNode(text).textContent); }
      }}).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), {maxZoom: 15}); }
    });
  });
})();

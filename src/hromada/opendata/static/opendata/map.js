// Map preview of GeoJSON resources: fetches the file and fits the map to it (tiles from the site's setting).
(function () {
  document.querySelectorAll(".od-map[data-geojson]").forEach(function (el) {
    if (typeof L === "undefined") { return; }
    // The zoom buttons are named in the page's language (data-label-* attributes); the prefix names the library only.
    var map = L.map(el, {zoomControl: false, maxZoom: 19});
    L.control.zoom({zoomInTitle: el.dataset.labelZoomIn || "+", zoomOutTitle: el.dataset.labelZoomOut || "-"}).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
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

/* Appeals pages: the public map (GeoJSON of public appeals), the pin on the new-appeal form,
   the small map of one appeal, category questions and response templates. No framework. */
(function () {
  "use strict";
  function baseMap(el, zoom) {
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    var map = L.map(el).setView([lat, lon], zoom);
    if (el.dataset.tiles) {  // an install may switch tiles off (no external requests)
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
    }
    return map;
  }
  var COLORS = { registered: "#b00020", assigned: "#c77c00", in_progress: "#c77c00", answered: "#1b7f3b",
                 closed: "#555", rejected: "#555", redirected: "#555" };

  var listEl = document.getElementById("appeals-map");
  if (listEl && window.L) {
    var map = baseMap(listEl, 13);
    fetch(listEl.dataset.geojson, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var legend = data.legend || { categories: {}, statuses: {} };
        var layer = L.geoJSON(data, {
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, { radius: 6, weight: 1, color: "#fff", fillOpacity: .9,
                                            fillColor: COLORS[f.properties.status] || "#333" });
          },
          onEachFeature: function (f, l) {
            var a = document.createElement("a");
            a.href = f.id + "/";
            a.textContent = f.properties.index + " — " + (legend.categories[f.properties.category] || "") +
              " (" + (legend.statuses[f.properties.status] || f.properties.status) + ")";
            l.bindPopup(a);
          }
        }).addTo(map);
        if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 15 }); }
      });
  }

  var pickEl = document.getElementById("pick-map");
  if (pickEl && window.L) {
    var pick = baseMap(pickEl, 14), marker = null;
    var latInput = document.getElementById("id_lat"), lonInput = document.getElementById("id_lon");
    var form = document.getElementById("appeal-form");
    function place(latlng, fromMap) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { draggable: true }).addTo(pick);
        marker.on("dragend", function () { place(marker.getLatLng(), true); }); }
      if (fromMap) { latInput.value = latlng.lat.toFixed(6); lonInput.value = latlng.lng.toFixed(6); }
      if (window.htmx) { htmx.trigger(form, "pin-changed"); }
    }
    pick.on("click", function (e) { place(e.latlng, true); });
    function fromInputs() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      if (!isNaN(lat) && !isNaN(lon)) { place(L.latLng(lat, lon), false); pick.setView([lat, lon]); }
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);
    fromInputs();
  }

  var oneEl = document.getElementById("appeal-map");
  if (oneEl && window.L) {
    var one = baseMap(oneEl, 16);
    L.marker([parseFloat(oneEl.dataset.lat), parseFloat(oneEl.dataset.lon)]).addTo(one);
  }

  var category = document.getElementById("id_category");
  if (category) {
    var sync = function () {
      document.querySelectorAll("fieldset.questions").forEach(function (fs) {
        fs.hidden = fs.dataset.category !== category.value;
      });
    };
    category.addEventListener("change", sync);
    sync();
  }

  document.querySelectorAll("select[data-template-target]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (sel.value) { document.getElementById(sel.dataset.templateTarget).value = sel.value; }
    });
  });
})();

/* City map: public layers with toggles, clusters and cards, a feature's own map, and the staff editor
   (click to place a point, click a feature to edit it). Data comes from the page's #map-data; the names of
   the map's controls come translated from the map element's data-label-* attributes. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  locateButton();
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var labels = el.dataset;
  // Canvas draws a thousand markers far faster than SVG on a phone.
  var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false, tap: true, zoomControl: false, maxZoom: 19 });
  L.control.zoom({ zoomInTitle: labels.labelZoomIn || "+", zoomOutTitle: labels.labelZoomOut || "-" }).addTo(map);
  // No flag and no English tooltip in the prefix: the name of the library is enough.
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  map.setView([data.lat, data.lon], 13);
  if (data.boundary) {
    var outline = L.geoJSON(data.boundary, { style: { color: "#4d5560", weight: 2, fill: false, dashArray: "4 4" }, interactive: false });
    outline.addTo(map);
    if (!data.feature) { map.fitBounds(outline.getBounds()); }
  }
  // Leaflet names the close button of a card in English: give it the page's language.
  map.on("popupopen", function (event) {
    var close = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close && labels.labelClose) { close.setAttribute("aria-label", labels.labelClose); close.title = labels.labelClose; }
  });

  // "Nearest to me": the browser's position orders the list (server side), nearest first.
  function locateButton() {
    var button = document.getElementById("map-locate");
    var near = document.getElementById("map-near");
    var sort = document.getElementById("map-sort");
    if (!button || !near || !sort || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.getElementById("map-locate-status");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        near.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        sort.value = "distance";
        button.form.requestSubmit ? button.form.requestSubmit() : button.form.submit();
      }, function () {
        button.disabled = false;
        if (status) { status.textContent = button.dataset.denied || ""; }
      }, { timeout: 10000, maximumAge: 60000 });
    });
  }

  function node(tag, text, className) {
    var item = document.createElement(tag);
    if (text !== undefined && text !== null) { item.textContent = String(text); }
    if (className) { item.className = className; }
    return item;
  }

  function valueNode(type, value) {
    var link;
    if (type === "url" || type === "phone" || type === "email") {
      link = node("a", value);
      link.href = (type === "phone" ? "tel:" + String(value).replace(/\s/g, "") : type === "email" ? "mailto:" + value : value);
      if (type === "url") { link.rel = "nofollow noopener"; link.target = "_blank"; }
      return link;
    }
    if (type === "boolean") { return document.createTextNode(value ? "✓" : "✗"); }
    return document.createTextNode(String(value));
  }

  function card(feature, layer) {
    var p = feature.properties || {};
    var box = node("div", null, "map-card");
    box.appendChild(node("p", layer.name, "feature-layer"));
    var title = node("h3");
    var link = node("a", p.name);
    link.href = data.feature_url.replace("/0/", "/" + feature.id + "/");
    title.appendChild(link);
    box.appendChild(title);
    if (p.address) { box.appendChild(node("p", p.address, "feature-address")); }
    var list = node("dl", null, "feature-props");
    (layer.schema || []).forEach(function (field) {
      if (p[field.key] === undefined || p[field.key] === null || p[field.key] === "") { return; }
      var row = node("div");
      row.appendChild(node("dt", field.label));
      var dd = node("dd");
      dd.appendChild(valueNode(field.type, p[field.key]));
      row.appendChild(dd);
      list.appendChild(row);
    });
    if (list.childNodes.length) { box.appendChild(list); }
    return box;
  }

  function pointStyle(colour) {
    return { radius: 7, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 0.9 };
  }

  function geoLayer(geojson, layer) {
    return L.geoJSON(geojson, {
      // `style` also applies to circle markers, so points get their filled style here too.
      style: function (f) {
        return f.geometry.type.indexOf("Point") >= 0 ? pointStyle(layer.colour)
          : { color: layer.colour, weight: 3, fillOpacity: 0.2 };
      },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, pointStyle(layer.colour)); },
      onEachFeature: function (f, shape) {
        if (data.editor) {
          shape.on("click", function (event) {
            L.DomEvent.stopPropagation(event);
            if (window.htmx) {
              window.htmx.ajax("GET", data.edit_url.replace("/0/", "/" + f.id + "/"), { target: "#feature-form", swap: "outerHTML" });
            }
          });
        } else {
          shape.bindPopup(function () { return card(f, layer); }, { maxWidth: 300 });
        }
      }
    });
  }

  // A single feature's page: show it and stop.
  if (data.feature) {
    var one = geoLayer(data.feature, { colour: data.colour, name: "", schema: [] }).addTo(map);
    map.fitBounds(one.getBounds(), { maxZoom: 16 });
    return;
  }

  var overlays = {};
  var byslug = {};
  (data.layers || []).forEach(function (layer) { byslug[layer.slug] = layer; });

  // The public map gathers nearby points of every layer shown into one numbered circle per neighbourhood;
  // the editor shows every feature as it is, to be clicked.
  var clusters = null;
  if (!data.editor && L.markerClusterGroup) {
    clusters = L.markerClusterGroup({
      showCoverageOnHover: false, spiderfyOnMaxZoom: true, chunkedLoading: true, maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        var holder = document.createElement("span");
        holder.appendChild(node("span", n)).setAttribute("aria-hidden", "true");
        holder.appendChild(node("span", (labels.labelCluster || "{n}").replace("{n}", n), "visually-hidden"));
        return L.divIcon({ html: holder.innerHTML, className: "map-cluster map-cluster--" + size, iconSize: L.point(40, 40) });
      }
    }).addTo(map);
  }

  function show(layer) {
    var group = overlays[layer.slug];
    if (!group) { return; }
    if (clusters) { clusters.addLayers(group.getLayers()); } else { group.addTo(map); }
  }

  function hide(layer) {
    var group = overlays[layer.slug];
    if (!group) { return; }
    if (clusters) { clusters.removeLayers(group.getLayers()); } else { map.removeLayer(group); }
  }

  function load(layer) {
    var url = layer.url + (data.q ? "?q=" + encodeURIComponent(data.q) : "");
    if (data.editor) { url += (url.indexOf("?") < 0 ? "?" : "&") + "_=" + Date.now(); }
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        hide(layer);
        var group = overlays[layer.slug] = geoLayer(null, layer);
        return addInChunks(group, geojson.features || []).then(function (count) {
          if (layer.on) { show(layer); }
          return count;
        });
      });
  }

  // Big layers are turned into shapes a few hundred features at a time, so a slow phone never freezes for long.
  var CHUNK = 250;
  function addInChunks(group, features) {
    return new Promise(function (resolve) {
      var next = 0;
      (function step() {
        group.addData(features.slice(next, next + CHUNK));
        next += CHUNK;
        if (next < features.length) { setTimeout(step, 0); } else { resolve(features.length); }
      })();
    });
  }

  // data-ready on the map element: when every layer shown at first is drawn (used by the benchmark).
  Promise.all((data.layers || []).filter(function (layer) { return layer.on; }).map(load)).then(function (counts) {
    el.dataset.features = String(counts.reduce(function (a, b) { return a + b; }, 0));
    // after the next frame, so the canvas has painted the markers
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { el.dataset.ready = String(Math.round(performance.now())); });
    });
  });

  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var layer = byslug[box.dataset.layer];
      if (!layer) { return; }
      layer.on = box.checked;
      if (!box.checked) { hide(layer); return; }
      if (overlays[layer.slug]) { show(layer); } else { load(layer); }
    });
  });

  if (data.editor) {
    var pin = null;
    map.on("click", function (event) {
      var lat = document.getElementById("id_lat");
      var lon = document.getElementById("id_lon");
      if (!lat || !lon) { return; }
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      if (pin) { pin.setLatLng(event.latlng); } else { pin = L.marker(event.latlng, { keyboard: false }).addTo(map); }
      var name = document.getElementById("id_name");
      if (name && !name.value) { name.focus(); }
    });
    document.body.addEventListener("maps-saved", function () {
      if (pin) { map.removeLayer(pin); pin = null; }
      (data.layers || []).forEach(load);
    });
  }
})();

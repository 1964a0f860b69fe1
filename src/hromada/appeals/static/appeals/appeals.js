/* Appeals pages: the public map (GeoJSON of public appeals), the pin on the new-appeal form,
   the small map of one appeal, category questions and response templates. No framework. */
(function () {
  "use strict";
  function baseMap(el, zoom, options) {
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    var opts = options || {};
    opts.zoomControl = false;
    var map = L.map(el, opts).setView([lat, lon], zoom);
    // Control names in the page's language (the template passes them translated).
    L.control.zoom({ zoomInTitle: el.dataset.zoomIn || "+", zoomOutTitle: el.dataset.zoomOut || "-" }).addTo(map);
    map.attributionControl.setPrefix(false);
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
    // keyboard: false — Leaflet's own arrows pan the map; here they move the pin instead.
    var pick = baseMap(pickEl, 14, { keyboard: false }), marker = null, committed = null, moved = false;
    var latInput = document.getElementById("id_lat"), lonInput = document.getElementById("id_lon");
    var addressInput = document.getElementById("id_address");
    var where = document.getElementById("where"), status = document.getElementById("pin-status");
    var sayTimer = null;  // emptied first, then filled: screen readers announce the same words again
    var say = function (text) {
      window.clearTimeout(sayTimer); status.textContent = "";
      sayTimer = window.setTimeout(function () { status.textContent = text; }, 50);
    };
    var msg = function (key, value) { return (where.dataset[key] || "").replace(/\{\w+\}/, value === undefined ? "" : value); };
    var coords = function (latlng) { return latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5); };

    var showPin = function (latlng) {
      if (marker) { marker.setLatLng(latlng); return; }
      marker = L.marker(latlng, { draggable: true, keyboard: false, alt: pickEl.dataset.pin || "" }).addTo(pick);
      marker.on("dragend", function () { commit(marker.getLatLng(), ""); });
    };
    // Set the pin for good: the coordinates go into the form, the place is announced, nearby appeals asked.
    var commit = function (latlng, label) {
      showPin(latlng);
      committed = latlng; moved = false;
      latInput.value = latlng.lat.toFixed(6); lonInput.value = latlng.lng.toFixed(6);
      say(msg("msgSet", label ? label + " (" + coords(latlng) + ")" : coords(latlng)));
      askNearby();
    };
    pick.on("click", function (e) { commit(e.latlng, ""); });
    var fromInputs = function () {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      if (!isNaN(lat) && !isNaN(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        showPin(L.latLng(lat, lon)); committed = L.latLng(lat, lon); pick.setView([lat, lon]); askNearby();
      }
    };
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);

    pickEl.addEventListener("keydown", function (e) {
      var steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      if (steps[e.key]) {
        e.preventDefault();
        var size = e.shiftKey ? 50 : 10;
        var from = marker ? marker.getLatLng() : pick.getCenter();
        var point = pick.latLngToContainerPoint(from).add([steps[e.key][0] * size, steps[e.key][1] * size]);
        var to = marker ? pick.containerPointToLatLng(point) : from;
        showPin(to); pick.panInside(to, { padding: [30, 30] });
        if (!moved) { say(msg("msgMoved")); }
        moved = true;
      } else if (e.key === "Enter" && marker) {
        e.preventDefault(); commit(marker.getLatLng(), "");
      } else if (e.key === "+" || e.key === "=") {
        e.preventDefault(); pick.zoomIn();
      } else if (e.key === "-" || e.key === "_") {
        e.preventDefault(); pick.zoomOut();
      } else if (e.key === "Escape" && moved && committed) {
        showPin(committed); moved = false; say(msg("msgSet", coords(committed)));
      }
    });

    // Similar open appeals near the pin: only the category and the point travel, never the description.
    var form = document.getElementById("appeal-form"), nearby = document.getElementById("nearby");
    var categorySelect = document.getElementById("id_category");
    var askNearby = function () {
      if (!form || !nearby || !categorySelect.value || !latInput.value || !lonInput.value) { return; }
      var query = new URLSearchParams({ category: categorySelect.value, lat: latInput.value, lon: lonInput.value });
      fetch(form.dataset.nearby + "?" + query.toString(), { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { nearby.innerHTML = html; })
        .catch(function () { /* the hint is a help, never a barrier */ });
    };
    categorySelect.addEventListener("change", askNearby);

    // Address search: the community's own places (and the operator's geocoder, if any).
    var search = document.getElementById("place-search");
    var q = document.getElementById("place-q"), results = document.getElementById("place-results");
    var choose = function (place) {
      var latlng = L.latLng(place.lat, place.lon);
      pick.setView(latlng, Math.max(pick.getZoom(), 16));
      if (addressInput && (!addressInput.value || addressInput.dataset.auto === "1")) {
        addressInput.value = place.label; addressInput.dataset.auto = "1";
      }
      commit(latlng, place.label);
      results.hidden = true; results.textContent = "";
      pickEl.focus();
    };
    var find = function () {
      var text = q.value.trim();
      if (text.length < 2) { return; }
      say(msg("msgSearching"));
      fetch(where.dataset.places + "?" + new URLSearchParams({ q: text }).toString(),
            { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          results.textContent = "";
          (data.results || []).forEach(function (place) {
            var li = document.createElement("li"), button = document.createElement("button");
            button.type = "button"; button.className = "place-choice"; button.textContent = place.label;
            button.addEventListener("click", function () { choose(place); });
            li.appendChild(button); results.appendChild(li);
          });
          results.hidden = !results.children.length;
          say(results.children.length ? msg("msgFound", results.children.length) : msg("msgNone"));
        })
        .catch(function () { say(msg("msgNone")); });
    };
    if (search && q) {
      search.hidden = false;
      document.getElementById("place-find").addEventListener("click", find);
      q.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); find(); } });
      if (addressInput) { addressInput.addEventListener("input", function () { addressInput.dataset.auto = ""; }); }
    }

    // "Use my location": the browser asks the resident; a refusal is said, never a dead end.
    var locate = document.getElementById("use-location");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        say(msg("msgLocating"));
        navigator.geolocation.getCurrentPosition(function (position) {
          var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
          pick.setView(latlng, 17);
          commit(latlng, msg("msgMyLocation"));
        }, function () { say(msg("msgNoLocation")); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
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

  var printButton = document.getElementById("print-page");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }

  // A form that came back: the summary of what to fix takes the focus, so it is read first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Sending the appeal: the button is disabled while it goes, and photos show their upload progress.
  var appealForm = document.getElementById("appeal-form");
  if (appealForm && window.FormData && window.XMLHttpRequest) {
    appealForm.addEventListener("submit", function (e) {
      var button = document.getElementById("send-appeal"), box = document.getElementById("upload-progress");
      var bar = document.getElementById("upload-bar"), note = document.getElementById("upload-status");
      if (button.disabled) { e.preventDefault(); return; }
      e.preventDefault();
      var label = button.textContent;
      button.disabled = true; button.setAttribute("aria-busy", "true"); button.textContent = button.dataset.sending;
      box.hidden = false; bar.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", appealForm.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) { bar.value = Math.round(ev.loaded * 100 / ev.total); }
      });
      var failed = function () {
        button.disabled = false; button.removeAttribute("aria-busy"); button.textContent = label;
        note.textContent = note.dataset.failed;
      };
      xhr.addEventListener("load", function () {
        var type = xhr.getResponseHeader("Content-Type") || "";
        if (xhr.status < 300 && type.indexOf("application/json") === 0) {
          bar.value = 100;
          window.location.assign(JSON.parse(xhr.responseText).redirect);
        } else if (type.indexOf("text/html") === 0 && xhr.responseText) {
          // The form came back with what to fix (photos already kept on the server): show that page.
          document.open(); document.write(xhr.responseText); document.close();
        } else { failed(); }
      });
      xhr.addEventListener("error", failed);
      xhr.addEventListener("abort", failed);
      xhr.send(new FormData(appealForm));
    });
  }

  document.querySelectorAll("select[data-template-target]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (sel.value) { document.getElementById(sel.dataset.templateTarget).value = sel.value; }
    });
  });
})();

// The web chat, enhanced: every form of the conversation is posted with fetch and the server's rendered
// conversation replaces the old one, focus returning to the message box. Without JavaScript the same forms post
// and redirect. The "Use my location" button fills the coordinates from the browser when it may, and a map (Leaflet,
// when loaded) places a pin by pointer or keyboard that fills them too; the coordinates stay the form's truth.
(function () {
  "use strict";
  var chat = document.getElementById("chat");
  if (!chat || !window.fetch || !window.FormData) { return; }

  function enhance() {
    var geo = chat.querySelector(".chat-geolocate");
    if (geo && navigator.geolocation) {
      geo.hidden = false;
      geo.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          chat.querySelector("#id_latitude").value = position.coords.latitude.toFixed(6);
          chat.querySelector("#id_longitude").value = position.coords.longitude.toFixed(6);
        });
      });
    }
    pinMap();
    var latest = chat.querySelector("#latest");
    if (latest && latest.scrollIntoView) { latest.scrollIntoView({block: "nearest"}); }
  }

  function pinMap() {
    var el = chat.querySelector(".chat-pin-map");
    var lat = chat.querySelector("#id_latitude"), lon = chat.querySelector("#id_longitude");
    if (!el || !window.L || !lat || !lon) { return; }
    el.hidden = false;
    chat.querySelector(".chat-pin-hint").hidden = false;
    var map = L.map(el, {zoomControl: false, keyboard: false}).setView([parseFloat(el.dataset.lat),
                                                                      parseFloat(el.dataset.lon)], 13);
    L.control.zoom({zoomInTitle: el.dataset.zoomIn, zoomOutTitle: el.dataset.zoomOut}).addTo(map);
    map.attributionControl.setPrefix(false);
    if (el.dataset.tiles) {  // an install may switch tiles off (no external requests)
      L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution, maxZoom: 19}).addTo(map);
    }
    var marker = null;
    function place(latlng, fill) {
      if (!marker) {
        marker = L.marker(latlng, {draggable: true, keyboard: false, alt: el.dataset.pin}).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
      }
      marker.setLatLng(latlng);
      if (fill) { lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6); }
    }
    function fromInputs() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place(L.latLng(a, b), false);
        map.panTo([a, b]);
      }
    }
    map.on("click", function (e) { place(e.latlng, true); });
    lat.addEventListener("change", fromInputs);
    lon.addEventListener("change", fromInputs);
    var steps = {ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0]};
    el.addEventListener("keydown", function (e) {
      if (steps[e.key]) {
        e.preventDefault();
        var size = e.shiftKey ? 50 : 10, from = marker ? marker.getLatLng() : map.getCenter();
        var point = map.latLngToContainerPoint(from).add([steps[e.key][0] * size, steps[e.key][1] * size]);
        var to = marker ? map.containerPointToLatLng(point) : from;
        place(to, true);
        map.panInside(to, {padding: [30, 30]});
      } else if (e.key === "+" || e.key === "=") {
        e.preventDefault(); map.zoomIn();
      } else if (e.key === "-") {
        e.preventDefault(); map.zoomOut();
      }
    });
    fromInputs();
  }

  chat.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    chat.setAttribute("aria-busy", "true");
    fetch(window.location.pathname, {method: "POST", body: data, credentials: "same-origin",
                                     headers: {"X-Requested-With": "fetch"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        chat.innerHTML = html;
        chat.removeAttribute("aria-busy");
        enhance();
        var box = chat.querySelector("#id_text");
        if (box) { box.focus(); }
      })
      .catch(function () { chat.removeAttribute("aria-busy"); form.submit(); });
  });
  enhance();
})();

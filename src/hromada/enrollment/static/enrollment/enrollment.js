// Enrolment's application form.
// 1. A category's proof field is only asked for once its box is ticked. Without JavaScript every proof field stays
//    visible and the service still refuses a claim without its proof.
// 2. The home's point for a school's service area: a map whose pin moves with the mouse, a finger or the arrow keys,
//    and an address search. Both only fill the latitude and longitude fields, which work alone without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("input[data-proof-for]")) {
    const proof = document.getElementById(box.dataset.proofFor);
    if (!proof) continue;
    const row = proof.closest(".field") || proof.parentElement;
    const sync = () => { row.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  }
  homePoint(document.getElementById("home-point"));
});

function homePoint(fieldset) {
  if (!fieldset || !window.L) return;
  const $ = (id) => document.getElementById(id);
  const mapEl = $("point-map"), status = $("point-status"), latField = $("id_lat"), lonField = $("id_lon");
  const text = (key, value) => (fieldset.dataset[key] || "").replace(/\{\w+\}/, value ?? "");
  let quiet = 0;
  const announce = (words) => {  // cleared, then set: the same words are read out again
    clearTimeout(quiet);
    status.textContent = "";
    quiet = setTimeout(() => { status.textContent = words; }, 60);
  };
  const shown = (latlng) => `${latlng.lat.toFixed(5)}, ${latlng.lng.toFixed(5)}`;

  mapEl.hidden = false;
  $("point-keys").hidden = false;
  $("point-search").hidden = false;
  const start = [parseFloat(mapEl.dataset.lat), parseFloat(mapEl.dataset.lon)];
  // keyboard: false — the arrow keys move the pin here, not the map.
  const map = L.map(mapEl, { keyboard: false, zoomControl: false }).setView(start, 13);
  L.control.zoom({ zoomInTitle: mapEl.dataset.zoomIn, zoomOutTitle: mapEl.dataset.zoomOut }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (mapEl.dataset.tiles) {  // an install may run without any tile server
    L.tileLayer(mapEl.dataset.tiles, { attribution: mapEl.dataset.attribution, maxZoom: 19 }).addTo(map);
  }

  const state = { pin: null, marked: null, moving: false };
  const clear = $("point-clear");
  const place = (latlng) => {
    if (!state.pin) {
      state.pin = L.marker(latlng, { draggable: true, keyboard: false, alt: mapEl.dataset.pin }).addTo(map);
      state.pin.on("dragend", () => mark(state.pin.getLatLng()));
    } else {
      state.pin.setLatLng(latlng);
    }
  };
  const mark = (latlng, label) => {
    place(latlng);
    state.marked = latlng;
    state.moving = false;
    latField.value = latlng.lat.toFixed(6);
    lonField.value = latlng.lng.toFixed(6);
    clear.hidden = false;
    announce(text("saySet", label ? `${label} (${shown(latlng)})` : shown(latlng)));
  };
  const fromFields = () => {
    const lat = parseFloat(latField.value), lon = parseFloat(lonField.value);
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      state.marked = L.latLng(lat, lon);
      place(state.marked);
      map.setView(state.marked, Math.max(map.getZoom(), 15));
      clear.hidden = false;
    }
  };
  map.on("click", (event) => mark(event.latlng));
  latField.addEventListener("change", fromFields);
  lonField.addEventListener("change", fromFields);
  clear.addEventListener("click", () => {
    if (state.pin) { state.pin.remove(); }
    Object.assign(state, { pin: null, marked: null, moving: false });
    latField.value = ""; lonField.value = "";
    clear.hidden = true;
    announce(text("sayCleared"));
  });

  const ARROWS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
  mapEl.addEventListener("keydown", (event) => {
    const arrow = ARROWS[event.key];
    if (arrow) {
      event.preventDefault();
      const pixels = event.shiftKey ? 60 : 12;
      const from = state.pin ? state.pin.getLatLng() : map.getCenter();
      const to = state.pin
        ? map.containerPointToLatLng(map.latLngToContainerPoint(from).add([arrow[0] * pixels, arrow[1] * pixels]))
        : from;  // the first arrow puts the pin in the middle of the map
      place(to);
      map.panInside(to, { padding: [40, 40] });
      if (!state.moving) { announce(text("sayMoving")); }
      state.moving = true;
    } else if (event.key === "Enter" && state.pin) {
      event.preventDefault();
      mark(state.pin.getLatLng());
    } else if (event.key === "Escape" && state.moving) {
      event.preventDefault();
      state.moving = false;
      if (state.marked) { place(state.marked); announce(text("saySet", shown(state.marked))); }
      else if (state.pin) { state.pin.remove(); state.pin = null; }
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault(); map.zoomIn();
    } else if (event.key === "-" || event.key === "_") {
      event.preventDefault(); map.zoomOut();
    }
  });

  // Finding the address: the community's own places (and the operator's geocoder, if any); a choice marks the home.
  const query = $("point-q"), results = $("point-results"), address = $("id_address");
  const choose = (found) => {
    const latlng = L.latLng(found.lat, found.lon);
    map.setView(latlng, Math.max(map.getZoom(), 16));
    mark(latlng, found.label);
    if (address && !address.value.trim()) { address.value = found.label; }
    results.hidden = true;
    results.replaceChildren();
    mapEl.focus();
  };
  const search = async () => {
    const words = query.value.trim();
    if (words.length < 2) return;
    announce(text("saySearching"));
    let found = [];
    try {
      const answer = await fetch(`${fieldset.dataset.places}?${new URLSearchParams({ q: words })}`,
                                 { headers: { Accept: "application/json" }, credentials: "same-origin" });
      found = answer.ok ? (await answer.json()).results || [] : [];
    } catch (error) {
      found = [];  // the search is a help; the map and the coordinates still work
    }
    results.replaceChildren(...found.map((item) => {
      const li = document.createElement("li"), button = document.createElement("button");
      button.type = "button";
      button.className = "point-choice";
      button.textContent = item.label;
      button.addEventListener("click", () => choose(item));
      li.append(button);
      return li;
    }));
    results.hidden = !found.length;
    announce(found.length ? text("sayFound", found.length) : text("sayNone"));
  };
  $("point-find").addEventListener("click", search);
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });
  fromFields();
}

// The web chat, enhanced: every form of the conversation is posted with fetch and the server's rendered
// conversation replaces the old one, focus returning to the message box. Without JavaScript the same forms post
// and redirect. The "Use my location" button fills the coordinates from the browser when it may.
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
    var latest = chat.querySelector("#latest");
    if (latest && latest.scrollIntoView) { latest.scrollIntoView({block: "nearest"}); }
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

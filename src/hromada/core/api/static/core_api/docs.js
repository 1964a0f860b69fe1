/* Starts Swagger UI (django-ninja's static bundle) on the API docs page from the JSON settings the page carries;
   a static file because the site's Content-Security-Policy refuses inline scripts. */
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  var settingsEl = document.getElementById("swagger-settings");
  if (!holder || !settingsEl || typeof SwaggerUIBundle === "undefined") { return; }
  var config = JSON.parse(settingsEl.textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  config.layout = "BaseLayout";
  var token = holder.dataset.csrfToken;
  if (token) {
    config.requestInterceptor = function (request) { request.headers["X-CSRFToken"] = token; return request; };
  }
  SwaggerUIBundle(config);
})();

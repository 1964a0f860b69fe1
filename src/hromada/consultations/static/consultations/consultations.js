// The proposals beside each paragraph: open on a desktop, folded under the paragraph on a phone (the page works
// without this script: every <details class="c-proposals"> is open in the HTML).
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 40rem)");
  if (!phone.matches || window.location.hash.indexOf("#proposal-") === 0) {
    return;
  }
  document.querySelectorAll("details.c-proposals").forEach(function (details) {
    details.open = false;
  });
})();

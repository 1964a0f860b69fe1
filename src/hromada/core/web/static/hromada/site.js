// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can refuse inline scripts.
"use strict";

document.addEventListener("submit", function (event) {
  // A submit button (or form) with data-confirm asks before a destructive action.
  const button = event.submitter;
  const question = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

for (const button of document.querySelectorAll("[data-print][hidden]")) {
  button.hidden = false; // printing needs JavaScript, so the button only appears with it
}

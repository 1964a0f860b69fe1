// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can refuse inline scripts.
"use strict";

const PHONE = window.matchMedia("(max-width: 640px)");

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

// Filters behind a button on a phone: <details class="filters" open> is closed there, so the first result is on the
// first screen, and open on a desktop. A person who opened or closed it keeps their choice until the page changes.
function placeFilters() {
  for (const details of document.querySelectorAll("details.filters")) {
    if (details.dataset.touched) {
      continue;
    }
    details.open = !PHONE.matches;
  }
}
for (const summary of document.querySelectorAll("details.filters > summary")) {
  summary.addEventListener("click", function () {
    summary.parentElement.dataset.touched = "1";
  });
}
placeFilters();
PHONE.addEventListener("change", function () {
  for (const details of document.querySelectorAll("details.filters")) {
    delete details.dataset.touched;
  }
  placeFilters();
});

// After a failed submit: focus goes to the error summary (templates/web/_form_errors.html), which a screen reader
// then reads; without a summary, to the form's own errors or else the first field marked invalid. Links in the
// summary focus their field.
(function focusErrors() {
  const summary = document.querySelector(".form-errors");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    return;
  }
  // Errors of the whole form (Django's "errorlist nonfield", e.g. a wrong password) come before its fields.
  const general = document.querySelector("main form .errorlist.nonfield");
  if (general) {
    general.setAttribute("tabindex", "-1");
    general.focus();
    return;
  }
  const invalid = document.querySelector("main [aria-invalid='true']");
  if (invalid) {
    invalid.focus();
  }
})();
document.addEventListener("click", function (event) {
  const link = event.target.closest(".form-errors a[href^='#']");
  if (!link) {
    return;
  }
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({block: "center"});
  }
});

// A services menu wider than the phone scrolls sideways: the current service is scrolled into view, and a fade
// at each cut edge (.has-more, .has-less) shows there is more that way.
(function servicesMenu() {
  const list = document.querySelector(".main-nav ul");
  if (!list) {
    return;
  }
  const nav = list.parentElement;
  function markMore() {
    nav.classList.toggle("has-more", list.scrollLeft + list.clientWidth < list.scrollWidth - 2);
    nav.classList.toggle("has-less", list.scrollLeft > 2);
  }
  const current = list.querySelector("a[aria-current='page']");
  if (current && list.scrollWidth > list.clientWidth) {
    list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
  }
  markMore();
  list.addEventListener("scroll", markMore, {passive: true});
  window.addEventListener("resize", markMore);
})();

// A table wider than the screen scrolls inside its .table-scroll box: the box then takes keyboard focus (arrow
// keys scroll it) and is named after the table's caption, so it is not a scroll region the keyboard cannot reach.
function focusableScrollBoxes() {
  for (const box of document.querySelectorAll(".table-scroll")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const caption = box.querySelector("caption");
      box.tabIndex = 0;
      box.dataset.scrollFocus = "1";
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
    } else if (!scrolls && box.dataset.scrollFocus) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      delete box.dataset.scrollFocus;
    }
  }
}
focusableScrollBoxes();
window.addEventListener("resize", focusableScrollBoxes);
document.addEventListener("htmx:afterSettle", focusableScrollBoxes);

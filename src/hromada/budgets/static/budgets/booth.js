// The booth's totals recomputed in the page as the voter ticks projects. The server computes the same figures on
// every "Recalculate" and "Review" (the page works without this script); this only saves the round trip.
(function () {
  "use strict";
  var totals = document.getElementById("booth-totals");
  if (!totals) { return; }
  var form = totals.closest("form");
  var fund = Number(totals.dataset.fund);
  var limited = totals.dataset.limited === "1";
  var money = new Intl.NumberFormat(document.documentElement.lang || "uk", {maximumFractionDigits: 2});
  function uah(kopiyky) { return money.format(kopiyky / 100) + "\u00a0грн"; }
  function field(name) { return totals.querySelector('[data-total="' + name + '"]'); }
  function update() {
    var spent = 0, count = 0;
    form.querySelectorAll('input[name="projects"][type="checkbox"]').forEach(function (box) {
      if (box.checked) { spent += Number(box.dataset.cost); count += 1; }
    });
    field("count").textContent = String(count);
    field("spent").textContent = uah(spent);
    field("remaining").textContent = uah(fund - spent);
    field("warning").hidden = !(limited && spent > fund);
  }
  form.addEventListener("change", update);
}());

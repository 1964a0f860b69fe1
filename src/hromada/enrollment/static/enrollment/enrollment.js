// Enrolment's application form: a category's proof field is only asked for once its box is ticked. Without
// JavaScript every proof field stays visible and the service still refuses a claim without its proof.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("input[data-proof-for]")) {
    const proof = document.getElementById(box.dataset.proofFor);
    if (!proof) continue;
    const row = proof.closest(".field") || proof.parentElement;
    const sync = () => { row.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  }
});

/* Shows a conditional question only while the earlier answer it depends on is chosen. The server checks the
   same rule on submit (an answer to a hidden question is ignored), so the form works the same without this. */
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) { return; }
  var dependants = Array.prototype.slice.call(form.querySelectorAll("[data-condition-field]"));
  if (!dependants.length) { return; }

  function chosen(field) {
    var values = [];
    Array.prototype.forEach.call(form.querySelectorAll('[name="' + field + '"]'), function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function isShown(fieldset) {
    var field = fieldset.getAttribute("data-condition-field");
    var parent = document.getElementById("question-" + field.slice(1));
    if (parent && parent.hidden) { return false; }
    return chosen(field).indexOf(fieldset.getAttribute("data-condition-choice")) !== -1;
  }

  function update() {
    dependants.forEach(function (fieldset) {
      var shown = isShown(fieldset);
      fieldset.hidden = !shown;
      fieldset.disabled = !shown;  // a hidden answer is not sent
    });
  }

  dependants.forEach(function (fieldset) {
    var note = fieldset.querySelector(".condition-note");
    if (note) { note.hidden = true; }  // the note is for people without this script
  });
  form.addEventListener("change", update);
  update();
})();

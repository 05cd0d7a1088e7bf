// The filter form of listings is open by default, so that it shows without JavaScript. On a
// phone it would push the works below a screenful of checkboxes: fold it there. On sending,
// leave out the fields left empty or at their default, so the address is short enough to share
// (without JavaScript it carries them all, which means the same).
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (!filters || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 60rem)");
  function fit() {
    filters.open = !narrow.matches;
  }
  fit();
  if (narrow.addEventListener) narrow.addEventListener("change", fit);
  var defaults = { sort: "updated", crossover: "include" };
  var form = filters.querySelector("form");
  if (!form) return;
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "checkbox") return;
      if (field.value === "" || defaults[field.name] === field.value) field.disabled = true;
    });
  });
  // Coming back to the page (the back button) must find the fields usable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  });
})();

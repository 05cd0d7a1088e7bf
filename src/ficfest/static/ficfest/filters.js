// The filter form of listings is open by default, so that it shows without JavaScript. On a
// phone it would push the works below a screenful of checkboxes: fold it there, unless the
// reader has just used it (the address says so) and is looking at what it left.
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
})();

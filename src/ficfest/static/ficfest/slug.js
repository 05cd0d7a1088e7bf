// Suggests a community's address from its name as the name is typed, until the address is
// edited by hand. Without this script the server makes the same suggestion from an empty
// address.
(function () {
  "use strict";
  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9_\s-]/g, "").trim().replace(/[\s-]+/g, "-").slice(0, 60)
      .replace(/^[-_]+|[-_]+$/g, "");
  }
  document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
    var name = document.getElementById(slug.dataset.slugFrom);
    if (!name) return;
    var edited = slug.value !== "" && slug.value !== slugify(name.value);
    slug.addEventListener("input", function () { edited = slug.value !== ""; });
    name.addEventListener("input", function () {
      if (!edited) slug.value = slugify(name.value);
    });
  });
})();

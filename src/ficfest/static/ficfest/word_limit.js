// A live word count beside a fill's text, next to its community's limit. The server stays the
// judge (ficfest.lib.text.word_count); this counts the same way closely enough to warn early:
// words are runs of non-space characters holding a letter or digit, and each Han, Kana, Hangul
// or Thai character counts as one word.
(function () {
  "use strict";
  var notes = document.getElementById("posting-notes");
  var output = document.getElementById("word-count");
  var text = document.querySelector("textarea.chapter-text");
  var form = document.getElementById("id_form");
  if (!notes || !output || !text) return;

  var limits = {};
  notes.dataset.wordLimits.trim().split(/\s+/).forEach(function (pair) {
    var parts = pair.split(":");
    if (parts.length === 2) limits[parts[0]] = parseInt(parts[1], 10);
  });
  var overflow = notes.dataset.overflow;
  var joined = "\u0e00-\u0e7f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af" +
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var token = new RegExp("[" + joined + "]|[^\\s" + joined + "]+", "gu");
  var wordChar = /[\p{L}\p{N}_]/u;

  function count(value) {
    var plain = value.replace(/<[^>]*>/g, " ");
    var tokens = plain.match(token) || [];
    return tokens.filter(function (t) { return wordChar.test(t); }).length;
  }

  function update() {
    var chosen = form && form.value ? form.value : "fic";
    var limit = limits[chosen];
    if (!limit) {
      output.hidden = true;
      return;
    }
    var words = count(text.value);
    var said = words.toLocaleString("en") + " of " + limit.toLocaleString("en") + " words";
    if (words > limit) {
      said += ": over the limit by " + (words - limit).toLocaleString("en") + ".";
      if (overflow) said += " " + overflow + " takes it: use “Post to " + overflow + " instead” below.";
      output.classList.add("over");
    } else {
      output.classList.remove("over");
    }
    output.textContent = said;
    output.hidden = false;
  }

  text.addEventListener("input", update);
  if (form) form.addEventListener("change", update);
  update();
})();

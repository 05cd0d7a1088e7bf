// Tag autocomplete. Every input or textarea with data-tag-autocomplete (its value: the tag
// type to suggest, empty for any) becomes a combobox that suggests tags as the current term is
// typed: the text between the commas (or line breaks) around the caret. In a list of required
// tags, a line that starts with a kind of tag ("character: ") suggests tags of that kind.
// Without this script the field is a plain text field and the server reads it the same way.
(function () {
  "use strict";
  var script = document.currentScript;
  var ENDPOINT = (script && script.dataset.url) || "/tags/autocomplete/";
  var DELAY = 200;
  var KINDS = {
    fandom: "fandom", fandoms: "fandom", relationship: "relationship",
    relationships: "relationship", pairing: "relationship", character: "character",
    characters: "character", freeform: "freeform", freeforms: "freeform",
    additional: "freeform", "additional tags": "freeform", "additional tag": "freeform"
  };
  var TYPED_LINE = /^(\s*)([a-z ]+?)\s*:\s*/i;
  var count = 0;

  // The term around the caret: where it starts and ends in the value, its text, and the kind
  // of tag its line asks for ("" when the field says).
  function termAt(field) {
    var value = field.value;
    var caret = field.selectionStart === null ? value.length : field.selectionStart;
    var start = Math.max(value.lastIndexOf(",", caret - 1), value.lastIndexOf("\n", caret - 1)) + 1;
    var end = value.slice(caret).search(/[,\n]/);
    end = end === -1 ? value.length : caret + end;
    var kind = "";
    var lineStart = start === 0 || value.charAt(start - 1) === "\n";
    if (lineStart && field.tagName === "TEXTAREA") {
      var typed = TYPED_LINE.exec(value.slice(start, end));
      if (typed && KINDS[typed[2].toLowerCase()]) {
        kind = KINDS[typed[2].toLowerCase()];
        start += typed[0].length;
      }
    }
    var raw = value.slice(start, end);
    var lead = raw.length - raw.replace(/^\s+/, "").length;
    return { start: start + lead, end: end, text: raw.trim(), kind: kind };
  }

  function enhance(field) {
    count += 1;
    var id = field.id || "tag-ac-" + count;
    field.id = id;
    var wrap = document.createElement("span");
    wrap.className = "ac-wrap";
    field.parentNode.insertBefore(wrap, field);
    wrap.appendChild(field);
    var list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "ac-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // Named on its own, not by the field's label, so the label names the field alone.
    list.setAttribute("aria-label", "Suggestions");
    wrap.appendChild(list);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrap.appendChild(status);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", list.id);

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    var controller = null;

    function close() {
      list.hidden = true;
      active = -1;
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    }

    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        field.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        field.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      results = found;
      list.textContent = "";
      found.forEach(function (tag, i) {
        var option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = tag.name;
        if (!field.dataset.tagAutocomplete) {
          var kind = document.createElement("span");
          kind.className = "ac-kind";
          kind.textContent = " " + tag.type;
          option.appendChild(kind);
        }
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          accept(i);
        });
        list.appendChild(option);
      });
      status.textContent = found.length ? found.length + " suggestions: use the arrow keys." : "";
      if (!found.length) {
        close();
        return;
      }
      list.hidden = false;
      active = -1;
      field.setAttribute("aria-expanded", "true");
      field.removeAttribute("aria-activedescendant");
    }

    function accept(index) {
      var term = termAt(field);
      var name = results[index].name;
      var value = field.value;
      field.value = value.slice(0, term.start) + name + value.slice(term.end);
      var caret = term.start + name.length;
      field.setSelectionRange(caret, caret);
      close();
      status.textContent = name + " chosen.";
    }

    function ask() {
      var term = termAt(field);
      if (!term.text) {
        close();
        return;
      }
      var type = term.kind || field.dataset.tagAutocomplete || "";
      var url = ENDPOINT + "?q=" + encodeURIComponent(term.text) +
        (type ? "&type=" + encodeURIComponent(type) : "");
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var mine = ++asked;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin",
                   signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine === asked && document.activeElement === field) show(data.results || []);
        })
        .catch(function () { /* offline or aborted: the field stays a plain field */ });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    field.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) {
          // In a textarea the arrows move between lines until suggestions are open.
          if (field.tagName === "INPUT" && termAt(field).text) {
            event.preventDefault();
            ask();
          }
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= results.length) next = 0;
        if (next < 0) next = results.length - 1;
        mark(next);
      } else if ((event.key === "Enter" || event.key === "Tab") && open && active >= 0) {
        if (event.key === "Enter") event.preventDefault(); // accepting, not submitting
        accept(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    field.addEventListener("blur", function () {
      clearTimeout(timer);
      close();
    });
  }

  document.querySelectorAll("input[data-tag-autocomplete], textarea[data-tag-autocomplete]")
    .forEach(enhance);
})();

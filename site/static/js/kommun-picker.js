/* Kommun picker: a search box that filters the kommun checkboxes (grouped by län) and keeps a
   count of the chosen ones. Without JavaScript the grouped checkboxes work as they are. */
(function () {
  "use strict";
  document.querySelectorAll("[data-kommun-picker]").forEach(function (picker) {
    var lang = document.documentElement.lang || "sv";
    var sv = lang.indexOf("en") !== 0;
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".lan-group"));
    var count = picker.querySelector("[data-picker-count]");
    var wrapper = document.createElement("div");
    wrapper.className = "picker-search";
    var label = document.createElement("label");
    label.setAttribute("for", "kommun-search");
    label.textContent = sv ? "Sök kommun" : "Search kommun";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "kommun-search";
    input.autocomplete = "off";
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    picker.insertBefore(wrapper, groups.length ? groups[0] : null);

    function normalise(text) {
      return text.toLocaleLowerCase(lang).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }

    function updateCount() {
      var n = picker.querySelectorAll("input[type=checkbox]:checked").length;
      if (count) {
        count.textContent = sv
          ? n + (n === 1 ? " kommun vald." : " kommuner valda.")
          : n + (n === 1 ? " kommun chosen." : " kommuner chosen.");
      }
    }

    input.addEventListener("input", function () {
      var query = normalise(input.value.trim());
      groups.forEach(function (group) {
        var lanMatches = query && normalise(group.querySelector("summary").textContent).indexOf(query) !== -1;
        var visible = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var show = !query || lanMatches || normalise(item.textContent).indexOf(query) !== -1;
          item.hidden = !show;
          if (show) { visible += 1; }
        });
        group.hidden = visible === 0;
        if (query) { group.open = visible > 0; }
      });
    });
    picker.addEventListener("change", updateCount);
  });
})();

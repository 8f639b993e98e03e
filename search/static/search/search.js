/* Suggestions as you type in the header search box: the ARIA 1.2 combobox pattern with a
   listbox popup, a 200 ms debounce and no libraries. Without JavaScript the box is a plain
   GET form to /sok/ (progressive enhancement). */
(function () {
  "use strict";
  function init(form) {
    var input = form.querySelector("input[name=q]");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) return;
    var list = document.createElement("ul");
    var listId = input.id + "-forslag";
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", document.documentElement.lang === "en" ? "Suggestions" : "Förslag");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var timer = null, active = -1, items = [], seq = 0;

    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, n) { o.setAttribute("aria-selected", n === i ? "true" : "false"); });
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", options[i].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function render(data) {
      items = data.suggestions || [];
      list.textContent = "";
      if (!items.length) { close(); return; }
      items.forEach(function (s, n) {
        var li = document.createElement("li");
        li.id = listId + "-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.title;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = s.url; });
        list.appendChild(li);
      });
      list.hidden = false; active = -1;
      input.setAttribute("aria-expanded", "true");
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (mine === seq) render(data); })
        .catch(close);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].url; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  /* On a phone the open filter groups put the first result about 700 px down: fold every group
     the visitor has not chosen from (one tap on its name opens it). Wide screens, and pages
     without JavaScript, keep them open. */
  function foldFilters() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 50rem)").matches) return;
    document.querySelectorAll(".search-facets details:not([data-chosen])").forEach(function (group) {
      group.open = false;
    });
  }
  function start() {
    document.querySelectorAll("form.site-search").forEach(init);
    foldFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

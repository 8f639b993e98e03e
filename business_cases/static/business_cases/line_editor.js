/* Business-case line editor: "Lägg till en rad" adds another empty row (a copy of the formset's
   empty form) and focuses its description. Without JavaScript the one empty row marked "Ny" is
   there to fill in; empty new rows are never saved. */
(function () {
  "use strict";
  var button = document.querySelector("[data-bc-add-row]");
  var template = document.getElementById("bc-new-row");
  var total = document.querySelector("input[name='lines-TOTAL_FORMS']");
  var rows = document.querySelector("[data-bc-rows]");
  if (!button || !template || !total || !rows) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var added = Array.prototype.slice.call(holder.children);
    added.forEach(function (row) {
      rows.appendChild(row);
    });
    total.value = String(index + 1);
    var label = rows.querySelector("[name='lines-" + index + "-label']");
    if (label) {
      label.focus();
    }
  });
})();

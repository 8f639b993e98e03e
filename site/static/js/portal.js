/* Progressive enhancement only: every page works without this script. */
(function () {
  "use strict";
  // Mark the main-menu link of the section we are in, for sighted users and screen readers.
  var path = window.location.pathname;
  var best = null;
  document.querySelectorAll(".site-header nav a[href^='/']").forEach(function (link) {
    var href = link.getAttribute("href");
    if (href !== "/" && path.indexOf(href) === 0 && (!best || href.length > best.getAttribute("href").length)) {
      best = link;
    }
  });
  if (best && !best.hasAttribute("aria-current")) {
    best.setAttribute("aria-current", path === best.getAttribute("href") ? "page" : "true");
  }
  // Move focus to a form's error summary so keyboard and screen-reader users hear what to fix.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // Wide tables scroll inside their own box, never the whole page (a phone is 390 px wide).
  // A box that does scroll is focusable and named, so keyboard users can scroll it too, and a
  // shadow on the side(s) with more table says to sighted users that it scrolls and which way
  // (drawn by a frame around the box: a shadow inside the box would scroll away with the table).
  function followScroll(box, table) {
    var frame = box.parentNode;
    if (!frame.classList.contains("scroll-frame")) {
      frame = document.createElement("div");
      frame.className = "scroll-frame";
      box.parentNode.insertBefore(frame, box);
      frame.appendChild(box);
    }
    function update() {
      var hidden = box.scrollWidth - box.clientWidth;
      if (hidden > 1 && !box.hasAttribute("tabindex")) {
        var caption = table.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      }
      frame.classList.toggle("more-left", hidden > 1 && box.scrollLeft > 1);
      frame.classList.toggle("more-right", hidden > 1 && box.scrollLeft < hidden - 1);
    }
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);  // a phone turned sideways may fit the table
    update();
  }
  document.querySelectorAll("main table").forEach(function (table) {
    var box = table.parentNode;
    if (!box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    followScroll(box, table);
  });
  // Print buttons: the Content-Security-Policy forbids inline onclick handlers.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
}());

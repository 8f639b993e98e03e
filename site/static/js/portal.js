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
  // Print buttons: the Content-Security-Policy forbids inline onclick handlers.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
}());

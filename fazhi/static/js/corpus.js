// A report of the corpus: tooltips on the marked figures; a row of the facts table scrolls to its figure.
(function () {
  "use strict";
  if (window.bootstrap) {
    document.querySelectorAll("mark.fz-fact[data-bs-toggle=tooltip]").forEach(function (mark) {
      window.bootstrap.Tooltip.getOrCreateInstance(mark);
    });
  }
  document.querySelectorAll("a.fz-corpus-jump").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var mark = document.getElementById(link.dataset.target);
      if (!mark) { return; }
      event.preventDefault();
      mark.scrollIntoView({ behavior: "smooth", block: "center" });
      mark.classList.add("fz-fact-flash");
      window.setTimeout(function () { mark.classList.remove("fz-fact-flash"); }, 1600);
      mark.focus({ preventScroll: true });
    });
  });
})();

// 重大行政决策 pages: the year picker of the catalog goes to the chosen year's page.
(function () {
  "use strict";

  document.querySelectorAll("select[data-fz-goto]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value) {
        window.location.href = select.value;
      }
    });
  });
})();

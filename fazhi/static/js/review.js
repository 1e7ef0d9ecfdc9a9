// 合法性审查 pages: confirmation before irreversible actions, and the 未采纳 reason box.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-fz-confirm]");
    if (form && !window.confirm(form.getAttribute("data-fz-confirm"))) {
      event.preventDefault();
    }
  }, true);

  function syncReason(select) {
    var form = select.closest("form");
    var reason = form && form.querySelector(".fz-answer-reason");
    if (reason) {
      reason.hidden = select.value !== "no";
    }
  }

  document.querySelectorAll(".fz-answer-choice").forEach(function (select) {
    syncReason(select);
    select.addEventListener("change", function () { syncReason(select); });
  });
})();

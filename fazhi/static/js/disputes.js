/* 行政复议 / 行政诉讼 case pages: party rows, the action panel, htmx error responses.
   Loaded as a file (the CSP forbids inline scripts). */
(function () {
  "use strict";

  // "添加申请人/原告": copy the formset's empty row, numbered, and count it in TOTAL_FORMS.
  function addPartyRow(prefix) {
    var template = document.getElementById("party-empty-" + prefix);
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var body = document.querySelector("#party-rows-" + prefix + " tbody");
    if (!template || !total || !body) { return; }
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = body.lastElementChild && body.lastElementChild.querySelector("input[type=text]");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-fz-add-row]");
    if (add) {
      event.preventDefault();
      addPartyRow(add.getAttribute("data-fz-add-row"));
      return;
    }
    var clear = event.target.closest("[data-fz-clear]");
    if (clear) {
      var panel = document.getElementById(clear.getAttribute("data-fz-clear"));
      if (panel) {
        event.preventDefault();
        panel.innerHTML = "";
      }
    }
  });

  // A refused action answers 400 (bad input) or 409 (changed by someone else) with the form
  // and its Chinese messages: show it in the panel instead of dropping it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 409) && event.detail.target &&
        event.detail.target.closest("#case-panel")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

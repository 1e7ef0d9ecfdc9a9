// Every page: a form marked data-busy="正在计算…" shows that its work has started when it is
// submitted (long work such as an assessment run or an import), and cannot be sent twice.
(function () {
  "use strict";
  var originals = new WeakMap(); // button → its children before it showed the spinner

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) return;
    if (form.dataset.busySent === "1") {
      event.preventDefault();
      return;
    }
    var button = event.submitter || form.querySelector("[type=submit]");
    // After every listener of this event (a confirm dialog answered 取消 cancels the submit),
    // and disabled only then, so the pressed button's name and value are still sent.
    window.setTimeout(function () {
      if (event.defaultPrevented) return;
      form.dataset.busySent = "1";
      if (!button) return;
      originals.set(button, Array.prototype.slice.call(button.childNodes));
      button.disabled = true;
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-1";
      spinner.setAttribute("aria-hidden", "true");
      button.replaceChildren(spinner, document.createTextNode(form.getAttribute("data-busy") || "正在处理…"));
    }, 0);
  });

  // Back to this page from the browser's page cache: its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy-sent]").forEach(function (form) {
      delete form.dataset.busySent;
      form.querySelectorAll("button").forEach(function (button) {
        if (!originals.has(button)) return;
        button.replaceChildren.apply(button, originals.get(button));
        button.disabled = false;
        originals.delete(button);
      });
    });
  });
})();

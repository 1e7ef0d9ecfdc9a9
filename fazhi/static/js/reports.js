// Annual report (issue 7): the figure picker inserts an indicator reference at the cursor of
// the section's text, so that figures stay live references instead of typed numbers.
(function () {
  "use strict";
  var editor = document.getElementById("section-body");
  if (!editor) {
    return;
  }
  document.querySelectorAll(".fz-insert").forEach(function (button) {
    button.addEventListener("click", function () {
      var token = button.getAttribute("data-token");
      var start = editor.selectionStart || 0;
      var end = editor.selectionEnd || start;
      editor.value = editor.value.slice(0, start) + token + editor.value.slice(end);
      editor.focus();
      editor.selectionStart = editor.selectionEnd = start + token.length;
    });
  });
})();

// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary, so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }

    // Dot voting: keep "dots left" up to date while typing.
    var form = document.querySelector("[data-dot-budget]");
    if (!form) { return; }
    var budget = parseInt(form.getAttribute("data-dot-budget"), 10);
    var left = document.getElementById("dots-left");
    var inputs = form.querySelectorAll("input[type=number]");
    function update() {
      var used = 0;
      inputs.forEach(function (input) {
        var n = parseInt(input.value, 10);
        if (!isNaN(n) && n > 0) { used += n; }
      });
      var remaining = budget - used;
      if (left) {
        left.textContent = remaining >= 0
          ? "You have " + remaining + " of " + budget + " dots left."
          : "You have used " + (-remaining) + " too many dots. You can use " + budget + ".";
      }
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
  });
})();

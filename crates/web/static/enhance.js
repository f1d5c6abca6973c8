// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary, so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }

    // Character counts, as GOV.UK's: how many are left, said to screen
    // readers a moment after typing stops. Without this the hint says the limit.
    document.querySelectorAll("[data-character-count]").forEach(function (field) {
      var max = parseInt(field.getAttribute("data-maxlength"), 10);
      var input = field.querySelector("input, textarea");
      var info = field.querySelector(".character-count");
      if (!input || !info || isNaN(max)) { return; }
      var live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      field.appendChild(live);
      var timer;
      function message() {
        var left = max - Array.from(input.value).length;
        return left >= 0
          ? "You have " + left + (left === 1 ? " character" : " characters") + " remaining"
          : "You have " + (-left) + (left === -1 ? " character" : " characters") + " too many";
      }
      function update() {
        info.textContent = message();
        info.classList.toggle("over", Array.from(input.value).length > max);
        clearTimeout(timer);
        timer = setTimeout(function () { live.textContent = message(); }, 1000);
      }
      input.addEventListener("input", update);
      info.textContent = message();
    });

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

// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Offer a copy button beside a freshly created API token.
  var token = document.getElementById("new-token");
  if (token && navigator.clipboard) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = document.documentElement.lang === "en" ? "Copy" : "Salin";
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(token.textContent.trim()).then(function () {
        b.textContent = document.documentElement.lang === "en" ? "Copied" : "Tersalin";
      });
    });
    token.insertAdjacentElement("afterend", b);
  }

  // The report form: ask for the reporter's identity only when they chose
  // to give it, and offer only the villages of the chosen district.
  var report = document.querySelector("form.report-form");
  if (report) {
    var who = report.querySelector(".identity-fields");
    var showWho = function () {
      var m = report.querySelector('input[name="mode"]:checked');
      who.hidden = !m || m.value === "anonymous";
    };
    report.querySelectorAll('input[name="mode"]').forEach(function (r) { r.addEventListener("change", showWho); });
    showWho();
    var district = report.querySelector('select[name="district"]');
    var village = report.querySelector('select[name="village"]');
    var showVillages = function () {
      village.querySelectorAll("optgroup").forEach(function (g) {
        var mine = g.getAttribute("data-district") === district.value;
        g.hidden = !mine;
        g.disabled = !mine;
      });
      var chosen = village.options[village.selectedIndex];
      if (chosen && chosen.parentElement.disabled) { village.value = ""; }
    };
    district.addEventListener("change", showVillages);
    showVillages();
  }
});

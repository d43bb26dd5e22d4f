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
});

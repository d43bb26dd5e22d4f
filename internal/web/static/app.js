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

  // The report form's proof of work, when the government asks for one:
  // find a nonce whose SHA-256 with the challenge starts with the asked
  // number of zero bits, in slices so that the page stays responsive.
  if (report && report.dataset.powBits) {
    var bits = parseInt(report.dataset.powBits, 10);
    report.addEventListener("submit", function (ev) {
      var pow = report.querySelector('input[name="pow"]');
      var challenge = report.querySelector('input[name="pow_challenge"]').value;
      if (pow.value) { return; }
      ev.preventDefault();
      var button = report.querySelector("button.primary");
      button.disabled = true;
      button.textContent = document.documentElement.lang === "en" ? "Preparing…" : "Menyiapkan…";
      var n = 0;
      (function slice() {
        for (var end = n + 2000; n < end; n++) {
          if (zeroBits(sha256(challenge + ":" + n)) >= bits) {
            pow.value = String(n);
            report.submit();
            return;
          }
        }
        setTimeout(slice, 0);
      })();
    });
  }
});

function zeroBits(h) {
  var n = 0;
  for (var i = 0; i < h.length; i++) {
    if (h[i] === 0) { n += 8; continue; }
    for (var b = 0x80; b && !(h[i] & b); b >>= 1) { n++; }
    break;
  }
  return n;
}

// sha256 of an ASCII string, as bytes: small and synchronous, since
// crypto.subtle exists only on HTTPS pages.
var K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,
  0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
  0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,
  0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
  0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,
  0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
function sha256(s) {
  var l = s.length, words = [], i;
  for (i = 0; i < l; i++) { words[i >> 2] |= (s.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8); }
  words[l >> 2] |= 0x80 << (24 - (l % 4) * 8);
  var total = ((l + 8) >> 6) * 16 + 16;
  for (i = words.length; i < total; i++) { words[i] = words[i] | 0; }
  words[total - 1] = l * 8;
  var h = [0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19], w = new Array(64);
  for (var j = 0; j < total; j += 16) {
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
      if (i < 16) { w[i] = words[j + i] | 0; } else {
        var x = w[i - 15], y = w[i - 2];
        w[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[i - 16] +
          (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + w[i - 7] | 0;
      }
      var t1 = k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i] | 0;
      var t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c)) | 0;
      k = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
    }
    h[0] = h[0] + a | 0; h[1] = h[1] + b | 0; h[2] = h[2] + c | 0; h[3] = h[3] + d | 0;
    h[4] = h[4] + e | 0; h[5] = h[5] + f | 0; h[6] = h[6] + g | 0; h[7] = h[7] + k | 0;
  }
  var out = [];
  for (i = 0; i < 32; i++) { out[i] = (h[i >> 2] >>> (24 - (i % 4) * 8)) & 0xff; }
  return out;
}

// claimtrack report: filters and details. Reads text from the page (textContent) and writes
// it back as text: nothing from the articles is ever parsed as markup.
(function () {
  "use strict";
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var kind = document.getElementById("f-kind");
  var status = document.getElementById("f-status");
  var text = document.getElementById("f-text");
  var count = document.getElementById("f-count");
  var none = document.getElementById("none-shown");
  var haystack = null;  // each group's text, lower-cased on the first search

  function matchesKind(g, k) {
    var gk = g.getAttribute("data-kind");
    return !k || gk === k || gk.indexOf(k + ".") === 0;
  }

  // the claims a search found, marked (and their table unfolded)
  function markRows(g, q) {
    var found = false;
    Array.prototype.forEach.call(g.querySelectorAll("tbody tr"), function (row) {
      var hit = q !== "" && row.textContent.toLowerCase().indexOf(q) !== -1;
      row.classList.toggle("match", hit);
      found = found || hit;
    });
    if (found) { g.querySelector("details.claims").open = true; }
  }

  function apply() {
    var k = kind.value, s = status.value, q = text.value.trim().toLowerCase(), shown = 0;
    if (q && haystack === null) {
      haystack = groups.map(function (g) { return g.textContent.toLowerCase(); });
    }
    groups.forEach(function (g, i) {
      var ok = matchesKind(g, k) && (!s || g.getAttribute("data-status") === s) &&
        (!q || haystack[i].indexOf(q) !== -1);
      g.hidden = !ok;
      if (ok) { shown += 1; }
      if (ok || g.querySelector("tr.match")) { markRows(g, ok ? q : ""); }
    });
    count.textContent = shown + " of " + groups.length + " groups shown";
    none.hidden = shown !== 0;
  }

  function explained(item) {
    var title = item.querySelector("title");
    return title ? title.textContent : item.textContent.replace(/\s+/g, " ").trim();
  }

  function pin(item) {
    var section = item.closest("section.group");
    var ids = (item.getAttribute("data-claim") || item.getAttribute("data-claims") || "")
      .split(" ");
    var detail = section.querySelector(".detail");
    detail.textContent = explained(item);
    detail.removeAttribute("data-pinned");  // what a hover shows is now the pinned text
    Array.prototype.forEach.call(section.querySelectorAll(".selected"), function (el) {
      el.classList.remove("selected");
    });
    item.classList.add("selected");
    var pair = item.getAttribute("data-claims");
    if (pair) {  // a conflict: its line and its reason together
      Array.prototype.forEach.call(section.querySelectorAll("[data-claims]"), function (el) {
        if (el.getAttribute("data-claims") === pair) { el.classList.add("selected"); }
      });
    }
    Array.prototype.forEach.call(section.querySelectorAll(".mark, tr[data-claim]"),
      function (el) {
        if (ids.indexOf(el.getAttribute("data-claim")) !== -1) { el.classList.add("selected"); }
      });
  }

  // hovering a mark or a conflict line explains it in the line under the timeline at once
  // (the browser's own tooltip comes late and small); leaving it shows what was pinned
  var hoverable = ".mark, .conflict";
  document.addEventListener("mouseover", function (e) {
    var item = e.target.closest ? e.target.closest(hoverable) : null;
    if (!item) { return; }
    var detail = item.closest("section.group").querySelector(".detail");
    if (!detail.hasAttribute("data-pinned")) {
      detail.setAttribute("data-pinned", detail.textContent);
    }
    detail.textContent = explained(item);
  });
  document.addEventListener("mouseout", function (e) {
    var item = e.target.closest ? e.target.closest(hoverable) : null;
    if (!item || (e.relatedTarget && item.contains(e.relatedTarget))) { return; }
    var detail = item.closest("section.group").querySelector(".detail");
    if (detail.hasAttribute("data-pinned")) {
      detail.textContent = detail.getAttribute("data-pinned");
      detail.removeAttribute("data-pinned");
    }
  });

  var pinnable = ".mark, .conflict, tr[data-claim], ol.conflicts li";
  document.addEventListener("click", function (e) {
    var item = e.target.closest ? e.target.closest(pinnable) : null;
    if (item) { pin(item); }
  });
  document.addEventListener("keydown", function (e) {
    var item = e.target.closest ? e.target.closest(".mark, .conflict") : null;
    if (item && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pin(item); }
  });
  document.getElementById("filters").addEventListener("submit", function (e) {
    e.preventDefault();
  });
  kind.addEventListener("change", apply);
  status.addEventListener("change", apply);
  text.addEventListener("input", apply);
  apply();
}());

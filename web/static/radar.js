// Radar dashboard: keyboard navigation of the queue and its self-refresh. No build step.
(function () {
  "use strict";
  var queue = document.getElementById("queue");

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr[data-href]")); }
  function selected() { return document.querySelector("tr[data-href].selected"); }
  function select(row) {
    var old = selected();
    if (old) { old.classList.remove("selected"); }
    if (row) { row.classList.add("selected"); row.focus(); row.scrollIntoView({block: "nearest"}); }
  }
  function move(step) {
    var all = rows(), i = all.indexOf(selected());
    if (!all.length) { return; }
    select(all[Math.max(0, Math.min(all.length - 1, i + step))]);
  }
  function typing(e) {
    var t = e.target && e.target.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || (e.target && e.target.isContentEditable);
  }

  document.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest("tr[data-href]");
    if (row && !e.target.closest("a")) { window.location.href = row.getAttribute("data-href"); }
  });

  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "j") { move(1); e.preventDefault(); }
    else if (e.key === "k") { move(-1); e.preventDefault(); }
    else if (e.key === "Enter" && selected()) { window.location.href = selected().getAttribute("data-href"); }
    else if (e.key === "/") {
      var first = document.querySelector("#filters select, #filters input, input[name=q]");
      if (first) { first.focus(); e.preventDefault(); }
    } else if (e.key === "r" && queue) { refresh(); }
  });

  function refresh() {
    if (!queue || document.hidden) { return; }
    var keep = selected() && selected().getAttribute("data-href");
    fetch(window.location.href, {headers: {"X-Partial": "1"}, credentials: "same-origin"})
      .then(function (r) { if (r.redirected || !r.ok) { throw new Error("session"); } return r.text(); })
      .then(function (html) {
        queue.innerHTML = html;
        if (keep) { select(document.querySelector('tr[data-href="' + keep + '"]')); }
      })
      .catch(function () { /* keep the last table; the next tick tries again */ });
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  if (queue) {
    var seconds = parseInt(queue.getAttribute("data-refresh"), 10) || 30;
    window.setInterval(refresh, seconds * 1000);
  }
})();

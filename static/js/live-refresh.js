// Pages that follow something live (check-in figures, a badge print run) mark the part that
// changes with data-refresh-seconds; this fetches the page again on that beat and swaps that
// part in place. It replaces a meta refresh, which reloads the whole page under the reader
// (a WCAG failure). When the fresh part no longer asks for refreshing (a finished print
// run), polling stops.
(function () {
  "use strict";
  var live = document.querySelector("[data-refresh-seconds]");
  if (!live || !live.id || !window.fetch || !window.DOMParser) return;
  var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 60;
  var timer = window.setInterval(refresh, seconds * 1000);
  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(live.id);
        if (!fresh) return;
        live.innerHTML = fresh.innerHTML;
        if (!fresh.hasAttribute("data-refresh-seconds")) window.clearInterval(timer);
      })
      .catch(function () { /* the next beat tries again */ });
  }
})();

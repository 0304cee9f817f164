/* thidua: mark which campaigns of the section home are running today, in the reader's browser,
   so the built page does not depend on the day it was built. Periods are ISO dates, possibly
   partial (YYYY or YYYY-MM): a partial start counts from its first day, a partial end to its last. */
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  /* "2019-10" ends with "2019-10-31": as strings, later than every real day of the month. */
  function start(iso) { return !iso ? "0000" : iso.length === 4 ? iso + "-01-01" : iso.length === 7 ? iso + "-01" : iso; }
  function end(iso) { return !iso ? "9999" : iso.length === 4 ? iso + "-12-31" : iso.length === 7 ? iso + "-31" : iso; }
  function mark() {
    var now = today();
    document.querySelectorAll("[data-td-status-list]").forEach(function (list) {
      var running = 0;
      list.querySelectorAll("[data-td-to]").forEach(function (item) {
        var from = start(item.getAttribute("data-td-from")), to = end(item.getAttribute("data-td-to"));
        var on = from <= now && now <= to;
        item.hidden = !on;
        if (on) { running += 1; item.querySelector("[data-td-status]").textContent = "Đang diễn ra"; }
      });
      var none = list.parentNode.querySelector("[data-td-status-none]");
      if (none) { none.hidden = running > 0; }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); } else { mark(); }
  /* Material's instant navigation replaces the page without a new load. */
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(mark); }
})();

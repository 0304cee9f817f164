/* thidua: which public consultations on proposed honours are still taking comments, decided with
   the reader's date (the built page does not know the day it is read). Open notices get the
   status "Đang lấy ý kiến" and move to the top of the list, keeping their order; a notice that
   prints no last day is never called open. Dates are ISO, possibly partial (YYYY, YYYY-MM). */
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function start(iso) { return iso.length === 4 ? iso + "-01-01" : iso.length === 7 ? iso + "-01" : iso; }
  function end(iso) { return iso.length === 4 ? iso + "-12-31" : iso.length === 7 ? iso + "-31" : iso; }
  function mark() {
    var now = today();
    document.querySelectorAll("[data-td-consult-list]").forEach(function (list) {
      var open = [];
      list.querySelectorAll(":scope > [data-td-from]").forEach(function (item) {
        var from = start(item.getAttribute("data-td-from") || ""), to = item.getAttribute("data-td-to") || "";
        var status = item.querySelector("[data-td-consult-status]");
        var state = !to ? "unknown" : now < from ? "upcoming" : now <= end(to) ? "open" : "closed";
        item.setAttribute("data-td-state", state);
        var until = status.getAttribute("data-td-until");
        if (state === "open") { open.push(item); status.textContent = "Đang lấy ý kiến, đến hết ngày " + until; }
        else if (state === "closed") { status.textContent = "Đã hết hạn góp ý (ngày " + until + ")"; }
        else if (state === "upcoming") { status.textContent = "Chưa đến ngày nhận ý kiến"; }
      });
      for (var i = open.length - 1; i >= 0; i -= 1) { list.insertBefore(open[i], list.firstChild); }
      var none = list.parentNode.querySelector("[data-td-consult-none]");
      if (none) { none.hidden = open.length > 0; }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); } else { mark(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(mark); }
})();

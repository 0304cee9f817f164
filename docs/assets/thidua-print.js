// "In văn bản" on a decree page prints it. A listener in a file, not an onclick attribute: the
// pages' Content-Security-Policy runs no inline event handlers (hooks/thidua/csp.py).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-td-print]");
  if (button) window.print();
});

// Text-size control, customary on Vietnamese government portals: three steps on top of
// Material's root size, remembered per browser. Built here rather than in a template because
// every page template (Material's and ours) has its own content block; without JS it would not work anyway.
(function () {
  var KEY = "thidua.textsize", MIN = -1, MAX = 2;
  var SCALE = { "-1": 0.9, "0": null, "1": 1.15, "2": 1.3 };
  var root = document.documentElement;

  function apply(step) {
    var scale = SCALE[String(step)];
    // Material's own root size is 125%; scale that, or give the stylesheet back its control.
    root.style.fontSize = scale ? (125 * scale) + "%" : "";
    root.dataset.tdTextsize = String(step);
  }

  var saved = 0;
  try { saved = parseInt(localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { /* storage blocked */ }
  apply(Math.max(MIN, Math.min(MAX, saved)));

  function toolbar() {
    var inner = document.querySelector(".md-content__inner");
    if (!inner || inner.querySelector(".td-textsize")) return;
    var bar = document.createElement("div");
    bar.className = "td-textsize";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Cỡ chữ");
    bar.innerHTML =
      '<span class="td-textsize__label">Cỡ chữ:</span>' +
      // Each name starts with what the button shows (WCAG 2.5.3, label in name): a voice user
      // says "A cộng", a screen reader reads "A+ tăng cỡ chữ".
      '<button type="button" data-td-textsize="-1" title="Giảm cỡ chữ">A−<span class="td-visually-hidden"> giảm cỡ chữ</span></button>' +
      '<button type="button" data-td-textsize="0" title="Cỡ chữ mặc định">A<span class="td-visually-hidden"> cỡ chữ mặc định</span></button>' +
      '<button type="button" data-td-textsize="1" title="Tăng cỡ chữ">A+<span class="td-visually-hidden"> tăng cỡ chữ</span></button>';
    inner.insertBefore(bar, inner.firstChild);
  }

  document.addEventListener("DOMContentLoaded", toolbar);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-td-textsize]");
    if (!button) return;
    var delta = parseInt(button.getAttribute("data-td-textsize"), 10);
    var current = parseInt(root.dataset.tdTextsize || "0", 10);
    var next = delta === 0 ? 0 : Math.max(MIN, Math.min(MAX, current + delta));
    apply(next);
    try { localStorage.setItem(KEY, String(next)); } catch (e) { /* storage blocked */ }
  });
})();

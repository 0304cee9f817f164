// Keyboard access Material leaves to the mouse (WCAG 2.1.1, 2.4.3, 2.4.7), without inline scripts:
// the phone menu button (a <label> for Material's hidden #__drawer checkbox), the colour toggle
// and wide tables.
(function () {
  "use strict";

  // --- The phone menu: a button that opens the drawer, moves focus into it, Escape closes it. ---
  function drawerButton() { return document.querySelector(".md-header__button[for='__drawer']"); }
  function drawerToggle() { return document.getElementById("__drawer"); }

  function firstDrawerLink() {
    var nav = document.querySelector(".md-sidebar--primary");
    return nav && nav.querySelector("a[href], label[tabindex='0'], input:not([type='checkbox'])");
  }

  function syncExpanded() {
    var button = drawerButton(), toggle = drawerToggle();
    if (button && toggle) button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  document.addEventListener("keydown", function (event) {
    var button = drawerButton(), toggle = drawerToggle();
    if (!button || !toggle) return;
    if (event.target === button && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.stopPropagation();  // Material also clicks a focused label on Enter: toggle once
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      if (toggle.checked) {
        var first = firstDrawerLink();
        if (first) first.focus();
      }
    } else if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      button.focus();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.id === "__drawer") syncExpanded();
    // A sub-menu opened from the keyboard: focus its title (its "back" control); closed: its opener.
    if (target && /^__nav_/.test(target.id) && phone.matches) {
      var opener = document.querySelector(".md-nav__link[for='" + target.id + "']");
      var back = target.parentNode.querySelector(".md-nav > .md-nav__title[for='" + target.id + "']");
      var active = document.activeElement;
      if (target.checked && active === opener && back) back.focus();
      else if (!target.checked && active === back && opener) opener.focus();
    }
  });

  // --- Phone drawer sub-menus: Material opens a section as a sliding panel from its label, but
  // gives section labels and the panels' "back" titles no tab stop. Enter on a focused label is
  // handled by Material (it clicks it); these only make them reachable, and only on phones, where
  // sections are panels (on wide screens a section is a plain heading).
  var phone = window.matchMedia("(max-width: 76.234375em)");
  function drawerLabels() {
    var labels = document.querySelectorAll(
      ".md-nav--primary label.md-nav__link[for^='__nav'], .md-nav--primary .md-nav .md-nav__title[for^='__nav']");
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (phone.matches) {
        if (!label.hasAttribute("data-td-tabstop") && label.getAttribute("tabindex") !== "0") {
          label.setAttribute("data-td-tabstop", label.getAttribute("tabindex") || "");
          label.setAttribute("tabindex", "0");
        }
      } else if (label.hasAttribute("data-td-tabstop")) {
        label.setAttribute("tabindex", label.getAttribute("data-td-tabstop"));
        label.removeAttribute("data-td-tabstop");
      }
    }
  }
  if (phone.addEventListener) phone.addEventListener("change", drawerLabels);

  // --- Tables wider than the page scroll sideways: the scroll area takes focus (arrow keys). ---
  function scrollables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Bảng (cuộn ngang bằng phím mũi tên)");
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }

  // --- The colour toggle: Material tracks the active scheme by index and leaves every radio
  // unchecked, so Tab lands on the first one, whose (hidden) label is not the one shown when the
  // system setting chose the dark scheme. Checking the active one puts focus on the visible toggle.
  function syncPalette() {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    var inputs = document.querySelectorAll("[data-md-component='palette'] input.md-option");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].getAttribute("data-md-color-scheme") === scheme) {
        inputs[i].checked = true;
        return;
      }
    }
  }

  function ready() { syncExpanded(); scrollables(); syncPalette(); drawerLabels(); }
  // Material wraps tables when its document$ emits; subscribing after it runs after that wrap.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ready);
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(scrollables);
  });
})();

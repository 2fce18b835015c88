/* Reading a post: fixes to what Material for MkDocs 9.8 does in the browser.
   Checked in Chromium by tests/test_browser.py and tests/test_accessibility.py. */
(function () {
  "use strict";

  /* 1. Accessibility of markup that Material's JavaScript creates while the
     page is read (copy buttons, citation tooltips, search results, the
     "Copied" message); markup written at build time is fixed in overrides/. */

  function fix() {
    // A code block's copy button sits in a <nav>: one unnamed navigation
    // landmark per code block (axe: landmark-unique). It is not navigation.
    document.querySelectorAll(".md-code__nav:not([role])").forEach(function (el) {
      el.setAttribute("role", "none");
    });

    // Tags shown in search results are plain text in a <nav>, one per result
    // (axe: landmark-unique). Not navigation either.
    document.querySelectorAll(".md-search-result nav.md-tags:not([role])").forEach(function (el) {
      el.setAttribute("role", "none");
    });

    // A citation's tooltip (content.footnote.tooltips) is an unnamed dialog
    // (axe: aria-dialog-name): name it after the citation that opened it,
    // "Reference 2: O'Keeffe M et al., 2017".
    document.querySelectorAll(".md-tooltip2[role='dialog']:not([aria-label])").forEach(function (el) {
      var host = el.id && document.querySelector("[aria-controls='" + el.id + "']");
      var name = host && (host.getAttribute("aria-label") || host.textContent.trim());
      el.setAttribute("aria-label", name || "Footnote");
    });

    // "Copied to clipboard" appears outside every landmark (axe: region) and
    // is not announced: make it a status message (WCAG 4.1.3).
    document.querySelectorAll(".md-dialog:not([role])").forEach(function (el) {
      el.setAttribute("role", "status");
    });
  }

  fix();
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });

  /* 2. A citation, a back link or any link to a spot on the same page must
     get there. Material's instant navigation handles these links itself, and
     the first one followed on a page re-fetches the page first. If the reader
     scrolled in the 100 ms before the click (on a phone: a tap mid-fling), its
     debounced record of the scroll position lands on the new history entry,
     and once the page is back Material restores that position instead of
     going to the anchor: the tap does nothing visible. When that happened
     (address at the anchor, page unmoved, anchor out of view), go there. */
  var pending = null;

  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest("a[href*='#']") : null;
    if (!link || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || link.target) {
      return;
    }
    var url = new URL(link.href, location.href);
    if (url.hash.length < 2 || url.origin + url.pathname !== location.origin + location.pathname) {
      return;
    }
    pending = { hash: url.hash, y: window.scrollY, time: Date.now() };
  }, true);

  function settle() {
    var jump = pending;
    pending = null;
    if (!jump || location.hash !== jump.hash || Date.now() - jump.time > 10000) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(jump.hash.slice(1)));
    if (!target || Math.abs(window.scrollY - jump.y) > 1) {
      return;
    }
    var box = target.getBoundingClientRect();
    if (box.bottom <= 0 || box.top >= window.innerHeight) {
      // As Material does: follow a link to the fragment, so that the anchor
      // becomes :target and keeps its scroll margin below the header.
      var link = document.createElement("a");
      link.href = jump.hash;
      link.click();
    }
  }

  // Material's document$ emits once it has put the re-fetched page in place
  // and restored the scroll position.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      window.setTimeout(settle, 0);
    });
  }
})();

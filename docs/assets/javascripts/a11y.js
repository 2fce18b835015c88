/* Accessibility fixes for markup that Material's JavaScript creates while the
   page is read (copy buttons, citation tooltips, search results, the "Copied"
   message). Markup written at build time is fixed in overrides/ instead.
   Checked by tests/test_accessibility.py (axe-core, WCAG 2.1 AA). */
(function () {
  "use strict";

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
})();

/* Reading the Back Blog: what the browser adds to the pages Material for
   MkDocs 9.8 and our hooks write. Every page works without it.
   Checked in Chromium by tests/test_browser.py, tests/test_accessibility.py,
   tests/test_search.py and tests/test_library.py.

   This is the source; the site loads reading.min.js, made from it by terser
   (npm, pinned in package.json): npm run minify. tests/test_page_weight.py
   fails when the two differ. */
(function () {
  "use strict";

  /* 1. Accessibility of markup that Material's JavaScript creates while the
     page is read (copy buttons, search results, the "Copied" message);
     markup written at build time is fixed in overrides/. */

  function fixMarkup() {
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

    // "Copied to clipboard" appears outside every landmark (axe: region) and
    // is not announced: make it a status message (WCAG 4.1.3).
    document.querySelectorAll(".md-dialog:not([role])").forEach(function (el) {
      el.setAttribute("role", "status");
    });
  }

  // A code block too wide for the screen scrolls sideways: keyboard users
  // must be able to reach it to scroll it (WCAG 2.1.1; axe:
  // scrollable-region-focusable).
  function fixScrollingCode() {
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth + 1) {
        if (!code.hasAttribute("tabindex")) {
          code.setAttribute("tabindex", "0");
        }
      } else if (code.getAttribute("tabindex") === "0") {
        code.removeAttribute("tabindex");
      }
    });
  }

  // Work that reads the layout waits until the browser is idle: a phone's
  // first paint and first input come first (Lighthouse: total blocking time).
  var idle = window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 200); };

  fixMarkup();
  new MutationObserver(function (records) {
    // Only elements added matter (copy buttons, results, the dialog), and at
    // once: "Copied to clipboard" must be a status message when it shows.
    for (var i = 0; i < records.length; i++) {
      for (var j = 0; j < records[i].addedNodes.length; j++) {
        if (records[i].addedNodes[j].nodeType === 1) {
          fixMarkup();
          return;
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", function () { idle(fixScrollingCode); });

  /* 2. A link to a spot on a page must get there: a citation, a back link,
     a search result, "In the library". Material's instant navigation handles
     these links itself, and two things go wrong. On the page itself, if the
     reader scrolled in the 100 ms before the click (on a phone: a tap
     mid-fling), Material's debounced record of the scroll position lands on
     the new history entry and is restored instead of going to the anchor. On
     a phone, a search result is followed while the search holds the page
     still, and the new page stays at its top. When the address is at the
     anchor but the anchor is out of view, go there. (The anchors' scroll
     margin, in reading.css, keeps them below the header and "Back to top".) */
  var pending = null;

  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest("a[href*='#']") : null;
    // (Not ev.defaultPrevented: instant navigation prevents every link's default.)
    if (!link || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || link.target) {
      return;
    }
    var url = new URL(link.href, location.href);
    if (url.hash.length < 2 || url.origin !== location.origin) {
      return;
    }
    pending = { path: url.pathname, hash: url.hash, time: Date.now() };
    if (url.pathname === location.pathname) {
      settleSoon(); // the same page: no new page for Material to show
    }
  }, true);

  // Whether the target is out of view, or above where its scroll margin puts
  // it (under the header or "Back to top").
  function misplaced(target) {
    var box = target.getBoundingClientRect();
    var margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    return box.bottom <= 0 || box.top >= window.innerHeight || (box.top < margin - 2 && window.scrollY > 0);
  }

  function settle(last) {
    var jump = pending;
    if (!jump || Date.now() - jump.time > 10000) {
      pending = null;
      return;
    }
    if (location.pathname !== jump.path || location.hash !== jump.hash) {
      return; // not there yet: the next page is still on its way
    }
    if (last) {
      pending = null;
    }
    var target = document.getElementById(decodeURIComponent(jump.hash.slice(1)));
    if (target && misplaced(target)) {
      target.scrollIntoView({ block: "start" });
    }
  }

  // Once the reader scrolls or types, the place is theirs: nothing is put right.
  ["wheel", "touchstart", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () {
      if (pending && location.pathname === pending.path && location.hash === pending.hash) {
        pending = null;
      }
    }, { passive: true, capture: true });
  });

  function settleSoon() {
    window.setTimeout(function () { settle(false); }, 0);
    // After a phone's search has let the page go, and after the browser's own
    // adjustments of the scroll position.
    window.setTimeout(function () { settle(false); }, 300);
    window.setTimeout(function () { settle(false); }, 700);
    window.setTimeout(function () { settle(true); }, 1500);
  }

  /* 3. The preview of a citation: on hover, on keyboard focus and on a tap,
     the references of "(2–4)", each with its number (a link to its entry in
     the list), its text and its DOI and PubMed links. It follows the
     citation in the document, so that Tab goes from the citation's numbers
     into the preview's links, and on out of it. It stays while the pointer
     is on the citation or the preview, or the focus in either; Escape
     closes it, without moving the focus (WCAG 1.4.13). On a touch screen, a
     tap on a number shows the preview instead of leaving the reader's
     place; the number in the preview leads to the list. An author's own
     footnote ([^1]) gets the same preview of its note. */
  var preview = null; // { host, element, trigger }
  var openTimer = 0;
  var closeTimer = 0;
  var lastPointer = "mouse";
  var refocusing = false; // the focus given back to the citation on closing

  // What a preview belongs to: a citation "(2–4)", or a footnote's <sup>.
  function citationOf(link) {
    return link.closest(".bb-citation") || link.closest("sup") || link;
  }

  function isPreviewLink(el) {
    return el instanceof Element && !!el.closest(
      ".md-content a.footnote-ref, .md-content .bb-citation a.bb-citation__number"
    ) && !el.closest(".bb-preview");
  }

  function targetId(link) {
    return decodeURIComponent(new URL(link.href, location.href).hash.slice(1));
  }

  // The entries of a citation, those a range hides too ("3" of "2–4"), as
  // [number, entry element] in ascending order; of a footnote, its note.
  function entriesOf(host) {
    if (!host.classList.contains("bb-citation")) {
      var ref = host.querySelector("a.footnote-ref") || host;
      var note = document.getElementById(targetId(ref));
      return note ? [[ref.textContent.trim(), note]] : [];
    }
    var list = Array.prototype.slice.call(document.querySelectorAll(".bb-references > li"));
    var items = [];
    (host.getAttribute("data-cites") || "").split(/\s+/).forEach(function (key) {
      var entry = key && document.querySelector(".bb-references .bb-reference[data-key='" + CSS.escape(key) + "']");
      if (entry && items.every(function (item) { return item[1] !== entry; })) {
        items.push([list.indexOf(entry.closest("li")) + 1, entry]);
      }
    });
    return items.sort(function (a, b) { return a[0] - b[0]; });
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function buildPreview(host) {
    var entries = entriesOf(host);
    if (!entries.length) {
      return null;
    }
    var box = element("span", "bb-preview");
    box.id = "bb-preview-" + (host.id || (host.querySelector("a") || host).id || "footnote");
    box.setAttribute("role", "group");
    var numbers = entries.map(function (item) { return item[0]; });
    box.setAttribute("aria-label", host.classList.contains("bb-citation")
      ? (numbers.length > 1 ? "References " : "Reference ") + host.textContent.replace(/[()]/g, "").trim()
      : "Footnote " + numbers[0]);
    entries.forEach(function (item) {
      var number = item[0];
      var entry = item[1];
      var row = element("span", "bb-preview__item");
      var go = element("a", "bb-preview__number");
      go.href = "#" + entry.id;
      go.appendChild(element("span", "bb-visually-hidden", host.classList.contains("bb-citation")
        ? "Reference " : "Footnote "));
      go.appendChild(document.createTextNode(String(number)));
      go.appendChild(element("span", "bb-visually-hidden", " in the list"));
      row.appendChild(go);
      var text = element("span", "bb-preview__text");
      var source = entry.querySelector(".bb-reference__text");
      if (source) {
        text.innerHTML = source.innerHTML;
      } else {
        var copy = entry.cloneNode(true);
        copy.querySelectorAll(".footnote-backref").forEach(function (a) { a.remove(); });
        text.textContent = copy.textContent.trim();
      }
      row.appendChild(text);
      var links = entry.querySelectorAll(".bb-reference__link");
      if (links.length) {
        var linkRow = element("span", "bb-preview__links");
        links.forEach(function (a) {
          var copyLink = element("a", "bb-preview__link", a.textContent);
          copyLink.href = a.href;
          linkRow.appendChild(copyLink);
        });
        row.appendChild(linkRow);
      }
      box.appendChild(row);
    });
    var close = element("button", "bb-preview__close");
    close.type = "button";
    close.appendChild(element("span", "bb-preview__close-icon", "\u00d7")).setAttribute("aria-hidden", "true");
    close.appendChild(element("span", "bb-visually-hidden", "Close the preview"));
    box.appendChild(close);
    return box;
  }

  function place(box, host) {
    box.style.left = "0px";
    box.classList.remove("bb-preview--above");
    var width = document.documentElement.clientWidth;
    var margin = 8;
    var rect = box.getBoundingClientRect();
    var shift = 0;
    if (rect.right > width - margin) {
      shift = rect.right - (width - margin);
    }
    if (rect.left - shift < margin) {
      shift = rect.left - margin;
    }
    box.style.left = -shift + "px";
    rect = box.getBoundingClientRect();
    var hostRect = host.getBoundingClientRect();
    if (rect.bottom > window.innerHeight && hostRect.top - rect.height > 56) {
      box.classList.add("bb-preview--above");
    }
  }

  function openPreview(link) {
    window.clearTimeout(openTimer);
    window.clearTimeout(closeTimer);
    var host = citationOf(link);
    if (preview && preview.host === host) {
      preview.trigger = link;
      return;
    }
    closePreview(false);
    var box = buildPreview(host);
    if (!box) {
      return;
    }
    host.classList.add("bb-previewing");
    host.appendChild(box);
    host.querySelectorAll("a.footnote-ref, a.bb-citation__number").forEach(function (a) {
      a.setAttribute("aria-expanded", "true");
      a.setAttribute("aria-controls", box.id);
    });
    preview = { host: host, element: box, trigger: link };
    place(box, host);
  }

  function closePreview(returnFocus) {
    window.clearTimeout(openTimer);
    window.clearTimeout(closeTimer);
    if (!preview) {
      return;
    }
    var current = preview;
    preview = null;
    var focusInside = current.element.contains(document.activeElement);
    current.host.classList.remove("bb-previewing");
    current.host.querySelectorAll("[aria-expanded]").forEach(function (a) {
      a.setAttribute("aria-expanded", "false");
      a.removeAttribute("aria-controls");
    });
    current.element.remove();
    if (focusInside || returnFocus) {
      refocusing = true;
      current.trigger.focus({ preventScroll: true });
      refocusing = false;
    }
  }

  function within(el) {
    return !!preview && el instanceof Node && (preview.host.contains(el) || preview.element.contains(el));
  }

  document.addEventListener("pointerdown", function (ev) {
    lastPointer = ev.pointerType || "mouse";
    if (preview && !within(ev.target)) {
      closePreview(false);
    }
  }, true);

  document.addEventListener("mouseover", function (ev) {
    if (lastPointer === "touch") {
      return;
    }
    if (within(ev.target)) {
      window.clearTimeout(closeTimer);
      return;
    }
    if (isPreviewLink(ev.target)) {
      var link = ev.target.closest("a");
      window.clearTimeout(openTimer);
      openTimer = window.setTimeout(function () { openPreview(link); }, 150);
    }
  });

  document.addEventListener("mouseout", function (ev) {
    if (lastPointer === "touch") {
      return;
    }
    window.clearTimeout(openTimer);
    if (preview && within(ev.target) && !within(ev.relatedTarget) &&
        !preview.host.contains(document.activeElement) && !preview.element.contains(document.activeElement)) {
      closeTimer = window.setTimeout(function () { closePreview(false); }, 300);
    }
  });

  document.addEventListener("focusin", function (ev) {
    if (within(ev.target)) {
      window.clearTimeout(closeTimer);
      return;
    }
    if (refocusing) {
      return;
    }
    if (isPreviewLink(ev.target) && lastPointer !== "touch") {
      openPreview(ev.target.closest("a"));
    } else if (preview) {
      closePreview(false);
    }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && preview) {
      ev.stopPropagation();
      closePreview(preview.element.contains(document.activeElement));
    }
  }, true);

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) {
      return;
    }
    if (preview && target.closest(".bb-preview__close")) {
      ev.preventDefault();
      closePreview(lastPointer !== "touch");
      return;
    }
    if (preview && target.closest(".bb-preview__number")) {
      closePreview(false); // and on to the entry
      return;
    }
    if (isPreviewLink(target) && lastPointer === "touch") {
      // A tap shows the preview; its numbers lead to the list. (Material's
      // instant navigation follows links whatever preventDefault says.)
      ev.preventDefault();
      ev.stopPropagation();
      var link = target.closest("a");
      if (preview && preview.host === citationOf(link)) {
        closePreview(false);
      } else {
        openPreview(link);
      }
    }
  }, true);

  /* 4. The reference library: filter by study design and by words, sort by
     author or year. Without JavaScript the page lists every reference, in
     sections by study design; the form is hidden until this runs. */
  // What the reader types, folded as the entries' data-search is
  // (hooks/backblog/search_text.py: folded): no accents, one apostrophe.
  var UNDECOMPOSED = { "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i" };

  function fold(text) {
    return text.replace(/[ßøØæÆœŒłŁđĐðÐþÞı]/g, function (c) { return UNDECOMPOSED[c]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[\u2019\u02bc]/g, "'")
      .toLowerCase();
  }

  function setUpLibrary() {
    var form = document.querySelector("form.bb-library-filter");
    if (!form || form.getAttribute("data-ready")) {
      return;
    }
    form.setAttribute("data-ready", "true");
    var container = form.closest("article");
    var sections = Array.prototype.slice.call(container.querySelectorAll("ul.bb-library"));
    var items = [];
    sections.forEach(function (list) {
      var heading = list.previousElementSibling;
      Array.prototype.forEach.call(list.children, function (item, index) {
        items.push({ item: item, list: list, heading: heading, index: index });
      });
    });
    var flat = element("ul", "bb-library bb-library--sorted");
    flat.hidden = true;
    if (sections.length) {
      sections[sections.length - 1].insertAdjacentElement("afterend", flat);
    }
    var text = form.querySelector("[name='text']");
    var design = form.querySelector("[name='design']");
    var order = form.querySelector("[name='order']");
    var status = form.querySelector(".bb-library-filter__status");
    var wasSorted = false; // whether the entries are out of their sections
    var filtered = false; // whether some entries are hidden

    function update() {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var chosen = design.value;
      var shown = 0;
      items.forEach(function (entry) {
        var haystack = entry.item.getAttribute("data-search") || "";
        var match = (!chosen || entry.item.getAttribute("data-design") === chosen) &&
          words.every(function (word) { return haystack.indexOf(word) >= 0; });
        entry.item.hidden = !match;
        shown += match ? 1 : 0;
      });
      var sorted = order.value !== "design";
      if (!sorted && !wasSorted && shown === items.length && !filtered) {
        status.textContent = "Showing all " + items.length + " references";
        return; // the page as written: nothing to move
      }
      filtered = shown !== items.length;
      wasSorted = sorted;
      if (sorted) {
        var keyed = items.slice().sort(function (a, b) {
          var x = a.item.getAttribute(order.value === "author" ? "data-author" : "data-year") || "";
          var y = b.item.getAttribute(order.value === "author" ? "data-author" : "data-year") || "";
          var byKey = x < y ? -1 : x > y ? 1 : 0;
          if (order.value === "newest") {
            byKey = -byKey;
          }
          return byKey || (a.item.getAttribute("data-author") < b.item.getAttribute("data-author") ? -1 : 1);
        });
        keyed.forEach(function (entry) { flat.appendChild(entry.item); });
      } else {
        items.forEach(function (entry) { entry.list.appendChild(entry.item); });
      }
      flat.hidden = !sorted;
      sections.forEach(function (list) {
        var visible = !sorted && Array.prototype.some.call(list.children, function (item) { return !item.hidden; });
        list.hidden = !visible;
        if (list.previousElementSibling) {
          list.previousElementSibling.hidden = !visible;
        }
      });
      status.textContent = shown === items.length
        ? "Showing all " + items.length + " references"
        : "Showing " + shown + " of " + items.length + " references";
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.hidden = false;
    update();
  }

  /* On every page Material shows (instant navigation swaps pages in place). */
  function onPage() {
    closePreview(false);
    setUpLibrary();
    settleSoon();
    idle(fixScrollingCode);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else {
    onPage();
  }
})();

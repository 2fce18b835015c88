"""The one module that reads Material for MkDocs' search plugin (9.8).

The hooks add to the search index what ``search_text.py`` computes: a
``keywords`` field on a page's entries, and one entry per reference of a
list. What this relies on, each assumption tested by name in
``tests/test_search.py``:

1. ``SEARCH_NAME``: the plugin is ``material/search``; its option ``fields``
   declares the index's fields (title, text and tags by default), each
   indexed by the browser's search (lunr) and none shown but title, text and
   tags, so a declared ``keywords`` field is searched and never displayed.
2. ``ENTRIES``: once the plugin's ``on_page_context`` has run for a page (a
   hook's runs after it), ``plugin.search_index.entries`` ends with that
   page's entries, dicts with ``location`` (the page's URL, ``#anchor`` for a
   section), ``title`` and ``text`` (HTML-escaped); the page's own entry first.
   Entries added after them, with the page's URL and an anchor, are results
   of that page that lead to the anchor.
3. ``EXCLUDE``: an element with ``data-search-exclude`` is left out of the
   index, with everything inside it (the attribute is removed from the page).
4. ``PARSE``: the plugin's ``search_index.add_entry_from_context(page)``
   (``on_page_context``) indexes a page by parsing ``page.content``, and reads
   only ``content``, ``meta``, ``toc``, ``url`` and ``title`` of ``page``; the
   plugin makes a new ``search_index`` in each build's ``on_config``.
5. ``WRITE``: its ``on_post_build(config=config)`` writes ``search/search_index.json``
   in ``site_dir`` from ``search_index.entries`` as they are then (``make serve``
   has it write the index again after pages rendered alone), made as one JSON
   text by ``search_index.generate_search_index(prev)``.

The lists the hooks leave out of the index (a post's references, the
library's entries) are half of what the plugin would parse.  Parsed or cut
out before parsing, an excluded element adds nothing (``EXCLUDE``), so
:func:`skip_excluded_lists` has the plugin parse the page without them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .freed_memory import give_back_freed_memory
from .html_fragments import element_spans

SEARCH_NAME = "material/search"
KEYWORDS_FIELD = "keywords"
#: The attribute that keeps an element out of the index: ``<ol data-search-exclude>``.
EXCLUDE_ATTRIBUTE = "data-search-exclude"


# How our templates open a list left out of the index (reference_list.html, library.md).
_EXCLUDED_LIST_RE = re.compile(r'<(ol|ul) class="bb-[a-z_-]+" data-search-exclude="">')


def search_plugin(config: MkDocsConfig) -> Any | None:
    plugin = config.plugins.get(SEARCH_NAME)
    return plugin if plugin is not None and plugin.config.enabled else None


def check_fields(config: MkDocsConfig) -> None:
    """The ``keywords`` field must be declared, or the browser's search ignores it."""
    plugin = search_plugin(config)
    if plugin is not None and KEYWORDS_FIELD not in plugin.config.fields:
        raise PluginError(
            f"mkdocs.yml: the search plugin needs the field '{KEYWORDS_FIELD}' "
            f"(plugins: - search: fields: {{{KEYWORDS_FIELD}: {{boost: 1}}}}): other spellings of names "
            "and every author of a reference are searched there"
        )


def page_entries(config: MkDocsConfig, page: Page) -> list[dict[str, Any]] | None:
    """The index's entries of ``page``, just added by the plugin (None without search)."""
    plugin = search_plugin(config)
    if plugin is None:
        return None
    entries: list[dict[str, Any]] = plugin.search_index.entries
    found = []
    for entry in reversed(entries):
        if _page_url(entry) != page.url:
            break
        found.append(entry)
    return list(reversed(found))


def add_entries(config: MkDocsConfig, entries: list[dict[str, Any]]) -> None:
    """Add entries after the current page's (see ``ENTRIES``)."""
    plugin = search_plugin(config)
    if plugin is not None:
        plugin.search_index.entries.extend(entries)


def skip_excluded_lists(config: MkDocsConfig) -> None:
    """Have this build's index parse each page without our excluded lists (``PARSE``)."""

    def wrap(add_entry: Callable[[Any], None]) -> Callable[[Page], None]:
        def add_entry_from_context(page: Page) -> None:
            add_entry(_WithContent(page, without_excluded_lists(page.content or "")))

        return add_entry_from_context

    _wrap_index_method(config, "add_entry_from_context", wrap)


def give_back_memory_first(config: MkDocsConfig) -> None:
    """Have this build's index give the memory the build freed back to the system before it
    makes its JSON (``WRITE``), the build's largest allocation at its end (``freed_memory.py``)."""

    def wrap(generate: Callable[[Any], str]) -> Callable[[Any], str]:
        def generate_search_index(prev: Any) -> str:
            give_back_freed_memory()
            return str(generate(prev))

        return generate_search_index

    _wrap_index_method(config, "generate_search_index", wrap)


def _wrap_index_method(config: MkDocsConfig, name: str, wrap: Callable[[Any], Any]) -> None:
    """This build's index (the plugin makes one per build) with its method ``name`` replaced
    by ``wrap(method)``, once."""
    plugin = search_plugin(config)
    done = f"backblog_wrapped_{name}"
    if plugin is None or getattr(plugin.search_index, done, False):
        return
    index = plugin.search_index
    setattr(index, name, wrap(getattr(index, name)))
    setattr(index, done, True)


def without_excluded_lists(html: str) -> str:
    """``html`` without the lists our templates leave out of the index (all of their
    content is ours, every value escaped, so their tags balance)."""
    pieces, position = [], 0
    for start, end in element_spans(html, _EXCLUDED_LIST_RE):
        pieces.append(html[position:start])
        position = end
    return "".join(pieces) + html[position:] if pieces else html


class _WithContent:
    """``page`` as the index reads it, with other content."""

    def __init__(self, page: Page, content: str) -> None:
        self._page = page
        self.content = content

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


INDEX_FILE = "search/search_index.json"


def entries_mark(config: MkDocsConfig) -> int | None:
    """How many entries the index has now (None without search), for :func:`reindex`."""
    plugin = search_plugin(config)
    return len(plugin.search_index.entries) if plugin is not None else None


def reindex(config: MkDocsConfig, mark: int, pages: Iterable[Page]) -> bool:
    """``make serve``: the entries that pages rendered alone added after ``mark`` take the
    places of those pages' entries (in the order a full build adds them); False, nothing
    changed, if a page had none before or added none."""
    plugin = search_plugin(config)
    assert plugin is not None
    entries: list[dict[str, Any]] = plugin.search_index.entries
    added: dict[str, list[dict[str, Any]]] = {}
    for entry in entries[mark:]:
        added.setdefault(_page_url(entry), []).append(entry)
    urls = {page.url for page in pages}
    before = entries[:mark]
    if set(added) != urls or not urls <= {_page_url(entry) for entry in before}:
        return False
    kept: list[dict[str, Any]] = []
    for entry in before:
        url = _page_url(entry)
        if url not in urls:
            kept.append(entry)
        elif url in added:
            kept.extend(added.pop(url))  # the page's new entries, where its first one was
    entries[:] = kept
    return True


def write_index(config: MkDocsConfig) -> str | None:
    """Write the index as the plugin does at the end of a build (``WRITE``); its site path."""
    plugin = search_plugin(config)
    if plugin is None:
        return None
    plugin.on_post_build(config=config)
    return INDEX_FILE


def _page_url(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]

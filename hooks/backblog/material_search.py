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
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

SEARCH_NAME = "material/search"
KEYWORDS_FIELD = "keywords"
#: The attribute that keeps an element out of the index: ``<ol data-search-exclude>``.
EXCLUDE_ATTRIBUTE = "data-search-exclude"


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
        location = str(entry.get("location", ""))
        if location.split("#", 1)[0] != page.url:
            break
        found.append(entry)
    return list(reversed(found))


def add_entries(config: MkDocsConfig, entries: list[dict[str, Any]]) -> None:
    """Add entries after the current page's (see ``ENTRIES``)."""
    plugin = search_plugin(config)
    if plugin is not None:
        plugin.search_index.entries.extend(entries)

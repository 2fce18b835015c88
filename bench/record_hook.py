"""Benchmark hook (not part of the site): records what (a)'s hooks wrote, to write (b).

Added after the project's hooks in the benchmark's one recording build of (a):
each page's Markdown as every plugin and hook left it, and the page head our
hooks wrote (``page.meta["backblog_head"]``), saved to ``record.json`` beside
the configuration.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_pages: dict[str, dict[str, str]] = {}


@event_priority(-1000)  # after every plugin and hook
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _pages[page.file.src_uri] = {"markdown": markdown, "url": page.file.url}
    return markdown


def _project_hook(config: MkDocsConfig) -> Any:
    """The project's hook module (``hooks/back_blog.py``), as MkDocs loaded it for this build."""
    return next(module for module in config.hooks.values() if hasattr(module, "library_markdown"))


def _library_page(config: MkDocsConfig) -> str | None:
    return ((config.extra or {}).get("backblog") or {}).get("library_page")


@event_priority(-1000)
def on_page_context(context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
    """The Markdown as rendered: the library page's is written once every page is known
    (on_env), and its page keeps it without the listing (``back_blog.library_markdown``)."""
    if page.file.src_uri in _pages and page.markdown is not None:
        library = _project_hook(config).library_markdown() if page.file.src_uri == _library_page(config) else None
        _pages[page.file.src_uri]["markdown"] = library or page.markdown
    head = page.meta.get("backblog_head")
    if head and page.file.src_uri in _pages:
        _pages[page.file.src_uri]["head"] = str(head)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    record = Path(config.config_file_path).parent / "record.json"
    record.write_text(json.dumps(_pages), encoding="utf-8")

"""Benchmark hook (not part of the site): the floor (b) gets the page heads (a) wrote.

The head metadata of a post (Highwire tags, JSON-LD) is written by our hooks
into ``page.meta["backblog_head"]``, which the theme override prints; in (b)
it is read, as written by (a), from ``floor-heads.json`` beside the
configuration: one dictionary look-up per page.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_heads: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _heads
    heads = Path(config.config_file_path).parent / "floor-heads.json"
    _heads = json.loads(heads.read_text(encoding="utf-8")) if heads.exists() else {}
    return config


def on_page_context(context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
    head = _heads.get(page.file.src_uri)
    if head:
        page.meta["backblog_head"] = Markup(head)
    return context

"""The home page's "Latest posts": each post's title, date, category and excerpt.

Material's blog lists posts only on its own index pages; the home page gets
the same excerpts by writing them into its Markdown, where MkDocs resolves the
links to the posts and renders the text with the site's extensions.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import markdown

from .material_blog import BlogPost
from .rendering import render

MARKER = "<!-- latest-posts -->"
LATEST_COUNT = 5
HOME = "index.md"

_H1 = re.compile(r"\A\s*#\s+(?P<title>.+?)\s*#*\s*(?:\n|\Z)")
_TAG = re.compile(r"<[^>]*>")
#: Python-Markdown without extensions, as ``markdown.markdown`` makes it, made once (a third of a
#: millisecond a heading otherwise).
_HEADINGS = markdown.Markdown()


@dataclass(frozen=True)
class PostSummary:
    """What the home page shows of one post."""

    title: str
    path: str  # the post's source, relative to the home page: MkDocs turns it into its URL
    published: date
    categories: tuple[str, ...]
    excerpt: str


def post_title(text: str, meta: Mapping[str, Any], fallback: str) -> str:
    """A post's title: its front matter's ``title``, else the text of its first ``# heading``."""
    heading = _H1.match(text)
    return str(meta.get("title") or (heading_text(heading["title"]) if heading else fallback))


def heading_text(heading: str) -> str:
    """The text a heading shows, as MkDocs takes a page's title from its rendered ``<h1>``:
    `` `code` `` and ``*Pilates*`` show as ``code`` and ``Pilates``, ``R&D`` as ``R&D``.

    Rendered by Python-Markdown itself rather than by stripping its syntax here; the
    heading check has already refused raw HTML in headings, so only its own tags are dropped.
    """
    return html.unescape(_TAG.sub("", _HEADINGS.reset().convert(heading))).strip()


def summarise(post: BlogPost, separator: str) -> PostSummary:
    """A post's title (front matter or first heading) and its text above ``separator``."""
    excerpt = post.markdown.split(separator, 1)[0]
    title = post_title(excerpt, post.meta, post.file.src_uri)
    heading = _H1.match(excerpt)
    if heading:
        excerpt = excerpt[heading.end():]
    return PostSummary(
        title=title,
        path=posixpath.relpath(post.file.src_uri, posixpath.dirname(HOME) or "."),
        published=post.created,
        categories=tuple(post.meta.get("categories") or ()),
        excerpt=excerpt.strip(),
    )


def latest_posts_markdown(posts: list[BlogPost], separator: str, count: int = LATEST_COUNT) -> str:
    """The Markdown that replaces :data:`MARKER`: the newest ``count`` posts."""
    newest = sorted(posts, key=lambda post: post.created, reverse=True)[:count]
    return render("latest_posts.md", posts=[summarise(post, separator) for post in newest])

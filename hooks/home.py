"""MkDocs hook: the home page lists the latest blog posts with their excerpts.

Thin by design: the work is in ``backblog.latest_posts``.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from backblog.latest_posts import MARKER, latest_posts_markdown, summarise

HOME = "index.md"
LATEST_COUNT = 5


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != HOME or MARKER not in markdown:
        return markdown
    blog = config.plugins.get("material/blog")
    if blog is None:
        raise PluginError(f"docs/{HOME}: '{MARKER}' needs Material's blog plugin in mkdocs.yml")
    separator = blog.config.post_excerpt_separator
    posts = [
        summarise(
            post.markdown,
            post.meta,
            os.path.relpath(post.file.src_uri, os.path.dirname(HOME) or "."),
            post.config.date.created,
            separator,
        )
        for post in blog.blog.posts
    ]
    return markdown.replace(MARKER, latest_posts_markdown(posts, LATEST_COUNT), 1)

"""The one module that reads Material for MkDocs' blog and tags plugins (9.8).

The hooks need the blog's posts (their files, front matter, dates and
URLs), its authors, its options and its slug function, and the tags plugin's
list of topics.  What this relies on, each assumption tested by name in
``tests/test_adapters.py``:

1. ``BLOG_NAME``: the blog plugin is ``material/blog``; its options
   ``blog_dir``, ``post_dir``, ``post_excerpt_separator``,
   ``categories_allowed``, ``post_slugify`` and ``post_slugify_separator``.
2. ``POSTS``: once its ``on_files`` has run, ``plugin.blog.posts`` holds the
   published posts (drafts left out), each a page with ``file``, ``meta``,
   ``markdown`` (the text after the front matter) and ``config.date.created``.
3. ``AUTHORS``: ``plugin.authors`` maps an author id to an object with ``name``.
4. ``TAGS_NAME``: the tags plugin is ``material/tags``, its topics ``tags_allowed``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

BLOG_NAME = "material/blog"
TAGS_NAME = "material/tags"


@dataclass(frozen=True)
class BlogPost:
    """A published post, as the hooks read it from the blog plugin."""

    file: File
    meta: dict[str, Any]
    markdown: str
    created: datetime.date


def blog_plugin(config: MkDocsConfig) -> Any | None:
    return config.plugins.get(BLOG_NAME)


def posts_dir(config: MkDocsConfig) -> str | None:
    """The blog's posts folder relative to ``docs/`` (``blog/posts/``), if there is a blog."""
    blog = blog_plugin(config)
    if blog is None:
        return None
    return str(blog.config.post_dir.format(blog=blog.config.blog_dir)).strip("/") + "/"


def is_post(file: File, config: MkDocsConfig) -> bool:
    folder = posts_dir(config)
    return folder is not None and file.src_uri.startswith(folder)


def excerpt_separator(config: MkDocsConfig) -> str | None:
    blog = blog_plugin(config)
    return str(blog.config.post_excerpt_separator) if blog is not None else None


def categories_allowed(config: MkDocsConfig) -> list[str]:
    blog = blog_plugin(config)
    return list(blog.config.categories_allowed or []) if blog is not None else []


def slugify(config: MkDocsConfig) -> Callable[[str], str]:
    """The blog's own slug function for post titles, with its separator."""
    blog = blog_plugin(config)
    if blog is None:
        from pymdownx.slugs import slugify as make_slugify

        function, separator = make_slugify(case="lower"), "-"
    else:
        function, separator = blog.config.post_slugify, blog.config.post_slugify_separator
    return lambda text: str(function(text, separator))


def published_posts(config: MkDocsConfig) -> list[BlogPost]:
    """The blog's published posts, newest first (after the blog's ``on_files``)."""
    blog = blog_plugin(config)
    if blog is None:
        return []
    return [
        BlogPost(file=post.file, meta=post.meta, markdown=post.markdown, created=day(post.config.date.created))
        for post in blog.blog.posts
    ]


def author_names(config: MkDocsConfig) -> dict[str, str]:
    """Author id -> name, from the blog's authors file (after the blog's ``on_config``)."""
    blog = blog_plugin(config)
    if blog is None:
        return {}
    return {author_id: str(author.name) for author_id, author in blog.authors.items()}


def tags_allowed(config: MkDocsConfig) -> list[str]:
    """The topics a post's ``tags`` may use: the tags plugin's ``tags_allowed``."""
    tags = config.plugins.get(TAGS_NAME)
    if tags is None:
        return []
    return sorted(str(tag) for tag in tags.config.tags_allowed)


def day(value: datetime.date | datetime.datetime) -> datetime.date:
    """A post's date as a day (the blog reads ``created`` as a date or a time)."""
    return value.date() if isinstance(value, datetime.datetime) else value


def read_authors(config: MkDocsConfig) -> None:
    """Have the blog read its authors file, as its ``on_config`` does in a build (for ``make lint``)."""
    blog = blog_plugin(config)
    if blog is not None:
        blog.on_startup(command="build", dirty=False)
        blog.on_config(config)


def read_posts(config: MkDocsConfig, files: Files) -> None:
    """Have the blog read its posts and give them URLs, as its ``on_files`` does (for ``make lint``)."""
    blog = blog_plugin(config)
    if blog is not None:
        blog.on_files(files, config=config)

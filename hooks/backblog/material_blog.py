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
5. ``SLUGIFY``: the blog turns a title into a slug with its ``post_slugify``
   (``pymdownx.slugs.slugify(case="lower")`` by default) and
   ``post_slugify_separator``: :func:`post_slugify` is that function, and is the
   project's only slug function.
6. ``POST_URL``: a post's address is ``BlogPlugin._format_path_for_post(post,
   config)``, which reads ``post.config.categories``, ``post.config.date.created``,
   ``post.config.slug``, ``post.file.name`` and ``post.title``; :func:`post_url`
   calls it with a stand-in post built from the front matter, so that ``make
   lint`` computes exactly the address the build will write; and
   ``BlogPlugin._is_excluded(post)`` (reading ``post.config.draft`` and
   ``post.config.date.created``) says whether the blog leaves it out as a draft.
7. ``READTIME``: with ``post_readtime`` on, the blog's ``on_page_content``
   sets a post's ``config.readtime`` to ``readtime(html,
   post_readtime_words_per_minute)`` (``material.plugins.blog.readtime``)
   unless it is already set; a post is a ``material.plugins.blog.structure.Post``.
8. ``VIEWS``: ``plugin._resolve_views(plugin.blog)`` yields every view (the
   blog's index, archive, categories, authors), each with ``posts`` in the order
   shown; a paginated view's ``pages`` are its pages, the ``k``-th showing
   ``posts[k * n:(k + 1) * n]`` with ``n = plugin._config_pagination_per_page(view)``
   when ``plugin._config_pagination(view)``; each view page renders its posts'
   excerpts as it is built (``on_page_context``), from the posts' ``excerpt``.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from material.plugins.blog.config import BlogConfig
from material.plugins.blog.readtime import readtime
from material.plugins.blog.structure import Post
from material.plugins.blog.structure.config import PostConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

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


def excerpt_cut(config: MkDocsConfig) -> str | None:
    """The separator, if excerpts may be converted from the text above it only
    (``excerpt_cut.py``): not when a view's table of contents lists its posts' headings."""
    blog = blog_plugin(config)
    if blog is None or not blog.config.enabled:
        return None
    tocs = ("blog_toc", "archive_toc", "categories_toc", "authors_profiles_toc")
    if any(blog.config.get(name) for name in tocs):
        return None
    return str(blog.config.post_excerpt_separator)


def categories_allowed(config: MkDocsConfig) -> list[str]:
    blog = blog_plugin(config)
    return list(blog.config.categories_allowed or []) if blog is not None else []


def slugify(config: MkDocsConfig) -> Callable[[str], str]:
    """The blog's own slug function for post titles (Material's default without a blog)."""
    blog = blog_plugin(config)
    return post_slugify(blog.config) if blog is not None else default_post_slugify()


def post_slugify(blog_config: Any) -> Callable[[str], str]:
    """The slug function of a blog's options, with its separator: ``"Manual therapy" -> "manual-therapy"``."""
    function = blog_config.post_slugify
    separator = blog_config.post_slugify_separator
    return lambda text: str(function(text, separator))


@functools.cache
def default_post_slugify() -> Callable[[str], str]:
    """:func:`post_slugify` of a blog configured with Material's defaults."""
    defaults = BlogConfig()
    defaults.load_dict({})
    failed, _warnings = defaults.validate()
    assert not failed, failed
    return post_slugify(defaults)


def post_url(config: MkDocsConfig, src_uri: str, values: Mapping[str, Any], text: str) -> str | None:
    """The URL the blog publishes a post at (``blog/2025/06/02/slug/``), None for a draft it leaves out.

    ``src_uri`` is the post's
    path in ``docs/``; ``values`` its front matter, already checked (the blog
    reads it with its own ``PostConfig``); ``text`` the file's text, as read.
    The post's title, for a slug made from it, is what MkDocs gives a page
    before rendering: ``title:``, else its first line if that is a ``# heading``,
    else the file name.
    """
    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    match = YAML_RE.match(text)  # the blog's own split of front matter and Markdown
    page.markdown, page.meta = text[match.end() if match else 0:].lstrip("\n"), dict(values)
    post_config = PostConfig(src_uri)
    post_config.load_dict({key: values[key] for key in set(values) & set(post_config.keys())})
    failed, _warnings = post_config.validate()
    if failed:
        raise ValueError(f"{src_uri}: front matter not checked before post_url: {failed}")
    stand_in = SimpleNamespace(config=post_config, file=file, title=page.title)
    blog = blog_plugin(config)
    if blog is None or blog._is_excluded(stand_in):
        return None
    path = blog._format_path_for_post(stand_in, config)
    return str(File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url)


def published_posts(config: MkDocsConfig) -> list[BlogPost]:
    """The blog's published posts, newest first (after the blog's ``on_files``)."""
    blog = blog_plugin(config)
    if blog is None:
        return []
    return [
        BlogPost(file=post.file, meta=post.meta, markdown=post.markdown, created=day(post.config.date.created))
        for post in blog.blog.posts
    ]


def views_showing(config: MkDocsConfig, posts: list[Page]) -> list[Page]:
    """The blog's view pages that show an excerpt of any of ``posts`` (``VIEWS``): the page
    of each paginated view (index, archive, category, author) where the post falls."""
    blog = blog_plugin(config)
    if blog is None or not blog.config.enabled:
        return []
    found: dict[int, Page] = {}
    for view in blog._resolve_views(blog.blog):
        step = blog._config_pagination_per_page(view) if view.pages and blog._config_pagination(view) else None
        for post in posts:
            if post in view.posts:
                page = view.pages[view.posts.index(post) // step] if step else view
                found[id(page)] = page
    return list(found.values())


def set_readtime(page: Page, config: MkDocsConfig, text: Callable[[], str]) -> None:
    """Count a post's reading time as the blog does (``READTIME``), over ``text()``, before
    the blog counts it over the whole page; a ``readtime`` the front matter sets stays."""
    blog = blog_plugin(config)
    if blog is None or not blog.config.enabled or not blog.config.post_readtime:
        return
    if not isinstance(page, Post) or page.config.readtime:
        return
    page.config.readtime = readtime(text(), blog.config.post_readtime_words_per_minute)


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


def authors_file(config: MkDocsConfig) -> str:
    """The blog's authors file (``docs/blog/.authors.yml``)."""
    blog = blog_plugin(config)
    assert blog is not None
    return os.path.join(config.docs_dir, str(blog.config.authors_file).format(blog=blog.config.blog_dir))

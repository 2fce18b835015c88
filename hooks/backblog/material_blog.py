"""What the posts' checks borrow from Material's blog plugin (9.8): its slugify and its post URLs.

The one place that reads the blog plugin's internals for posts; each
assumption made here has a test in ``tests/test_material_blog.py`` that names
it, so that an upgrade of Material breaks a named test, not the site.

- The blog turns a title into a slug with its configured ``post_slugify``
  (``pymdownx.slugs.slugify(case="lower")`` by default) and
  ``post_slugify_separator``: :func:`post_slugify` is that function, and is the
  project's only slug function.
- A post's address is ``BlogPlugin._format_path_for_post(post, config)``, which
  reads ``post.config.categories``, ``post.config.date.created``,
  ``post.config.slug``, ``post.file.name`` and ``post.title``: :func:`post_url`
  calls it with a stand-in post built from the front matter, so that
  ``make lint`` computes exactly the address the build will write; and
  ``BlogPlugin._is_excluded(post)`` (reading ``post.config.draft`` and
  ``post.config.date.created``) says whether the blog leaves it out as a draft.
- After the blog's ``on_files``, ``plugin.blog.posts`` lists the posts it
  publishes: :func:`published_posts`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from material.plugins.blog.config import BlogConfig
from material.plugins.blog.structure.config import PostConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE


def post_slugify(blog_config: Any) -> Callable[[str], str]:
    """The blog's slug function, with its separator: ``"Manual therapy" -> "manual-therapy"``."""
    slugify = blog_config.post_slugify
    separator = blog_config.post_slugify_separator
    return lambda text: str(slugify(text, separator))


@functools.cache
def default_post_slugify() -> Callable[[str], str]:
    """:func:`post_slugify` of a blog configured with Material's defaults."""
    defaults = BlogConfig()
    defaults.load_dict({})
    failed, _warnings = defaults.validate()
    assert not failed, failed
    return post_slugify(defaults)


def post_url(blog: Any, config: MkDocsConfig, src_uri: str, values: Mapping[str, Any], text: str) -> str | None:
    """The URL the blog publishes a post at (``blog/2025/06/02/slug/``), None for a draft it leaves out.

    ``blog`` is the ``material/blog`` plugin of ``config``; ``src_uri`` the post's
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
    if blog._is_excluded(stand_in):
        return None
    path = blog._format_path_for_post(stand_in, config)
    return str(File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url)


def published_posts(blog: Any) -> list[Any]:
    """The posts the blog publishes (drafts left out), once its ``on_files`` has run."""
    return list(blog.blog.posts)

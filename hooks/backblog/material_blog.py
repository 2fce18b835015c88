"""What the posts' checks borrow from Material's blog plugin (9.8): its slugify and its posts.

The one place that reads the blog plugin's internals for posts; each
assumption made here has a test in ``tests/test_material_blog.py`` that names
it, so that an upgrade of Material breaks a named test, not the site.

- The blog turns a title into a slug with its configured ``post_slugify``
  (``pymdownx.slugs.slugify(case="lower")`` by default) and
  ``post_slugify_separator``: :func:`post_slugify` is that function, and is the
  project's only slug function.
- After the blog's ``on_files``, ``plugin.blog.posts`` lists the posts it
  publishes: :func:`published_posts`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from material.plugins.blog.config import BlogConfig


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


def published_posts(blog: Any) -> list[Any]:
    """The posts the blog publishes (drafts left out), once its ``on_files`` has run."""
    return list(blog.blog.posts)

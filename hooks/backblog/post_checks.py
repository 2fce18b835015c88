"""Every blog post's file and front matter checked, and no two posts at one URL.

Run before Material's blog reads the posts, so that an editor sees one
message per problem, ``docs/blog/posts/x.md:LINE: ...``, instead of a
traceback or a silent overwrite.  The front-matter schema lives in
``front_matter``; ``make lint`` runs the same functions.
"""

from __future__ import annotations

from collections import defaultdict

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from . import material_blog
from .front_matter import check_post
from .site_paths import editor_path, located


def check_post_files(config: MkDocsConfig, files: Files) -> list[str]:
    """The messages for every post among ``files`` (empty when all is well)."""
    blog = material_blog.blog_plugin(config)
    if blog is None:
        return []
    authors = list(material_blog.author_names(config))
    allowed = material_blog.categories_allowed(config)
    separator = material_blog.excerpt_separator(config) or "<!-- more -->"
    tags = material_blog.tags_allowed(config)
    messages = []
    for file in (f for f in files if f.is_documentation_page()):
        if material_blog.is_post(file, config):
            for problem in check_post(file.content_string, authors, allowed, separator, tags):
                messages.append(located(editor_path(file, config), problem.line, problem.message))
    return messages


def posts_at_one_url(config: MkDocsConfig) -> list[str]:
    """Posts that would be published at the same URL, each group named once."""
    by_url: dict[str, list[File]] = defaultdict(list)
    for post in material_blog.published_posts(config):
        by_url[post.file.url].append(post.file)
    return [
        " and ".join(editor_path(file, config) for file in same)
        + f" would both be published at {url}: give one of them another title or a slug: in its front matter"
        for url, same in by_url.items()
        if len(same) > 1
    ]

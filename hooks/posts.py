"""MkDocs hook: every blog post's front matter checked against the declared schema,
and no two posts published at the same URL.

Runs before Material's blog plugin reads the posts, so an editor sees one
message per problem, ``docs/blog/posts/x.md:LINE: ...``, instead of a
traceback or a silent overwrite.  The schema lives in ``backblog.front_matter``.
"""

from __future__ import annotations

from collections import defaultdict

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from backblog.front_matter import check_post
from backblog.site_paths import editor_path, is_post, located, posts_dir, tags_allowed


@event_priority(100)  # before Material's blog reads the posts
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if posts_dir(config) is None:
        return files
    blog = config.plugins["material/blog"]
    authors = list(blog.authors)  # type: ignore[attr-defined]
    allowed = blog.config.categories_allowed or []
    separator = blog.config.post_excerpt_separator
    tags = tags_allowed(config)
    messages = []
    for file in files.documentation_pages():
        if is_post(file, config):
            for problem in check_post(file.content_string, authors, allowed, separator, tags):
                messages.append(located(editor_path(file, config), problem.line, problem.message))
    if messages:
        raise PluginError("\n".join(messages))
    return files


@event_priority(100)  # post URLs are final once Material's blog has run on_files
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if posts_dir(config) is None:
        return nav
    by_url: dict[str, list[File]] = defaultdict(list)
    for post in config.plugins["material/blog"].blog.posts:  # type: ignore[attr-defined]
        by_url[post.file.url].append(post.file)
    messages = [
        " and ".join(editor_path(file, config) for file in same)
        + f" would both be published at {url}: give one of them another title or a slug: in its front matter"
        for url, same in by_url.items()
        if len(same) > 1
    ]
    if messages:
        raise PluginError("\n".join(messages))
    return nav

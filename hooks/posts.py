"""MkDocs hook: every page of the blog read and checked before Material's blog reads it,
and no two posts published at the same URL.

Runs in ``on_files`` at priority 100, before the blog plugin (-50) opens any
post: each file's bytes are checked to be UTF-8 (nothing has called
``File.content_string`` yet), its place and name checked, and a post's front
matter checked against the declared schema and the blog's own slugify.  An
editor sees one message per problem, ``docs/blog/posts/x.md:LINE: ...``,
instead of a traceback, a file written outside ``site/`` or a silent
overwrite.  The work is in ``backblog.blog_pages``, which ``make lint`` runs too.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from backblog.blog_pages import blog_rules, check_blog_files
from backblog.material_blog import published_posts
from backblog.post_files import posts_sharing_a_url
from backblog.site_paths import editor_path, posts_dir


@event_priority(100)  # before Material's blog reads the posts
def on_files(files: Files, config: MkDocsConfig) -> Files:
    blog = config.plugins.get("material/blog")
    # The blog's authors, read by Material's on_config (absent when authors are off).
    rules = blog_rules(config, list(getattr(blog, "authors", {}))) if blog is not None else None
    if rules is None:
        return files
    messages = check_blog_files(files, config, rules).messages
    if messages:
        raise PluginError("\n".join(messages))
    return files


@event_priority(100)  # post URLs are final once Material's blog has run on_files
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if posts_dir(config) is None:
        return nav
    posts = published_posts(config.plugins["material/blog"])
    messages = posts_sharing_a_url((editor_path(post.file, config), post.file.url) for post in posts)
    if messages:
        raise PluginError("\n".join(messages))
    return nav

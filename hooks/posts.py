"""MkDocs hook: every page of the blog read and checked before Material's blog reads it,
and no two posts published at the same URL.

Runs in ``on_files`` at priority 100, before the blog plugin (-50) opens any
post: each file's bytes are checked to be UTF-8 (nothing has called
``File.content_string`` yet), its place and name checked, and a post's front
matter checked against the declared schema and the blog's own slugify.  An
editor sees one message per problem, ``docs/blog/posts/x.md:LINE: ...``,
instead of a traceback, a file written outside ``site/`` or a silent
overwrite.  The work is in ``backblog.front_matter`` and ``backblog.post_files``.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from backblog.front_matter import FrontMatterProblem, check_post, read_front_matter
from backblog.material_blog import post_slugify, published_posts
from backblog.post_files import PostFileProblem, check_post_file, posts_sharing_a_url, read_page_file
from backblog.site_paths import editor_path, located, posts_dir, project_dir, tags_allowed


@event_priority(100)  # before Material's blog reads the posts
def on_files(files: Files, config: MkDocsConfig) -> Files:
    posts = posts_dir(config)
    if posts is None:
        return files
    blog = config.plugins["material/blog"]
    blog_dir = blog.config.blog_dir.strip("/") + "/"
    project = project_dir(config)
    shown_posts = os.path.relpath(os.path.join(config.docs_dir, posts), project).replace(os.sep, "/") + "/"
    authors = list(blog.authors)  # type: ignore[attr-defined]
    allowed = blog.config.categories_allowed or []
    separator = blog.config.post_excerpt_separator
    slugify = post_slugify(blog.config)
    tags = tags_allowed(config)
    messages = []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(blog_dir):
            continue
        path = editor_path(file, config)
        # The file's own bytes: nothing has called File.content_string yet.
        text = read_page_file(file.abs_src_path, project) if file.abs_src_path else file.content_string
        if isinstance(text, PostFileProblem):
            messages.append(located(path, text.line, text.message))
            continue
        front = read_front_matter(text)
        problems: list[PostFileProblem | FrontMatterProblem] = []
        problems += check_post_file(file.src_uri, front, blog_dir, posts, shown_posts)
        if file.src_uri.startswith(posts):
            problems += check_post(text, authors, allowed, separator, tags, slugify=slugify, front=front)
        messages += [located(path, problem.line, problem.message) for problem in problems]
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


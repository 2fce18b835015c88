"""Every page of the blog checked: the one check the build's hook and ``make lint`` share.

Each page of the blog folder is read from its bytes (:func:`.post_files.read_page_file`),
its place and name checked (:func:`.post_files.check_post_file`) and, for a post,
its front matter, title and excerpt cut (:func:`.front_matter.check_post`).
The build runs :func:`check_blog_files` in ``on_files`` on MkDocs' own list of
files; ``make lint`` runs it on ``get_files(config)``, the same list, then
:func:`post_addresses` for two posts at one URL, which the build finds later
from the blog's own posts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from .front_matter import FrontMatter, FrontMatterProblem, check_post, read_front_matter
from .material_blog import blog_plugin, post_slugify, post_url, posts_dir, tags_allowed
from .post_files import PostFileProblem, check_post_file, read_page_file
from .site_paths import editor_path, located, project_dir

PageProblem = FrontMatterProblem | PostFileProblem


@dataclass(frozen=True)
class BlogRules:
    """Where the blog's pages are, and what a post's front matter may say."""

    blog_dir: str  # in docs/: "blog/"
    posts_dir: str  # in docs/: "blog/posts/"
    shown_posts_dir: str  # as editors see it: "docs/blog/posts/"
    authors: tuple[str, ...]
    categories_allowed: tuple[str, ...]
    tags_allowed: tuple[str, ...]
    separator: str  # the excerpt cut
    slugify: Callable[[str], str]  # the blog's own

    def is_blog_page(self, src_uri: str) -> bool:
        return src_uri.startswith(self.blog_dir)

    def is_post(self, src_uri: str) -> bool:
        return src_uri.startswith(self.posts_dir)


def blog_rules(config: MkDocsConfig, authors: list[str]) -> BlogRules | None:
    """The rules of ``config``'s blog (None without one); ``authors``: the ids in its authors file."""
    posts, plugin = posts_dir(config), blog_plugin(config)
    if posts is None or plugin is None:
        return None
    blog = plugin.config
    shown = os.path.relpath(os.path.join(config.docs_dir, posts), project_dir(config)).replace(os.sep, "/")
    return BlogRules(
        blog_dir=blog.blog_dir.strip("/") + "/",
        posts_dir=posts,
        shown_posts_dir=shown + "/",
        authors=tuple(authors),
        categories_allowed=tuple(blog.categories_allowed or ()),
        tags_allowed=tuple(tags_allowed(config)),
        separator=blog.post_excerpt_separator,
        slugify=post_slugify(blog),
    )


def check_blog_page(src_uri: str, text: str, rules: BlogRules) -> tuple[FrontMatter, list[PageProblem]]:
    """The front matter of a page of the blog, and its problems in line order (a name's first)."""
    front = read_front_matter(text)
    problems: list[PageProblem] = list(
        check_post_file(src_uri, front, rules.blog_dir, rules.posts_dir, rules.shown_posts_dir)
    )
    if rules.is_post(src_uri):
        problems += check_post(
            text, rules.authors, rules.categories_allowed, rules.separator, rules.tags_allowed,
            slugify=rules.slugify, front=front,
        )
    return front, sorted(problems, key=lambda problem: problem.line or 0)


@dataclass(frozen=True)
class ReadPost:
    """A post that was read and passed every check: what its address is computed from."""

    path: str  # as editors see it
    src_uri: str
    values: dict[str, Any]
    text: str


@dataclass
class BlogCheck:
    """The messages about the blog's pages (``path:line: ...``) and the posts that passed."""

    messages: list[str] = field(default_factory=list)
    posts: list[ReadPost] = field(default_factory=list)


def check_blog_files(files: Iterable[File], config: MkDocsConfig, rules: BlogRules) -> BlogCheck:
    """Check every page of the blog among ``files`` (documentation pages elsewhere are left alone)."""
    result = BlogCheck()
    for file in files:
        if not file.is_documentation_page() or not rules.is_blog_page(file.src_uri):
            continue
        path = editor_path(file, config)
        # The file's own bytes: nothing has called File.content_string yet.
        text = read_page_file(file.abs_src_path, project_dir(config)) if file.abs_src_path else file.content_string
        if isinstance(text, PostFileProblem):
            result.messages.append(located(path, text.line, text.message))
            continue
        front, problems = check_blog_page(file.src_uri, text, rules)
        result.messages += [located(path, problem.line, problem.message) for problem in problems]
        if rules.is_post(file.src_uri) and not problems:
            result.posts.append(ReadPost(path, file.src_uri, front.values, text))
    return result


def post_addresses(posts: Iterable[ReadPost], config: MkDocsConfig) -> list[tuple[str, str]]:
    """``(path, URL)`` of each post the blog would publish (drafts left out, as the build does)."""
    addresses = ((post.path, post_url(config, post.src_uri, post.values, post.text)) for post in posts)
    return [(path, url) for path, url in addresses if url is not None]

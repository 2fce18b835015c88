"""Every page of the blog checked before Material's blog reads it, and no two posts at one URL.

Run in ``on_files`` at priority 100, before the blog plugin (-50) opens any
post: each file's bytes are checked to be UTF-8 (nothing has called
``File.content_string`` yet), its place and name checked, and a post's front
matter checked against the declared schema and the blog's own slugify
(``blog_pages``).  An editor sees one message per problem,
``docs/blog/posts/x.md:LINE: ...``, instead of a traceback, a file written
outside ``site/`` or a silent overwrite.  ``make lint`` runs the same checks.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from . import material_blog
from .blog_pages import BlogCheck, blog_rules, check_blog_files, post_addresses
from .post_files import PostFileProblem, posts_sharing_a_url, read_page_file
from .site_paths import editor_path, located, project_dir


def check_post_files(config: MkDocsConfig, files: Files) -> BlogCheck:
    """The messages about every page's file among ``files``, with the blog's pages'
    front matter and names, and the posts that passed."""
    rules = blog_rules(config, list(material_blog.author_names(config)))
    checked = check_blog_files(files, config, rules) if rules is not None else BlogCheck()
    project = project_dir(config)
    for file in files:
        if not file.is_documentation_page() or not file.abs_src_path or (rules and rules.is_blog_page(file.src_uri)):
            continue
        read = read_page_file(file.abs_src_path, project)  # every other page: UTF-8, inside the project
        if isinstance(read, PostFileProblem):
            checked.messages.append(located(editor_path(file, config), read.line, read.message))
    return checked


def posts_at_one_url(config: MkDocsConfig) -> list[str]:
    """Posts the blog publishes at the same URL (after its ``on_files``), each group named once."""
    posts = material_blog.published_posts(config)
    return posts_sharing_a_url((editor_path(post.file, config), post.file.url) for post in posts)


def checked_posts_at_one_url(checked: BlogCheck, config: MkDocsConfig) -> list[str]:
    """The same, for ``make lint``: from the checked posts' front matter, without the blog's events."""
    return posts_sharing_a_url(post_addresses(checked.posts, config))

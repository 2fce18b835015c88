"""Where things are in this MkDocs project, as hooks and messages need them."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


def located(path: str, line: int | None, message: str) -> str:
    """A message as every check prints it: ``path:line: message`` (``path: message``)."""
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


def project_dir(config: MkDocsConfig) -> str:
    """The folder of ``mkdocs.yml``: paths in messages are relative to it."""
    return os.path.dirname(config.config_file_path or "") or os.getcwd()


def editor_path(file: File, config: MkDocsConfig) -> str:
    """A page's file as an editor finds it in the repository: ``docs/blog/posts/x.md``."""
    absolute = file.abs_src_path or os.path.join(config.docs_dir, file.src_path)
    return os.path.relpath(absolute, project_dir(config)).replace(os.sep, "/")


def posts_dir(config: MkDocsConfig) -> str | None:
    """The blog's posts folder relative to ``docs/`` (``blog/posts/``), if there is a blog."""
    blog = config.plugins.get("material/blog")
    if blog is None:
        return None
    return blog.config.post_dir.format(blog=blog.config.blog_dir).strip("/") + "/"


def tags_allowed(config: MkDocsConfig) -> list[str]:
    """The topics a post's ``tags`` may use: the tags plugin's ``tags_allowed``."""
    tags = config.plugins.get("material/tags")
    if tags is None:
        return []
    return sorted(str(tag) for tag in tags.config.tags_allowed)


def is_post(file: File, config: MkDocsConfig) -> bool:
    folder = posts_dir(config)
    return folder is not None and file.src_uri.startswith(folder)

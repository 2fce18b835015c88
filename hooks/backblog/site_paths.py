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


def is_inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path``, links resolved, is ``folder`` or inside it."""
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, base]) == base

"""MkDocs hook: numbered Vancouver citations and per-post reference lists.

Thin by design: mkdocs-bibtex loads ``bibliography.bib``; the work is done by
the ``backblog`` package beside this file (see its modules' docstrings).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from backblog.markdown_ext import CitationExtension, PageSource
from backblog.references import VancouverRegistry, bibliography_sources

log = get_plugin_logger("citations")

# Hook modules live for the whole `mkdocs serve` process: this is replaced,
# never mutated, by every build's on_config.
_extension: CitationExtension | None = None


def _warn(path: str, line: int | None, message: str) -> None:
    log.warning(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@event_priority(-100)  # after mkdocs-bibtex has loaded the bibliography
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError(
            "mkdocs.yml: the 'bibtex' plugin (mkdocs-bibtex) must be listed under plugins: "
            "it loads bibliography.bib for the citations"
        )
    sources = bibliography_sources(_bib_files(plugin, config))
    registry = plugin.registry
    if isinstance(registry, VancouverRegistry) and registry.sources != sources:
        # mkdocs-bibtex keeps its plugin object across builds in one process and
        # skips reloading when every file is older than its last load, even if
        # the files are other ones: make it load what this build names.
        plugin.last_configured = None
        plugin.on_config(config)
        registry = plugin.registry
    if not isinstance(registry, VancouverRegistry):
        # mkdocs-bibtex made a new registry: the bibliography is new or changed.
        registry = VancouverRegistry(registry.bib_data, sources)
        plugin.registry = registry
    _extension = CitationExtension(registry, _warn)
    config.markdown_extensions.append(_extension)
    return config


@event_priority(-100)  # the Markdown as it will be converted, after every plugin
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _extension is not None
    _extension.begin_page(PageSource(path=_source_path(page, config), text=page.file.content_string))
    return markdown


def _bib_files(plugin: BasePlugin, config: MkDocsConfig) -> list[str]:
    """The bibliography files mkdocs-bibtex reads, as its own on_config finds them."""
    options = plugin.config
    base = os.path.dirname(config.config_file_path or "") or os.getcwd()
    if options.bib_file:
        return [os.path.join(base, options.bib_file)]
    return sorted(str(p) for p in Path(os.path.join(base, options.bib_dir)).rglob("*.bib"))


def _source_path(page: Page, config: MkDocsConfig) -> str:
    """The page's file as an editor finds it in the repository: ``docs/blog/posts/x.md``."""
    absolute = page.file.abs_src_path or os.path.join(config.docs_dir, page.file.src_path)
    project = os.path.dirname(config.config_file_path or "") or os.getcwd()
    return os.path.relpath(absolute, project).replace(os.sep, "/")

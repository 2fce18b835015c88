"""MkDocs hook: numbered Vancouver citations and per-post reference lists.

Thin by design: mkdocs-bibtex holds ``bibliography.bib`` (parsed by
hooks/bibliography_check.py); the work is done by
the ``backblog`` package beside this file (see its modules' docstrings).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from backblog.markdown_ext import CitationExtension, PageSource
from backblog.references import VancouverRegistry, bib_files, bibliography_sources, reference_cache_dir
from backblog.site_paths import editor_path, is_post, located, project_dir

log = get_plugin_logger("citations")

# Hook modules live for the whole `mkdocs serve` process: this is replaced,
# never mutated, by every build's on_config.
_extension: CitationExtension | None = None


def _warn(path: str, line: int | None, message: str) -> None:
    log.warning(located(path, line, message))


@event_priority(-100)  # after mkdocs-bibtex has loaded the bibliography
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError(
            "mkdocs.yml: the 'bibtex' plugin (mkdocs-bibtex) must be listed under plugins: "
            "it loads bibliography.bib for the citations"
        )
    sources = bibliography_sources(bib_files(plugin.config, config.config_file_path))
    registry = plugin.registry
    if isinstance(registry, VancouverRegistry) and registry.sources != sources:
        # mkdocs-bibtex keeps its plugin object across builds in one process and
        # skips reloading when every file is older than its last load, even if
        # the files are other ones: make it load what this build names.
        plugin.last_configured = None
        plugin.on_config(config)
        registry = plugin.registry
    if not isinstance(registry, VancouverRegistry):
        # mkdocs-bibtex loaded the file itself (hooks/bibliography_check.py,
        # which hands it the parsed file, is not listed before this hook).
        registry = VancouverRegistry(registry.bib_data, sources, cache_dir=reference_cache_dir(project_dir(config)))
        plugin.registry = registry
    _extension = CitationExtension(registry, _warn)
    config.markdown_extensions.append(_extension)
    return config


@event_priority(-100)  # the Markdown as it will be converted, after every plugin
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _extension is not None
    text = page.file.content_string
    source = PageSource(path=editor_path(page.file, config), text=text)
    if is_post(page.file, config):
        source.excerpt_end = _excerpt_end(page, config, text)
        source.library_href, source.downloads = _extension.post_links.get(page.file.src_uri, (None, []))
    _extension.begin_page(source)
    return markdown


def _excerpt_end(page: Page, config: MkDocsConfig, text: str) -> int | None:
    """Where a blog post's excerpt ends in its source, if it has one."""
    position = text.find(config.plugins["material/blog"].config.post_excerpt_separator)
    return position if position >= 0 else None


def on_post_build(config: MkDocsConfig) -> None:
    """Keep the entries this build formatted in .cache/backblog for the next one."""
    if _extension is not None:
        _extension.registry.save_cache()

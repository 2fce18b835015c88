"""MkDocs hook: the Back Blog's numbered citations, checks and knowledge base.

Thin by design: every event hands over to the one :class:`~backblog.build.SiteBuild`
made for this build in ``on_config`` (see ``hooks/backblog/``).  Hook modules
live for a whole ``mkdocs serve``: ``_process`` keeps the command it runs and
the explicit caches one build hands the next; its ``build`` is replaced by
every build.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from backblog import material_search
from backblog.build import Process, SiteBuild
from backblog.site_address import check_published_address

_process = Process()


def _current() -> SiteBuild:
    assert _process.build is not None, "on_config has not run"
    return _process.build


def pages_with_changed_entries() -> set[str] | None:
    """For ``make serve`` (``tools/serve.py``): see :meth:`SiteBuild.reload_bibliography`."""
    return _current().reload_bibliography()


def editor_path(file: object) -> str:
    """For ``make serve``: a page's source as messages and the build's records name it."""
    return _current().editor_path(file)  # type: ignore[arg-type]


def cited_keys() -> dict[str, tuple[str, ...]]:
    """For ``make serve``: see :meth:`SiteBuild.cited_keys`."""
    return _current().cited_keys()


def dependents(
    pages: list[Page], before: dict[str, tuple[str, ...]], files: Files
) -> tuple[list[Page], list[File]] | None:
    """For ``make serve``: see :meth:`SiteBuild.dependents`."""
    return _current().dependents(pages, before, files)


def dependents_read(pages: list[Page], files: Files) -> None:
    """For ``make serve``: see :meth:`SiteBuild.dependents_read`."""
    _current().dependents_read(pages, files)


def search_mark() -> int | None:
    """For ``make serve``: see ``material_search.entries_mark``."""
    return material_search.entries_mark(_current().config)


def search_reindexed(mark: int, pages: list[Page]) -> str | None:
    """For ``make serve``: the pages rendered alone since ``mark`` take their places in the
    search index, which is written again (``material_search.reindex``); its site path, or
    None if it could not be."""
    config = _current().config
    if not material_search.reindex(config, mark, pages):
        return None
    return material_search.write_index(config)


def library_markdown() -> str | None:
    """The library page's Markdown with its listing, until the page is written (the benchmark's
    record hook reads it in ``on_page_context`` to write (b))."""
    return _current().knowledge.library_markdown()


def on_startup(command: str, dirty: bool) -> None:
    _process.command = command
    if command == "serve":
        _process.caches.entries = {}
        _process.caches.library_entries = {}


@event_priority(100)  # before mkdocs-bibtex would parse the bibliography (and crash on it)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    check_published_address(config, _process.command)
    _process.build = SiteBuild(config, _process.caches)
    return config


@event_priority(100)  # before Material's blog reads the posts
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _current().check_posts(files)
    return files


@event_priority(100)  # the posts' URLs are final once Material's blog has run on_files
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _current().check_urls(files)
    return nav


@event_priority(-100)  # the Markdown as it will be converted, after every plugin
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _current().page_markdown(markdown, page)


@event_priority(50)  # before Material's blog counts the reading time, and the RSS plugin (-75) reads the title
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _current().page_content(page, html)
    return html


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _current().check_cited_entries()
    _current().knowledge.finish(files)
    material_search.skip_excluded_lists(config)  # the plugin's index of this build exists now
    material_search.give_back_memory_first(config)
    if _process.command in ("build", "gh-deploy"):  # the process ends with this build
        _current().let_go_of_parsed_entries()
    return env


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    _current().knowledge.page_context(page)
    return context


@event_priority(-100)  # after every plugin's
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _current().knowledge.page_written(page, output)


def on_build_error(error: Exception) -> None:
    if _process.build is not None:
        _process.build.knowledge.downloads.abandon()


def on_post_build(config: MkDocsConfig) -> None:
    """Keep the entries this build formatted in .cache/backblog for the next one; wait for the
    downloads; mend the feeds the RSS plugin has just written (a hook's event runs after the plugins')."""
    _current().bibliography.save_cache()
    _current().knowledge.post_build()

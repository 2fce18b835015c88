"""One build of the site: all per-build state, on one object made in ``on_config``.

``hooks/back_blog.py`` makes a :class:`SiteBuild` for every build (``mkdocs
serve`` rebuilds included) and calls one method per MkDocs event; nothing
else keeps state between events.  What lives longer than a build, the
parsed bibliography and the formatted entries, is an explicit
:class:`Caches`, handed from one build to the next.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from pybtex.utils import OrderedCaseInsensitiveDict

from . import bibtex_plugin, feeds, material_blog, reading_time
from .bib_checks import CheckCache, EntryCache
from .bibliography import load_bibliography
from .citation_markdown import CitationExtension, PageCitations, PageSource, Problem
from .freed_memory import give_back_freed_memory
from .include_guard import resolve_include_paths
from .library import RenderedEntries
from .references import FormattedCache
from .settings import BackBlogSettings, settings
from .site_paths import editor_path, located, project_dir
from .site_text_check import check_site_text

log = get_plugin_logger("citations")


def plain_title(page: Page) -> None:
    """A title taken from a heading is HTML (``R&amp;D``), which the RSS plugin escapes
    again (``R&amp;amp;D``): it becomes the text it stands for (the heading check has
    made sure it holds no tag), unless that text would itself read as an entity."""
    if "title" in page.meta or not page.title:
        return
    text = html.unescape(page.title)
    if text != page.title and html.unescape(text) == text:
        page.meta["title"] = text


@dataclass
class Caches:
    """What a build keeps for the next one in the same process (``serve``)."""

    checked: CheckCache = field(default_factory=dict)
    formatted: FormattedCache = field(default_factory=dict)
    #: Only under ``mkdocs serve`` (a single build would keep them for nothing).
    entries: EntryCache | None = None
    library_entries: RenderedEntries | None = None

    @property
    def serving(self) -> bool:
        """Whether the process builds again and again (``mkdocs serve``, ``make serve``)."""
        return self.entries is not None


@dataclass
class Process:
    """What lives as long as the MkDocs process: its command, the caches, the current build."""

    command: str | None = None
    caches: Caches = field(default_factory=Caches)
    build: SiteBuild | None = None


class SiteBuild:
    """The Back Blog's work in one build: citations, checks and the knowledge base."""

    def __init__(self, config: MkDocsConfig, caches: Caches) -> None:
        self.config = config
        self.caches = caches
        self.settings: BackBlogSettings = settings(config)
        problems = check_site_text(config)
        if problems:
            raise PluginError("\n".join(problems))
        self.project = project_dir(config)
        feeds.forget_earlier_builds(config)
        self.bibliography, self.bibliography_files = load_bibliography(config, caches)
        bibtex_plugin.hand_over(config, self.bibliography)
        resolve_include_paths(config, self.project)
        self.citations = CitationExtension(
            self, self.bibliography, self.project, excerpt_cut=material_blog.excerpt_cut(config)
        )
        config.markdown_extensions.append(self.citations)
        #: The page being converted, for the citation extension.
        self.page: PageSource | None = None
        #: Per page's editor path: what it cites (filled as pages are converted).
        self.cited: dict[str, PageCitations] = {}
        #: The entries the last :meth:`reload_bibliography` found changed (``make serve``).
        self.changed_keys: set[str] = set()
        # The knowledge base, filled from on_nav on (``knowledge_base.py``).
        from .knowledge_base import KnowledgeBase

        self.knowledge = KnowledgeBase(self)

    # --- the citation extension's context -----------------------------------

    def report(self, page: PageSource, problems: list[Problem]) -> None:
        """Problems of one page, in line order, as warnings that fail the strict build."""
        for problem in sorted(problems, key=lambda p: p.line or 0):
            log.warning(located(page.path, problem.line, problem.message))

    def record(self, page: PageSource, citations: PageCitations) -> None:
        self.cited[page.path] = citations

    # --- events ---------------------------------------------------------------

    def check_posts(self, files: Files) -> None:
        """Every post's file and front matter, before Material's blog reads them."""
        from .post_checks import check_post_files

        messages = check_post_files(self.config, files).messages
        if messages:
            raise PluginError("\n".join(messages))

    def begin_page(self, page: Page) -> None:
        """The page about to be converted: its source file and what it links to."""
        path = editor_path(page.file, self.config)
        text = page.file.content_string
        body, _meta = get_data(text)
        is_post = material_blog.is_post(page.file, self.config)
        library_href, downloads = self.knowledge.post_links(page.file) if is_post else (None, [])
        self.page = PageSource(
            path=path,
            first_line=text.count("\n", 0, len(text) - len(body)) + 1,
            excerpt_separator=material_blog.excerpt_separator(self.config) if is_post else None,
            is_post=is_post,
            library_href=library_href,
            downloads=downloads,
        )

    def page_content(self, page: Page, html: str) -> None:
        """A rendered page: its title as plain text, its reading time if a post, and what a
        post cites, for the library."""
        plain_title(page)
        reading_time.count(page, html, self.config)
        self.knowledge.page_content(page)

    def cited_entries(self) -> set[str]:
        """Every key a page cites (lower-cased), read or not."""
        return {key.lower() for page in self.cited.values() for key in [*page.keys, *page.unreadable]}

    def check_cited_entries(self) -> None:
        """Every page is known: the problems of every cited entry, all at once (the errors stop the build)."""
        cited = self.cited_entries()
        errors, warnings = self.bibliography_files.cited_problems(cited)
        for warning in warnings:
            get_plugin_logger("bibliography").warning(warning)
        if errors:
            raise PluginError("\n".join(errors))

    def let_go_of_parsed_entries(self) -> None:
        """``mkdocs build``, whose process ends with the build, once every page is rendered
        and the knowledge base holds what it shows: the rest of the build reads formatted
        entries only, so pybtex's parsed entries go, from every object that holds them (the
        bibliography, each file's check, mkdocs-bibtex's registry). At 5,000 entries that is
        about 30 MB, which the pages written next use again. Another build in the process
        (``mkdocs build`` runs one; the tests run several) reads the files afresh."""
        self.bibliography.let_go_of_entries()
        for _shown, checked in self.bibliography_files.files:  # the same entries, as each file's check has them
            checked.data.entries = OrderedCaseInsensitiveDict()
        self.caches.checked.clear()
        give_back_freed_memory()
        log.debug("the parsed bibliography entries are let go: the rest of the build reads formatted ones")

    def reload_bibliography(self) -> set[str] | None:
        """``make serve`` (``tools/serve.py``): the bibliography files read again into this
        build, for pages rendered alone; the editor paths of the pages citing an entry that
        changed. None (nothing swapped) when keys came or went, or a cited entry or a file
        has a problem: a full build says what, as after any change."""
        from .reference_cache import entry_digest

        old = self.bibliography
        try:
            bibliography, files = load_bibliography(self.config, self.caches)
        except PluginError:
            return None
        if bibliography.keys != old.keys:
            return None
        cited = self.cited_entries()
        errors, warnings = files.cited_problems(cited)
        if errors or warnings:
            return None
        self.changed_keys = {
            key for key in bibliography.keys
            if (entry := bibliography.data.entries[key]) is not old.data.entries[key]
            and ((digest := entry_digest(entry)) is None or digest != entry_digest(old.data.entries[key]))
        }
        changed = {key.lower() for key in self.changed_keys}
        self.bibliography, self.bibliography_files = bibliography, files
        self.citations.references = bibliography
        return {path for path, page in self.cited.items() if changed & {key.lower() for key in page.keys}}

    def cited_keys(self) -> dict[str, tuple[str, ...]]:
        """``make serve``: what each page cites, before pages are rendered again."""
        return {path: tuple(page.keys) for path, page in self.cited.items()}

    def dependents(
        self, pages: list[Page], before: dict[str, tuple[str, ...]], files: Files
    ) -> tuple[list[Page], list[File]] | None:
        """``make serve``: after ``pages`` were rendered alone (for their text, or for the
        entries :meth:`reload_bibliography` found changed), the other pages and the files
        that show them: the blog's views with their excerpts, the home page, the library
        if citations or entries changed, and the downloads. None if the cited entries
        came or went (their files come and go: a full build)."""
        now = self.cited_keys()
        cited = {key for keys in now.values() for key in keys}
        if cited != {key for keys in before.values() for key in keys}:
            return None
        folded = {key.lower() for key in cited}
        keys = {key for key in self.changed_keys if key.lower() in folded}  # an entry no page cites shows nowhere
        self.changed_keys = set()
        paths = [self.editor_path(page.file) for page in pages]
        citing = keys or any(now.get(path) != before.get(path) for path in paths)
        shown = material_blog.views_showing(self.config, pages)
        home = files.get_file_from_path("index.md")
        if home is not None and home.page is not None:
            shown.append(home.page)
        library = self.knowledge.library
        if citing and library is not None and library.page is not None:
            shown.append(library.page)
        downloads = self.knowledge.downloads.of(pages, keys, library) if citing else []
        return [page for page in shown if page not in pages], downloads

    def dependents_read(self, pages: list[Page], files: Files) -> None:
        """``make serve``: the dependent ``pages`` are read again: the library's listing and
        the downloads' contents follow the citations and entries as they are now."""
        if self.knowledge.library_page is not None and self.knowledge.library_page in pages:
            self.knowledge.render_library(files)
        self.knowledge.make_downloads(files)

    def editor_path(self, file: File) -> str:
        return editor_path(file, self.config)

    def shown(self, path: str) -> str:
        """A path as messages show it: relative to the project."""
        return os.path.relpath(path, self.project).replace(os.sep, "/")

    def check_urls(self, files: Files) -> None:
        """No two posts at one URL; then the knowledge base's files (post URLs are final)."""
        from .post_checks import posts_at_one_url

        messages = posts_at_one_url(self.config)
        if messages:
            raise PluginError("\n".join(messages))
        self.knowledge.prepare(files)

    def page_markdown(self, markdown: str, page: Page) -> str:
        """The Markdown as it will be converted, after every plugin."""
        from .latest_posts import MARKER, latest_posts_markdown

        if page.file.src_uri == "index.md" and MARKER in markdown:
            posts = material_blog.published_posts(self.config)
            separator = material_blog.excerpt_separator(self.config)
            if separator is None:
                raise PluginError(f"docs/index.md: '{MARKER}' needs Material's blog plugin in mkdocs.yml")
            markdown = markdown.replace(MARKER, latest_posts_markdown(posts, separator), 1)
        markdown = self.knowledge.page_markdown(markdown, page)
        self.begin_page(page)
        return markdown

"""Check the bibliography and every page without building the site (``make lint``).

The build's own check functions, run on the files: the bibliography
(``bibliography.check_files``), the posts' files and front matter
(``post_checks``), two posts at one URL (after Material's blog has read
the posts, as in the build), and each page's citations (the citation
extension, converting the page with the site's own Markdown extensions and
reporting through the same messages).  It also lists entries no page cites.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, get_files
from mkdocs.utils.meta import get_data

from . import material_blog
from .bibliography import LoadedFiles, check_files, merged
from .citation_markdown import CitationExtension, PageCitations, PageSource, Problem
from .include_guard import resolve_include_paths
from .post_checks import check_post_files, checked_posts_at_one_url
from .references import Bibliography
from .site_paths import editor_path, located, project_dir
from .site_text_check import allowed_values_problems, authors_file_problems


@dataclass
class ContentReport:
    """What ``make lint`` prints: errors, warnings and entries nobody cites."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: What needs no fix before publishing: problems of entries no page cites, generic layouts.
    notes: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    pages: int = 0
    entries: int = 0


@dataclass
class _LintContext:
    """The citation extension's context in ``make lint``: a page's problems are errors."""

    content: ContentReport
    page: PageSource | None = None
    cited: dict[str, PageCitations] = field(default_factory=dict)

    def report(self, page: PageSource, problems: list[Problem]) -> None:
        for problem in sorted(problems, key=lambda p: p.line or 0):
            self.content.errors.append(located(page.path, problem.line, problem.message))

    def record(self, page: PageSource, citations: PageCitations) -> None:
        self.cited[page.path] = citations


def check_content(config_file: str | os.PathLike[str]) -> ContentReport:
    """Check the site configured by ``config_file`` (its ``mkdocs.yml``)."""
    from .build import Caches

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file))
    report = ContentReport()
    loaded = check_files(config, Caches())
    report.errors.extend(loaded.file_errors)
    report.errors.extend(allowed_values_problems(config))
    authors_problems = authors_file_problems(config)
    report.errors.extend(authors_problems)
    files = get_files(config)
    # Posts are checked against the authors file once it reads cleanly, as in the build
    # (which stops at the file's own problems); Material would only report the file again.
    if not authors_problems:
        _check_posts(config, files, report)
    if loaded.file_errors:
        return report  # a bibliography that cannot be read: citations cannot be checked against it
    data = merged([checked.data for _, checked in loaded.files])
    bibliography = Bibliography(data, {})
    bibliography.unreadable = loaded.unreadable()
    report.entries = len(data.entries)
    context = _LintContext(report)
    _check_citations(config, files, bibliography, context)
    cited = {key.lower() for page in context.cited.values() for key in [*page.keys, *page.unreadable]}
    errors, warnings = loaded.cited_problems(cited)
    report.errors.extend(errors)
    report.warnings.extend(warnings)
    _report_uncited(loaded, cited, report)
    return report


def _check_posts(config: MkDocsConfig, files: Files, report: ContentReport) -> None:
    """The posts' files, front matter and addresses, as the build checks them."""
    try:
        material_blog.read_authors(config)
    except PluginError as error:  # the authors file: Material's own message
        report.errors.append(str(error))
        return
    checked = check_post_files(config, files)
    report.errors.extend(checked.messages or checked_posts_at_one_url(checked, config))


def _report_uncited(loaded: LoadedFiles, cited: set[str], report: ContentReport) -> None:
    """Entries no page cites, and what would have to be fixed before one cites them (notes)."""
    uncited = [
        (shown, key, line) for shown, checked in loaded.files for key, line in checked.lines.items()
        if key.lower() not in cited
    ]
    report.unused.extend(f"{shown}:{line}: entry '{key}' is not cited by any page" for shown, key, line in uncited)
    problems = [(shown, p) for shown, p in loaded.problems() if p.key and p.key.lower() not in cited]
    with_problems = {p.key.lower() for _, p in problems if p.key}
    if problems:
        report.notes.append(
            f"{len(uncited)} entries are not cited; {len(with_problems)} of them have problems, "
            "to fix before a post cites them:"
        )
        report.notes.extend(located(shown, p.line, p.message) for shown, p in problems)
    report.notes.extend(
        located(shown, p.line, p.message) for shown, p in loaded.problems()
        if p.key and p.key.lower() in cited and p.severity == "note"
    )


def _check_citations(config: MkDocsConfig, files: Files, bibliography: Bibliography, context: _LintContext) -> None:
    """Convert every page with the site's Markdown extensions and the citation extension."""
    resolve_include_paths(config, project_dir(config))
    extension = CitationExtension(context, bibliography, project_dir(config))
    converter = markdown.Markdown(
        extensions=[*config.markdown_extensions, extension], extension_configs=config.mdx_configs
    )
    separator = material_blog.excerpt_separator(config)
    # Every page, drafts and posts included (the blog hides posts from documentation_pages()).
    for file in sorted((f for f in files if f.is_documentation_page() and not f.generated_by), key=lambda f: f.src_uri):
        context.content.pages += 1
        text = _read(file)
        if text is None:
            continue  # not UTF-8: the post checks say so
        body, _meta = get_data(text)
        is_post = material_blog.is_post(file, config)
        context.page = PageSource(
            path=editor_path(file, config),
            first_line=text.count("\n", 0, len(text) - len(body)) + 1,
            excerpt_separator=separator if is_post else None,
            is_post=is_post,
        )
        converter.reset()
        converter.convert(body)


def _read(file: File) -> str | None:
    try:
        return Path(file.abs_src_path or "").read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError):
        return None

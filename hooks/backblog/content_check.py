"""Check the bibliography and every page without building the site (``make lint``).

The same checks as the build's hooks, run directly on the files: the
bibliography (``bibliography``), each post's front matter (``front_matter``)
and each page's citations (the Markdown extension, converting the page with
the site's own Markdown extensions).  It also lists entries no page cites.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml
from mkdocs.config import load_config

from .bibliography import check_bibliography_file, check_study_designs, format_problem
from .front_matter import check_post, split_front_matter
from .markdown_ext import CitationExtension, PageSource
from .references import VancouverRegistry, bib_files, bibliography_sources
from .settings import settings
from .site_paths import located, posts_dir, tags_allowed


@dataclass
class ContentReport:
    """What ``make lint`` prints: errors, warnings and entries nobody cites."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    pages: int = 0
    entries: int = 0


def check_content(config_file: str | os.PathLike[str]) -> ContentReport:
    """Check the site configured by ``config_file`` (its ``mkdocs.yml``)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file))
    project = Path(config.config_file_path).parent
    report = ContentReport()

    def shown(path: str | os.PathLike[str]) -> str:
        return os.path.relpath(path, project).replace(os.sep, "/")

    bibtex = config.plugins["bibtex"]
    registry = None
    lines: dict[str, tuple[str, int]] = {}
    for path in bib_files(bibtex.config, config.config_file_path):
        checked = check_bibliography_file(path)
        report.errors.extend(format_problem(shown(path), p) for p in checked.errors)
        designs = check_study_designs(checked, settings(config).study_designs)
        report.errors.extend(format_problem(shown(path), p) for p in designs)
        report.warnings.extend(format_problem(shown(path), p) for p in checked.warnings)
        lines.update({key: (shown(path), line) for key, line in checked.lines.items()})
        if checked.data is not None and registry is None:
            registry = VancouverRegistry(checked.data, bibliography_sources([path]))
            report.entries = len(checked.data.entries)

    blog = config.plugins.get("material/blog")
    posts = posts_dir(config)
    authors = allowed = separator = None
    if blog is not None:
        authors_file = Path(config.docs_dir, blog.config.authors_file.format(blog=blog.config.blog_dir))
        authors = list((yaml.safe_load(authors_file.read_text(encoding="utf-8")) or {}).get("authors", {}))
        allowed = blog.config.categories_allowed or []
        separator = blog.config.post_excerpt_separator

    extension = None
    if registry is not None:
        extension = CitationExtension(registry, lambda *where: report.errors.append(located(*where)))
    docs = Path(config.docs_dir)
    for page in sorted(docs.rglob("*.md")):
        report.pages += 1
        text = page.read_text(encoding="utf-8-sig")
        uri = page.relative_to(docs).as_posix()
        is_post = posts is not None and uri.startswith(posts)
        if is_post:
            problems = check_post(
                text, authors or [], allowed or [], separator or "<!-- more -->", tags_allowed(config)
            )
            report.errors.extend(located(shown(page), p.line, p.message) for p in problems)
        if extension is None:
            continue
        front, body_line = split_front_matter(text)
        body = "\n".join(text.splitlines()[body_line - 1 :]) if front is not None else text
        excerpt_end = text.find(separator) if is_post and separator and separator in text else None
        extension.begin_page(PageSource(path=shown(page), text=text, excerpt_end=excerpt_end))
        markdown.Markdown(
            extensions=[*config.markdown_extensions, extension], extension_configs=config.mdx_configs
        ).convert(body)

    if extension is not None:
        cited = {key.lower() for page in extension.pages.values() for key in page.keys}
        for key, (path, line) in sorted(lines.items(), key=lambda item: item[1]):
            if key.lower() not in cited:
                report.unused.append(f"{path}:{line}: entry '{key}' is not cited by any page")
    return report

"""What a page may include with pymdownx.snippets: only the declared files, and a post nothing.

pymdownx.snippets includes any file under its ``base_path`` into a page (and
so into the search index): with the project's folder as the base, a post
could publish ``.env``.  The site declares the one file its editors' guide
includes (``base_path: [CONTRIBUTING.md]`` in mkdocs.yml); this guard, run
just before the snippets preprocessor with the same grammar (its own regular
expressions) and the same look-up (its own ``get_snippet_path``), reports any
other include, and every include in a post, at its line, and takes it out, so
that a missing file is a message and not a traceback.
"""

from __future__ import annotations

import os

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from pymdownx.snippets import SnippetPreprocessor

from .citation_markdown import CitationContext, Conversion, Problem
from .site_paths import is_inside

SNIPPETS = "pymdownx.snippets"


def resolve_include_paths(config: MkDocsConfig, project: str) -> None:
    """Snippets' ``base_path`` entries, relative to mkdocs.yml (pymdownx reads them
    relative to the working folder, so a build from elsewhere would miss them)."""
    options = config.mdx_configs.get(SNIPPETS)
    if not options:
        return
    paths = options.get("base_path", ["."])
    paths = [paths] if isinstance(paths, str) else paths
    options["base_path"] = [path if os.path.isabs(path) else os.path.join(project, path) for path in paths]


class IncludeGuard(Preprocessor):
    def __init__(self, md: Markdown, context: CitationContext, conversion: Conversion, project: str) -> None:
        super().__init__(md)
        self.context = context
        self.conversion = conversion
        self.project = project

    def run(self, lines: list[str]) -> list[str]:
        if "snippet" not in self.md.preprocessors or not any("8<" in line for line in lines):
            return lines
        snippets = self.md.preprocessors["snippet"]
        assert isinstance(snippets, SnippetPreprocessor)
        page = self.context.page
        first, is_post = (page.first_line, page.is_post) if page else (1, False)
        kept: list[str] = []
        block = False
        for index, line in enumerate(lines):
            marker = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
            path = None
            if marker and not marker.group("escape"):
                if marker.group("inline_marker"):
                    path = marker.group("snippet")[1:-1].strip()
                else:
                    block = not block
            elif block:
                path = line.strip()
            problem = self._problem(snippets, path, is_post) if path and not path.startswith(";") else None
            if problem:
                self.conversion.problems.append(Problem(first + index, problem))
                kept.append("")
            else:
                kept.append(line)
        return kept

    def _problem(self, snippets: SnippetPreprocessor, path: str, is_post: bool) -> str | None:
        if is_post:
            return (
                f"a post cannot include a file ('--8<-- \"{path}\"'): write the text into the post instead"
            )
        file = SnippetPreprocessor.RE_SNIPPET_FILE.match(path)
        name = file.group(1) if file else path
        found = snippets.get_snippet_path(name)
        if found is None or not is_inside(found, self.project) or not os.path.isfile(found):
            return (
                f"'{name}' is not a file this site may include: only the files under snippets' base_path in "
                "mkdocs.yml can be (CONTRIBUTING.md); remove the --8<-- line"
            )
        return None

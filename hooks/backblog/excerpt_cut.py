"""Excerpts converted from their introduction only, not from the whole post.

Material's blog renders a post's excerpt for every view that lists it (the
index, the archive, its category: three times per post) by converting the
*whole* post, references and "Cite this post" included, then cutting the HTML at
``<!-- more -->`` and keeping only whether anything followed. At 300 posts that
was 900 conversions of whole posts, a quarter of the build. This preprocessor,
in an excerpt's Markdown only (Material registers its ``excerpt`` tree processor
there), hands on the text above the cut, the cut, the definitions below it that
the text above may use (reference links ``[x]: url``, footnotes ``[^1]: ...``,
abbreviations ``*[x]: ...``), and a comment standing for the rest, so the
excerpt and Material's "Continue reading" come out as before.

It cuts only where the cut is certain: the separator alone on a line after a
blank line, above it no fenced code and no raw HTML block (the cut could be
inside them; an indented block or a list ends at a line that is not indented).
Otherwise the whole post is converted, as by Material. The blog's ``*_toc``
options (off here) would list the headings below the cut in a view's table of
contents: with any of them on, nothing is cut.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.preprocessors import Preprocessor

# A line the text above the cut could refer to: a link reference, a footnote or an abbreviation.
DEFINITION_RE = re.compile(r"^ {0,3}(?:\*?\[[^\]]+\]:)")
# Lines that open something the cut could be inside.
OPENS_BLOCK_RE = re.compile(r"^\s*(?:```|~~~|<(?!!--.*-->\s*$))")
REST = "<!-- the rest of the post: Material keeps only that there is one -->"


def cut_lines(lines: list[str], separator: str) -> list[str] | None:
    """The lines an excerpt needs, or None when the cut is not certain."""
    previous_blank = True
    for number, line in enumerate(lines):
        if line.strip() == separator and line.startswith(separator) and previous_blank:
            definitions = [text for text in lines[number + 1:] if DEFINITION_RE.match(text)]
            return [*lines[: number + 1], "", *definitions, "", REST]
        if OPENS_BLOCK_RE.match(line):
            return None
        previous_blank = not line.strip()
    return None


class ExcerptCut(Preprocessor):
    """In an excerpt's conversion: only what the excerpt shows (see the module)."""

    def __init__(self, md: Markdown, separator: str) -> None:
        super().__init__(md)
        self.separator = separator

    def run(self, lines: list[str]) -> list[str]:
        if "excerpt" not in self.md.treeprocessors:
            return lines
        return cut_lines(lines, self.separator) or lines

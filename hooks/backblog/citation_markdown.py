"""A Python-Markdown extension that finds citations, with their source lines.

Citations are found by inline processors, so Python-Markdown has already set
aside code spans, fenced code and backslash escapes: citation syntax shown in
code stays literal.  Each ``@`` that may start a citation carries a position
marker (``citation_positions``), which gives every citation and problem its
line.  The tree processor (``citation_tree``) numbers and writes the citations.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own spelling)
from dataclasses import dataclass, field, replace
from typing import Protocol

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from .citation_positions import INLINE_RE, MARKS, MarkPositions, RecordLines, SourcePositions
from .cite_syntax import Citation, CitationSyntaxError, parse_citation_group

CITE_TAG = "bb-citation"
PROBLEM_TAG = "bb-citation-problem"

_MARK = rf"(?:{MARKS})?"
# A citation group: "[" then "@" at once, no nested brackets, and not the text
# of a link ("[@handle](url)") or of a reference link ("[@x][y]").
# Pandoc's form: items may start with text ("see @key"), each "@" at the start
# of a word; an e-mail address in brackets ("[a@b.org]") is no citation.
CITATION_RE = rf"{_MARK}\[(?P<body>(?:{_MARK}@|(?:[^\[\]]*?[\s;])?-?{_MARK}@[\w{{])[^\[\]]*)\](?![(\[])"
# Pandoc's narrative citation in the running text: "@key" or "@key [p. 5]", at
# the start of a word; a key's last character is no full stop ("@smith2020.").
NARRATIVE_RE = (
    rf"(?<![\w@\[\]\\/.\x03]){_MARK}@(?P<key>[\w](?:[\w:.\-]*[\w])?)(?:\s?\[(?P<suffix>[^\[\]@]*)\](?![(\[]))?"
)
# Left over once real citations are taken: things that look like an attempt.
MALFORMED_RE = (
    rf"{_MARK}\[\s+{_MARK}@[^\[\]\n]*\]?|{_MARK}\[{_MARK}@[^\]\n]*$|{_MARK}\[{_MARK}@[^\]\n]*\n"
    rf"|{_MARK}\\(?:full_)?bibliography\b"
)


@dataclass
class PageSource:
    """The page being converted: where editors will look for a problem."""

    path: str
    """The page's file as an editor finds it: ``docs/blog/posts/x.md``."""
    first_line: int = 1
    """The line of the file on which the converted Markdown starts (after front matter)."""
    excerpt_separator: str | None = None
    """A blog post's excerpt cut (``<!-- more -->``); None for other pages."""
    is_post: bool = False
    library_href: str | None = None
    """The reference library page, as a link from this page's source (``../library.md``)."""
    downloads: list[dict[str, str]] = field(default_factory=list)
    """Links under the list to its download files: href, filename, type, label."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something an editor wrote that cannot be cited as written, at a line of the page."""

    line: int | None
    message: str


@dataclass
class PageCitations:
    """What one page cites, for checks and for site-wide pages."""

    keys: list[str]
    citations: int
    groups: int
    #: Cited keys whose entries could not be read (reported with the bibliography's problems).
    unreadable: list[str] = field(default_factory=list)


class CitationContext(Protocol):
    """What the extension needs from the build (or from ``make lint``)."""

    @property
    def page(self) -> PageSource | None: ...

    def report(self, page: PageSource, problems: list[Problem]) -> None: ...

    def record(self, page: PageSource, citations: PageCitations) -> None: ...


@dataclass(frozen=True, slots=True)
class CitationGroup:
    """One citation as written: its text, its items, its line; ``narrative`` for ``@key``."""

    raw: str
    citations: list[Citation]
    line: int | None
    narrative: bool = False


@dataclass
class Conversion(SourcePositions):
    """What one conversion found, from the preprocessors to the tree processor."""

    groups: list[CitationGroup] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _CitationInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, conversion: Conversion) -> None:
        super().__init__(pattern)
        self.conversion = conversion

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        conversion = self.conversion
        body = m.group("body")
        line = conversion.line_of(m.group(0))
        try:
            citations = parse_citation_group(conversion.clean(body))
            items = body.split(";")
            citations = [
                replace(c, line=conversion.line_of(item) or line) for c, item in zip(citations, items, strict=True)
            ]
        except CitationSyntaxError as error:
            conversion.problems.append(Problem(line, str(error)))
            citations = []
        el = etree.Element(CITE_TAG, {"data-group": str(len(conversion.groups))})
        conversion.groups.append(CitationGroup(conversion.clean(m.group(0)), citations, line))
        return el, m.start(0), m.end(0)


class _NarrativeInlineProcessor(InlineProcessor):
    """``@key`` in the running text, when ``key`` is in the bibliography (else it stays text)."""

    def __init__(self, pattern: str, conversion: Conversion, extension: CitationExtension) -> None:
        super().__init__(pattern)
        self.conversion = conversion
        self.extension = extension

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        key = m.group("key")
        references = self.extension.references
        if key not in references:  # type: ignore[operator]
            close = difflib.get_close_matches(key, references.keys, n=1, cutoff=0.85)  # type: ignore[attr-defined]
            if close and any(char.isdigit() for char in key):
                # Looks like a mistyped key: say so rather than print it as text unnoticed.
                self.conversion.problems.append(Problem(self.conversion.line_of(m.group(0)), (
                    f"'@{key}' is no key of the bibliography, so it is printed as text: did you mean "
                    f"'@{close[0]}'? (write \\@{key} to keep it as text)"
                )))
            return None, None, None
        locator = " ".join((m.group("suffix") or "").split())
        line = self.conversion.line_of(m.group(0))
        el = etree.Element(CITE_TAG, {"data-group": str(len(self.conversion.groups))})
        group = CitationGroup(self.conversion.clean(m.group(0)), [Citation(key, locator, line)], line, narrative=True)
        self.conversion.groups.append(group)
        return el, m.start(0), m.end(0)


class _MalformedInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, conversion: Conversion) -> None:
        super().__init__(pattern)
        self.conversion = conversion

    def handleMatch(self, m, data):  # noqa: N802
        matched = m.group(0).rstrip("\n")
        # What follows a nested citation ("[@a [@b]") is not part of this one.
        raw = self.conversion.clean(INLINE_RE.split(matched, maxsplit=1)[0]).rstrip()
        if raw.startswith("\\"):
            message = (
                f"'{raw}' is not needed: the reference list is added at the end of every post "
                "that cites something. Remove it."
            )
        elif raw.startswith("[@"):
            message = f"citation '{raw}' has no closing ']': close it, for example [@smith2020]"
        else:
            fixed = "[" + raw[1:].lstrip()
            message = f"'{raw}' looks like a citation with a space after '[': write it without the space: {fixed}"
        self.conversion.problems.append(Problem(self.conversion.line_of(matched), message))
        el = etree.Element(PROBLEM_TAG)
        el.text = self.conversion.clean(matched)
        return el, m.start(0), m.end(0)


class CitationExtension(Extension):
    """Registers the citation processors; one per build, reading its ``context``."""

    def __init__(
        self, context: CitationContext, references: object, project: str = ".", excerpt_cut: str | None = None
    ) -> None:
        super().__init__()
        self.context = context
        self.project = project
        #: The excerpt separator where excerpts may be converted from the introduction only.
        self.excerpt_cut = excerpt_cut
        #: What the tree processor reads of the bibliography (``citation_tree.References``).
        self.references = references

    def _first_line(self) -> int:
        page = self.context.page
        return page.first_line if page else 1

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        from .citation_tree import CitationTreeprocessor
        from .heading_check import HeadingTreeprocessor
        from .include_guard import IncludeGuard

        conversion = Conversion()
        if self.excerpt_cut:
            from .excerpt_cut import ExcerptCut

            # First: the excerpt's own text is all the other processors see.
            md.preprocessors.register(ExcerptCut(md, self.excerpt_cut), "bb-excerpt-cut", 40)
        # Before pymdownx.snippets (32) includes files.
        md.preprocessors.register(IncludeGuard(md, self.context, conversion, self.project), "bb-includes", 33)
        # After whitespace is normalised (30), before fenced code is set aside (25).
        md.preprocessors.register(RecordLines(md, conversion), "bb-lines", 27)
        # After fenced code (25), before raw HTML blocks are set aside (20).
        md.preprocessors.register(MarkPositions(md, conversion, self._first_line), "bb-positions", 22)
        # After backticks (190) and escapes (180), before footnotes (175) and links.
        md.inlinePatterns.register(_CitationInlineProcessor(CITATION_RE, conversion), "bb-citation", 176)
        md.inlinePatterns.register(_MalformedInlineProcessor(MALFORMED_RE, conversion), "bb-malformed", 174)
        # After a malformed "[ @key]" is taken, before links: "@key" in the text.
        md.inlinePatterns.register(_NarrativeInlineProcessor(NARRATIVE_RE, conversion, self), "bb-narrative", 173)
        # "\@word" is always text (Python-Markdown escapes only its own characters).
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")
        # After inline processing (20), before the table of contents (5).
        md.treeprocessors.register(HeadingTreeprocessor(md, conversion), "bb-headings", 19)
        md.treeprocessors.register(CitationTreeprocessor(md, self, conversion), "bb-citations", 18)

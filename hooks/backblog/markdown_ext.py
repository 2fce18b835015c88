"""A Python-Markdown extension that finds citations and writes them as the series prints them.

Citations are found by an inline processor, so Python-Markdown has already set
aside code spans, fenced code and backslash escapes: citation syntax shown in
code stays literal.  A tree processor then walks the page in document order,
numbers the references by first citation, writes each citation as ``(2–4)``
with one link per number, and appends the "References" heading and list.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own spelling)
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .cite_syntax import Citation, CitationSyntaxError, parse_citation_group
from .numbering import CiteOrder, citation_parts
from .references import VancouverRegistry, reference_anchor
from .rendering import macro, render

CITE_TAG = "bb-citation"
PROBLEM_TAG = "bb-citation-problem"
REFERENCES_HEADING = "References"
REFERENCES_ID = "references"
CITE_THIS_POST_ID = "cite-this-post"

# A citation group: "[" then "@" at once, no nested brackets, and not the text
# of a link ("[@handle](url)") or of a reference link ("[@x][y]").
CITATION_RE = r"\[(?P<body>@[^\[\]]*)\](?![(\[])"
# Left over once real citations are taken: things that look like an attempt.
MALFORMED_RE = r"\[\s+@[^\[\]\n]*\]?|\[@[^\]\n]*$|\[@[^\]\n]*\n|\\(?:full_)?bibliography\b"



@dataclass
class PageSource:
    """The page being rendered: where editors will look for a problem."""

    path: str
    text: str
    excerpt_end: int | None = None
    """Where a blog post's excerpt (shown without its list) ends in ``text``."""
    library_href: str | None = None
    """The reference library page, as a link from this page's source (``../library.md``)."""
    downloads: list[dict[str, str]] = field(default_factory=list)
    """Links under the list to its ``.bib`` and ``.ris`` files: href, filename, type, label."""


@dataclass
class PageCitations:
    """What one page cites, for checks and for site-wide pages."""

    keys: list[str]
    citations: int
    groups: int


@dataclass
class Problem:
    """Something an editor wrote that cannot be cited as written."""

    raw: str
    message: str


@dataclass
class _ConversionState:
    """What the inline processors found in one conversion, for the tree processor."""

    groups: list[tuple[str, list[Citation]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _CitationInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, state: _ConversionState) -> None:
        super().__init__(pattern)
        self.state = state

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        raw = m.group(0)
        try:
            citations = parse_citation_group(m.group("body"))
        except CitationSyntaxError as error:
            self.state.problems.append(Problem(raw, str(error)))
            citations = []
        el = etree.Element(CITE_TAG, {"data-group": str(len(self.state.groups))})
        self.state.groups.append((raw, citations))
        return el, m.start(0), m.end(0)


class _MalformedInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, state: _ConversionState) -> None:
        super().__init__(pattern)
        self.state = state

    def handleMatch(self, m, data):  # noqa: N802
        raw = m.group(0).rstrip("\n")
        if raw.startswith("\\"):
            message = (
                f"'{raw}' is not needed: the reference list is added at the end of every post "
                "that cites something. Remove it."
            )
        elif raw.startswith("[@"):
            message = f"citation '{raw}' has no closing ']': close it, for example [@smith2020]"
        else:
            fixed = "[" + raw[1:].lstrip()
            message = (
                f"'{raw}' looks like a citation with a space after '[': "
                f"write it without the space: {fixed}"
            )
        self.state.problems.append(Problem(raw, message))
        el = etree.Element(PROBLEM_TAG)
        el.text = raw
        return el, m.start(0), m.end(0)


class _CitationTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: CitationExtension, state: _ConversionState) -> None:
        super().__init__(md)
        self.extension = extension
        self.state = state

    def run(self, root: etree.Element) -> None:
        try:
            self._cite(root)
        finally:
            self.state.groups.clear()
            self.state.problems.clear()

    def _cite(self, root: etree.Element) -> None:
        registry = self.extension.registry
        # Material's blog renders each post a second time for its excerpt on
        # index pages; report problems and record citations only for the post.
        is_excerpt = "excerpt" in self.md.treeprocessors
        problems = list(self.state.problems)
        order = CiteOrder()
        sites: dict[str, list[str]] = {}
        citation_count = 0
        for el in list(root.iter(PROBLEM_TAG)):
            el.tag = "span"
            el.attrib = {"class": "bb-citation-error"}
        groups = list(root.iter(CITE_TAG))
        for number, el in enumerate(groups, start=1):
            raw, citations = self.state.groups[int(el.attrib["data-group"])]
            if self.extension.is_in_excerpt(raw):
                problems.append(Problem(raw, (
                    f"citation {raw} is above <!-- more -->: the excerpt is shown on the home page, "
                    "the blog index and in the feed without the reference list; move the citation "
                    "below <!-- more -->"
                )))
            known: list[Citation] = []
            for citation in citations:
                if citation.key in registry:
                    known.append(Citation(registry.canonical_key(citation.key), citation.locator))
                else:
                    problems.append(Problem(raw, self._unknown_key_message(citation.key)))
            citation_count += len(known)
            site_id = f"cite-{number}"
            self._write_citation(el, site_id, known, order)
            for citation in known:
                if site_id not in sites.setdefault(citation.key, []):
                    sites[citation.key].append(site_id)
        if order.keys and not is_excerpt:
            # An excerpt is cut at <!-- more -->, above every citation: its
            # reference list would be cut away (the blog renders each post
            # again for every index page that shows it).
            self._append_reference_list(root, order, sites)
        if not is_excerpt:
            self.extension.report(problems)
            self.extension.record(PageCitations(order.keys, citation_count, len(groups)))

    def _unknown_key_message(self, key: str) -> str:
        keys = self.extension.registry.keys
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        close += [k for k in keys if k.lower() == key.lower() and k not in close]
        hint = (
            "did you mean " + " or ".join(f"'{k}'" for k in close) + "?"
            if close
            else "add the entry to bibliography.bib or correct the key"
        )
        return f"unknown citation key '{key}': {hint}"

    def _write_citation(
        self, el: etree.Element, site_id: str, citations: list[Citation], order: CiteOrder
    ) -> None:
        """Turn the placeholder into ``(2–4)``: a span with one link per printed number."""
        registry = self.extension.registry
        el.tag = "span"
        # data-cites keeps every key cited here, those hidden inside a range too.
        el.attrib = {"class": "bb-citation", "id": site_id, "data-cites": " ".join(c.key for c in citations)}
        if not citations:
            el.attrib["class"] += " bb-citation-error"
            el.text = "(?)"
            return
        numbers = [order.number(c.key) for c in citations]
        locators = {order.number(c.key): c.locator for c in citations if c.locator}
        el.text = "("
        last: etree.Element | None = None
        for part in citation_parts(numbers, locators):
            if isinstance(part, int):
                key = order.keys[part - 1]
                last = etree.SubElement(
                    el,
                    "a",
                    {
                        "class": "footnote-ref bb-citation__number",
                        "href": "#" + reference_anchor(key),
                        "aria-label": f"Reference {part}: {registry.reference(key).short}",
                    },
                )
                last.text = str(part)
            elif last is None:
                el.text += part
            else:
                last.tail = (last.tail or "") + part
        assert last is not None
        last.tail = (last.tail or "") + ")"

    def _append_reference_list(
        self, root: etree.Element, order: CiteOrder, sites: dict[str, list[str]]
    ) -> None:
        page = self.extension.page
        library = page.library_href if page else None
        references = []
        for number, key in enumerate(order.keys, start=1):
            where = sites[key]
            references.append(
                {
                    "number": number,
                    "html": self.extension.reference_html(key, library),
                    "backrefs": [
                        {
                            "id": site_id,
                            "label": f"Back to where reference {number} is cited"
                            + (f" ({i} of {len(where)})" if len(where) > 1 else ""),
                        }
                        for i, site_id in enumerate(where, start=1)
                    ],
                }
            )
        html = render("reference_list.html",
            references=references, downloads=page.downloads if page else []
        )
        # At the end of the text: before authors' own footnotes (which the
        # footnotes extension has appended) and before "Cite this post".
        position = len(root)
        for index, child in enumerate(root):
            classes = child.get("class", "").split()
            if child.get("id") == CITE_THIS_POST_ID or (child.tag == "div" and "footnote" in classes):
                position = index
                break
        heading = etree.Element("h2", {"id": REFERENCES_ID})
        heading.text = REFERENCES_HEADING
        root.insert(position, heading)
        # Parsed into the tree, not stashed as raw HTML, so that MkDocs checks
        # its links and anchors and the table of contents sees the heading.
        reference_list = etree.fromstring(html)
        for element in reference_list.iter():
            # Python-Markdown writes a text "&amp;" back as "&amp;" (it takes
            # it for an entity an author typed): write every "&" as a numeric
            # entity so that a title's "&amp;" reaches the reader as typed.
            element.text = element.text and element.text.replace("&", "&#38;")
            element.tail = element.tail and element.tail.replace("&", "&#38;")
        root.insert(position + 1, reference_list)


class CitationExtension(Extension):
    """Numbered Vancouver citations for one build.

    ``reporter`` receives each problem as ``(path, line, message)``;
    ``begin_page`` names the page before Markdown converts it.
    """

    def __init__(
        self, registry: VancouverRegistry, reporter: Callable[[str, int | None, str], None]
    ) -> None:
        super().__init__()
        self.registry = registry
        self.reporter = reporter
        self.page: PageSource | None = None
        self.pages: dict[str, PageCitations] = {}
        #: Per post (source URI), where its list links to: the library page and
        #: the downloads. Filled by the knowledge-base hook, when there is one.
        self.post_links: dict[str, tuple[str | None, list[dict[str, str]]]] = {}
        self._reference_html: dict[tuple[str, str | None], Markup] = {}
        self._render_reference = macro("reference.html", "reference")

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        state = _ConversionState()
        # After backticks (190) and escapes (180), before footnotes (175) and links.
        md.inlinePatterns.register(_CitationInlineProcessor(CITATION_RE, state), "bb-citation", 176)
        md.inlinePatterns.register(_MalformedInlineProcessor(MALFORMED_RE, state), "bb-malformed", 174)
        # After inline processing (20), before the table of contents (5).
        md.treeprocessors.register(_CitationTreeprocessor(md, self, state), "bb-citations", 18)

    def reference_html(self, key: str, library: str | None) -> Markup:
        """An entry as lists show it (``reference.html``), linking to ``library``:
        rendered once per build for every post whose library link is the same."""
        html = self._reference_html.get((key, library))
        if html is None:
            anchor = reference_anchor(key)
            library_href = f"{library}#{anchor}" if library else None
            html = self._render_reference(anchor, self.registry.reference(key), library_href)
            self._reference_html[(key, library)] = html
        return html

    def begin_page(self, page: PageSource) -> None:
        self.page = page

    def report(self, problems: list[Problem]) -> None:
        if self.page is None:
            for problem in problems:
                self.reporter("<unknown page>", None, problem.message)
            return
        found_from: dict[str, int] = {}
        located = []
        for problem in problems:
            position = self.page.text.find(problem.raw, found_from.get(problem.raw, 0))
            if position < 0:
                line = None
            else:
                found_from[problem.raw] = position + 1
                line = self.page.text.count("\n", 0, position) + 1
            located.append((line or 0, problem.message))
        for line, message in sorted(located):
            self.reporter(self.page.path, line or None, message)

    def is_in_excerpt(self, raw: str) -> bool:
        """Whether the citation ``raw`` is written above the page's excerpt cut."""
        page = self.page
        if page is None or page.excerpt_end is None:
            return False
        position = page.text.find(raw)
        return 0 <= position < page.excerpt_end

    def record(self, citations: PageCitations) -> None:
        if self.page is not None:
            self.pages[self.page.path] = citations

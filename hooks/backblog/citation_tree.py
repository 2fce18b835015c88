"""The tree processor of the citation extension: numbers, writes and lists citations.

It walks the page in document order, numbers the references by first
citation, writes each citation as ``(2–4)`` with one link per number, finds
a blog post's excerpt cut (``<!-- more -->``) where Material's blog will cut
it, and appends the "References" heading and list.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own spelling)
from typing import Protocol

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER
from markupsafe import Markup

from .citation_markdown import CITE_TAG, PROBLEM_TAG, CitationExtension, Conversion, PageCitations, Problem
from .cite_syntax import Citation
from .html_fragments import html_elements
from .numbering import CiteOrder, citation_parts
from .references import FormattedReference, reference_anchor
from .rendering import macro, render
from .vancouver_names import narrative_names

REFERENCES_HEADING = "References"
REFERENCES_ID = "references"
CITE_THIS_POST_ID = "cite-this-post"
_STASH_RE = re.compile(HTML_PLACEHOLDER % r"(\d+)")


class References(Protocol):
    """What citing needs of the bibliography."""

    def __contains__(self, key: object) -> bool: ...

    def canonical_key(self, key: str) -> str: ...

    @property
    def keys(self) -> list[str]: ...

    def reference(self, key: str) -> FormattedReference: ...

    @property
    def unreadable(self) -> dict[str, str]: ...


class CitationTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: CitationExtension, conversion: Conversion) -> None:
        super().__init__(md)
        self.extension = extension
        self.conversion = conversion
        self._render_reference = macro("reference.html", "reference")
        self._reference_html: dict[tuple[str, str | None], Markup] = {}

    @property
    def references(self) -> References:
        return self.extension.references  # type: ignore[return-value]

    def run(self, root: etree.Element) -> None:
        try:
            self._cite(root)
        finally:
            self.conversion.groups.clear()
            self.conversion.problems.clear()
            self.conversion.marks.clear()

    def _cite(self, root: etree.Element) -> None:
        # Material's blog renders each post a second time for its excerpt on
        # index pages; report problems and record citations only for the post.
        is_excerpt = "excerpt" in self.md.treeprocessors
        page = self.extension.context.page
        separator = page.excerpt_separator if page else None
        problems = list(self.conversion.problems)
        order = CiteOrder()
        sites: dict[str, list[str]] = {}
        citation_count = group_count = 0
        unreadable: list[str] = []
        above_cut = separator is not None
        cut_found = False
        for el in list(root.iter()):
            if above_cut and self._is_excerpt_cut(el.text, separator):
                above_cut, cut_found = False, True
            if el.tag == PROBLEM_TAG:
                el.tag, el.attrib = "span", {"class": "bb-citation-error"}
            if el.tag != CITE_TAG:
                if above_cut and self._is_excerpt_cut(el.tail, separator):
                    above_cut, cut_found = False, True
                continue
            group_count += 1
            group = self.conversion.groups[int(el.attrib["data-group"])]
            raw, citations, line = group.raw, group.citations, group.line
            if above_cut:
                problems.append(Problem(line, (
                    f"citation {raw} is above {separator}: the excerpt is shown on the home page, "
                    "the blog index and in the feed without the reference list; move the citation "
                    f"below {separator}"
                )))
            known: list[Citation] = []
            for citation in citations:
                if citation.key in self.references:
                    key = self.references.canonical_key(citation.key)
                    known.append(Citation(key, citation.locator, citation.line, citation.prefix))
                elif citation.key.lower() in self.references.unreadable:
                    unreadable.append(citation.key)  # its entry's problem is the message
                else:
                    problems.append(Problem(citation.line or line, self._unknown_key_message(citation.key)))
            citation_count += len(known)
            site_id = f"cite-{group_count}"
            self._write_citation(el, site_id, known, order, narrative=group.narrative)
            for citation in known:
                if site_id not in sites.setdefault(citation.key, []):
                    sites[citation.key].append(site_id)
            if above_cut and self._is_excerpt_cut(el.tail, separator):
                above_cut, cut_found = False, True
        if is_excerpt or page is None:
            return
        # A post without any (the front-matter check says so) would be reported twice.
        written = separator is not None and any(separator in line for line in self.conversion.lines)
        if written and not cut_found:
            problems.append(Problem(page.first_line, (
                f"no {separator} line outside code: add one on its own line after the introduction "
                "(one shown as code does not cut the excerpt); the text above it is the excerpt "
                "shown on the home page and the blog index"
            )))
        if order.keys:
            self._append_reference_list(root, order, sites)
        self.extension.context.report(page, problems)
        self.extension.context.record(page, PageCitations(order.keys, citation_count, group_count, unreadable))

    def _is_excerpt_cut(self, text: str | None, separator: str | None) -> bool:
        """Whether ``text`` holds the raw HTML ``<!-- more -->`` that Material's blog cuts at.

        Material cuts the rendered page at the first separator in its HTML: a
        real comment, which Python-Markdown stashes as raw HTML; one in code
        is escaped and cuts nothing.
        """
        if separator is None or not text:
            return False
        stash = self.md.htmlStash.rawHtmlBlocks
        for match in _STASH_RE.finditer(text):
            index = int(match.group(1))
            if index < len(stash) and separator in str(stash[index]):
                return True
        return False

    def _unknown_key_message(self, key: str) -> str:
        keys = self.references.keys
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        close += [k for k in keys if k.lower() == key.lower() and k not in close]
        hint = (
            "did you mean " + " or ".join(f"'{k}'" for k in close) + "?"
            if close
            else "add the entry to bibliography.bib or correct the key"
        )
        return f"unknown citation key '{key}': {hint}"

    def _write_citation(
        self, el: etree.Element, site_id: str, citations: list[Citation], order: CiteOrder, narrative: bool = False
    ) -> None:
        """Turn the placeholder into ``(2–4)``: a span with one link per printed number.

        With a prefix (``[see @a, p. 5; also @b]``) the items are printed as
        written: ``(see 1, p. 5; also 2)``.  A narrative citation (``@key``)
        names the authors first: ``Foster et al. (2)``.
        """
        el.tag = "span"
        # data-cites keeps every key cited here, those hidden inside a range too.
        el.attrib = {"class": "bb-citation", "id": site_id, "data-cites": " ".join(c.key for c in citations)}
        if not citations:
            el.attrib["class"] += " bb-citation-error"
            el.text = "(?)"
            return
        numbers = [order.number(c.key) for c in citations]
        locators = {order.number(c.key): c.locator for c in citations if c.locator}
        parts: list[int | str]
        if any(c.prefix for c in citations):
            parts = []
            for number, citation in zip(numbers, citations, strict=True):
                parts += ["; " if parts else "", f"{citation.prefix} " if citation.prefix else "", number]
                parts += [f", {citation.locator}"] if citation.locator else []
        else:
            parts = citation_parts(numbers, locators)
        el.text = "("
        if narrative:
            names = narrative_names(self.references.reference(citations[0].key).reference.creators)
            el.text = f"{names} (" if names else "("
        last: etree.Element | None = None
        for part in parts:
            if isinstance(part, int):
                key = order.keys[part - 1]
                last = etree.SubElement(el, "a", {
                    "class": "footnote-ref bb-citation__number",
                    "href": "#" + reference_anchor(key),
                    "aria-label": f"Reference {part}: {self.references.reference(key).short}",
                })
                last.text = str(part)
            elif last is None:
                el.text += part
            else:
                last.tail = (last.tail or "") + part
        assert last is not None
        last.tail = (last.tail or "") + ")"

    def reference_html(self, key: str, library: str | None) -> Markup:
        """An entry as lists show it (``reference.html``), linking to ``library``:
        rendered once per build for every post whose library link is the same."""
        html = self._reference_html.get((key, library))
        if html is None:
            anchor = reference_anchor(key)
            library_href = f"{library}#{anchor}" if library else None
            html = self._render_reference(anchor, self.references.reference(key), library_href)
            self._reference_html[(key, library)] = html
        return html

    def _append_reference_list(self, root: etree.Element, order: CiteOrder, sites: dict[str, list[str]]) -> None:
        page = self.extension.context.page
        library = page.library_href if page else None
        references = []
        for number, key in enumerate(order.keys, start=1):
            where = sites[key]
            references.append({
                "number": number,
                "html": self.reference_html(key, library),
                "backrefs": [
                    {
                        "id": site_id,
                        "label": f"Back to where reference {number} is cited"
                        + (f" ({i} of {len(where)})" if len(where) > 1 else ""),
                    }
                    for i, site_id in enumerate(where, start=1)
                ],
            })
        html = render("reference_list.html", references=references, downloads=page.downloads if page else [])
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
        for offset, element in enumerate(html_elements(html), start=1):
            root.insert(position + offset, element)

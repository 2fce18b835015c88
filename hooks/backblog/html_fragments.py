"""Our templates' HTML as elements of a Python-Markdown tree.

The reference lists are written by templates (Jinja, escaping every value)
and put into the page's tree as elements, not stashed as raw HTML, so that
MkDocs checks their links and anchors and the table of contents sees them.
The HTML is read as real HTML (a bare ``&`` in an address, ``&nbsp;``, ``<br>``)
by the standard library's HTML parser.  Our templates write HTML that is also
well-formed XML (every value escaped by Jinja, void elements closed, attributes
given values), so a fragment is first read by the XML parser, which is written
in C (the HTML parser, in Python, took 2 of a 300-post build's 54 profiled
seconds: a post's reference list is half its page); whatever the XML parser
refuses goes to the HTML parser, and both give the same elements
(``tests/test_build_cost.py``).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own spelling)
from html import unescape
from html.parser import HTMLParser

# Elements that never have content or an end tag in HTML.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


# What Python-Markdown's serializer takes for an entity an author typed, and
# leaves alone (markdown.serializers.RE_AMP): every other "&" it escapes.
_ENTITY_LIKE_RE = re.compile(r"&(?=(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)")


def _markdown_safe(text: str) -> str:
    """Text for Python-Markdown's serializer: an ``&`` that looks like the start
    of an entity is escaped here, so that a title's ``&amp;`` or an address's
    ``&copy;`` reaches the reader as written (the serializer escapes the rest)."""
    return _ENTITY_LIKE_RE.sub("&amp;", text)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("div")
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = etree.SubElement(
            self._open[-1], tag, {name: _markdown_safe(value or "") for name, value in attrs}
        )
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self._open[-1]
        text = _markdown_safe(data)
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text


def html_elements(html: str) -> list[etree.Element]:
    """The top-level elements of an HTML fragment (text between them is dropped:
    our templates put only whitespace there)."""
    if "\r" in html or "\t" in html:  # XML would turn them into spaces or newlines
        return html_parser_elements(html)
    try:
        root = etree.fromstring(f"<div>{html}</div>")
    except etree.ParseError:
        return html_parser_elements(html)
    # XML turns a newline in an attribute's value into a space: all of the
    # fragment's newlines must be in its text.
    if sum((e.text or "").count("\n") + (e.tail or "").count("\n") for e in root.iter()) != html.count("\n"):
        return html_parser_elements(html)
    for element in root.iter():
        if any(name != name.lower() for name in element.attrib) or element.tag != element.tag.lower():
            return html_parser_elements(html)  # HTML's names are case-blind; the HTML parser lowers them
        for name, value in element.attrib.items():
            element.set(name, _markdown_safe(value))
        if element.text:
            element.text = _markdown_safe(element.text)
        if element.tail:
            element.tail = _markdown_safe(element.tail)
    return list(root)


def html_parser_elements(html: str) -> list[etree.Element]:
    """:func:`html_elements` read by the HTML parser only."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return list(builder.root)


def anchor_ids(html: str) -> set[str]:
    """The ids of our templates' HTML that MkDocs counts as anchors a link may point to:
    any element's ``id``, an ``<a>``'s ``name`` (as its raw-HTML check reads them). Read
    from the tags as written: every value our templates write is quoted and escaped, so
    no ``"`` or ``>`` is ever inside one."""
    found = set()
    for tag in _START_TAG_RE.finditer(html):
        for attribute in _ANCHOR_ATTRIBUTE_RE.finditer(tag.group(2) or ""):
            if attribute.group(1).lower() == "id" or tag.group(1).lower() == "a":
                found.add(unescape(attribute.group(2)))
    return found


_START_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_ANCHOR_ATTRIBUTE_RE = re.compile(r'\s(id|name)="([^"]*)"', re.IGNORECASE)


def element_spans(html: str, opening: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where each element whose start tag ``opening`` matches (its group 1 the tag's name)
    begins and ends, one inside another being part of it: for our templates' HTML."""
    spans: list[tuple[int, int]] = []
    for match in opening.finditer(html):
        if not spans or match.start() >= spans[-1][1]:
            spans.append((match.start(), element_end(html, match.start(), match.group(1))))
    return spans


def element_end(html: str, start: int, tag: str) -> int:
    """Where the ``tag`` element opened at ``start`` ends (elements of that name inside it
    nest), or the end of ``html``: for our templates' HTML, whose every value is escaped."""
    depth = 0
    for match in _tag_re(tag).finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


@functools.cache
def _tag_re(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}\b[^>]*>")

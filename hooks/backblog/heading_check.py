"""Headings are text: no HTML in them, written or as entities.

A page's first heading is its title, which MkDocs takes from the rendered
heading (``&lt;`` unescaped) and Material prints as HTML in the page's
``<title>``, the blog's lists and the next post's footer; every heading is in
the table of contents and the search index.  So a heading with raw HTML
(``# Pain <img onerror=...>``) or with an entity that spells a tag
(``# &lt;script&gt;``) is reported where it is written, never published.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own spelling)

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from .citation_markdown import Conversion, Problem

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_STASH_RE = re.compile(HTML_PLACEHOLDER % r"(\d+)")
# What a browser reads as the start of a tag.
_TAG_START_RE = re.compile(r"<[A-Za-z/!?]")


class HeadingTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, conversion: Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, root: etree.Element) -> None:
        if "excerpt" in self.md.treeprocessors:
            return  # the post itself is checked
        for heading in root.iter():
            if heading.tag not in _HEADINGS:
                continue
            markup = self._markup(heading)
            if markup is not None:
                found, written = markup
                self.conversion.problems.append(Problem(self._line(found, written), (
                    f"the heading holds HTML ('{found}'): a heading is text, shown as it is in page titles, "
                    "the table of contents and search results; write it without HTML"
                )))

    def _markup(self, heading: etree.Element) -> tuple[str, bool] | None:
        """The raw HTML, or the tag entities spell, in ``heading``'s text (code is shown as text)."""
        stash = self.md.htmlStash.rawHtmlBlocks
        for text in _text_outside_code(heading):
            resolved = ""
            for part in _STASH_RE.split(text):  # text, index, text, index...
                if part.isdigit() and int(part) < len(stash):
                    raw = "" if int(part) in self.conversion.marks else str(stash[int(part)])
                    if _TAG_START_RE.search(raw):
                        return raw.strip(), True
                    resolved += raw
                else:
                    resolved += part
            tag = _TAG_START_RE.search(html.unescape(resolved))
            if tag:
                return html.unescape(resolved)[tag.start():][:40].strip(), False
        return None

    def _line(self, found: str, written: bool) -> int | None:
        """The heading line where ``found`` is: ``written`` as it is, or spelled with entities."""
        for line, text in self.conversion.headings:
            if (found in text) if written else (found not in text and found in html.unescape(text)):
                return line
        return self.conversion.headings[0][0] if self.conversion.headings else None


def _text_outside_code(element: etree.Element) -> list[str]:
    """The texts of ``element`` and its descendants, but those inside ``code``."""
    texts = [element.text or ""] if element.tag != "code" else []
    for child in element:
        texts += _text_outside_code(child)
        texts.append(child.tail or "")
    return texts

"""Page ranges as first/last pairs, read once from ``pages`` (or ``eid``).

``741--746, 734--740`` is two ranges; ``e1000110`` one page; the dash may
be written ``-``, ``--``, ``–`` or ``—``.  A range may carry a word before
it, as NLM prints ``; discussion 1149-50``.  What is not a page or a pair of
pages (an article id such as ``bmjqs-2025-019084``, ``123+``) is kept as
written.  How a range is printed (elided, with an en dash) is the style's
business, and each export writes the pairs its format wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"(?:-+|[\u2010\u2011\u2012\u2013\u2014\u2212])"
_RANGE_DASH_RE = re.compile(rf"\s*{_DASH}\s*")
_RANGE_SEPARATOR_RE = re.compile(r"[,;]")
# A page: digits, or letters then digits (S12, e307), or a roman numeral; Elsevier's
# online pages follow a last page: "729-738.e10".
_PAGE_RE = re.compile(r"[A-Za-z]{0,3}\d+[A-Za-z]?(?:\.e\d+)?|[ivxlcdmIVXLCDM]+")
_LABEL_RE = re.compile(r"^(?P<label>(?:[A-Za-z]+ )+)(?P<pages>\S.*)$")


@dataclass(frozen=True, slots=True)
class PageRange:
    """One range: ``first``–``last``; a single page has no ``last``.

    ``label`` is a word before the range (``discussion``); ``written`` holds
    what is not a page or a pair of pages, as written.
    """

    first: str = ""
    last: str = ""
    label: str = ""
    written: str = ""

    def text(self, dash: str = "-") -> str:
        """The range with ``dash`` between its pages, as a plain export writes it."""
        if self.written:
            return self.written
        pages = f"{self.first}{dash}{self.last}" if self.last else self.first
        return f"{self.label} {pages}" if self.label else pages


def _read_range(part: str) -> PageRange:
    label = ""
    labelled = _LABEL_RE.match(part)
    if labelled and not _PAGE_RE.fullmatch(part.split(" ")[0]):
        label, part = labelled["label"].strip(), labelled["pages"]
    pages = _RANGE_DASH_RE.split(part)
    if len(pages) == 1 and _PAGE_RE.fullmatch(pages[0]):
        return PageRange(pages[0], label=label)
    if len(pages) == 2 and all(_PAGE_RE.fullmatch(page) for page in pages):
        return PageRange(pages[0], pages[1], label=label)
    return PageRange(written=f"{label} {part}".strip())


def read_pages(pages: str) -> tuple[PageRange, ...]:
    """The ranges of a decoded ``pages`` value, in the order written.

    Ranges may be separated by ``,`` or ``;``.
    """
    parts = [part.strip() for part in _RANGE_SEPARATOR_RE.split(pages)]
    # A part with no page in it (" - ", as some exports write no pages) is no range.
    return tuple(_read_range(part) for part in parts if any(character.isalnum() for character in part))


def pages_text(ranges: tuple[PageRange, ...], dash: str = "-") -> str:
    """All ranges, joined by ``, ``: ``741-746, 734-740``."""
    return ", ".join(page_range.text(dash) for page_range in ranges)

"""Page ranges as first/last pairs, read once from ``pages`` (or ``eid``).

``741--746, 734--740`` is two ranges; ``e1000110`` one page; the dash may
be written ``-``, ``--``, ``–`` or ``—``.  Each range keeps its pages as
written (``S12``, ``iii``); how a range is printed (elided, with an en dash)
is the style's business, and each export writes the pairs its format wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"(?:-+|[\u2010\u2011\u2012\u2013\u2014\u2212])"
_RANGE_DASH_RE = re.compile(rf"\s*{_DASH}\s*")
_RANGE_SEPARATOR_RE = re.compile(r"[,;]")


@dataclass(frozen=True)
class PageRange:
    """One range: ``first``–``last``; a single page has no ``last``.

    ``parts`` holds what is not a plain pair (``123+``, three numbers) as
    split at its dashes, to be printed as given.
    """

    first: str
    last: str = ""
    parts: tuple[str, ...] = ()

    def text(self, dash: str = "-") -> str:
        """The range with ``dash`` between its pages, as a plain export writes it."""
        if self.parts:
            return dash.join(self.parts)
        return f"{self.first}{dash}{self.last}" if self.last else self.first


def read_pages(pages: str) -> tuple[PageRange, ...]:
    """The ranges of a decoded ``pages`` value, in the order written.

    Ranges may be separated by ``,`` or ``;``.
    """
    ranges = []
    for part in _RANGE_SEPARATOR_RE.split(pages):
        numbers = _RANGE_DASH_RE.split(part.strip())
        if numbers == [""]:
            continue
        if len(numbers) == 2 and all(numbers):
            ranges.append(PageRange(numbers[0], numbers[1]))
        elif len(numbers) == 1:
            ranges.append(PageRange(numbers[0]))
        else:
            ranges.append(PageRange(numbers[0], parts=tuple(numbers)))
    return tuple(ranges)


def pages_text(ranges: tuple[PageRange, ...], dash: str = "-") -> str:
    """All ranges, joined by ``, ``: ``741-746, 734-740``."""
    return ", ".join(page_range.text(dash) for page_range in ranges)

"""The entry layouts of the house style: which parts, in which order, per type.

Each layout quotes its pattern from REFERENCE-STYLE.md and returns the parts
of one :class:`~backblog.model.Reference` (None where the reference lacks
one); :mod:`backblog.style` joins them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from pybtex.richtext import Text

from . import model
from .model import Reference
from .typography import sentence, typographic
from .vancouver_names import authors, authors_or_editors, editors
from .vancouver_parts import (
    available_from,
    date_text,
    edition,
    elided_pages,
    journal,
    place_publisher_year,
    title,
    volume_issue,
)

Part: TypeAlias = "Text | None"
"""A part of an entry (a sentence, or the URL), or None where the entry lacks it."""


def date_volume_issue_pages(reference: Reference) -> Text | None:
    """Rule: "``Date;Volume(Issue):Pages.``" — ``2017 Apr 4;166(7):514–30.``

    A missing part is left out with its punctuation: ``;`` only between a
    date and a volume or issue, ``:`` only between pages and what precedes
    them (``2017 Apr:e12.``, ``166(7):514–30.``, ``514–30.``).
    """
    text = date_text(reference.issued)
    details = volume_issue(reference)
    if details:
        text = f"{text};{details}" if text else details
    pages = elided_pages(reference.pages)
    if pages:
        text = f"{text}:{pages}" if text else pages
    return sentence(text) if text else None


def chapter_pages(reference: Reference) -> Text | None:
    """Rule (chapter): "``p. Pages.``" — ``p. 93–113.``"""
    pages = elided_pages(reference.pages)
    return sentence(f"p. {pages}") if pages else None


def in_book(reference: Reference) -> Text | None:
    """Rule (chapter): "``In: Editors, editor(s). Book title.``"."""
    parts = [part for part in (editors(reference.editor), title(reference.container_title)) if part]
    if not parts:
        return None
    return Text("In: ", Text(" ").join(parts))


def report_number(reference: Reference) -> Text | None:
    """Rule: "The ``Report No.`` part only where ``number`` is given": ``Report No.: 12.``"""
    return sentence(f"Report No.: {typographic(reference.number)}") if reference.number else None


def journal_article(reference: Reference) -> list[Part]:
    """``Authors. Title. Journal. Date;Volume(Issue):Pages.``"""
    name = journal(reference)
    return [
        authors(reference.author),
        title(reference.title),
        sentence(name) if name else None,
        date_volume_issue_pages(reference),
    ]


def book(reference: Reference) -> list[Part]:
    """``Authors. Title. Edition. Place: Publisher; Year.``

    Editors stand in place of authors only where there are no authors.  A
    book cited at some pages (``@inbook`` without ``booktitle``) ends with
    ``p. Pages.``
    """
    return [
        authors_or_editors(reference),
        title(reference.title),
        edition(reference.edition),
        place_publisher_year(reference),
        chapter_pages(reference),
    ]


def chapter(reference: Reference) -> list[Part]:
    """``Authors. Chapter title. In: Editors, editor(s). Book title. Edition. Place: Publisher; Year. p. Pages.``"""
    return [
        authors(reference.author),
        title(reference.title),
        in_book(reference),
        edition(reference.edition),
        place_publisher_year(reference),
        chapter_pages(reference),
    ]


def report(reference: Reference) -> list[Part]:
    """``Authors. Title. Place: Institution; Year. Report No.: Number.``"""
    return [
        authors(reference.author),
        title(reference.title),
        place_publisher_year(reference),
        report_number(reference),
    ]


def web_page(reference: Reference) -> list[Part]:
    """``Authors. Title [Internet]. Place: Publisher; Year [cited YYYY Mon D]. Available from: URL``"""
    return [
        authors(reference.author),
        title(reference.title, suffix=" [Internet]"),
        place_publisher_year(reference, cited=date_text(reference.accessed)),
        available_from(reference.url),
    ]


def blog_post(reference: Reference) -> list[Part]:
    """``Authors. Title. Blog [Internet]. Place: Publisher; YYYY Mon D. Available from: URL``

    NLM, Citing Medicine, chapter 25 (a contribution to a blog), as the
    series cites its own posts ("Cite this post").
    """
    place, publisher = typographic(reference.publisher_place), typographic(reference.publisher)
    where = ": ".join(part for part in (place, publisher) if part)
    published = "; ".join(part for part in (where, date_text(reference.issued)) if part)
    return [
        authors(reference.author),
        title(reference.title),
        title(reference.container_title, suffix=" [Internet]"),
        sentence(published) if published else None,
        available_from(reference.url),
    ]


LAYOUTS: dict[str, Callable[[Reference], list[Part]]] = {
    model.ARTICLE: journal_article,
    model.BOOK: book,
    model.CHAPTER: chapter,
    model.REPORT: report,
    model.WEBPAGE: web_page,
    model.BLOG_POST: blog_post,
}

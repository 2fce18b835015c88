"""The entry layouts of the house style: which parts, in which order, per type.

Each layout quotes its pattern from the house style (``docs/reference-style.md``,
after REFERENCE-STYLE.md and NLM's *Citing Medicine*) and returns the parts
of one :class:`~backblog.model.Reference` (None where the reference lacks
one); :mod:`backblog.style` joins them.  This module has the periodicals and
the table of every layout; books are in ``book_layouts``, web pages and
other online works in ``web_layouts``.
"""

from __future__ import annotations

from collections.abc import Callable

from pybtex.richtext import Text

from . import model
from .book_layouts import book, chapter, conference_paper, report, standard, thesis
from .model import Reference
from .typography import sentence, typographic
from .vancouver_names import authors
from .vancouver_parts import Part, available_from, date_text, elided_pages, journal, title, volume_issue
from .web_layouts import blog_post, dataset, document, manuscript, software, web_page

FORTHCOMING = ("forthcoming", "inpress", "in press")


def date_volume_issue_pages(reference: Reference) -> Text | None:
    """Rule: "``Date;Volume(Issue):Pages.``" — ``2017 Apr 4;166(7):514–30.``

    A missing part is left out with its punctuation: ``;`` only between a
    date and a volume or issue, ``:`` only between pages and what precedes
    them (``2017 Apr:e12.``, ``166(7):514–30.``, ``514–30.``).  A work accepted
    but not yet published is "Forthcoming" (NLM: ``Forthcoming 2002.``).
    """
    text = date_text(reference.issued)
    if reference.status in FORTHCOMING and not (reference.volume or reference.pages):
        return sentence(f"Forthcoming {text}".strip())
    details = volume_issue(reference)
    if details:
        text = f"{text};{details}" if text else details
    pages = elided_pages(reference.pages)
    if pages:
        text = f"{text}:{pages}" if text else pages
    return sentence(text) if text else None


def journal_article(reference: Reference) -> list[Part]:
    """``Authors. Title. Journal. Date;Volume(Issue):Pages.`` (a magazine article too)."""
    name = journal(reference)
    return [
        authors(reference.author),
        title(reference.title),
        sentence(name) if name else None,
        date_volume_issue_pages(reference),
    ]


def newspaper_article(reference: Reference) -> list[Part]:
    """``Authors. Title. Newspaper (Edition). YYYY Mon D;Sect. X:Page.``

    NLM (Citing Medicine, ch. 8): the name is never abbreviated, the section
    replaces volume and issue, and only the first page is given.
    """
    name = typographic(reference.container_title)
    if name and reference.edition:
        name += f" ({typographic(reference.edition)})"
    text = date_text(reference.issued)
    if reference.section:
        text = f"{text};Sect. {typographic(reference.section)}" if text else f"Sect. {typographic(reference.section)}"
    if reference.pages:
        first = reference.pages[0].first or reference.pages[0].written
        text = f"{text}:{typographic(first)}" if text else typographic(first)
    return [authors(reference.author), title(reference.title), sentence(name) if name else None,
            sentence(text) if text else None]


def preprint(reference: Reference) -> list[Part]:
    """``Authors. Title. Server [Preprint]. YYYY Mon D [cited YYYY Mon D]. Available from: URL``

    NLM's samples (#34): ``arXiv:1702.01006v1 [Preprint]``, ``BioRxiv [Preprint]``.
    """
    server = f"arXiv:{reference.arxiv}" if reference.arxiv else typographic(reference.container_title or "Preprint")
    date = date_text(reference.issued)
    cited = date_text(reference.accessed)
    when = " ".join(part for part in (date, f"[cited {cited}]" if cited else "") if part)
    return [
        authors(reference.author),
        title(reference.title),
        sentence(f"{server} [Preprint]"),
        sentence(when) if when else None,
        available_from(reference.url),
    ]


LAYOUTS: dict[str, Callable[[Reference], list[Part]]] = {
    model.ARTICLE: journal_article,
    model.MAGAZINE: journal_article,
    model.NEWSPAPER: newspaper_article,
    model.PREPRINT: preprint,
    model.BOOK: book,
    model.CHAPTER: chapter,
    model.PAPER: conference_paper,
    model.REPORT: report,
    model.STANDARD: standard,
    model.THESIS: thesis,
    model.SOFTWARE: software,
    model.DATASET: dataset,
    model.WEBPAGE: web_page,
    model.BLOG_POST: blog_post,
    model.MANUSCRIPT: manuscript,
    model.DOCUMENT: document,
}

#: Types whose URL is part of the formatted text ("Available from: URL"), not repeated as a link.
URL_IN_TEXT = frozenset({
    model.PREPRINT, model.THESIS, model.SOFTWARE, model.DATASET, model.WEBPAGE,
    model.BLOG_POST, model.MANUSCRIPT, model.DOCUMENT,
})

"""The layouts of books and what is published like one: chapters, conference
papers, reports, standards, theses (house style; NLM's *Citing Medicine*
chapters 2–5 where REFERENCE-STYLE.md is silent)."""

from __future__ import annotations

from pybtex.richtext import Text

from .model import Reference
from .names import NameList
from .typography import sentence, typographic
from .vancouver_names import authors, authors_or_editors, editors, name_list
from .vancouver_parts import Part, available_from, date_text, edition, elided_pages, place_publisher_year, title


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


def secondary_authors(names: NameList, role: str) -> Text | None:
    """NLM: "Follow the last named editor with a comma and the word editor or
    editors": ``Wieczorek RR, editor.``, ``Jager G, Kais-Heinrich S, translators.``"""
    text = name_list(names)
    return sentence(f"{text}, {role}{'s' if len(names) > 1 else ''}") if text else None


def volume(reference: Reference) -> Text | None:
    """NLM: one volume of a work follows its title: ``Vol. 4.``"""
    return sentence(f"Vol. {typographic(reference.volume)}") if reference.volume else None


def series(reference: Reference) -> Text | None:
    """NLM: "Place series information in parentheses": ``(Public health case studies; no. 1).``"""
    if not reference.collection_title:
        return None
    number = f"; no. {typographic(reference.collection_number)}" if reference.collection_number else ""
    return Text(f"({typographic(reference.collection_title)}{number}).")


def event(reference: Reference) -> Text | None:
    """NLM (ch. 3): ``Conference title; Date; Place.``"""
    parts = [typographic(reference.event_title), date_text(reference.event_date), typographic(reference.event_place)]
    text = "; ".join(part for part in parts if part)
    return sentence(text) if text else None


def book(reference: Reference) -> list[Part]:
    """``Authors. Title. Vol. N. Edition. Editors, editor(s). Translators, translator(s).
    Conference; Date; Place. Place: Publisher; Year. p. Pages. (Series; no. N).``

    Editors stand in place of authors where there are none (proceedings
    among them), and follow the edition where there are authors.  A book
    cited at some pages (``@inbook`` without ``booktitle``) ends with ``p. Pages.``
    """
    return [
        authors_or_editors(reference),
        title(reference.title),
        volume(reference),
        edition(reference.edition),
        secondary_authors(reference.editor, "editor") if reference.author else None,
        secondary_authors(reference.translator, "translator"),
        event(reference),
        place_publisher_year(reference),
        chapter_pages(reference),
        series(reference),
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


def conference_paper(reference: Reference) -> list[Part]:
    """``Authors. Title. In: Editors, editor(s). Book title. Conference; Date; Place.
    Place: Publisher; Year. p. Pages.``

    NLM (Citing Medicine, ch. 3; samples #25).  The conference's title, date
    and place are printed where BibLaTeX gives them (``eventtitle``,
    ``eventdate``, ``venue``); BibTeX keeps them in the book title.
    """
    return [
        authors(reference.author),
        title(reference.title),
        in_book(reference),
        event(reference),
        place_publisher_year(reference),
        chapter_pages(reference),
    ]


def report_number(reference: Reference, label: str = "Report No.") -> Text | None:
    """Rule: "The ``Report No.`` part only where ``number`` is given": ``Report No.: 12.``"""
    return sentence(f"{label}: {typographic(reference.number)}") if reference.number else None


def report(reference: Reference) -> list[Part]:
    """``Authors. Title. Edition. Place: Institution; Year. Report No.: Number. (Series).``"""
    return [
        authors(reference.author),
        title(reference.title),
        edition(reference.edition),
        place_publisher_year(reference),
        report_number(reference),
        series(reference),
    ]


def standard(reference: Reference) -> list[Part]:
    """``Organization. Title. Place: Publisher; Year. Standard No.: Number.``

    Citing Medicine has no rule for standards (its one example, ISO 4, is a
    book by an organisation): the house rule follows the report's layout,
    its number named as a standard's.
    """
    return [
        authors(reference.author),
        title(reference.title),
        edition(reference.edition),
        place_publisher_year(reference),
        report_number(reference, "Standard No."),
    ]


def thesis(reference: Reference) -> list[Part]:
    """``Author. Title [dissertation]. Place: University; Year.`` (or ``[master's thesis]``)

    NLM (Citing Medicine, ch. 5; samples #27).  Online: ``[dissertation on the
    Internet]``, ``Year [cited YYYY Mon D]. Available from: URL``.
    """
    kind = reference.genre or "thesis"
    online = bool(reference.url)
    return [
        authors(reference.author),
        title(reference.title, suffix=f" [{kind}{' on the Internet' if online else ''}]"),
        place_publisher_year(reference, cited=date_text(reference.accessed) if online else ""),
        available_from(reference.url),
    ]

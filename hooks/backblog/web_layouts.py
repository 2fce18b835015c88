"""The layouts of web pages and other works read online: a blog post,
software, a dataset, an unpublished manuscript, and any other work
(house style; NLM's *Citing Medicine* and its samples where
REFERENCE-STYLE.md is silent)."""

from __future__ import annotations

from .model import Reference
from .typography import sentence, typographic
from .vancouver_names import authors, authors_or_editors
from .vancouver_parts import Part, available_from, date_text, edition, elided_pages, place_publisher_year, title


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


def _online(reference: Reference, kind: str) -> list[Part]:
    """``Authors. Title. Version x [kind]. Place: Publisher; Date [cited YYYY Mon D]. Available from: URL``"""
    version = f"Version {typographic(reference.version)} [{kind}]" if reference.version else ""
    return [
        authors_or_editors(reference),
        title(reference.title, suffix="" if version else f" [{kind}]"),
        sentence(version) if version else None,
        place_publisher_year(reference, cited=date_text(reference.accessed), full_date=True),
        available_from(reference.url),
    ]


def software(reference: Reference) -> list[Part]:
    """``Authors. Title. Version x [software]. Publisher; Date [cited YYYY Mon D]. Available from: URL``

    NLM's samples (#44): ``OTSoft: Optimality Theory Software. Version 2.3.2
    [software]. 2013 Jan 14 [cited 2015 Feb 14].``  R packages, which exporters
    write as ``@manual`` with ``note = {R package version 1.2}``, have that version.
    """
    return _online(reference, "software")


def dataset(reference: Reference) -> list[Part]:
    """``Authors. Title [dataset]. Version. Date [cited YYYY Mon D]. Repository. Available from: URL``

    NLM's samples (#43, the simplified form): the repository follows the dates.
    """
    cited = date_text(reference.accessed)
    when = " ".join(part for part in (date_text(reference.issued), f"[cited {cited}]" if cited else "") if part)
    repository = typographic(reference.publisher)
    return [
        authors_or_editors(reference),
        title(reference.title, suffix=" [dataset]"),
        sentence(f"Version {typographic(reference.version)}") if reference.version else None,
        sentence(when) if when else None,
        sentence(repository) if repository else None,
        available_from(reference.url),
    ]


def manuscript(reference: Reference) -> list[Part]:
    """``Authors. Title [unpublished manuscript]. Place: Institution; Year. Available from: URL``

    ICMJE: "Information from manuscripts submitted but not accepted should be
    cited in the text as unpublished observations"; a manuscript an editor
    still lists is marked as one.
    """
    return [
        authors(reference.author),
        title(reference.title, suffix=" [unpublished manuscript]"),
        place_publisher_year(reference),
        available_from(reference.url),
    ]


def document(reference: Reference) -> list[Part]:
    """Any other work, from the fields it has: ``Authors. Title. Container. Edition.
    Place: Publisher; Year. Pages. Available from: URL`` (``make lint`` notes it)."""
    pages = elided_pages(reference.pages)
    return [
        authors_or_editors(reference),
        title(reference.title),
        title(reference.container_title),
        edition(reference.edition),
        place_publisher_year(reference),
        sentence(pages) if pages else None,
        available_from(reference.url),
    ]

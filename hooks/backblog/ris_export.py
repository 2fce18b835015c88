"""A reference as an RIS record, for Zotero, EndNote and Mendeley.

Written by rispy (a maintained RIS library) from the normalized
:class:`~backblog.model.Reference`.  Each record is written on its own and
kept with the formatted entry; a file of many is a join of kept records.
"""

from __future__ import annotations

from collections.abc import Iterable

import rispy

from . import model
from .model import Reference
from .pages import pages_text

_RIS_TYPES = {
    model.ARTICLE: "JOUR",
    model.BOOK: "BOOK",
    model.CHAPTER: "CHAP",
    model.REPORT: "RPRT",
    model.WEBPAGE: "ELEC",
    model.BLOG_POST: "BLOG",
}


def ris_record(reference: Reference) -> dict[str, object]:
    """One RIS record, in rispy's field names."""
    record: dict[str, object] = {"type_of_reference": _RIS_TYPES.get(reference.type, "GEN"), "id": reference.key}
    record["authors"] = [name.inverted() for name in reference.creators]
    if reference.author and reference.editor:
        record["secondary_authors"] = [name.inverted() for name in reference.editor]
    text = {"title": reference.title, "secondary_title": reference.container_title}
    record.update({name: value for name, value in text.items() if value})
    if reference.container_title_short not in ("", reference.container_title):
        record["alternate_title1"] = reference.container_title_short
    date = reference.issued
    if date is not None and date.year:
        record["year"] = date.year[:4]
        iso = date.iso().split("-") if date.iso() else [date.year[:4]]
        record["date"] = "/".join([*iso, "", "", ""][:3]) + "/"
    text = {
        "volume": reference.volume,
        "number": reference.issue or reference.number,
        "edition": reference.edition,
    }
    record.update({name: value for name, value in text.items() if value})
    if len(reference.pages) == 1 and not reference.pages[0].written and not reference.pages[0].label:
        record["start_page"] = reference.pages[0].first
        if reference.pages[0].last:
            record["end_page"] = reference.pages[0].last
    elif reference.pages:
        # Several ranges have no start and end page: the whole text, as Zotero reads SP.
        record["start_page"] = pages_text(reference.pages)
    text = {"publisher": reference.publisher, "place_published": reference.publisher_place, "doi": reference.doi}
    record.update({name: value for name, value in text.items() if value})
    if reference.pmid:
        record["accession_number"] = reference.pmid
        record["name_of_database"] = "PubMed"
    if reference.url:
        record["urls"] = [reference.url]
    return record


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1." counter lines, which RIS does not have."""

    def set_header(self, count: int) -> str:
        return ""


def entry_ris(reference: Reference) -> str:
    """One reference as an RIS record, ending with its ``ER`` line."""
    return str(rispy.dumps([ris_record(reference)], implementation=_RisWriter))


def join_ris(texts: Iterable[str]) -> str:
    """An RIS file of records written by :func:`entry_ris`: rispy's separator line between them."""
    separator = _RisWriter.SEPARATOR
    return (separator + _RisWriter.NEWLINE if separator is not None else "").join(texts)

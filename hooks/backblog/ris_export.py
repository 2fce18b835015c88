"""A reference as an RIS record, for Zotero, EndNote and Mendeley.

Written by rispy (a maintained RIS library) from the normalized
:class:`~backblog.model.Reference`.  Each record is written on its own and
kept with the formatted entry; a file of many is a join of kept records.

To the letter of the RIS specification (RefMan's "RIS Format
Specifications"): every line ends with CR LF, ``TY`` is the first tag and
``ER`` the last of a record, and the reference ID holds only ``0-9`` and
``A-Z``, at most 20 of them.  A PubMed ID is written twice: ``AN`` (accession
number) with ``DB  - PubMed``, as the specification has it, and ``M2  - PMID:
<pmid>``, which Zotero's RIS translator reads into the item's "Extra" field,
where Zotero and CSL styles look for a PMID (``AN`` becomes only its "Loc. in
Archive").  ``C2`` (PMCID in the specification) is never written: Zotero drops
it on journal articles and reads it as a commenter on blog posts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

import rispy

from . import model
from .model import Reference
from .pages import pages_text
from .reference_files import interleaved

_RIS_TYPES = {
    model.ARTICLE: "JOUR",
    model.BOOK: "BOOK",
    model.CHAPTER: "CHAP",
    model.REPORT: "RPRT",
    model.WEBPAGE: "ELEC",
    model.BLOG_POST: "BLOG",
}


_ID_LENGTH = 20
_NOT_ID_RE = re.compile(r"[^0-9A-Z]")
#: rispy's tags and field names, with M2 (Zotero's "Extra"), which rispy does not name.
_MAPPING = {**rispy.TAG_KEY_MAPPING, "M2": "extra"}


def ris_id(key: str) -> str:
    """The reference ID of RIS for a bibliography key: ``okeeffe2017`` -> ``OKEEFFE2017``.

    Only digits and upper-case letters, at most 20.  A key that loses
    characters on the way (``Zotero:key.2024``) ends with 6 characters of its
    digest, so that two such keys still get two IDs.
    """
    written = _NOT_ID_RE.sub("", key.upper())
    if written == key.upper() and 0 < len(written) <= _ID_LENGTH:
        return written
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6].upper()
    return written[: _ID_LENGTH - len(digest)] + digest


def ris_record(reference: Reference) -> dict[str, object]:
    """One RIS record, in rispy's field names."""
    record: dict[str, object] = {
        "type_of_reference": _RIS_TYPES.get(reference.type, "GEN"),
        "id": ris_id(reference.key),
    }
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
        record["extra"] = f"PMID: {reference.pmid}"
    if reference.url:
        record["urls"] = [reference.url]
    return record


class _RisWriter(rispy.RisWriter):
    """rispy's writer with CR LF line ends and without its "1." counter lines, which RIS does not have."""

    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


def entry_ris(reference: Reference) -> str:
    """One reference as an RIS record, ending with its ``ER`` line and a blank line (CR LF)."""
    return str(rispy.dumps([ris_record(reference)], implementation=_RisWriter, mapping=_MAPPING))


def ris_file(texts: Iterable[str]) -> Iterator[str]:
    """An RIS file of records written by :func:`entry_ris`: rispy's separator line between them, in pieces."""
    separator = _RisWriter.SEPARATOR
    return interleaved(separator + _RisWriter.NEWLINE if separator is not None else "", texts)

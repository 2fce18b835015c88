"""References in the forms other software reads: BibTeX, RIS, COinS, Highwire tags, JSON-LD.

BibTeX is re-serialised by pybtex and RIS written by rispy (a maintained RIS
library); the OpenURL of COinS is encoded by ``urllib.parse.urlencode``.
Every value is the decoded, typographic text the pages show, so that a
reference manager stores what the reader sees.

Each entry is written on its own (:func:`entry_bibtex`, :func:`entry_ris`),
so that the registry can keep the text with the formatted entry and a file
of many entries is a join of kept texts (:func:`join_bibtex`,
:func:`join_ris`), the same text the writers give for the whole list.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import rispy
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from .style import ISO_DATE_RE, MONTHS, field_text, journal_title, plain_text, raw_field

_RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "report": "RPRT",
    "techreport": "RPRT",
    "online": "ELEC",
    "electronic": "ELEC",
    "misc": "ELEC",
}
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}


def person_name(person: Person) -> str:
    """``Surname, Given names`` (a group author as written), LaTeX decoded."""
    text = plain_text(str(person))
    return text


def people(entry: Entry, role: str = "author") -> list[str]:
    return [person_name(person) for person in entry.persons.get(role, [])]


def date_parts(entry: Entry) -> tuple[str, str, str]:
    """Year, month and day as digits ("2017", "04", "04"), each "" when unknown."""
    match = ISO_DATE_RE.match(raw_field(entry, "date"))
    if match:
        year, month, day = (group or "" for group in match.groups())
    else:
        year, month, day = field_text(entry, "year"), field_text(entry, "month"), field_text(entry, "day")
        month = month.strip().lower()[:3]
        month = str(_MONTH_NUMBERS[month]) if month in _MONTH_NUMBERS else month
    return year[:4], month.zfill(2) if month.isdigit() else "", day.zfill(2) if day.isdigit() else ""


def iso_date(entry: Entry) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` ("" without a year)."""
    return "-".join(part for part in date_parts(entry) if part)


def page_bounds(entry: Entry) -> tuple[str, str]:
    """First and last page of the first range, as the source gives them."""
    pages = raw_field(entry, "pages", "eid")
    first, _, last = re.split(r"\s*[,;]\s*", pages, maxsplit=1)[0].partition("-")
    return first.strip(), last.strip("-– ").strip()


class _SourceBibTeXWriter(BibTeXWriter):
    r"""pybtex's BibTeX writer for entries read from a ``.bib`` file.

    Their values are LaTeX already, as the editor wrote them, so they are
    written as they are.  pybtex's writer would encode them as LaTeX a second
    time (through latexcodec, the slowest step of writing): ``10\%`` would
    become ``10\\%``, and a URL's or DOI's ``_``, ``~`` and ``%`` would become
    ``\_``, ``\textasciitilde`` and ``\%``, which reference managers keep.
    """

    def _encode(self, text: str) -> str:
        return text

    def check_braces(self, s: str) -> None:
        """Nothing to check: pybtex's parser accepted these values, braces balanced.

        (pybtex's check scans every value again, character by character.)
        """


# What latexcodec's encoding changes: in ASCII, only these five characters.
_LATEX_SPECIAL_RE = re.compile(r"[#%&_~]|[^\x00-\x7f]")


class _TextBibTeXWriter(BibTeXWriter):
    """pybtex's BibTeX writer for our own text (a post's title, its address).

    latexcodec encodes text character by character; in ASCII text it changes
    only ``# % & _ ~``, so ASCII text without them is returned at once.
    """

    def _encode(self, text: str) -> str:
        if _LATEX_SPECIAL_RE.search(text):
            return str(super()._encode(text))
        return text

# BibliographyData.to_string("bibtex") looks its writer up among the installed
# packages' entry points on every call (milliseconds each): writers made once.
_SOURCE_WRITER = _SourceBibTeXWriter()
_TEXT_WRITER = _TextBibTeXWriter()


def entry_bibtex(key: str, entry: Entry) -> str:
    """One entry read from ``bibliography.bib`` as BibTeX, its fields as written there."""
    return str(_SOURCE_WRITER.to_string(BibliographyData(entries={key: entry})))


def join_bibtex(texts: Iterable[str]) -> str:
    """A BibTeX file of entries written by :func:`entry_bibtex`: pybtex's own separator."""
    return "\n".join(texts)


def bibtex(entries: dict[str, Entry]) -> str:
    """The entries as BibTeX, re-serialised by pybtex (fields as in bibliography.bib)."""
    return join_bibtex(entry_bibtex(key, entry) for key, entry in entries.items())


def ris_record(key: str, entry: Entry) -> dict[str, object]:
    """One RIS record (rispy's field names) for Zotero, EndNote and Mendeley."""
    record: dict[str, object] = {"type_of_reference": _RIS_TYPES.get(entry.type.lower(), "GEN"), "id": key}
    record["authors"] = people(entry) or people(entry, "editor")
    if entry.persons.get("editor") and entry.persons.get("author"):
        record["secondary_authors"] = people(entry, "editor")
    title = field_text(entry, "title")
    if title:
        record["title"] = title
    kind = entry.type.lower()
    if kind == "article":
        full = field_text(entry, "journaltitle", "journal")
        if full:
            record["secondary_title"] = full
        abbreviation = journal_title(entry)
        if abbreviation and abbreviation != full:
            record["alternate_title1"] = abbreviation
    elif kind in ("incollection", "inbook") and field_text(entry, "booktitle"):
        record["secondary_title"] = field_text(entry, "booktitle")
    year, month, day = date_parts(entry)
    if year:
        record["year"] = year
        record["date"] = "/".join([year, month, day, ""])
    for name, field in (("volume", "volume"), ("number", "number"), ("edition", "edition")):
        value = field_text(entry, field) or (field_text(entry, "issue") if field == "number" else "")
        if value:
            record[name] = value
    first, last = page_bounds(entry)
    if first:
        record["start_page"] = first
    if last:
        record["end_page"] = last
    for name, fields in (
        ("publisher", ("publisher", "institution", "organization")),
        ("place_published", ("address", "location")),
    ):
        value = field_text(entry, *fields)
        if value:
            record[name] = value
    doi = raw_field(entry, "doi")
    if doi:
        record["doi"] = doi
    pmid = raw_field(entry, "pmid")
    if pmid:
        record["accession_number"] = pmid
        record["name_of_database"] = "PubMed"
    url = raw_field(entry, "url")
    if url:
        record["urls"] = [url]
    return record


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1." counter lines, which RIS does not have."""

    def set_header(self, count: int) -> str:
        return ""


def entry_ris(key: str, entry: Entry) -> str:
    """One entry as an RIS record, ending with its ``ER`` line."""
    return str(rispy.dumps([ris_record(key, entry)], implementation=_RisWriter))


def join_ris(texts: Iterable[str]) -> str:
    """An RIS file of records written by :func:`entry_ris`: rispy's separator line between them."""
    separator = _RisWriter.SEPARATOR
    return (separator + _RisWriter.NEWLINE if separator is not None else "").join(texts)




def coins(entry: Entry) -> str:
    """The OpenURL ContextObject (Z39.88-2004, KEV) of a COinS ``span.Z3988``'s title."""
    kind = entry.type.lower()
    values: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    title = field_text(entry, "title")
    if kind == "article":
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"), ("rft.atitle", title)]
        values += [("rft.jtitle", field_text(entry, "journaltitle", "journal") or journal_title(entry))]
        values += [("rft.stitle", journal_title(entry))]
    elif kind in ("book", "incollection", "inbook"):
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book")]
        if kind == "book":
            values += [("rft.genre", "book"), ("rft.btitle", title)]
        else:
            values += [("rft.genre", "bookitem"), ("rft.atitle", title), ("rft.btitle", field_text(entry, "booktitle"))]
        values += [("rft.pub", field_text(entry, "publisher")), ("rft.place", field_text(entry, "address", "location"))]
    elif kind in ("report", "techreport"):
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "report"), ("rft.btitle", title)]
        values += [("rft.pub", field_text(entry, "institution", "organization", "publisher"))]
    else:
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "webpage"), ("rft.title", title)]
    date = iso_date(entry)
    values += [("rft.date", date), ("rft.volume", field_text(entry, "volume"))]
    values += [("rft.issue", field_text(entry, "number", "issue"))]
    first, last = page_bounds(entry)
    values += [("rft.spage", first), ("rft.epage", last)]
    for person in entry.persons.get("author", []):
        values.append(("rft.au", person_name(person)))
    doi, pmid, url = raw_field(entry, "doi"), raw_field(entry, "pmid"), raw_field(entry, "url")
    if doi:
        values.append(("rft_id", f"info:doi/{doi}"))
    if pmid:
        values.append(("rft_id", f"info:pmid/{pmid}"))
    if url:
        values.append(("rft_id", url))
    return urlencode([(name, value) for name, value in values if value])


def highwire_reference(entry: Entry) -> str:
    """One ``citation_reference`` tag's content, as Google Scholar reads it."""
    parts = [("citation_title", field_text(entry, "title"))]
    parts += [("citation_author", name) for name in people(entry)]
    parts += [("citation_journal_title", field_text(entry, "journaltitle", "journal"))]
    parts += [("citation_publication_date", iso_date(entry).replace("-", "/"))]
    parts += [
        ("citation_volume", field_text(entry, "volume")),
        ("citation_issue", field_text(entry, "number", "issue")),
    ]
    first, last = page_bounds(entry)
    parts += [("citation_firstpage", first), ("citation_lastpage", last), ("citation_doi", raw_field(entry, "doi"))]
    parts += [("citation_pmid", raw_field(entry, "pmid"))]
    return "; ".join(f"{name}={value.replace(';', ',')}" for name, value in parts if value)


def json_ld(
    *,
    headline: str,
    authors: Iterable[str],
    published: str,
    description: str,
    url: str,
    publisher: str,
    citations: Iterable[Entry],
) -> str:
    """A schema.org ``BlogPosting``, safe to put inside a ``<script>`` element."""
    cited = []
    for entry in citations:
        item: dict[str, object] = {"@type": "CreativeWork", "name": field_text(entry, "title")}
        doi = raw_field(entry, "doi")
        if doi:
            item["identifier"] = f"https://doi.org/{doi}"
            item["sameAs"] = f"https://doi.org/{doi}"
        cited.append(item)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": headline,
        "author": [{"@type": "Organization" if name == publisher else "Person", "name": name} for name in authors],
        "datePublished": published,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": publisher},
        "citation": cited,
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Inside <script>, "</" could end the element: escape "<" as JSON allows.
    return text.replace("<", "\\u003c")


@dataclass(frozen=True)
class PostReference:
    """A post of the series, as a reader cites it."""

    key: str
    authors: tuple[str, ...]
    title: str
    blog_title: str
    publisher: str
    published: datetime.date
    url: str

    @property
    def date_text(self) -> str:
        """``YYYY Mon D``, as the house style dates."""
        return f"{self.published.year} {MONTHS[self.published.month - 1]} {self.published.day}"

    def vancouver(self) -> str:
        """``Authors. Title. Back Blog [Internet]. Publisher; YYYY Mon D. Available from: URL``."""
        title = self.title if self.title[-1:] in ".?!" else self.title + "."
        return (
            f"{', '.join(self.authors)}. {title} {self.blog_title} [Internet]. {self.publisher}; "
            f"{self.date_text}. Available from: {self.url}"
        )

    def bibtex(self) -> str:
        """The post as a BibLaTeX ``@online`` entry (group authors braced)."""
        entry = Entry(
            "online",
            fields={
                "title": self.title,
                "journaltitle": self.blog_title,
                "publisher": self.publisher,
                "date": self.published.isoformat(),
                "url": self.url,
            },
            persons={"author": [Person("{" + name + "}") for name in self.authors]},
        )
        # Our own text, not LaTeX: pybtex's writer encodes it ("&" as "\&").
        return str(_TEXT_WRITER.to_string(BibliographyData(entries={self.key: entry})))

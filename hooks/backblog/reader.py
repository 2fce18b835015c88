"""From a pybtex entry to a :class:`~backblog.model.Reference`: where the dialects are resolved.

BibTeX and BibLaTeX name the same things differently (``journal`` and
``journaltitle``, ``year`` and ``date``, ``address`` and ``location``...);
exporters add their own (``journal_abbrev``).  Every such choice is made
here, once per entry, in "first found wins" lists that quote the house
style (REFERENCE-STYLE.md), and every field is LaTeX-decoded here, once.
No writer reads a pybtex entry.
"""

from __future__ import annotations

from pybtex.database import Entry

from . import model
from .dates import DateParts, read_date
from .latex import decode
from .model import Reference
from .names import read_names
from .pages import read_pages

JOURNAL_ABBREVIATION_FIELDS = ("shortjournal", "journal_abbrev", "journalabbrev")
JOURNAL_TITLE_FIELDS = ("journaltitle", "journal")
PLACE_FIELDS = ("address", "location")
BOOK_PUBLISHER_FIELDS = ("publisher",)
REPORT_INSTITUTION_FIELDS = ("institution", "organization", "publisher")
WEB_PUBLISHER_FIELDS = ("publisher", "organization", "institution")

#: The entry types the house style formats, as an editor writes them.
SUPPORTED_TYPES = (
    "article",
    "book",
    "incollection",
    "inbook",
    "report",
    "techreport",
    "online",
    "electronic",
    "misc (with a url)",
)
_TYPES = {
    "article": model.ARTICLE,
    "book": model.BOOK,
    "incollection": model.CHAPTER,
    "report": model.REPORT,
    "techreport": model.REPORT,
    "online": model.WEBPAGE,
    "electronic": model.WEBPAGE,
}
_PUBLISHER_FIELDS = {
    model.ARTICLE: BOOK_PUBLISHER_FIELDS,
    model.BOOK: BOOK_PUBLISHER_FIELDS,
    model.CHAPTER: BOOK_PUBLISHER_FIELDS,
    model.REPORT: REPORT_INSTITUTION_FIELDS,
    model.WEBPAGE: WEB_PUBLISHER_FIELDS,
}


class UnsupportedEntryType(ValueError):  # noqa: N818 (named for what it reports)
    """An entry whose type the Vancouver style cannot format."""

    def __init__(self, key: str, entry_type: str, hint: str = "") -> None:
        self.key = key
        self.entry_type = entry_type
        supported = ", ".join(f"@{name}" for name in SUPPORTED_TYPES)
        message = f"Entry {key!r} has type @{entry_type}, which the Vancouver style cannot format"
        if hint:
            message += f" ({hint})"
        super().__init__(f"{message}. Supported types: {supported}.")


def raw_field(entry: Entry, *names: str) -> str:
    """The first of the fields ``names`` that the entry gives, as stored ("" if none).

    "Source fields, first found wins": a field given but blank counts as missing.
    """
    for name in names:
        value = entry.fields.get(name, "")
        if value.strip():
            return str(value).strip()
    return ""


def field_text(entry: Entry, *names: str) -> str:
    """The first of the fields ``names`` that the entry gives, decoded ("" if none)."""
    value = raw_field(entry, *names)
    return decode(value) if value else ""


def reference_type(entry: Entry) -> str:
    """The CSL type of an entry, or :class:`UnsupportedEntryType`.

    ``@incollection``, and ``@inbook`` with ``booktitle``, are chapters (an
    ``@inbook`` without one is a book cited at some pages); ``@online`` and
    ``@electronic`` are web pages, and so is ``@misc`` with a ``url``.
    """
    entry_type = entry.type.lower()
    if entry_type == "inbook":
        return model.CHAPTER if raw_field(entry, "booktitle") else model.BOOK
    if entry_type == "misc":
        if raw_field(entry, "url"):
            return model.WEBPAGE
        raise UnsupportedEntryType(entry.key, entry.type, "@misc is formatted only as a web page, with a url")
    try:
        return _TYPES[entry_type]
    except KeyError:
        raise UnsupportedEntryType(entry.key, entry.type) from None


def issued(entry: Entry) -> DateParts | None:
    """Rule: "``date`` (ISO ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); else ``year``,
    ``month`` (``apr``, ``4``, ``April``), ``day``"."""
    return read_date(
        date=field_text(entry, "date"),
        year=field_text(entry, "year"),
        month=field_text(entry, "month"),
        day=field_text(entry, "day"),
    )


def accessed(entry: Entry) -> DateParts | None:
    """``urldate``, the day a web page was seen: "[cited ...]"."""
    return read_date(date=field_text(entry, "urldate"))


def pubmed_id(entry: Entry) -> str:
    """``pmid``; else BibLaTeX's ``eprint`` with ``eprinttype = {pubmed}`` (Better
    BibLaTeX writes ``{pmid}``)."""
    pmid = raw_field(entry, "pmid")
    if not pmid and raw_field(entry, "eprinttype").lower() in ("pubmed", "pmid"):
        pmid = raw_field(entry, "eprint")
    return pmid


def read_reference(entry: Entry) -> Reference:
    """The entry as the one :class:`Reference` every output reads."""
    kind = reference_type(entry)
    if kind == model.ARTICLE:
        container = field_text(entry, *JOURNAL_TITLE_FIELDS)
    elif kind == model.CHAPTER:
        container = field_text(entry, "booktitle")
    else:
        container = ""
    is_report = kind == model.REPORT
    return Reference(
        key=str(entry.key),
        type=kind,
        title=field_text(entry, "title"),
        container_title=container,
        container_title_short=field_text(entry, *JOURNAL_ABBREVIATION_FIELDS) if kind == model.ARTICLE else "",
        author=read_names(entry.persons.get("author", [])),
        editor=read_names(entry.persons.get("editor", [])),
        issued=issued(entry),
        accessed=accessed(entry),
        volume=field_text(entry, "volume"),
        issue="" if is_report else field_text(entry, "number", "issue"),
        number=field_text(entry, "number") if is_report else "",
        edition=field_text(entry, "edition"),
        publisher=field_text(entry, *_PUBLISHER_FIELDS.get(kind, ())),
        publisher_place=field_text(entry, *PLACE_FIELDS),
        pages=read_pages(field_text(entry, "pages", "eid")),
        doi=raw_field(entry, "doi"),
        pmid=pubmed_id(entry),
        url=raw_field(entry, "url"),
        study_design=raw_field(entry, "studydesign"),
    )

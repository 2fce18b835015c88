"""From a pybtex entry to a :class:`~backblog.model.Reference`: where the dialects are resolved.

BibTeX and BibLaTeX name the same things differently (``journal`` and
``journaltitle``, ``year`` and ``date``, ``address`` and ``location``, ``school``
and ``institution``...); exporters add their own (``journal_abbrev``,
``eprinttype = {pmid}``).  Every such choice is made here, once per entry,
in "first found wins" lists that quote the house style (REFERENCE-STYLE.md),
and every field is LaTeX-decoded here, once (``entry_fields``).  No writer
reads a pybtex entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database import Entry

from . import model
from .dates import DateParts, read_date
from .entry_fields import EntryFields
from .model import Reference
from .names import read_names
from .pages import read_pages

JOURNAL_ABBREVIATION_FIELDS = ("shortjournal", "journal_abbrev", "journalabbrev")
JOURNAL_TITLE_FIELDS = ("journaltitle", "journal")
PLACE_FIELDS = ("address", "location")
BOOK_PUBLISHER_FIELDS = ("publisher",)
REPORT_INSTITUTION_FIELDS = ("institution", "organization", "publisher")
THESIS_SCHOOL_FIELDS = ("school", "institution", "publisher")
WEB_PUBLISHER_FIELDS = ("publisher", "organization", "institution", "howpublished")

#: The fields the reader prints (any other field, an abstract or a file path, is never read).
PRINTED_FIELDS = frozenset({
    "title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "booktitleaddon", "maintitle",
    *JOURNAL_ABBREVIATION_FIELDS, *JOURNAL_TITLE_FIELDS, *PLACE_FIELDS, "publisher", "institution",
    "organization", "school", "howpublished", "date", "year", "month", "day", "urldate", "eventdate",
    "eventtitle", "venue", "volume", "number", "issue", "pages", "eid", "edition", "version",
    "type", "series", "chapter", "pubstate", "entrysubtype", "url", "doi", "pmid", "pmcid", "eprint",
    "eprinttype", "archiveprefix", "studydesign",
})

#: Every field the reader looks at: the printed ones, the names, and what says where to inherit from.
READ_FIELDS = PRINTED_FIELDS | {"author", "editor", "translator", "crossref", "xdata"}

#: Preprint servers, as exporters name them in ``journal`` (Zotero's @article for a preprint).
PREPRINT_SERVERS = {
    name.lower(): name for name in ("arXiv", "bioRxiv", "medRxiv", "SocArXiv", "PsyArXiv", "SSRN", "Research Square",
                                    "Preprints", "MetaArXiv", "OSF Preprints", "Authorea", "ChemRxiv")
}
_TYPES = {
    "article": model.ARTICLE,
    "book": model.BOOK, "mvbook": model.BOOK, "collection": model.BOOK, "mvcollection": model.BOOK,
    "booklet": model.BOOK, "proceedings": model.BOOK, "mvproceedings": model.BOOK, "reference": model.BOOK,
    "incollection": model.CHAPTER, "inbook": model.CHAPTER, "bookinbook": model.CHAPTER,
    "suppbook": model.CHAPTER, "inreference": model.CHAPTER,
    "inproceedings": model.PAPER, "conference": model.PAPER,
    "report": model.REPORT, "techreport": model.REPORT,
    "thesis": model.THESIS, "phdthesis": model.THESIS, "mastersthesis": model.THESIS,
    "manual": model.SOFTWARE, "software": model.SOFTWARE,
    "dataset": model.DATASET, "data": model.DATASET,
    "online": model.WEBPAGE, "electronic": model.WEBPAGE, "www": model.WEBPAGE, "webpage": model.WEBPAGE,
    "standard": model.STANDARD,
    "unpublished": model.MANUSCRIPT,
}
_THESIS_KINDS = (("phd", "dissertation"), ("doctor", "dissertation"), ("dissertation", "dissertation"),
                 ("master", "master's thesis"), ("ma", "master's thesis"), ("msc", "master's thesis"))
# A word cut short with a period, as ISO 4 abbreviations are ("J.", "Environ."): two of them
# make a journal title an abbreviation; one is a title's own stop ("The Lancet. Respiratory Medicine").
_ABBREVIATED_WORD_RE = re.compile(r"\b[A-Za-z][a-z]*\.(?=\s|$)")
_ONE_LETTER_START_RE = re.compile(r"[A-Z]\.\s")  # "J. Pain", "Q. J. Med."
_VERSION_NOTE_RE = re.compile(r"\bversion\s+(?P<version>[\w.\-]+)", re.IGNORECASE)


def reference_type(fields: EntryFields) -> str:
    """The CSL type of an entry: every type is one (an unknown one is a ``document``).

    ``@inbook`` without ``booktitle`` is a book cited at some pages; ``@misc``
    is a web page with a URL, a dataset when its ``type`` says so, an article
    with a ``journal``, and otherwise a document; an ``@article`` in a preprint
    server's name (or with an arXiv ``eprint``) is a preprint.
    """
    kind = fields.type
    if kind == "inbook" and not fields.raw("booktitle"):
        return model.BOOK
    if kind == "misc":
        if "data" in fields.raw("type").lower():
            return model.DATASET
        if fields.url():
            return model.WEBPAGE
        return model.ARTICLE if fields.raw(*JOURNAL_TITLE_FIELDS) else model.DOCUMENT
    if kind == "article":
        subtype = fields.raw("entrysubtype").lower()
        if subtype in ("newspaper", "magazine"):
            return model.NEWSPAPER if subtype == "newspaper" else model.MAGAZINE
        if fields.text(*JOURNAL_TITLE_FIELDS).lower() in PREPRINT_SERVERS or (
            fields.eprint("arxiv") and not fields.raw(*JOURNAL_TITLE_FIELDS)
        ):
            return model.PREPRINT
    return _TYPES.get(kind, model.DOCUMENT)


def issued(fields: EntryFields) -> DateParts | None:
    """Rule: "``date`` (ISO ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); else ``year``,
    ``month`` (``apr``, ``4``, ``April``), ``day``"."""
    return read_date(
        date=fields.text("date"), year=fields.text("year"), month=fields.text("month"), day=fields.text("day")
    )


def _title(fields: EntryFields, title: str, subtitle: str, addon: str) -> str:
    """A title with its subtitle (``Title: Subtitle``) and BibLaTeX's title addition."""
    text = fields.text(title)
    for separator, name in ((": ", subtitle), (". ", addon)):
        part = fields.text(name)
        if part:
            text = f"{text}{'' if text[-1:] in '.?!:' else separator.rstrip()} {part}" if text else part
    return text


def _thesis_kind(fields: EntryFields) -> str:
    """Rule (thesis): ``[dissertation]`` or ``[master's thesis]``, from the type or ``type``."""
    written = (fields.raw("type") or fields.type).lower()
    for word, kind in _THESIS_KINDS:
        if written.startswith(word) or (word != "ma" and word in written):
            return kind
    return "thesis"


def _container(fields: EntryFields, kind: str) -> tuple[str, str]:
    """The container (journal, book, server, blog) and its abbreviation."""
    if kind in (model.ARTICLE, model.MAGAZINE, model.NEWSPAPER):
        journal = fields.text(*JOURNAL_TITLE_FIELDS)
        short = fields.text(*JOURNAL_ABBREVIATION_FIELDS) if kind == model.ARTICLE else ""
        if not short and kind == model.ARTICLE and (
            len(_ABBREVIATED_WORD_RE.findall(journal)) >= 2 or _ONE_LETTER_START_RE.match(journal)
        ):
            short = journal  # the journal field holds an abbreviation: "J. Occup. Environ. Med."
        return journal, short
    if kind == model.PREPRINT:
        server = fields.text(*JOURNAL_TITLE_FIELDS)
        return server or PREPRINT_SERVERS.get(fields.raw("eprinttype", "archiveprefix").lower(), ""), ""
    if kind in (model.CHAPTER, model.PAPER):
        return _title(fields, "booktitle", "booksubtitle", "booktitleaddon") or fields.text("maintitle"), ""
    return "", ""


def _publisher(fields: EntryFields, kind: str) -> str:
    if kind == model.REPORT or kind == model.STANDARD:
        return fields.text(*REPORT_INSTITUTION_FIELDS)
    if kind == model.THESIS:
        return fields.text(*THESIS_SCHOOL_FIELDS)
    if kind in (model.WEBPAGE, model.SOFTWARE, model.DATASET, model.DOCUMENT, model.MANUSCRIPT):
        # howpublished may hold the address itself; then Zotero's "Website Title" (journal) names the site.
        named = [fields.text(name) for name in WEB_PUBLISHER_FIELDS]
        if kind == model.WEBPAGE:
            named.append(fields.text(*JOURNAL_TITLE_FIELDS))
        return next((name for name in named if name and not name.startswith(("http://", "https://"))), "")
    if kind in (model.BOOK, model.CHAPTER, model.PAPER):
        return fields.text("publisher", "organization")
    return fields.text("publisher")


def read_reference(entry: Entry, entries: Mapping[str, Entry] | None = None) -> Reference:
    """The entry as the one :class:`Reference` every output reads.

    ``entries`` (the whole bibliography) gives what ``crossref`` and ``xdata`` inherit.
    """
    fields = EntryFields(entry, entries)
    kind = reference_type(fields)
    container, short = _container(fields, kind)
    numbered = kind in (model.REPORT, model.STANDARD, model.DOCUMENT)
    has_series = kind in (model.BOOK, model.CHAPTER, model.PAPER)
    version = fields.text("version")
    if not version and kind == model.SOFTWARE:
        version_note = _VERSION_NOTE_RE.search(fields.text("note"))
        version = version_note["version"].rstrip(".") if version_note else ""
    return Reference(
        key=fields.key,
        type=kind,
        title=_title(fields, "title", "subtitle", "titleaddon"),
        container_title=container,
        container_title_short=short,
        author=read_names(fields.persons("author")),
        editor=read_names(fields.persons("editor")),
        translator=read_names(fields.persons("translator")),
        issued=issued(fields),
        accessed=read_date(date=fields.text("urldate")),
        volume=fields.text("volume"),
        issue="" if numbered or has_series else fields.text("number", "issue"),
        number=fields.text("number") if numbered else "",
        edition=fields.text("edition"),
        version=version,
        genre=_thesis_kind(fields) if kind == model.THESIS else "",
        collection_title=fields.text("series") if has_series or kind == model.REPORT else "",
        collection_number=fields.text("number") if has_series and fields.raw("series") else "",
        event_title=fields.text("eventtitle"),
        event_date=read_date(date=fields.text("eventdate")),
        event_place=fields.text("venue"),
        section=fields.text("chapter", "section") if kind == model.NEWSPAPER else "",
        status=fields.text("pubstate").lower(),
        publisher=_publisher(fields, kind),
        publisher_place=fields.text(*PLACE_FIELDS),
        pages=read_pages(fields.text("pages", "eid")),
        doi=fields.doi(),
        pmid=fields.raw("pmid") or fields.eprint("pubmed", "pmid"),
        pmcid=fields.raw("pmcid") or fields.eprint("pmc", "pmcid"),
        arxiv=fields.eprint("arxiv"),
        url=fields.url(),
        study_design=fields.raw("studydesign"),
        source_type=fields.type,
    )

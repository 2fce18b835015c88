"""One normalized reference per bibliography entry, shaped like CSL's item model.

citeproc-js, Zotero and Pandoc read every source format once into one item
(a type, names as parts, dates as parts, page ranges, identifiers) that every
style and export reads.  :class:`Reference` is that item: ``reader.py`` makes
it from a pybtex entry, resolving the BibTeX and BibLaTeX dialects; the
Vancouver style, the downloads (BibTeX, RIS, CSL-JSON), COinS, Highwire tags,
JSON-LD, the search text and the library's order read only it.

Field names follow CSL where CSL has one (``container_title`` for a journal
or a book, ``publisher_place``, ``issued``, ``accessed``); text is decoded,
in the source's characters and case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateParts
from .names import NameList
from .pages import PageRange, pages_text

#: CSL item types the reader gives (https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types).
ARTICLE = "article-journal"
MAGAZINE = "article-magazine"
NEWSPAPER = "article-newspaper"
PREPRINT = "article"
BOOK = "book"
CHAPTER = "chapter"
PAPER = "paper-conference"
REPORT = "report"
STANDARD = "standard"
THESIS = "thesis"
SOFTWARE = "software"
DATASET = "dataset"
WEBPAGE = "webpage"
BLOG_POST = "post-weblog"
MANUSCRIPT = "manuscript"
#: Anything else (a patent, a film...): formatted from the fields it has.
DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Reference:
    """A work as cited: what every output of the site reads."""

    key: str
    type: str
    title: str = ""
    container_title: str = ""
    """The journal, the book a chapter is in, or the blog a post is on."""
    container_title_short: str = ""
    """The journal's abbreviation, as the source gives it."""
    author: NameList = field(default_factory=NameList)
    editor: NameList = field(default_factory=NameList)
    translator: NameList = field(default_factory=NameList)
    issued: DateParts | None = None
    accessed: DateParts | None = None
    volume: str = ""
    issue: str = ""
    number: str = ""
    """A report's or a standard's number."""
    edition: str = ""
    version: str = ""
    genre: str = ""
    """What kind of thesis (``dissertation``, ``master's thesis``)."""
    collection_title: str = ""
    """The series a book or report is in."""
    collection_number: str = ""
    event_title: str = ""
    event_date: DateParts | None = None
    event_place: str = ""
    section: str = ""
    """A newspaper's section."""
    status: str = ""
    """``forthcoming`` for a work accepted but not yet published."""
    publisher: str = ""
    publisher_place: str = ""
    pages: tuple[PageRange, ...] = ()
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    arxiv: str = ""
    """An arXiv identifier (``1702.01006v1``)."""
    url: str = ""
    study_design: str = ""
    """The Back Blog's own field: the library's section."""
    source_type: str = ""
    """The entry type as the bibliography writes it (``inproceedings``), lower case."""

    @property
    def year(self) -> str:
        return self.issued.year if self.issued else ""

    @property
    def creators(self) -> NameList:
        """The authors, else the editors (who stand in their place)."""
        return self.author if self.author else self.editor

    def to_csl(self) -> dict[str, object]:
        """The reference as a CSL-JSON item (citeproc-js, Zotero and Pandoc read it)."""
        item: dict[str, object] = {"id": self.key, "type": self.type}
        text = {
            "title": self.title,
            "container-title": self.container_title,
            "container-title-short": self.container_title_short,
            "volume": self.volume,
            "issue": self.issue,
            "number": self.number,
            "edition": self.edition,
            "version": self.version,
            "genre": self.genre,
            "collection-title": self.collection_title,
            "collection-number": self.collection_number,
            "event-title": self.event_title,
            "event-place": self.event_place,
            "section": self.section,
            "status": self.status,
            "publisher": self.publisher,
            "publisher-place": self.publisher_place,
            "page": pages_text(self.pages),
            "page-first": self.pages[0].first if self.pages else "",
            "DOI": self.doi,
            "PMID": self.pmid,
            "PMCID": self.pmcid,
            "URL": self.url,
        }
        item.update({name: value for name, value in text.items() if value})
        for role in ("author", "editor", "translator"):
            names = getattr(self, role)
            if names.names:
                item[role] = [name.to_csl() for name in names]
        for role in ("issued", "accessed", "event_date"):
            date = getattr(self, role)
            if date is not None:
                item[role.replace("_", "-")] = date.to_csl()
        return item

"""A reference as a BibTeX entry that BibTeX, biber and reference managers all read.

Written from the normalized :class:`~backblog.model.Reference`, never copied
from ``bibliography.bib``: only the bibliographic fields listed here leave the
site, so an export's ``file`` paths, abstracts, notes and keywords never do.
Text is UTF-8 with LaTeX's special characters escaped (``\\&``, ``\\%``);
titles are braced whole, because the house style keeps the source's case and
BibTeX styles would re-case them.  Dates are given both ways: ``year`` and
``month`` for BibTeX, ``date`` for biber.

pybtex's writer is not used: it quotes every value, so it cannot write the
month macros (``apr``) both BibTeX and biber read, and it would LaTeX-encode
every non-ASCII character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from . import model
from .dates import MONTHS, DateParts
from .model import Reference
from .names import Name, NameList
from .pages import pages_text
from .reference_files import interleaved

_ENTRY_TYPES = {
    model.ARTICLE: "article",
    model.BOOK: "book",
    model.CHAPTER: "incollection",
    model.REPORT: "techreport",
    model.WEBPAGE: "online",
    model.BLOG_POST: "online",
}
# Where the container goes: a journal; a blog, as biblatex's @online has no
# container (its "titleaddon" follows the title); else a book.
_CONTAINER_FIELDS = {model.ARTICLE: "journal", model.BLOG_POST: "titleaddon"}
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(char) for char in _SPECIAL))
# Verbatim fields hold addresses and identifiers: only a brace or a space
# could break them, and a URL may carry neither: they are percent-encoded.
_VERBATIM_UNSAFE_RE = re.compile(r"[{}\s]")


def latex_text(text: str) -> str:
    """Decoded text as LaTeX: its special characters escaped, the rest as it is."""
    return _SPECIAL_RE.sub(lambda match: _SPECIAL[match.group()], text)


def _verbatim(value: str) -> str:
    return _VERBATIM_UNSAFE_RE.sub(lambda match: quote(match.group()), value)


def _name(name: Name) -> str:
    if name.is_organisation:
        return "{" + latex_text(name.literal) + "}"
    return latex_text(name.inverted())


def _names(names: NameList) -> str:
    written = [_name(name) for name in names]
    if names.et_al:
        written.append("others")
    return " and ".join(written)


def _date_fields(date: DateParts | None) -> list[tuple[str, str]]:
    if date is None:
        return []
    if date.literal or not date.iso():
        return [("year", "{" + latex_text(date.literal or date.year) + "}")]
    fields = [("year", "{" + date.year + "}")]
    if date.month:
        fields.append(("month", MONTHS[date.month - 1].lower()))  # a macro, unbraced
    fields.append(("date", "{" + date.iso() + "}"))
    return fields


def bibtex_fields(reference: Reference) -> list[tuple[str, str]]:
    """The entry's fields, in order, each value written as it goes in the file."""
    kind = reference.type
    publisher = {model.REPORT: "institution", model.WEBPAGE: "organization", model.BLOG_POST: "organization"}
    text = [
        ("author", _names(reference.author)),
        ("editor", _names(reference.editor)),
        ("title", "{" + latex_text(reference.title) + "}" if reference.title else ""),
        (_CONTAINER_FIELDS.get(kind, "booktitle"), latex_text(reference.container_title)),
        ("shortjournal", latex_text(reference.container_title_short)),
        ("edition", latex_text(reference.edition)),
        (publisher.get(kind, "publisher"), latex_text(reference.publisher)),
        ("address", latex_text(reference.publisher_place)),
    ]
    fields = [(name, "{" + value + "}") for name, value in text if value]
    fields += _date_fields(reference.issued)
    text = [
        ("volume", latex_text(reference.volume)),
        ("number", latex_text(reference.issue or reference.number)),
        ("pages", latex_text(pages_text(reference.pages, "--"))),
    ]
    fields += [(name, "{" + value + "}") for name, value in text if value]
    # A PubMed ID as biblatex has it (Zotero reads it too): eprint, eprinttype = pubmed.
    verbatim = [("doi", reference.doi), ("url", reference.url), ("eprint", reference.pmid)]
    fields += [(name, "{" + _verbatim(value) + "}") for name, value in verbatim if value]
    if reference.pmid:
        fields.append(("eprinttype", "{pubmed}"))
    if reference.accessed is not None and reference.accessed.iso():
        fields.append(("urldate", "{" + reference.accessed.iso() + "}"))
    return fields


def entry_bibtex(reference: Reference, key: str | None = None) -> str:
    """One entry, ending with its closing brace and a newline."""
    lines = [f"@{_ENTRY_TYPES.get(reference.type, 'misc')}{{{key or reference.key},"]
    lines += [f"  {name} = {value}," for name, value in bibtex_fields(reference)]
    return "\n".join(lines) + "\n}\n"


def bibtex_file(texts: Iterable[str]) -> Iterator[str]:
    """A BibTeX file of entries written by :func:`entry_bibtex`, a blank line between them, in pieces."""
    return interleaved("\n", texts)

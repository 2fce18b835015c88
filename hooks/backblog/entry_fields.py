"""An entry's fields as the reader sees them: inherited, "first found wins", decoded.

BibLaTeX lets an entry take fields from another: ``crossref`` (a chapter from
its book: the book's ``title`` becomes the chapter's ``booktitle``, its
editors, publisher and year are the chapter's) and ``xdata`` (fields shared
as they are).  pybtex keeps the link but not the inheritance, so
:class:`EntryFields` resolves it, following biblatex's default rules for the
fields this site prints.  A field given but blank counts as missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database import Entry, Person

from .latex import decode

#: A parent's field that a child takes under another name (biblatex's defaults
#: for a part of a book or of proceedings).
_RENAMED_FROM_PARENT = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
#: Fields never inherited: they belong to one entry.
_OWN_FIELDS = frozenset({"crossref", "xdata", "ids", "label", "shorthand", "entryset", "studydesign"})
_MAX_DEPTH = 4
_URL_COMMAND_RE = re.compile(r"^\s*\\url\s*\{(?P<url>[^{}]*)\}\s*$")
_WEB_ADDRESS_RE = re.compile(r"https?://[^/\s]", re.IGNORECASE)
# A character escaped for LaTeX in a URL ("index{\_}en.cfm", "aspx\#fig3"), as Mendeley writes them.
_URL_ESCAPE_RE = re.compile(r"\{\\([_#&%$~])\}|\\([_#&%$~])")
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class EntryFields:
    """The fields and names of one entry, with what it inherits from its parents."""

    def __init__(self, entry: Entry, entries: Mapping[str, Entry] | None = None) -> None:
        self.entry = entry
        self.key = str(entry.key)
        self.type = entry.type.lower()
        self._fields: dict[str, str] = {str(name).lower(): str(value) for name, value in entry.fields.items()}
        self._persons: dict[str, list[Person]] = {str(role).lower(): list(p) for role, p in entry.persons.items()}
        if entries is not None:
            self._inherit(entries, {self.key.lower()}, 0)

    def _inherit(self, entries: Mapping[str, Entry], seen: set[str], depth: int) -> None:
        parents = [(key, True) for key in self._keys("crossref")] + [(key, False) for key in self._keys("xdata")]
        for key, is_crossref in parents:
            if depth >= _MAX_DEPTH or key.lower() in seen or key not in entries:
                continue
            parent = EntryFields(entries[key])
            parent._inherit(entries, seen | {key.lower()}, depth + 1)
            for name, value in parent._fields.items():
                if name in _OWN_FIELDS:
                    continue
                target = _RENAMED_FROM_PARENT.get(name, name) if is_crossref and self._is_part() else name
                if not self._fields.get(target, "").strip():
                    self._fields[target] = value
            for role, people in parent._persons.items():
                self._persons.setdefault(role, people)

    def _keys(self, name: str) -> list[str]:
        return [key.strip() for key in self._fields.get(name, "").split(",") if key.strip()]

    def _is_part(self) -> bool:
        return self.type in {"inbook", "incollection", "inproceedings", "conference", "inreference", "suppbook"}

    @property
    def inherits(self) -> bool:
        """Whether any field may come from another entry (so the entry's text depends on it)."""
        return bool(self._keys("crossref") or self._keys("xdata"))

    def raw(self, *names: str) -> str:
        """The first of the fields ``names`` that the entry gives, as stored ("" if none)."""
        for name in names:
            value = self._fields.get(name, "")
            if value.strip():
                return value.strip()
        return ""

    def text(self, *names: str) -> str:
        """The first of the fields ``names`` that the entry gives, decoded ("" if none)."""
        value = self.raw(*names)
        return decode(value) if value else ""

    def persons(self, role: str) -> list[Person]:
        return self._persons.get(role, [])

    def url(self) -> str:
        """``url``, else ``howpublished = {\\url{...}}`` or a bare address.  LaTeX escapes
        (``{\\_}``, ``\\#``: Mendeley's) are undone.  Of several addresses in one field
        (Mendeley writes every one it has: ``/pmc/articles/PMC7144256/ https://www.ncbi...``),
        the first web address; with none, the field as written (the check says what is wrong)."""
        url = self.raw("url")
        if not url:
            howpublished = self.raw("howpublished").strip()
            written = _URL_COMMAND_RE.match(howpublished)
            # Zotero writes a web page's address into howpublished, with or without \url.
            url = written["url"].strip() if written else howpublished if _WEB_ADDRESS_RE.match(howpublished) else ""
        words = _unescaped_url(url).split()
        return next((word for word in words if _WEB_ADDRESS_RE.match(word)), " ".join(words))

    def urls(self) -> list[str]:
        """Every address the url field holds, separated by white space."""
        return _unescaped_url(self.raw("url")).split()

    def doi(self) -> str:
        """The DOI, bare: written as a link (``https://doi.org/...``) or with ``doi:``, it is normalised."""
        doi = self.raw("doi").strip()
        wrapped = _URL_COMMAND_RE.match(doi)  # doi = {\url{10.5255/...}}
        return _DOI_PREFIX_RE.sub("", wrapped.group("url") if wrapped else doi).strip()

    def eprint(self, *kinds: str) -> str:
        """``eprint`` when ``eprinttype`` (or ``archiveprefix``) is one of ``kinds``."""
        kind = self.raw("eprinttype", "archiveprefix").lower()
        return self.raw("eprint") if kind in kinds else ""


def _unescaped_url(url: str) -> str:
    """The address with LaTeX's escapes undone; Mendeley's ``$\\backslash$n`` (a line break
    between two addresses, escaped) separates them like white space."""
    return _URL_ESCAPE_RE.sub(lambda m: m.group(1) or m.group(2), url.replace("$\\backslash$n", " "))

"""The bibliography as the pages use it: each entry read and formatted once.

:class:`Bibliography` holds the parsed entries (pybtex's
``BibliographyData``) and gives, per key, a :class:`FormattedReference`: the
normalized :class:`~backblog.model.Reference` (``reader.py``) and everything
written from it, the house-style text, the downloads' BibTeX and RIS, COinS
and Highwire.  Reading and formatting are the costly part of a build (LaTeX
decoding), so a formatted entry is kept by the digest of its content
(``reference_cache``): in memory for the whole process, so that ``mkdocs
serve``, after an edit of the bibliography, formats again only the entries
that changed; and on disk, so that a new build formats only entries it has
never seen.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry
from pybtex.utils import OrderedCaseInsensitiveDict

from .bibtex_export import entry_bibtex
from .layouts import URL_IN_TEXT
from .metadata import coins, highwire_reference
from .model import Reference
from .reader import read_reference
from .reference_cache import ReferenceCache, entry_digest
from .ris_export import entry_ris
from .style import format_reference
from .vancouver_names import vancouver_name
from .vancouver_parts import is_web_url, year_text


@dataclass(frozen=True, slots=True)
class ReferenceLink:
    """A link that follows an entry's text: DOI, PubMed, or the entry's URL."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class FormattedReference:
    """One bibliography entry as the pages, their heads and the downloads show it."""

    key: str
    reference: Reference
    html: str
    text: str
    links: tuple[ReferenceLink, ...]
    short: str
    coins: str
    #: The entry in the download files: joined by bibtex_export.bibtex_file / ris_export.ris_file.
    bibtex: str
    ris: str
    #: A ``citation_reference`` tag's content.
    highwire: str

    @property
    def study_design(self) -> str:
        return self.reference.study_design


def reference_anchor(key: str) -> str:
    """The HTML id of a reference: ``ref-`` and the key, lower-cased.

    Keys are unique regardless of case, so lower-casing keeps ids unique.  Any
    character outside ASCII letters, digits and ``_ - : .`` is written as
    ``~`` and its code point: browsers percent-encode such characters in
    ``location.hash``, which would break Material's tooltip look-up.
    """
    return "ref-" + re.sub(r"[^a-z0-9_:.\-]", lambda m: f"~{ord(m.group()):x}", key.lower())


def reference_links(reference: Reference) -> tuple[ReferenceLink, ...]:
    """The DOI and PubMed links of a reference, else its URL (never a non-http one).

    A web page's URL is part of its formatted text ("Available from: ..."), so
    it is not repeated here.
    """
    links: list[ReferenceLink] = []
    if reference.doi:
        links.append(ReferenceLink(f"doi:{reference.doi}", "https://doi.org/" + quote(reference.doi, safe="/:;()._-")))
    if reference.pmid.isdigit():
        links.append(ReferenceLink(f"PMID: {reference.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"))
    if reference.pmcid:
        pmcid = reference.pmcid if reference.pmcid.upper().startswith("PMC") else f"PMC{reference.pmcid}"
        if pmcid[3:].isdigit():
            links.append(ReferenceLink(f"PMCID: {pmcid}", f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"))
    if reference.arxiv and not reference.url:
        links.append(ReferenceLink(f"arXiv:{reference.arxiv}", "https://arxiv.org/abs/" + quote(reference.arxiv)))
    in_text = reference.type in URL_IN_TEXT
    if not links and reference.url and not in_text and is_web_url(reference.url):
        links.append(ReferenceLink(reference.url, reference.url))
    return tuple(links)


def short_label(reference: Reference) -> str:
    """A short spoken name for a reference: first author, "et al.", year."""
    people = reference.creators
    if people.names:
        who = vancouver_name(people.names[0]) + (" et al." if len(people) > 1 else "")
    else:
        who = reference.title or reference.key
    year = year_text(reference.issued)[:4]
    return f"{who}, {year}" if year else who


_HTML = HtmlBackend()
# render_as("text") would look the backend up among the installed packages'
# entry points on every call: the same backend, made once.
_TEXT = TextBackend()


def format_entry(key: str, entry: Entry, entries: Mapping[str, Entry] | None = None) -> FormattedReference:
    """Read an entry once and write everything the site shows of it (``entries``:
    the bibliography, for what the entry inherits)."""
    reference = read_reference(entry, entries)
    text = format_reference(reference)
    return FormattedReference(
        key=key,
        reference=reference,
        html=text.render(_HTML),
        text=text.render(_TEXT),
        links=reference_links(reference),
        short=short_label(reference),
        coins=coins(reference),
        bibtex=entry_bibtex(reference),
        ris=entry_ris(reference),
        highwire=highwire_reference(reference),
    )


#: Formatted entries by :func:`entry_digest`: content-addressed, so never stale.
FormattedCache = dict[str, FormattedReference]


class Bibliography:
    """The entries of the bibliography files, looked up by key regardless of case.

    ``sources`` (the files and their modification times) tells whether a
    bibliography is still the one the files hold.  ``memory`` holds formatted
    entries by digest for as long as its owner keeps it (the build passes one
    from rebuild to rebuild of ``mkdocs serve``, so that a changed file
    re-formats only the entries that changed).  ``cache_dir``, if given, keeps
    them on disk across builds (:class:`ReferenceCache`); it must be outside
    ``docs/``. ``read_disk``: whether to read what it holds (else it is only written).
    """

    def __init__(
        self,
        data: BibliographyData,
        sources: dict[str, int],
        cache_dir: str | os.PathLike[str] | None = None,
        memory: FormattedCache | None = None,
        read_disk: bool = True,
    ) -> None:
        self.data = data
        self.sources = sources
        #: Lower-cased key -> why an entry of the files could not be read (``path:line: ...``).
        self.unreadable: dict[str, str] = {}
        self._formatted: dict[str, FormattedReference] = {}
        #: Lower-cased key -> formatted entry, once the parsed entries are let go (:meth:`let_go_of_entries`).
        self._only_formatted: dict[str, FormattedReference] | None = None
        self._by_digest: FormattedCache = memory if memory is not None else {}
        self._disk = ReferenceCache(cache_dir) if cache_dir is not None else None
        if self._disk is not None and read_disk:
            self._by_digest.update(self._disk.load(data, known=self._by_digest))

    def __contains__(self, key: object) -> bool:
        if self._only_formatted is not None:
            return isinstance(key, str) and key.lower() in self._only_formatted
        return isinstance(key, str) and key in self.data.entries

    def canonical_key(self, key: str) -> str:
        """The key as the bibliography spells it (look-ups ignore case)."""
        if self._only_formatted is not None:
            return self._only_formatted[key.lower()].key
        return str(self.data.entries[key].key)

    @property
    def keys(self) -> list[str]:
        """Every key of the bibliography, in file order."""
        assert self._only_formatted is None, "the parsed entries were let go"
        return [str(entry.key) for entry in self.data.entries.values()]

    def let_go_of_entries(self) -> None:
        """From now on, only the entries formatted so far are read: pybtex's parsed entries
        go (``SiteBuild.let_go_of_parsed_entries``, at the end of ``mkdocs build``'s reading),
        and this is no longer the files' bibliography (``sources``), never held for another build."""
        self._only_formatted = {key.lower(): formatted for key, formatted in self._formatted.items()}
        self.data.entries = OrderedCaseInsensitiveDict()
        self.sources = {}

    def reference(self, key: str) -> FormattedReference:
        """The formatted entry for ``key``: formatted once per content of the entry."""
        if self._only_formatted is not None:
            return self._only_formatted[key.lower()]
        key = self.canonical_key(key)
        cached = self._formatted.get(key)
        if cached is None:
            entry = self.data.entries[key]
            digest = entry_digest(entry)
            cached = self._by_digest.get(digest) if digest else None
            if cached is None:
                cached = format_entry(key, entry, self.data.entries)
                if digest:
                    self._by_digest[digest] = cached
                    if self._disk is not None:
                        self._disk.add(digest, cached)
            self._formatted[key] = cached
        return cached

    def save_cache(self) -> None:
        """Write the entries formatted since the last call to the disk cache, if any."""
        if self._disk is not None:
            self._disk.flush()


class PerReference:
    """``text(reference)``, made once per reference (posts share many) and kept until
    cleared; kept by identity, so that a reference read again is made again."""

    def __init__(self, text: Callable[[Reference], str]) -> None:
        self.text = text
        self.kept: dict[int, tuple[Reference, str]] = {}

    def __call__(self, reference: Reference) -> str:
        kept = self.kept.get(id(reference))
        if kept is None or kept[0] is not reference:
            kept = self.kept[id(reference)] = (reference, self.text(reference))
        return kept[1]

    def clear(self) -> None:
        self.kept.clear()

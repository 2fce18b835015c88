"""Formatted references: our seam between the citation engine and the pages.

mkdocs-bibtex loads ``bibliography.bib`` (and skips reloading it while the file
is unchanged); its plugin object keeps a ``ReferenceRegistry``.  We replace the
plugin's registry with :class:`VancouverRegistry`, which formats entries with
our :class:`~backblog.style.VancouverStyle` instead of pybtex's ``plain`` style
and caches each formatted entry for as long as the plugin keeps the registry,
that is until the bibliography changes.  The rest of our code depends only on
:meth:`VancouverRegistry.reference` and ``in``, so another engine can be put
behind the same two calls.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs_bibtex.citation import Citation, CitationBlock, InlineReference
from mkdocs_bibtex.registry import ReferenceRegistry
from pybtex.backends.html import Backend as HtmlBackend
from pybtex.database import BibliographyData, Entry

from .exports import coins
from .style import VancouverStyle, format_date, format_person, is_web_url


@dataclass(frozen=True)
class ReferenceLink:
    """A link that follows an entry's text: DOI, PubMed, or the entry's URL."""

    label: str
    url: str


@dataclass(frozen=True)
class FormattedReference:
    """One bibliography entry as the pages show it."""

    key: str
    html: str
    text: str
    links: tuple[ReferenceLink, ...]
    short: str
    study_design: str
    coins: str


def reference_anchor(key: str) -> str:
    """The HTML id of a reference: ``ref-`` and the key, lower-cased.

    Keys are unique regardless of case, so lower-casing keeps ids unique.  Any
    character outside ASCII letters, digits and ``_ - : .`` is written as
    ``~`` and its code point: browsers percent-encode such characters in
    ``location.hash``, which would break Material's tooltip look-up.
    """
    return "ref-" + re.sub(r"[^a-z0-9_:.\-]", lambda m: f"~{ord(m.group()):x}", key.lower())


def reference_links(entry: Entry) -> tuple[ReferenceLink, ...]:
    """The DOI and PubMed links of an entry, else its URL (never a non-http one).

    A web page's URL is part of its formatted text ("Available from: ..."), so
    it is not repeated here.
    """
    fields = entry.fields
    links: list[ReferenceLink] = []
    doi = fields.get("doi", "").strip()
    if doi:
        links.append(ReferenceLink(f"doi:{doi}", "https://doi.org/" + quote(doi, safe="/:;()._-")))
    pmid = fields.get("pmid", "").strip()
    if pmid.isdigit():
        links.append(ReferenceLink(f"PMID: {pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    url = fields.get("url", "").strip()
    is_web_page = entry.type.lower() in {"online", "misc", "electronic"}
    if not links and url and not is_web_page and is_web_url(url):
        links.append(ReferenceLink(url, url))
    return tuple(links)


def short_label(entry: Entry) -> str:
    """A short spoken name for a reference: first author, "et al.", year."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if people:
        who = format_person(people[0]) + (" et al." if len(people) > 1 else "")
    else:
        who = entry.fields.get("title", entry.key)
    year = format_date(entry)[:4]
    return f"{who}, {year}" if year else who


def bib_files(options: Any, config_file_path: str | None) -> list[str]:
    """The bibliography files mkdocs-bibtex reads, found as its own on_config does.

    ``options`` is the plugin's configuration (``bib_file`` or ``bib_dir``),
    paths being relative to ``mkdocs.yml``.
    """
    base = os.path.dirname(config_file_path or "") or os.getcwd()
    if options.bib_file:
        return [os.path.join(base, options.bib_file)]
    return sorted(str(p) for p in Path(base, options.bib_dir).rglob("*.bib"))


def bibliography_sources(paths: list[str]) -> dict[str, int]:
    """The bibliography files and their modification times, the cache key."""
    return {os.path.abspath(path): os.stat(path).st_mtime_ns for path in paths}


class VancouverRegistry(ReferenceRegistry):
    """mkdocs-bibtex's registry, formatting with the house Vancouver style.

    The plugin still calls ``inline_text`` on each ``[...]`` it finds with its
    regular expressions (code included); we hand the text back unchanged, so
    that our Markdown extension, which sees no code, does the citing.
    """

    def __init__(
        self,
        bib_data: BibliographyData,
        sources: dict[str, int],
        footnote_format: str = "ref-{key}",
    ) -> None:
        # No super().__init__(): the plugin has parsed the files already.
        self.bib_data = bib_data
        #: The files the data came from and their modification times (ns):
        #: the cache of formatted entries is valid while these are unchanged.
        self.sources = sources
        self.footnote_format = footnote_format
        self._style = VancouverStyle()
        self._backend = HtmlBackend()
        self._formatted: dict[str, FormattedReference] = {}

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.bib_data.entries

    def canonical_key(self, key: str) -> str:
        """The key as the bibliography spells it (look-ups ignore case)."""
        return str(self.bib_data.entries[key].key)

    @property
    def keys(self) -> list[str]:
        """Every key of the bibliography, in file order."""
        return [str(entry.key) for entry in self.bib_data.entries.values()]

    def reference(self, key: str) -> FormattedReference:
        """The formatted entry for ``key``, formatted once per bibliography load."""
        key = self.canonical_key(key)
        cached = self._formatted.get(key)
        if cached is None:
            entry = self.bib_data.entries[key]
            text = self._style.format_entry(label="", entry=entry).text
            cached = FormattedReference(
                key=key,
                html=text.render(self._backend),
                text=text.render_as("text"),
                links=reference_links(entry),
                short=short_label(entry),
                study_design=entry.fields.get("studydesign", "").strip(),
                coins=coins(entry),
            )
            self._formatted[key] = cached
        return cached

    # --- mkdocs-bibtex's ReferenceRegistry interface -----------------------

    def validate_citation_blocks(self, citation_blocks: list[CitationBlock]) -> None:
        """Nothing to do: citations are checked where code has been set aside."""

    def validate_inline_references(self, inline_references: list[InlineReference]) -> set[InlineReference]:
        """Inline ``@key`` citations are switched off in ``mkdocs.yml``."""
        return set()

    def inline_text(self, citation_block: CitationBlock) -> str:
        """Leave ``[@...]`` in the Markdown for our extension to cite."""
        return str(citation_block)

    def reference_text(self, citation: Citation | InlineReference) -> str:
        """Text for the plugin's own list, which mkdocs.yml disables.

        The plugin asks for every ``[@...]`` it finds, those in code included,
        and logs a warning on an exception: unknown keys get an empty text
        here and are reported, with page and line, by our extension.
        """
        return self.reference(citation.key).text if citation.key in self else ""

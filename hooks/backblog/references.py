"""Formatted references: our seam between the citation engine and the pages.

mkdocs-bibtex's plugin object keeps the bibliography in a ``ReferenceRegistry``
(hooks/bibliography_check.py gives it the entries its check parsed, so that
the file is parsed once).  That registry is our :class:`VancouverRegistry`,
which formats entries with
our :class:`~backblog.style.VancouverStyle` instead of pybtex's ``plain`` style
and caches each formatted entry for as long as the plugin keeps the registry,
that is until the bibliography changes.  The rest of our code depends only on
:meth:`VancouverRegistry.reference` and ``in``, so another engine can be put
behind the same two calls.

Formatting is the costly part of a build (LaTeX decoding, a few milliseconds
an entry), so formatted entries are also kept by the digest of their content
(:func:`entry_digest`: the entry and the code that formats it): in memory for
the whole process, so that ``mkdocs serve``, after an edit of the
bibliography, formats again only the entries that changed; and, when the
registry is given a ``cache_dir``, on disk (:class:`ReferenceCache`), so that
a new build formats only entries it has never seen.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs_bibtex.citation import Citation, CitationBlock, InlineReference
from mkdocs_bibtex.registry import ReferenceRegistry
from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry

from .exports import coins, entry_bibtex, entry_ris, highwire_reference
from .style import STYLE_VERSION, VancouverStyle, format_date, format_person, is_web_url


@dataclass(frozen=True)
class ReferenceLink:
    """A link that follows an entry's text: DOI, PubMed, or the entry's URL."""

    label: str
    url: str


@dataclass(frozen=True)
class FormattedReference:
    """One bibliography entry as the pages, their heads and the downloads show it."""

    key: str
    html: str
    text: str
    links: tuple[ReferenceLink, ...]
    short: str
    study_design: str
    coins: str
    #: The entry in the download files: joined by exports.join_bibtex / join_ris.
    bibtex: str
    ris: str
    #: A ``citation_reference`` tag's content (exports.highwire_reference).
    highwire: str


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


def _format_fingerprint() -> str:
    """What formatted entries depend on besides the entries: the house style's
    version, every module of this package, pybtex and latexcodec."""
    digest = hashlib.sha256(STYLE_VERSION.encode())
    for package in ("pybtex", "latexcodec"):
        digest.update(f"{package} {version(package)}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    return digest.hexdigest()[:16]


#: Changes whenever formatted entries may change: part of every digest.
FORMAT_FINGERPRINT = _format_fingerprint()


def entry_digest(entry: Entry) -> str | None:
    """A digest of everything an entry's formatted text depends on: its key,
    type, fields and names, and :data:`FORMAT_FINGERPRINT`.

    None for an entry that takes fields from another (``crossref``), whose
    text depends on that other entry too: such entries are not cached by content.
    """
    if "crossref" in entry.fields:
        return None
    persons = {
        role: [[p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names] for p in people]
        for role, people in entry.persons.items()
    }
    content = [FORMAT_FINGERPRINT, str(entry.key), entry.type, list(entry.fields.items()), persons]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


#: Formatted entries by :func:`entry_digest`, for the life of the process (a
#: ``serve`` session): content-addressed, so never stale, and shared by every
#: registry, so a changed bibliography re-formats only the entries that changed.
_by_digest: dict[str, FormattedReference] = {}


class ReferenceCache:
    """Formatted entries on disk: one JSON line per entry, keyed by its digest.

    One file per :data:`FORMAT_FINGERPRINT` (files of other versions are
    deleted); new entries are appended in batches (:meth:`flush`, which the
    build calls at its end); a file grown
    to more than twice the bibliography is rewritten with its entries only.
    The cache only saves time: a file that cannot be read or written is
    ignored, and a line that cannot be read is skipped.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / f"references-{FORMAT_FINGERPRINT}.jsonl"
        self._pending: list[str] = []

    def load(self, bib_data: BibliographyData) -> dict[str, FormattedReference]:
        """The cached entries; drops other versions' files and compacts this one."""
        try:
            for other in self.folder.glob("references-*.jsonl"):
                if other != self.path:
                    other.unlink(missing_ok=True)
            lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        except OSError:
            return {}
        found: dict[str, FormattedReference] = {}
        for line in lines:
            try:
                record = json.loads(line)
                links = tuple(ReferenceLink(**link) for link in record["reference"].pop("links"))
                found[record["digest"]] = FormattedReference(**record["reference"], links=links)
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
        if len(lines) > 2 * len(bib_data.entries) + 256:
            current = {entry_digest(entry) for entry in bib_data.entries.values()}
            found = {digest: ref for digest, ref in found.items() if digest in current}
            self._rewrite(found)
        return found

    def add(self, digest: str, reference: FormattedReference) -> None:
        """Keep a new entry, written with others by :meth:`flush` (one file open per batch)."""
        self._pending.append(self._line(digest, reference))
        if len(self._pending) >= 256:
            self.flush()

    def flush(self) -> None:
        """Append the entries kept since the last flush to the file."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write("".join(pending))
        except OSError:
            pass

    def _rewrite(self, references: dict[str, FormattedReference]) -> None:
        partial = self.path.with_suffix(".tmp")
        try:
            partial.write_text("".join(self._line(d, r) for d, r in references.items()), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass

    @staticmethod
    def _line(digest: str, reference: FormattedReference) -> str:
        return json.dumps({"digest": digest, "reference": dataclasses.asdict(reference)}, ensure_ascii=False) + "\n"


def bib_files(options: Any, config_file_path: str | None) -> list[str]:
    """The bibliography files mkdocs-bibtex reads, found as its own on_config does.

    ``options`` is the plugin's configuration (``bib_file`` or ``bib_dir``),
    paths being relative to ``mkdocs.yml``.
    """
    base = os.path.dirname(config_file_path or "") or os.getcwd()
    if options.bib_file:
        return [os.path.join(base, options.bib_file)]
    return sorted(str(p) for p in Path(base, options.bib_dir).rglob("*.bib"))


def reference_cache_dir(project: str) -> str:
    """Where builds keep formatted entries on disk: ``.cache/backblog`` beside
    ``mkdocs.yml`` (ignored by git; CI may keep it between runs)."""
    return os.path.join(project, ".cache", "backblog")


def bibliography_sources(paths: list[str]) -> dict[str, int]:
    """The bibliography files and their modification times, the cache key."""
    return {os.path.abspath(path): os.stat(path).st_mtime_ns for path in paths}


class VancouverRegistry(ReferenceRegistry):
    """mkdocs-bibtex's registry, formatting with the house Vancouver style.

    The plugin still calls ``inline_text`` on each ``[...]`` it finds with its
    regular expressions (code included); we hand the text back unchanged, so
    that our Markdown extension, which sees no code, does the citing.

    ``cache_dir``, if given, keeps formatted entries on disk across builds
    (:class:`ReferenceCache`); it must be outside ``docs/``.
    """

    def __init__(
        self,
        bib_data: BibliographyData,
        sources: dict[str, int],
        footnote_format: str = "ref-{key}",
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        # No super().__init__(): the plugin has parsed the files already.
        self.bib_data = bib_data
        #: The files the data came from and their modification times (ns):
        #: the cache of formatted entries is valid while these are unchanged.
        self.sources = sources
        self.footnote_format = footnote_format
        self._style = VancouverStyle()
        self._backend = HtmlBackend()
        # render_as("text") would look the backend up among the installed
        # packages' entry points on every call: the same backend, made once.
        self._text_backend = TextBackend()
        self._formatted: dict[str, FormattedReference] = {}
        self._disk = ReferenceCache(cache_dir) if cache_dir is not None else None
        if self._disk is not None:
            _by_digest.update(self._disk.load(bib_data))

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
        """The formatted entry for ``key``: formatted once per content of the entry."""
        key = self.canonical_key(key)
        cached = self._formatted.get(key)
        if cached is None:
            entry = self.bib_data.entries[key]
            digest = entry_digest(entry)
            cached = _by_digest.get(digest) if digest else None
            if cached is None:
                cached = self._format(key, entry)
                if digest:
                    _by_digest[digest] = cached
                    if self._disk is not None:
                        self._disk.add(digest, cached)
            self._formatted[key] = cached
        return cached

    def save_cache(self) -> None:
        """Write the entries formatted since the last call to the disk cache, if any."""
        if self._disk is not None:
            self._disk.flush()

    def _format(self, key: str, entry: Entry) -> FormattedReference:
        text = self._style.format_entry(label="", entry=entry).text
        return FormattedReference(
            key=key,
            html=text.render(self._backend),
            text=text.render(self._text_backend),
            links=reference_links(entry),
            short=short_label(entry),
            study_design=entry.fields.get("studydesign", "").strip(),
            coins=coins(entry),
            bibtex=entry_bibtex(key, entry),
            ris=entry_ris(key, entry),
            highwire=highwire_reference(entry),
        )

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

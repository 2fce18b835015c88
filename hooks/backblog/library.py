"""The knowledge base across posts: who cites what, the reference library, downloads.

A :class:`CitationIndex` is filled as each post is rendered; once every page
is known (``on_env``), the library page is rendered from it.
"""

from __future__ import annotations

import datetime
import itertools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .html_fragments import anchor_ids
from .model import Reference
from .reference_files import REFERENCE_FILE_KINDS, reference_file_uris
from .references import Bibliography, FormattedReference, reference_anchor
from .rendering import macro, render
from .search_text import folded, reference_keywords
from .vancouver_names import vancouver_name
from .vancouver_parts import year_text

MARKER = "<!-- reference-library -->"
# Where a section's list (templates/library_list.html) stands in the library's Markdown.
_LIST_PLACEHOLDER = "<!-- bb-library-list {} -->"
_LIST_PLACEHOLDER_RE = re.compile(r"<!-- bb-library-list \d+ -->")
#: How much of a list's HTML is encoded at a time (:func:`encoded_list`).
_PIECE = 1 << 18
DOWNLOAD_NAME = "references"
#: The download files of a list: extension -> (link text, media type).
DOWNLOAD_KINDS = {
    "bib": ("BibTeX (.bib)", "application/x-bibtex"),
    "ris": ("RIS (.ris)", "application/x-research-info-systems"),
    "json": ("CSL-JSON (.json)", "application/vnd.citationstyles.csl+json"),
}
#: A post's own reference ("Cite this post"), beside the post.
POST_REFERENCE_NAME = "post-reference"


def post_reference_uris(post: File) -> dict[str, str]:
    """A post's own reference as files beside it: ``blog/2025/06/02/x/post-reference.ris``."""
    folder = posixpath.dirname(post.dest_uri)
    return {kind: posixpath.join(folder, f"{POST_REFERENCE_NAME}.{kind}") for kind in REFERENCE_FILE_KINDS}


def download_uris(page: File) -> dict[str, str]:
    """The download files beside a page (``blog/2025/06/02/x/references.bib``), as
    site-relative paths of files (never the page's percent-encoded URL)."""
    folder = posixpath.dirname(page.dest_uri)
    return {kind: posixpath.join(folder, f"{DOWNLOAD_NAME}.{kind}") for kind in DOWNLOAD_KINDS}


def post_links(post: File, library_page: str) -> tuple[str, list[dict[str, str]]]:
    """From a post's source: the link to the library page, and its downloads' links.

    Written relative to the post's source file, as in Markdown, so that MkDocs
    checks them and turns them into URLs.
    """
    folder = posixpath.dirname(post.src_uri)
    library = posixpath.relpath(library_page, folder)
    stem = posixpath.basename(posixpath.dirname(post.dest_uri)) or DOWNLOAD_NAME
    downloads = [
        {
            "href": posixpath.relpath(uri, folder),
            "filename": f"{stem}.{kind}",
            "type": DOWNLOAD_KINDS[kind][1],
            "label": DOWNLOAD_KINDS[kind][0],
        }
        for kind, uri in download_uris(post).items()
    ]
    return library, downloads


@dataclass(frozen=True, slots=True)
class CitingPost:
    """A post that cites references: what the library's "Cited in" shows."""

    title: str
    published: datetime.date
    url: str  # the post's URL, relative to the site root

    @property
    def date_text(self) -> str:
        return f"{self.published.day} {self.published:%B %Y}"


@dataclass
class CitationIndex:
    """Which posts cite which keys, filled during one build."""

    posts: list[tuple[CitingPost, list[str]]] = field(default_factory=list)
    _at: dict[str, int] = field(default_factory=dict, repr=False)  # a post's URL -> its place

    def add(self, post: CitingPost, keys: Iterable[str]) -> None:
        """A post and the keys it cites; a post rendered again (``make serve``) takes its own place."""
        at = self._at.setdefault(post.url, len(self.posts))
        if at < len(self.posts):
            self.posts[at] = (post, list(keys))
        else:
            self.posts.append((post, list(keys)))

    def keys(self) -> list[str]:
        """Every cited key, once, in order of first citation across posts by date."""
        seen: dict[str, None] = {}
        for _post, keys in sorted(self.posts, key=lambda item: item[0].published):
            seen.update(dict.fromkeys(keys))
        return list(seen)

    def citing_posts(self) -> dict[str, list[CitingPost]]:
        """Every cited key and the posts citing it, by date: one pass over the posts."""
        found: dict[str, list[CitingPost]] = {}
        for post, keys in sorted(self.posts, key=lambda item: item[0].published):
            for key in dict.fromkeys(keys):
                found.setdefault(key, []).append(post)
        return found


def sort_key(reference: Reference) -> tuple[str, str, str]:
    """First author (or editor, else title), then year, then title: the library's order."""
    people = reference.creators.names
    first = vancouver_name(people[0]) if people else reference.title
    return first.casefold(), year_text(reference.issued), reference.title.casefold()


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    anchor: str
    reference: FormattedReference
    cited_in: list[dict[str, str]]
    #: Links to the reference's own files (RIS, BibTeX), relative to the library page's URL.
    files: list[dict[str, str]]
    #: For the page's filter and sort (``reading.js``): what finds the entry, folded
    #: (``search_text.folded``), its first author's sort key and its year.
    search: str = ""
    author_key: str = ""
    year: str = ""


@dataclass(frozen=True)
class LibraryListing:
    """The library's listing: its Markdown, in which each section's list (nearly all of
    the page's HTML) stands as an HTML comment, and the lists by those comments.

    Python-Markdown passes raw HTML through as it is, but only after it and MkDocs have
    each read it with the HTML parser (most of the page's time); the lists are put in
    the written page instead (:func:`with_lists`), and are never joined to the
    Markdown, nor to each other (megabytes at thousands of entries). Each list is kept
    encoded, in pieces of about 256 KB (its text would take 2 bytes a character: names
    have letters beyond Latin-1), with the ids MkDocs would have found in it."""

    markdown: str
    lists: dict[str, list[bytes]]
    anchors: frozenset[str] = frozenset()

    def whole(self) -> str:
        """The listing as Markdown with its lists: what the page shows."""
        return "".join(_text(piece) for piece in with_lists(self.markdown, self.lists, "the library's listing"))

    def anchor_ids(self) -> set[str]:
        """The ids in the lists, as MkDocs would have found them in the page."""
        return set(self.anchors)


def _text(piece: str | bytes) -> str:
    return piece.decode("utf-8") if isinstance(piece, bytes) else piece


def encoded_list(parts: Iterable[str]) -> tuple[list[bytes], set[str]]:
    """A list's HTML, given in parts that are whole elements, encoded in pieces of about
    256 KB; and its ids (:func:`anchor_ids`, read part by part)."""
    pieces: list[bytes] = []
    held: list[str] = []
    size = 0
    anchors: set[str] = set()
    for part in parts:
        anchors |= anchor_ids(part)
        held.append(part)
        size += len(part)
        if size >= _PIECE:
            pieces.append("".join(held).encode("utf-8", errors="xmlcharrefreplace"))
            held, size = [], 0
    if held:
        pieces.append("".join(held).encode("utf-8", errors="xmlcharrefreplace"))
    return pieces, anchors


#: The library's entries as rendered, by key, each with what it was rendered from: kept between
#: builds under ``make serve``, where an entry edited changes one entry of thousands.
RenderedEntries = dict[str, tuple[tuple[object, ...], str]]


def library_markdown(
    bibliography: Bibliography, index: CitationIndex, study_designs: list[str], library: File,
    keywords: Callable[[Reference], str] = reference_keywords, kept: RenderedEntries | None = None,
) -> LibraryListing:
    """The library's sections (Markdown headings, HTML lists), by study design; ``keywords``
    gives a reference's search keywords (``search_text.reference_keywords``); ``kept``, the
    entries rendered by the build before, which it updates."""
    entries: dict[str, list[str]] = {design: [] for design in study_designs}
    other: list[str] = []
    citing = index.citing_posts()
    formatted = {key: bibliography.reference(key) for key in citing}
    for key in sorted(citing, key=lambda k: sort_key(formatted[k].reference)):
        entries.get(formatted[key].study_design, other).append(key)
    sections = [(design, keys) for design, keys in entries.items() if keys]
    if other:
        sections.append(("Other sources", other))

    def entry(key: str) -> LibraryEntry:  # one at a time, as its list is rendered
        return LibraryEntry(
            anchor=reference_anchor(key),
            reference=formatted[key],
            cited_in=[
                {"title": post.title, "date": post.date_text, "href": get_relative_url(post.url, library.url)}
                for post in citing[key]
            ],
            files=[
                {"href": get_relative_url(uri, library.url), "filename": posixpath.basename(uri),
                 "type": REFERENCE_FILE_KINDS[kind][1], "label": REFERENCE_FILE_KINDS[kind][0]}
                for kind, uri in reference_file_uris(library.src_uri, key).items()
            ],
            search=folded(" ".join([
                formatted[key].text,
                *(link.label for link in formatted[key].links),
                keywords(formatted[key].reference),
                *(post.title for post in citing[key]),
            ])),
            author_key=sort_key(formatted[key].reference)[0],
            year=year_text(formatted[key].reference.issued)[:4],
        )

    downloads = [
        {"href": get_relative_url(uri, library.url), "filename": f"back-blog-library.{kind}",
         "type": DOWNLOAD_KINDS[kind][1], "label": DOWNLOAD_KINDS[kind][0]}
        for kind, uri in download_uris(library).items()
    ]
    lists: dict[str, list[bytes]] = {}
    anchors: set[str] = set()
    opening, entry_html, closing = (macro("library_list.html", part) for part in ("opening", "entry", "closing"))

    def entry_part(key: str, design: str) -> str:
        if kept is None:
            return str(entry_html(entry(key), design))
        made_from = (entry_html, formatted[key], design, library.url, tuple(citing[key]))
        found = kept.get(key)
        if found is None or found[0] != made_from:  # another template, reference or citing posts
            kept[key] = (made_from, str(entry_html(entry(key), design)))
        return kept[key][1]

    if kept is not None:
        for key in set(kept) - set(citing):
            del kept[key]
    for n, (design, keys) in enumerate(sections):
        parts = itertools.chain([opening()], (entry_part(key, design) for key in keys), [closing()])
        lists[_LIST_PLACEHOLDER.format(n)], found = encoded_list(parts)
        anchors |= found
    markdown = render(
        "library.md", sections=sections, total=sum(len(keys) for _, keys in sections), downloads=downloads,
        lists=[Markup(placeholder) for placeholder in lists],
    )
    return LibraryListing(markdown, lists, frozenset(anchors))


def with_lists(html: str, lists: dict[str, list[bytes]], where: str) -> list[str | bytes]:
    """``html`` in pieces, with the lists of a :class:`LibraryListing` in the places of
    their comments, each of which must be there once (``where``: what ``html`` is, for the error)."""
    pieces: list[str | bytes] = []
    position = 0
    found: list[str] = []
    for match in _LIST_PLACEHOLDER_RE.finditer(html):
        if match.group() in lists:
            pieces += [html[position:match.start()], *lists[match.group()]]
            found.append(match.group())
            position = match.end()
    if sorted(found) != sorted(lists):
        raise PluginError(
            f"{where}: the library's listing did not come through as Markdown: write {MARKER} on a line "
            "of its own, outside code blocks and HTML"
        )
    pieces.append(html[position:])
    return pieces

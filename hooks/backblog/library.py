"""The knowledge base across posts: who cites what, the reference library, downloads.

A :class:`CitationIndex` is filled as each post is rendered; the library page
is rendered after every post (the hook moves it last), so it sees them all.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from pybtex.database import Entry

from .references import FormattedReference, VancouverRegistry, reference_anchor
from .rendering import render
from .style import field_text, format_person, publication_year

MARKER = "<!-- reference-library -->"
DOWNLOAD_NAME = "references"



def download_uris(page_url: str) -> dict[str, str]:
    """The ``.bib`` and ``.ris`` files beside a page (``blog/2025/06/02/x/``), site-relative."""
    folder = page_url.strip("/")
    return {
        kind: posixpath.join(folder, f"{DOWNLOAD_NAME}.{kind}") if folder else f"{DOWNLOAD_NAME}.{kind}"
        for kind in ("bib", "ris")
    }


def post_links(post: File, library_page: str) -> tuple[str, list[dict[str, str]]]:
    """From a post's source: the link to the library page, and its downloads' links.

    Written relative to the post's source file, as in Markdown, so that MkDocs
    checks them and turns them into URLs.
    """
    folder = posixpath.dirname(post.src_uri)
    library = posixpath.relpath(library_page, folder)
    stem = post.url.strip("/").rsplit("/", 1)[-1] or "references"
    labels = {
        "bib": ("BibTeX (.bib)", "application/x-bibtex"),
        "ris": ("RIS (.ris)", "application/x-research-info-systems"),
    }
    downloads = [
        {
            "href": posixpath.relpath(uri, folder),
            "filename": f"{stem}.{kind}",
            "type": labels[kind][1],
            "label": labels[kind][0],
        }
        for kind, uri in download_uris(post.url).items()
    ]
    return library, downloads


@dataclass(frozen=True)
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

    def add(self, post: CitingPost, keys: Iterable[str]) -> None:
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


def sort_key(entry: Entry) -> tuple[str, str, str]:
    """First author (or editor, else title), then year, then title: the library's order."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    first = format_person(people[0]) if people else field_text(entry, "title")
    return first.casefold(), publication_year(entry), field_text(entry, "title").casefold()


@dataclass(frozen=True)
class LibraryEntry:
    anchor: str
    reference: FormattedReference
    cited_in: list[dict[str, str]]


def library_markdown(
    registry: VancouverRegistry, index: CitationIndex, study_designs: list[str], library_url: str
) -> str:
    """The library's sections (Markdown headings, HTML lists), by study design."""
    entries: dict[str, list[LibraryEntry]] = {design: [] for design in study_designs}
    other: list[LibraryEntry] = []
    citing = index.citing_posts()
    for key in sorted(citing, key=lambda k: sort_key(registry.bib_data.entries[k])):
        entry = registry.bib_data.entries[key]
        reference = registry.reference(key)
        item = LibraryEntry(
            anchor=reference_anchor(key),
            reference=reference,
            cited_in=[
                {"title": post.title, "date": post.date_text, "href": get_relative_url(post.url, library_url)}
                for post in citing[key]
            ],
        )
        design = entry.fields.get("studydesign", "")
        entries.get(design, other).append(item)
    sections = [(design, items) for design, items in entries.items() if items]
    if other:
        sections.append(("Other sources", other))
    downloads = {kind: get_relative_url(uri, library_url) for kind, uri in download_uris(library_url).items()}
    return render("library.md",
        sections=sections, total=sum(len(items) for _, items in sections), downloads=downloads
    )

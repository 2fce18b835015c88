"""The knowledge base of one build: the library page, downloads, "Cite this post", head metadata.

Filled as the build goes: the posts and their download files once the
blog's posts have their URLs (``on_nav``), each post's citations as it is
rendered, and the library page and the downloads' contents once every page
is known (``on_env``).
"""

from __future__ import annotations

import operator
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import material_blog, material_search, source_repository
from .bibtex_export import bibtex_file, entry_bibtex
from .feeds import PostDates, as_utc, mend_feeds
from .latest_posts import post_title
from .library import (
    MARKER,
    CitationIndex,
    CitingPost,
    LibraryListing,
    download_uris,
    library_markdown,
    post_links,
    post_reference_uris,
    with_lists,
)
from .metadata import csl_file, csl_item
from .model import Reference
from .page_writing import write_in_pieces
from .post_metadata import cite_this_post_markdown, head_metadata, post_reference
from .reference_files import REFERENCE_FILE_KINDS, MadeOnWrite, made, reference_file_uris
from .references import PerReference, reference_anchor
from .ris_export import entry_ris, ris_file
from .search_text import ascii_text, entry_keywords, reference_hit, reference_keywords, result_title

if TYPE_CHECKING:
    from .build import SiteBuild


class KnowledgeBase:
    def __init__(self, build: SiteBuild) -> None:
        self.build = build
        self.index = CitationIndex()
        self.library: File | None = None
        self.library_page: Page | None = None
        self.library_source: str | None = None
        #: The library's listing as rendered, until its lists are put in the page as it is written.
        self.library_listing: LibraryListing | None = None
        #: page source URI -> {"bib": File, "ris": File}
        self.downloads: dict[str, dict[str, File]] = {}
        self.links: dict[str, tuple[str, list[dict[str, str]]]] = {}
        #: post source URI -> its own reference
        self.post_references: dict[str, Reference] = {}
        #: post source URI -> {"ris": File, "bib": File} of its own reference
        self.post_reference_files: dict[str, dict[str, File]] = {}
        #: bibliography key -> {"ris": File, "bib": File}: each reference alone
        self.reference_files: dict[str, dict[str, File]] = {}
        #: Each reference's search keywords, and its item in the CSL-JSON downloads (a build
        #: lets the items go once its downloads are written: page_written; serve keeps them).
        self.keywords, self.csl_items = PerReference(reference_keywords), PerReference(csl_item)
        material_search.check_fields(build.config)

    def prepare(self, files: Files) -> None:
        """The library page, each post's links and the download files (post URLs are final).

        A site without a blog has no knowledge base: its pages only cite.
        """
        if material_blog.blog_plugin(self.build.config) is None:
            return
        page = self.build.settings.library_page
        self.library = files.get_file_from_path(page)
        if self.library is None:
            raise PluginError(f"docs/{page}: the reference library page is missing (extra.backblog.library_page)")
        posts = [post.file for post in material_blog.published_posts(self.build.config)]
        for post in posts:
            self.links[post.src_uri] = post_links(post, page)
        for file in [self.library, *posts]:
            generated = self._generate(files, download_uris(file))
            if generated is not None:
                self.downloads[file.src_uri] = generated
        for post in posts:
            generated = self._generate(files, post_reference_uris(post))
            if generated is not None:
                self.post_reference_files[post.src_uri] = generated
        # Every entry may be cited: each gets its files now, so that the posts'
        # links to them are checked; those of entries no post cites are
        # dropped once every post is known (finish).
        for key in self.build.bibliography.keys:
            generated = self._generate(files, reference_file_uris(page, key))
            if generated is not None:
                self.reference_files[key] = generated

    def _generate(self, files: Files, uris: dict[str, str]) -> dict[str, File] | None:
        """Empty files at ``uris`` (kind -> site path), added to ``files``; None if one is taken
        (two posts at one URL: reported in on_nav)."""
        if any(files.get_file_from_path(uri) for uri in uris.values()):
            return None
        generated = {kind: MadeOnWrite.generated(self.build.config, uri, content="") for kind, uri in uris.items()}
        for file in generated.values():
            files.append(file)
        return generated

    def post_links(self, post: File) -> tuple[str | None, list[dict[str, str]]]:
        return self.links.get(post.src_uri, (None, []))

    def page_markdown(self, markdown: str, page: Page) -> str:
        """A post gets "Cite this post"; the library page is kept for :meth:`finish`; a link
        to the source repository goes where a page asks for it (``source_repository.py``)."""
        if source_repository.MARKER in markdown:
            url = source_repository.repository_url(self.build.config.repo_url, os.environ)
            markdown = markdown.replace(source_repository.MARKER, source_repository.repository_markdown(url))
        if self.library is not None and page.file.src_uri == self.library.src_uri:
            self.library_page, self.library_source = page, markdown
            return markdown
        if not material_blog.is_post(page.file, self.build.config):
            return markdown
        options = self.build.settings
        names = material_blog.author_names(self.build.config)
        folder = page.file.dest_uri.rsplit("/", 1)[0] if "/" in page.file.dest_uri else page.file.name
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text(folder.rsplit("/", 1)[-1]).lower()).strip("-")
        reference = self.post_references[page.file.src_uri] = post_reference(
            slug=slug,
            title=post_title(markdown, page.meta, page.file.src_uri),
            authors=[names.get(author, author) for author in page.meta.get("authors", [])],
            published=material_blog.day(page.meta["date"]["created"]),
            url=page.canonical_url or page.file.url,
            blog_title=options.blog_title,
            publisher=options.publisher,
        )
        files = [
            {
                "href": posixpath.basename(file.dest_uri),
                "filename": f"{reference.key}.{kind}",
                "type": REFERENCE_FILE_KINDS[kind][1],
                "label": f"{REFERENCE_FILE_KINDS[kind][0]} (.{kind})",
            }
            for kind, file in self.post_reference_files.get(page.file.src_uri, {}).items()
        ]
        return markdown.rstrip("\n") + "\n\n" + cite_this_post_markdown(reference, files) + "\n"

    def page_content(self, page: Page) -> None:
        """A rendered post: which references it cites, for the library."""
        reference = self.post_references.get(page.file.src_uri)
        if reference is None:
            return
        cited = self.build.cited.get(self.build.editor_path(page.file))
        published = material_blog.day(page.meta["date"]["created"])
        self.index.add(CitingPost(reference.title, published, page.file.url), cited.keys if cited else [])

    def page_context(self, page: Page) -> None:
        """The page in the search index (other spellings, one hit per reference); a post's
        head: its Highwire ``citation_*`` tags, Open Graph and JSON-LD."""
        self.index_for_search(page)
        reference = self.post_references.get(page.file.src_uri)
        if reference is None:
            return
        cited = self.build.cited.get(self.build.editor_path(page.file))
        formatted = [self.build.bibliography.reference(key) for key in (cited.keys if cited else [])]
        page.meta["backblog_head"] = head_metadata(
            reference,
            page.meta.get("description", ""),
            [f.reference for f in formatted],
            [f.highwire for f in formatted],
        )

    def index_for_search(self, page: Page) -> None:
        """What search finds on the page beyond its text (``search_text.py``): other
        spellings of its words, and each reference it lists as a hit of its own."""
        config = self.build.config
        entries = material_search.page_entries(config, page)
        if entries is None:
            return
        for entry in entries:
            keywords = entry_keywords(str(entry.get("title", "")), str(entry.get("text", "")))
            if keywords:
                entry[material_search.KEYWORDS_FIELD] = keywords
        bibliography = self.build.bibliography
        if self.library is not None and page.file.src_uri == self.library.src_uri:
            listed = [("", key) for key in self.index.keys()]  # noqa: SIM118 (not a dict)
        else:
            cited = self.build.cited.get(self.build.editor_path(page.file))
            listed = [(f"Reference {n}: ", key) for n, key in enumerate(cited.keys if cited else [], 1)]
        hits = []
        for prefix, key in listed:
            formatted = bibliography.reference(key)
            hit = reference_hit(
                f"{page.url}#{reference_anchor(key)}", prefix + result_title(formatted.reference), formatted.text,
                [link.label for link in formatted.links], self.keywords(formatted.reference),
            )
            hits.append(hit.as_entry())
        material_search.add_entries(config, hits)

    def finish(self, files: Files) -> None:
        """Every page is known: render the library page and write the downloads."""
        self.render_library(files)
        self.make_downloads(files)
        cited_keys = set(self.index.keys())
        for key, generated in self.reference_files.items():
            if key not in cited_keys:
                for file in generated.values():
                    files.remove(file)

    def render_library(self, files: Files) -> None:
        """The library page's listing, from the citations and entries as they are now."""
        if self.library_page is not None and self.library is not None:
            page = self.library_page
            assert self.library_source is not None
            build = self.build
            listing = library_markdown(
                build.bibliography, self.index, build.settings.study_designs, self.library, self.keywords,
                build.caches.library_entries,
            )
            page.markdown = self.library_source.replace(MARKER, listing.markdown)
            self.build.begin_page(page)
            page.render(self.build.config, files)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | listing.anchor_ids()
            page.markdown = self.library_source  # its Markdown, without the listing
            self.library_listing = listing

    def make_downloads(self, files: Files) -> None:
        """What each download file will hold when written, from the citations and entries as they are now."""
        bibliography = self.build.bibliography
        cited = {post.url: keys for post, keys in self.index.posts}
        for src_uri, generated in self.downloads.items():
            file = files.get_file_from_path(src_uri)
            if file is None:
                continue
            keys = self.index.keys() if file is self.library else cited.get(file.url, [])
            references = [bibliography.reference(key) for key in keys]
            made(generated["bib"], _file(bibtex_file, operator.attrgetter("bibtex"), references))
            made(generated["ris"], _file(ris_file, operator.attrgetter("ris"), references))
            made(generated["json"], _file(csl_file, lambda formatted: self.csl_items(formatted.reference), references))
        for src_uri, generated in self.post_reference_files.items():
            reference = self.post_references.get(src_uri)
            if reference is not None:
                made(generated["ris"], _file(iter, entry_ris, [reference]))
                made(generated["bib"], _file(iter, entry_bibtex, [reference]))
        for key in self.index.keys():  # noqa: SIM118 (not a dict)
            own = self.reference_files.get(key)
            if own is not None:
                formatted = bibliography.reference(key)
                own["ris"].content_string = formatted.ris  # held by the bibliography anyway
                own["bib"].content_string = formatted.bibtex

    def downloads_of(self, pages: list[Page], keys: set[str]) -> list[File]:
        """``make serve``: the download files that show these pages' citations or the entries
        ``keys``: each page's and the library's, and each of these entries' own."""
        found = [file for page in pages for file in self.downloads.get(page.file.src_uri, {}).values()]
        if self.library is not None:
            found += self.downloads.get(self.library.src_uri, {}).values()
        return found + [file for key in keys for file in self.reference_files.get(key, {}).values()]

    def library_markdown(self) -> str | None:
        """The library page's Markdown with its listing, from its rendering until it is written."""
        if self.library_source is None or self.library_listing is None:
            return None
        return self.library_source.replace(MARKER, self.library_listing.whole())

    def page_written(self, page: Page, output: str) -> str:
        """A page is about to be written: what only its template read goes (MkDocs keeps
        every page to the end of the build: a thousand posts' HTML and head metadata). The
        library page, its lists in their places, is written here in pieces (``page_writing.py``)."""
        page.meta.pop("backblog_head", None)
        page.content = None
        if not self.build.caches.serving:  # MkDocs writes a build's downloads before its pages
            self.csl_items.clear()  # (``make serve``'s follow-ups write them after, and reuse them)
        if page is self.library_page and self.library_listing is not None:
            lists, self.library_listing = self.library_listing.lists, None  # rendered again for each build of it
            pieces = with_lists(output, lists, f"docs/{page.file.src_uri}")
            return write_in_pieces(page.file.src_uri, page.file.abs_dest_path, pieces)
        return output

    def post_build(self) -> None:
        """The site is written: mend the RSS plugin's feeds (``feeds.py``)."""
        config = self.build.config
        dates: dict[str, PostDates] = {}
        for post in material_blog.published_posts(config):
            when = post.meta.get("date")
            updated = when.get("updated") if isinstance(when, dict) else None
            url = urljoin(config.site_url or "", post.file.url)
            dates[url] = PostDates(as_utc(post.created), as_utc(updated) if updated else None)
        mend_feeds(config, dates)


def _file(
    join: Callable[[Iterable[str]], Iterator[str]], text: Callable[[Any], str], items: list[Any],
) -> Callable[[], Iterator[str]]:
    """A download's maker: ``join`` of each item's ``text``, in pieces, made again at each call."""
    return lambda: join(text(item) for item in items)

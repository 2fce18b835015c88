"""The knowledge base of one build: the library page, "Cite this post", head metadata, and
the downloads (``downloads.py``).

Filled as the build goes: the posts and their download files once the
blog's posts have their URLs (``on_nav``), each post's citations as it is
rendered, and the library page and the downloads' contents once every page
is known (``on_env``).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import material_blog, material_search, source_repository
from .downloads import Downloads
from .feeds import PostDates, as_utc, mend_feeds
from .latest_posts import post_title
from .library import (
    MARKER,
    CitationIndex,
    CitingPost,
    LibraryListing,
    library_markdown,
    post_links,
    with_lists,
)
from .model import Reference
from .page_writing import write_in_pieces
from .post_metadata import cite_this_post_markdown, head_metadata, post_reference
from .references import PerReference, reference_anchor
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
        self.downloads = Downloads(build)
        self.links: dict[str, tuple[str, list[dict[str, str]]]] = {}
        #: post source URI -> its own reference
        self.post_references: dict[str, Reference] = {}
        #: Each reference's search keywords.
        self.keywords = PerReference(reference_keywords)
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
        self.downloads.prepare(files, self.library, page, posts)

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
        files = self.downloads.post_files(page.file, reference.key)
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
        head: its Highwire ``citation_*`` tags, Open Graph and JSON-LD. MkDocs has written
        its files: the downloads are unpacked meanwhile."""
        self.downloads.pages_begin()
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
        self.downloads.drop_uncited(files, set(self.index.keys()))

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
        """What each download file will hold when written (``downloads.py``)."""
        self.downloads.make(files, self.index, self.library, self.post_references)

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
        self.downloads.page_written()
        if page is self.library_page and self.library_listing is not None:
            lists, self.library_listing = self.library_listing.lists, None  # rendered again for each build of it
            pieces = with_lists(output, lists, f"docs/{page.file.src_uri}")
            return write_in_pieces(page.file.src_uri, page.file.abs_dest_path, pieces)
        return output

    def post_build(self) -> None:
        """The pages are written: the downloads too, and the RSS plugin's feeds are mended (``feeds.py``)."""
        self.downloads.finish()
        config = self.build.config
        dates: dict[str, PostDates] = {}
        for post in material_blog.published_posts(config):
            when = post.meta.get("date")
            updated = when.get("updated") if isinstance(when, dict) else None
            url = urljoin(config.site_url or "", post.file.url)
            dates[url] = PostDates(as_utc(post.created), as_utc(updated) if updated else None)
        mend_feeds(config, dates)


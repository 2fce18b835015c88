"""The download files of one build: each post's and the library's lists, each post's own
reference, each cited reference alone.

Made empty once the blog's posts have their URLs (``on_nav``), so that the
pages' links to them are checked; given their makers once every page is known
(``on_env``); written by MkDocs as it copies its files, through ``tar`` in a
build (``tar_writer.py``), in this process under ``serve``.
"""

from __future__ import annotations

import operator
import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .bibtex_export import bibtex_file, entry_bibtex
from .library import CitationIndex, download_uris, post_reference_uris
from .metadata import csl_file, csl_item
from .model import Reference
from .reference_files import REFERENCE_FILE_KINDS, MadeOnWrite, made, reference_file_uris
from .references import PerReference
from .ris_export import entry_ris, ris_file
from .tar_writer import TarWriter

if TYPE_CHECKING:
    from .build import SiteBuild


class Downloads:
    """The build's download files, from their making to their writing."""

    def __init__(self, build: SiteBuild) -> None:
        self.build = build
        #: page source URI -> {"bib": File, "ris": File, "json": File}: its list (a post's, the library's)
        self.of_page: dict[str, dict[str, File]] = {}
        #: post source URI -> {"ris": File, "bib": File} of its own reference
        self.post_reference_files: dict[str, dict[str, File]] = {}
        #: bibliography key -> {"ris": File, "bib": File}: each reference alone
        self.reference_files: dict[str, dict[str, File]] = {}
        #: Each reference's item in the CSL-JSON downloads (a build lets them go once its
        #: downloads are written: :meth:`page_written`; serve keeps them).
        self.csl_items = PerReference(csl_item)
        #: A build's files go to ``tar``; ``serve`` writes its own, at once (its follow-ups
        #: write a few, and the page that links them waits for them).
        self.writer = None if build.caches.serving else TarWriter.for_build(build.config.site_dir)

    def prepare(self, files: Files, library: File, library_page: str, posts: list[File]) -> None:
        """Every file, empty, in ``files``: the library's and each post's lists, each post's
        own reference, and each entry's own, since any may be cited (those no post cites are
        dropped once every post is known: :meth:`drop_uncited`)."""
        for file in [library, *posts]:
            generated = self._generate(files, download_uris(file))
            if generated is not None:
                self.of_page[file.src_uri] = generated
        for post in posts:
            generated = self._generate(files, post_reference_uris(post))
            if generated is not None:
                self.post_reference_files[post.src_uri] = generated
        for key in self.build.bibliography.keys:
            generated = self._generate(files, reference_file_uris(library_page, key))
            if generated is not None:
                self.reference_files[key] = generated

    def _generate(self, files: Files, uris: dict[str, str]) -> dict[str, File] | None:
        """Empty files at ``uris`` (kind -> site path), added to ``files``; None if one is taken
        (two posts at one URL: reported in on_nav)."""
        if any(files.get_file_from_path(uri) for uri in uris.values()):
            return None
        generated = {kind: MadeOnWrite.generated(self.build.config, uri, content="") for kind, uri in uris.items()}
        for file in generated.values():
            assert isinstance(file, MadeOnWrite)
            file.writer = self.writer
            files.append(file)
        return generated

    def post_files(self, post: File, key: str) -> list[dict[str, str]]:
        """The links of "Cite this post" to the post's own files, named after its ``key``."""
        return [
            {
                "href": posixpath.basename(file.dest_uri),
                "filename": f"{key}.{kind}",
                "type": REFERENCE_FILE_KINDS[kind][1],
                "label": f"{REFERENCE_FILE_KINDS[kind][0]} (.{kind})",
            }
            for kind, file in self.post_reference_files.get(post.src_uri, {}).items()
        ]

    def drop_uncited(self, files: Files, cited: set[str]) -> None:
        """The files of entries no post cites leave the site."""
        for key, generated in self.reference_files.items():
            if key not in cited:
                for file in generated.values():
                    files.remove(file)

    def make(
        self, files: Files, index: CitationIndex, library: File | None, post_references: dict[str, Reference]
    ) -> None:
        """What each file will hold when written, from the citations and entries as they are now."""
        bibliography = self.build.bibliography
        cited = {post.url: keys for post, keys in index.posts}
        for src_uri, generated in self.of_page.items():
            file = files.get_file_from_path(src_uri)
            if file is None:
                continue
            keys = index.keys() if file is library else cited.get(file.url, [])
            references = [bibliography.reference(key) for key in keys]
            made(generated["bib"], _file(bibtex_file, operator.attrgetter("bibtex"), references))
            made(generated["ris"], _file(ris_file, operator.attrgetter("ris"), references))
            made(generated["json"], _file(csl_file, lambda formatted: self.csl_items(formatted.reference), references))
        for src_uri, generated in self.post_reference_files.items():
            reference = post_references.get(src_uri)
            if reference is not None:
                made(generated["ris"], _file(iter, entry_ris, [reference]))
                made(generated["bib"], _file(iter, entry_bibtex, [reference]))
        for key in index.keys():  # noqa: SIM118 (not a dict)
            own = self.reference_files.get(key)
            if own is not None:
                formatted = bibliography.reference(key)
                own["ris"].content_string = formatted.ris  # held by the bibliography anyway
                own["bib"].content_string = formatted.bibtex

    def of(self, pages: list[Page], keys: set[str], library: File | None) -> list[File]:
        """``make serve``: the files that show these pages' citations or the entries ``keys``:
        each page's and the library's, and each of these entries' own."""
        found = [file for page in pages for file in self.of_page.get(page.file.src_uri, {}).values()]
        if library is not None:
            found += self.of_page.get(library.src_uri, {}).values()
        return found + [file for key in keys for file in self.reference_files.get(key, {}).values()]

    def pages_begin(self) -> None:
        """MkDocs has copied its files and builds the pages: ``tar`` unpacks the downloads."""
        if self.writer is not None:
            self.writer.start()

    def page_written(self) -> None:
        """A page is written: a build's downloads were made before it, so the CSL-JSON items go
        (``make serve``'s follow-ups write downloads after their pages, and reuse them)."""
        if not self.build.caches.serving:
            self.csl_items.clear()

    def finish(self) -> None:
        """The build's end: every download is written (``tar_writer.py``), else a PluginError."""
        if self.writer is not None:
            self.writer.finish()

    def abandon(self) -> None:
        """The build failed: nothing is left unpacking."""
        if self.writer is not None:
            self.writer.abandon()


def _file(
    join: Callable[[Iterable[str]], Iterator[str]], text: Callable[[Any], str], items: list[Any],
) -> Callable[[], Iterator[str]]:
    """A download's maker: ``join`` of each item's ``text``, in pieces, made again at each call."""
    return lambda: join(text(item) for item in items)

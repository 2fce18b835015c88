"""Each cited reference alone, as files a reader or a reference manager can take.

Every reference of the library has an RIS and a BibTeX file of its own, in
one folder beside the library page's source (``references/okeeffe2017.ris``),
linked from every list that shows it: a post's list and the library.  Pure
path arithmetic, shared by the Python that writes the files and the template
that links them (``templates/reference.html``).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator

from mkdocs.structure.files import File

from .tar_writer import TarWriter

#: One reference alone, for a reference manager: extension -> (link text, media type).
REFERENCE_FILE_KINDS = {
    "ris": ("RIS", "application/x-research-info-systems"),
    "bib": ("BibTeX", "application/x-bibtex"),
}
#: The folder of the single references' files, beside the library page's source.
REFERENCE_FILES_DIR = "references"
_FILE_NAME_UNSAFE_RE = re.compile(r"[^a-z0-9_-]")


def reference_file_stem(key: str) -> str:
    """A key as a file name and URL segment: lower case, any other character as ``~`` and
    its code point (``Zotero:key.2024`` -> ``zotero~3akey~2e2024``).  Keys are unique
    regardless of case, so stems are unique; ``:`` would make a relative link a scheme."""
    return _FILE_NAME_UNSAFE_RE.sub(lambda m: f"~{ord(m.group()):x}", key.lower())


def reference_file_uris(library_page: str, key: str) -> dict[str, str]:
    """The single reference's files, as site-relative paths: ``references/okeeffe2017.ris``."""
    folder = posixpath.join(posixpath.dirname(library_page), REFERENCE_FILES_DIR)
    return {kind: posixpath.join(folder, f"{reference_file_stem(key)}.{kind}") for kind in REFERENCE_FILE_KINDS}


def reference_file_links(library_href: str | None, key: str) -> list[dict[str, str]]:
    """Links to a reference's own files from a post, given its link to the library page.

    ``library_href`` is relative to the post's source (``../../library.md#ref-x``),
    as Markdown links are, so that MkDocs checks the files' links and turns them
    into URLs; the files sit beside the library page's source. None (a page
    outside the blog) gives no links.
    """
    if library_href is None:
        return []
    folder = posixpath.dirname(library_href.split("#", 1)[0])
    return [
        {
            "href": posixpath.join(folder, REFERENCE_FILES_DIR, f"{reference_file_stem(key)}.{kind}"),
            "filename": f"{reference_file_stem(key)}.{kind}",
            "type": media_type,
            "label": label,
        }
        for kind, (label, media_type) in REFERENCE_FILE_KINDS.items()
    ]




class MadeOnWrite(File):
    """A generated file whose text is made when MkDocs writes it, and not kept.

    MkDocs writes generated files (``File.copy_file``) before it builds the
    pages, then keeps every file to the end of the build.  A site's downloads
    (each post's lists, the library's, each reference's own files) would keep
    their whole text through the page builds, a tenth of a build's memory; a
    maker keeps only what it joins (formatted entries the build holds anyway).
    It gives the text in pieces, and :meth:`copy_file` writes them as they come:
    the library's three files at a thousand posts are 4 to 8 MB each, which
    MkDocs would hold whole, as text and again encoded.  ``content_string``
    reads ``_content``, the pieces joined.
    """

    #: Where a build's file goes to be written (``tar_writer.py``); None: written here.
    writer: TarWriter | None = None

    def make_with(self, maker: Callable[[], Iterable[str]]) -> None:
        self._maker: Callable[[], Iterable[str]] | None = maker
        self.abs_src_path = None

    @property
    def _content(self) -> str | bytes | None:
        maker = self.__dict__.get("_maker")
        return "".join(maker()) if maker is not None else self.__dict__.get("_stored")

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self.__dict__["_maker"] = None
        self.__dict__["_stored"] = value

    def copy_file(self, dirty: bool = False) -> None:
        """As ``File.copy_file`` writes a text (always: it is never unmodified), piece by piece,
        or hands it to the build's ``tar`` (:attr:`writer`)."""
        maker, stored = self.__dict__.get("_maker"), self.__dict__.get("_stored")
        if self.writer is not None and maker is not None:
            self.writer.add(self.dest_uri, maker())
            return
        if self.writer is not None and isinstance(stored, str):
            self.writer.add(self.dest_uri, [stored])
            return
        if maker is None:
            super().copy_file(dirty)
            return
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "w", encoding="utf-8") as output:
            for piece in maker():
                output.write(piece)


def made(file: File, maker: Callable[[], Iterable[str]]) -> None:
    """``file``'s text, made in pieces when MkDocs writes it (:class:`MadeOnWrite`)."""
    assert isinstance(file, MadeOnWrite)
    file.make_with(maker)


def interleaved(separator: str, texts: Iterable[str]) -> Iterator[str]:
    """``separator.join(texts)``, in pieces."""
    for number, text in enumerate(texts):
        if number:
            yield separator
        yield text

"""A page written in pieces, for a page too large to be held whole (the library's).

MkDocs 1.6.1's ``_build_page`` (ProperDocs' too) writes the one string that
``on_post_page`` returns, encoded whole: at a thousand posts the library page is
7 MB of HTML, held as text (2 bytes a character: its names have letters beyond
Latin-1), joined from its lists and encoded at once, the build's peak memory.
What this relies on, tested by name in ``tests/test_build_cost.py`` and, for both
MkDocs and ProperDocs, by ``tests/test_real_site.py``'s builds:

1. ``WRITE``: ``_build_page`` writes ``output.encode("utf-8",
   errors="xmlcharrefreplace")`` to ``page.file.abs_dest_path``, creating its
   folder, unless ``output`` is blank;
2. ``SKIPPED``: for a blank output it writes nothing and logs, at INFO, on its
   module's logger (``mkdocs.commands.build``, ``properdocs.commands.build``),
   ``Page skipped: '<src_uri>'. Generated empty output.``

So :func:`write_in_pieces` writes such a page as ``_build_page`` would, piece by
piece, and ``on_post_page`` returns an empty output; the notice is dropped for
that page alone, once (:class:`_WrittenHere`): the page was not skipped.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

#: The loggers of ``_build_page``'s module, in MkDocs and in ProperDocs (``SKIPPED``).
BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")
#: How much of a piece is encoded at a time: a list of the library is megabytes.
_SLICE = 1 << 18


class _WrittenHere(logging.Filter):
    """Drops ``_build_page``'s "Page skipped" notice, once, for each page written here."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.pages or record.levelno != logging.INFO:
            return True
        message = record.getMessage()
        written = next((src_uri for src_uri in self.pages if message == _skipped_notice(src_uri)), None)
        if written is None:
            return True
        self.pages.discard(written)
        return False


def _skipped_notice(src_uri: str) -> str:
    return f"Page skipped: '{src_uri}'. Generated empty output."


_WRITTEN_HERE = _WrittenHere()
for _name in BUILD_LOGGERS:
    logging.getLogger(_name).addFilter(_WRITTEN_HERE)


def write_in_pieces(src_uri: str, path: str, pieces: Iterable[str | bytes]) -> str:
    """Write a page's HTML, given in pieces (text, or text already encoded), as
    ``_build_page`` writes it (``WRITE``); the output for ``on_post_page`` to return:
    empty, so that ``_build_page`` writes nothing."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as output:
        for piece in pieces:
            if isinstance(piece, bytes):
                output.write(piece)
                continue
            for start in range(0, len(piece), _SLICE):
                output.write(piece[start:start + _SLICE].encode("utf-8", errors="xmlcharrefreplace"))
    _WRITTEN_HERE.pages.add(src_uri)
    return ""

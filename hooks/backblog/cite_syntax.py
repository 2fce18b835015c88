"""The citation syntax editors write, Pandoc's: ``[@key]``, ``[@a; @b]``,
``[@key, p. 12]``, ``[see @key, p. 5; also @other]``, ``[-@key]``, and in the
running text ``@key`` and ``@key [p. 5]``.

This module only parses the text *inside* one pair of brackets; finding the
brackets in a page is the Markdown extension's job (``citation_markdown``), so
that code spans and fenced code are never looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_RE = re.compile(r"[\w][\w:.\-]*")
# An item: a prefix (any text), "-" to leave out the author (Pandoc), "@" and the
# key (or "@{key}" for a key with other characters), then the rest.
_ITEM_RE = re.compile(
    r"\s*(?P<prefix>(?:[^@]*?(?<![\w@]))?)(?P<suppress>-?)@(?P<key>\{[^{}]+\}|[\w][\w:.\-]*)(?P<rest>.*)\Z",
    re.DOTALL,
)


class CitationSyntaxError(ValueError):
    """A bracket that starts like a citation but cannot be read as one."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited key, with an optional locator such as ``p. 12``."""

    key: str
    locator: str = ""
    line: int | None = field(default=None, compare=False)
    """The line of the page's source the key is written on, where known."""
    prefix: str = ""
    """Text before the key (``see``), printed before its number."""


def parse_citation_group(body: str) -> list[Citation]:
    """Parse the inside of ``[...]`` into its citations, in the order written.

    ``body`` is the text between the brackets, for instance
    ``"@okeeffe2017; @toomey2015, p. 270"``.  Items are separated by ``;``; an
    item is ``@key`` with, optionally, text before it (``see @key``), a ``-``
    (``-@key``: a numbered citation prints no author anyway) and ``, locator``
    or suffix after it.  Raises :class:`CitationSyntaxError` with a message an
    editor can act on.
    """
    if body.strip() in ("", "@"):
        raise CitationSyntaxError("empty citation: write a key after '@', for example [@smith2020]")
    citations: list[Citation] = []
    for item in body.split(";"):
        if not item.strip():
            raise CitationSyntaxError(
                f"empty item in [{body}]: separate keys with '; ', for example [@a; @b]"
            )
        match = _ITEM_RE.match(item)
        if match is None:
            raise CitationSyntaxError(
                f"cannot read '{item.strip()}' in [{body}]: every item starts with '@' and a key, "
                "for example [@smith2020] or [@smith2020, p. 12]"
            )
        written = match["key"]
        key = written[1:-1].strip() if written.startswith("{") else written.rstrip(".:")
        rest = ("" if written.startswith("{") else written[len(key):]) + match["rest"]
        locator = ""
        if rest.strip():
            if not rest.lstrip().startswith(","):
                raise CitationSyntaxError(
                    f"unexpected text '{rest.strip()}' after @{key} in [{body}]: "
                    "a page or other locator follows a comma, for example [@smith2020, p. 12]"
                )
            locator = " ".join(rest.lstrip()[1:].split())
            if not locator:
                raise CitationSyntaxError(
                    f"nothing after the comma following @{key} in [{body}]: "
                    "remove the comma or add a locator such as 'p. 12'"
                )
        citations.append(Citation(key=key, locator=locator, prefix=" ".join(match["prefix"].split())))
    return citations


def is_valid_key(key: str) -> bool:
    """Whether ``key`` uses only the characters a citation key may contain."""
    return _KEY_RE.fullmatch(key) is not None

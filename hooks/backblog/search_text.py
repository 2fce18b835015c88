"""What search finds: other spellings of the words of a page, and each reference as a hit of its own.

The search index holds the text as readers see it: the house typography
(``O’Keeffe``, with U+2019), names with their accents (``Müller``), and a list
cut after six authors ("et al."). Readers type ``O'Keeffe`` with the
keyboard's apostrophe, ``Keeffe`` or ``Sullivan`` alone, ``Muller`` without the
umlaut, or the seventh author's name. Each entry of the index gets a
``keywords`` field (declared in ``mkdocs.yml``, indexed by Material's search
but never shown) holding those other spellings, and each reference of a
post's list or of the library is an entry of its own, at its anchor, so that a
hit leads to that reference and not to the whole list.

Pure functions of text and of the normalized :class:`~backblog.model.Reference`;
``material_search.py`` puts them into Material's index.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Reference
from .names import Name
from .vancouver_names import vancouver_name

#: Apostrophes a name may be written with: typewriter, typographic (U+2019), modifier letter.
APOSTROPHES = "'\u2019\u02bc"
# A word: letters, possibly joined by apostrophes ("O’Keeffe", "physiotherapist’s").
_WORD_RE = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)*")
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
# Letters that Unicode does not decompose into a letter and an accent.
_UNDECOMPOSED = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
})
# German's own way to write an umlaut without it: Müller is also Mueller.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
# The index's text is Material's: escaped text and a few kept tags (<p>, <code>, <li>...).
_TAG_RE = re.compile(r"<[^>]*>")


def without_accents(text: str) -> str:
    """``text`` with accents dropped (``Müller`` -> ``Muller``, ``Søren`` -> ``Soren``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def ascii_text(text: str) -> str:
    """``text`` with its accents dropped and other non-ASCII characters left out ("für" -> "fur")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def folded(text: str) -> str:
    """Text as the library's filter compares it: no accents, one apostrophe, lower case,
    spaces collapsed (``reading.js`` folds what the reader types the same way)."""
    return " ".join(_APOSTROPHE_RE.sub("'", without_accents(text)).lower().split())


def spellings(word: str) -> list[str]:
    """The ways a reader may type ``word``, itself first.

    ``O’Keeffe`` -> ``O’Keeffe``, ``O'Keeffe``, ``OKeeffe``, ``Keeffe``;
    ``Müller`` -> ``Müller``, ``Muller``, ``Mueller``. The part after an
    apostrophe counts only if it is a name of two letters or more
    (``Keeffe``, not the ``s`` of ``physiotherapist’s``).
    """
    found: dict[str, None] = {word: None}
    parts = _APOSTROPHE_RE.split(word)
    if len(parts) > 1:
        for apostrophe in APOSTROPHES:
            found[apostrophe.join(parts)] = None
        found["".join(parts)] = None
        found.update({part: None for part in parts[1:] if len(part) > 1})
    for spelling in list(found):
        found[without_accents(spelling)] = None
        if spelling.translate(_UMLAUTS) != spelling:
            found[without_accents(spelling.translate(_UMLAUTS))] = None
    return list(found)


def other_spellings(words: Iterable[str]) -> list[str]:
    """Every other spelling of the words that have one (an apostrophe, an accent), once each."""
    seen: dict[str, None] = {}
    for word in words:
        if _APOSTROPHE_RE.search(word) or not word.isascii():
            seen.update(dict.fromkeys(spellings(word)[1:]))
    return list(seen)


def words_of(index_text: str) -> list[str]:
    """The words of a search index entry's text (Material's escaped text with kept tags)."""
    return _WORD_RE.findall(html.unescape(_TAG_RE.sub(" ", index_text)))


def name_words(name: Name) -> list[str]:
    """The words of a name as readers type them: family name with its particle, given names."""
    text = name.literal or " ".join(part for part in (name.particle, name.family, name.given, name.suffix) if part)
    return _WORD_RE.findall(text)


def reference_keywords(reference: Reference) -> str:
    """What finds a reference besides its text: every author and editor (those "et al."
    hides too) in every spelling, and the other spellings of its title's words."""
    words: dict[str, None] = {}
    for name in [*reference.author, *reference.editor]:
        for word in name_words(name):
            words.update(dict.fromkeys(spellings(word)))
    words.update(dict.fromkeys(other_spellings(_WORD_RE.findall(reference.title))))
    return " ".join(words)


def entry_keywords(title: str, text: str) -> str:
    """The ``keywords`` of a page's index entry: the other spellings of its words."""
    return " ".join(other_spellings([*words_of(title), *words_of(text)]))


def result_title(reference: Reference) -> str:
    """A reference's title in the results: its first author, "et al." if more ("O’Keeffe M et al.").

    No year: a title word weighs a thousand times a text word in Material's
    search, and a year would rank any reference of 2015 above the one whose
    DOI (``10.1136/bjsports-2015-095410``) was typed.
    """
    people = reference.creators
    if not people.names:
        return reference.title
    return vancouver_name(people.names[0]) + (" et al." if len(people) > 1 else "")


@dataclass(frozen=True, slots=True)
class ReferenceHit:
    """One reference as an entry of the search index: where it is, what a result shows."""

    location: str
    title: str
    text: str
    keywords: str

    def as_entry(self) -> dict[str, str]:
        """The entry as Material's index has them (text HTML-escaped, as its parser does)."""
        return {
            "location": self.location,
            "title": html.escape(self.title, quote=False),
            "text": html.escape(self.text, quote=False),
            "keywords": self.keywords,
        }


def reference_hit(location: str, title: str, text: str, identifiers: Iterable[str], keywords: str) -> ReferenceHit:
    """A reference's entry: its formatted text and identifiers (``doi:10.…``, ``PMID: …``),
    and its :func:`reference_keywords`."""
    return ReferenceHit(location=location, title=title, text=" ".join([text, *identifiers]), keywords=keywords)

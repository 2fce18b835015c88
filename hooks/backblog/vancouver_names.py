"""How names are printed in the house style: ``Surname Initials``, six then "et al."

Rules quoted from REFERENCE-STYLE.md; reads the structured
:class:`~backblog.names.Name` parts of the normalized reference.
"""

from __future__ import annotations

import re

from pybtex.richtext import Text

from .model import Reference
from .names import Name, NameList
from .typography import sentence, typographic

MAX_LISTED_NAMES = 6
"""Up to six names are listed; with seven or more, the first six then "et al."."""

_VOWELS = set("AEIOUY")
_INITIALS_SPLIT_RE = re.compile(r"[\s.\-\u2010\u2011]+")


def initials(given_name: str) -> str:
    """Rule: "initials without periods or spaces (``Wilt TJ``, ``Lefevre-Colau MM``)".

    Each part of a given name gives its first letter, as a capital (an initial
    is one); parts are separated by spaces, periods and hyphens, so
    ``Marie-Martine``, ``M. M.``, ``M.M.`` and ``M.-M.`` all give ``MM``, and
    ``Wei-jie`` gives ``WJ``, as PubMed prints it.  A part of two capitals, or
    of three without a vowel (``TJ``, ``DSC``), is taken to be initials
    already and kept whole; a name written in capitals (``ANN``) gives its
    first letter.
    """
    letters = []
    for part in _INITIALS_SPLIT_RE.split(typographic(given_name)):
        if part.isalpha() and part.isupper() and (len(part) == 2 or (len(part) == 3 and not _VOWELS & set(part))):
            letters.append(part)
            continue
        letters.append(next((char for char in part if char.isalnum()), "").upper())
    return "".join(letters)


def vancouver_name(name: Name) -> str:
    """One name: rule "``Surname Initials``... particles and suffixes kept
    (``van Tulder MW``, ``Smith AB Jr``)".

    An organisation is printed as written.  Periods are dropped from a suffix
    (``Jr.`` → ``Jr``), as NLM prints it.
    """
    if name.is_organisation:
        return typographic(name.literal)
    surname = typographic(" ".join(part for part in (name.particle, name.family) if part))
    suffix = typographic(name.suffix).replace(".", "")
    return " ".join(part for part in (surname, initials(name.given), suffix) if part)


def name_list(names: NameList) -> str:
    """The names, separated by ``, ``.

    Rule: "Up to six names are listed; with seven or more, the first six then
    ``, et al.``"  A trailing BibTeX ``and others`` also gives ``, et al.``.
    """
    people = list(names)
    et_al = names.et_al or len(people) > MAX_LISTED_NAMES
    printed = [vancouver_name(name) for name in people[:MAX_LISTED_NAMES]]
    if et_al:
        printed.append("et al.")
    return ", ".join(printed)


def authors(names: NameList) -> Text | None:
    """Rule: "Authors... Separated by ``, ``... The list ends with ``. ``".

    A final period already there (``et al.``) is not doubled.
    """
    text = name_list(names)
    return sentence(text) if text else None


def editors(names: NameList) -> Text | None:
    """Rule: "Editors...: ``Surname AB, editor.`` or ``..., editors.``"."""
    text = name_list(names)
    if not text:
        return None
    return sentence(f"{text}, {'editors' if len(names) > 1 else 'editor'}")


def authors_or_editors(reference: Reference) -> Text | None:
    """Rule (book): "Editors in place of authors"."""
    return authors(reference.author) or editors(reference.editor)


def narrative_names(names: NameList) -> str:
    """Who wrote it, in the running text (Pandoc's ``@key``): ``Foster``, ``Foster and
    Smith``, ``Foster et al.``; an organisation as written."""
    people = [typographic(name.literal or " ".join(p for p in (name.particle, name.family) if p)) for name in names]
    if not people:
        return ""
    if len(names) > 2:
        return f"{people[0]} et al."
    return " and ".join(people)

"""Names of authors and editors, as structured parts (CSL's name model).

pybtex splits a BibTeX name into first, middle, "von", last and "Jr" parts;
:func:`read_name` turns them into a :class:`Name` whose parts are decoded
text: ``family``, ``given``, ``particle`` (CSL's non-dropping particle,
``van``), ``suffix``, or ``literal`` for an organisation, braced in BibTeX
and printed as written.  ``and others`` ends a list with "et al."
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pybtex.database import Person

from .latex import decode, is_fully_braced

#: Generational suffixes, as they come after a surname.
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


@dataclass(frozen=True, slots=True)
class Name:
    """One person or organisation."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def is_organisation(self) -> bool:
        return bool(self.literal)

    def inverted(self) -> str:
        """``Family, Given`` (``van Tulder, M. W.``, ``Smith, A. B., Jr.``), or the literal name."""
        if self.literal:
            return self.literal
        family = " ".join(part for part in (self.particle, self.family) if part)
        return ", ".join(part for part in (family, self.suffix, self.given) if part)

    def to_csl(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        parts = {
            "family": self.family,
            "given": self.given,
            "non-dropping-particle": self.particle,
            "suffix": self.suffix,
        }
        return {name: value for name, value in parts.items() if value}


@dataclass(frozen=True, slots=True)
class NameList:
    """The names of one role, in order; ``et_al`` when the list ends with ``and others``."""

    names: tuple[Name, ...] = ()
    et_al: bool = False

    def __bool__(self) -> bool:
        return bool(self.names) or self.et_al

    def __iter__(self) -> Iterator[Name]:
        return iter(self.names)

    def __len__(self) -> int:
        """How many people the list stands for ("and others" counts as one more)."""
        return len(self.names) + (1 if self.et_al else 0)


def _is_others(person: Person) -> bool:
    """Whether ``person`` is BibTeX's ``and others``, which stands for "et al.", or an
    ``and et al.`` typed for it (EndNote's export of a list it had cut short, even as ``et, a. l.``)."""
    given = person.first_names + person.middle_names
    written = {"".join(parts).replace(".", "").lower() for parts in (
        given + person.prelast_names + person.last_names + person.lineage_names,
        person.last_names + given,  # "et, a. l.": EndNote's "et al." read as Surname, Given
    )}
    return bool(written & {"others", "etal"})


def _is_organisation(person: Person) -> bool:
    """Rule: "A group author (braced in BibTeX) is printed as written"."""
    other_parts = person.first_names + person.middle_names + person.prelast_names + person.lineage_names
    return not other_parts and len(person.last_names) == 1 and is_fully_braced(person.last_names[0])


def _decoded(parts: Iterable[str]) -> str:
    return " ".join(text for text in (decode(part) for part in parts) if text)


def read_name(person: Person) -> Name:
    """A pybtex :class:`~pybtex.database.Person` as a :class:`Name` of decoded parts."""
    if _is_organisation(person):
        return Name(literal=decode(person.last_names[0]))
    last, lineage = list(person.last_names), list(person.lineage_names)
    if not lineage and len(last) > 1 and last[-1].rstrip(".") in _SUFFIXES:
        # "Harrell Jr, Frank E.": BibTeX wants "Harrell, Jr, Frank E.", and reads this "Jr" as a surname.
        lineage = [last.pop()]
    return Name(
        family=_decoded(last),
        given=_decoded(person.first_names + person.middle_names),
        particle=_decoded(person.prelast_names),
        suffix=_decoded(lineage),
    )


def read_names(persons: Iterable[Person]) -> NameList:
    """The names of one role; a final ``and others`` becomes ``et_al``."""
    people = list(persons)
    et_al = bool(people) and _is_others(people[-1])
    if et_al:
        people = people[:-1]
    return NameList(tuple(read_name(person) for person in people), et_al)

"""How references are referred to in the text: per-post numbers and ``(2–4)``.

Kept apart from how an entry is formatted (``style``), as sphinxcontrib-bibtex
keeps its "referencing" and "formatting" styles apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

EN_DASH = "\u2013"


class CiteOrder:
    """Numbers references in the order of their first citation in one post.

    A reference cited again keeps its number.
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        """The number of ``key``, given the next free one on first citation."""
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    @property
    def keys(self) -> list[str]:
        """The cited keys in number order."""
        return list(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)


def number_runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Group sorted, de-duplicated numbers into runs of consecutive numbers.

    >>> number_runs([4, 2, 3, 8, 1])
    [(1, 4), (8, 8)]
    """
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def citation_parts(
    numbers: Iterable[int], locators: dict[int, str] | None = None
) -> list[int | str]:
    """The printed parts of one citation: numbers and the separators between them.

    Numbers ascend; runs of three or more consecutive numbers are joined by an
    en dash, other numbers are separated by a comma without a space:
    ``[2, 3, 4]`` gives ``2–4``, ``[3, 1]`` gives ``1,3``, ``[2, 3]`` gives
    ``2,3`` and ``[1, 3, 4, 5, 8]`` gives ``1,3–5,8``.

    Where any number carries a locator (``{3: "p. 12"}``), ranges would hide
    it, so every number is printed with its own locator and items are
    separated by ``; ``: ``1; 3, p. 12``.
    """
    parts: list[int | str] = []
    if locators:
        for n in sorted(set(numbers)):
            if parts:
                parts.append("; ")
            parts.append(n)
            if locators.get(n):
                parts.append(", " + locators[n])
        return parts
    for start, end in number_runs(numbers):
        if parts:
            parts.append(",")
        parts.append(start)
        if end - start >= 2:
            parts.extend([EN_DASH, end])
        elif end == start + 1:
            parts.extend([",", end])
    return parts


def citation_label(numbers: Sequence[int], locators: dict[int, str] | None = None) -> str:
    """The citation as plain text, parentheses included: ``(2–4)``."""
    return "(" + "".join(str(part) for part in citation_parts(numbers, locators)) + ")"

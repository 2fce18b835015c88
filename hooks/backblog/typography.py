"""The house typography for every part of a reference (REFERENCE-STYLE.md, "Typography")."""

from __future__ import annotations

from pybtex.richtext import BaseText, Text


def typographic(text: str) -> str:
    """Rule: "Apostrophes are typographic ``’`` (U+2019): ``O’Keeffe``".

    A LaTeX opening quote ````` becomes ``‘`` (U+2018), as LaTeX prints it.
    """
    return text.replace("'", "\u2019").replace("`", "\u2018")


def sentence(text: str | BaseText) -> Text:
    """A part of the entry, ending with a period unless it ends in ``.``, ``?`` or ``!``;
    a ``:``, ``;`` or ``,`` it ends with (a subtitle cut off in the export) gives way to it."""
    part = Text(text)
    while len(part) and str(part)[-1] in ":;, ":
        part = part[:-1]
    return part.add_period()

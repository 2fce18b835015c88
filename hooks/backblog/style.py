"""The Back Blog's Vancouver reference style, as a pybtex formatting style.

The rules are those of ``REFERENCE-STYLE.md`` (NLM "Citing Medicine" with the
typographic habits of the published posts): how each part is printed is in
``vancouver_parts``, which parts each type has in ``layouts``.  Both read the
normalized :class:`~backblog.model.Reference` (``reader.py``), never a raw
pybtex entry.  :class:`VancouverStyle` is registered with pybtex as the
formatting style ``vancouver``; the entry is returned as a
:class:`pybtex.richtext.Text`, so that a pybtex backend does all escaping.
"""

from __future__ import annotations

from pybtex.database import BibliographyData, Entry
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from .layouts import LAYOUTS
from .model import Reference
from .reader import read_reference

__all__ = ["STYLE_VERSION", "VancouverStyle", "format_reference"]

#: Bump whenever the formatted output of any entry may change (a cache key).
STYLE_VERSION = "3"


def format_reference(reference: Reference) -> Text:
    """The reference in the house style: the parts of its type's layout that
    it gives, separated by spaces."""
    parts = [part for part in LAYOUTS[reference.type](reference) if part]
    return Text(" ").join(parts)


class VancouverStyle(BaseStyle):
    """The house Vancouver style (NLM "Citing Medicine"), as a pybtex style.

    Entries are formatted in the order given (no sorting) and labelled with
    numbers, as pybtex's defaults do.
    """

    def format_entry(self, label: str, entry: Entry, bib_data: BibliographyData | None = None) -> FormattedEntry:
        """The entry as a :class:`~pybtex.style.FormattedEntry` whose ``text`` is
        a :class:`~pybtex.richtext.Text`.  Every type is formatted (one with no
        layout of its own from the fields it has); ``bib_data`` gives what the
        entry inherits (``crossref``, ``xdata``).
        """
        entries = bib_data.entries if bib_data is not None else None
        return FormattedEntry(entry.key, format_reference(read_reference(entry, entries)), label)


register_plugin("pybtex.style.formatting", "vancouver", VancouverStyle, force=True)

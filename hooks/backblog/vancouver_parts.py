"""How each part of a reference is printed in the house style (REFERENCE-STYLE.md).

Each function quotes the rule it implements and reads only the normalized
:class:`~backblog.model.Reference`.  Parts are :class:`pybtex.richtext.Text`,
so that a pybtex backend does all escaping; the only markup is the link in a
web page's "Available from: URL", made only for ``http`` and ``https`` URLs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeAlias
from urllib.parse import quote, urlsplit

from pybtex.richtext import BaseText, HRef, String, Text

from .dates import MONTHS, DateParts
from .model import Reference
from .pages import PageRange
from .typography import sentence, typographic

ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    **{word: number for number, word in enumerate((
        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
        "eighteenth", "nineteenth", "twentieth"), start=11)},
}
WEB_URL_SCHEMES = ("http", "https")

Part: TypeAlias = "Text | None"
"""A part of an entry (a sentence, or the URL), or None where the entry lacks it."""
EN_DASH = "\u2013"

_ORDINAL_NUMBER_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)?$", re.IGNORECASE)
_UNSAFE_IN_HREF_RE = re.compile(r"[\s\"<>`\\{}|^\x00-\x1f\x7f]")


# --- Titles, journal, edition -------------------------------------------------


def title(text: str, suffix: str = "") -> Text | None:
    """Rule: "as stored; ends with ``. `` unless it already ends in ``.``, ``?`` or ``!``".

    ``suffix`` is added before the period (a web page's `` [Internet]``).
    """
    return sentence(typographic(text) + suffix) if text else None


def without_periods(abbreviation: str) -> str:
    """Rule: "the abbreviation, with its periods removed (``Br. J. Sports Med.`` → ``Br J Sports Med``)".

    A period between two words without a space (``Br.J.``) leaves one space.
    """
    return " ".join(part for part in abbreviation.replace(".", " ").split(" ") if part)


def journal(reference: Reference) -> str:
    """Rule: "the abbreviation, with its periods removed...; the full title only
    where no abbreviation is given"."""
    if reference.container_title_short:
        return typographic(without_periods(reference.container_title_short))
    return typographic(reference.container_title)


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``... ``11th``, ``12th``, ``13th``, ``21st``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


_EDITION_WORD_RE = re.compile(r"\s+(?:edition|edn|ed)\.?$", re.IGNORECASE)


def edition_number(edition_text: str) -> int | None:
    """The edition as a number, if given as one (``2``, ``2nd``, ``2nd edn``) or as an
    English ordinal word (``second``, ``First edition``), quoted or not (Paperpile
    writes ``edition = "'third'"``)."""
    text = _EDITION_WORD_RE.sub("", edition_text.strip().strip("'\"\u2018\u2019\u201c\u201d").strip())
    match = _ORDINAL_NUMBER_RE.match(text)
    if match:
        number = int(match.group(1))
        return number if number > 0 else None
    return ORDINAL_WORDS.get(text.lower())


def edition(text: str) -> Text | None:
    """Rule: "a number or an English ordinal word (``2``, ``2nd``, ``second``)
    becomes ``2nd ed.``; other text is printed as given; a first edition is not
    printed."
    """
    if not text:
        return None
    number = edition_number(text)
    if number == 1:
        return None
    if number is not None:
        return Text(f"{ordinal(number)} ed.")
    return sentence(typographic(text))


# --- Dates, volume, pages -----------------------------------------------------


def _date_words(date: DateParts) -> list[str]:
    """Year, month (or season), day: a day only with a month."""
    month = MONTHS[date.month - 1] if date.month else date.month_text
    words = [date.year]
    if month:
        words += [month, str(date.day) if date.day else date.day_text]
    return [word for word in words if word]


def date_text(date: DateParts | None) -> str:
    """Rule: "``YYYY Mon D``, ``YYYY Mon`` or ``YYYY``" ("2017 Apr 4", "2017 Jan", "2007");
    a day is printed only with a month; a date that is not one is printed as given.

    A range is printed as NLM prints it, its end without what it shares with
    its start, joined by a hyphen: ``2016 Sep-Oct``, ``2005 Feb 1-7``,
    ``2002 Dec 17-2003 Jan 6``.
    """
    if date is None:
        return ""
    if date.literal:
        return typographic(date.literal)
    start = _date_words(date)
    if date.end is None:
        return typographic(" ".join(start))
    end = _date_words(date.end)
    shared = 0
    while shared < min(len(start), len(end)) - 1 and start[shared] == end[shared]:
        shared += 1
    return typographic(" ".join(start) + "-" + " ".join(end[shared:]))


def year_text(date: DateParts | None) -> str:
    """The year alone, for books, chapters, reports and web pages ("Place: Publisher; Year")."""
    if date is None:
        return ""
    if date.end is not None and date.end.year and date.end.year != date.year:
        return typographic(f"{date.year}-{date.end.year}")
    return typographic(date.year or date.literal)


def _elide(first: str, last: str) -> str:
    """One range ``first``–``last``, the second number shortened where the rule allows."""
    if first == last:
        return first
    if first.isdigit() and last.isdigit() and len(first) == len(last) and int(last) >= int(first):
        shared = 0
        while first[shared] == last[shared]:
            shared += 1
        last = last[shared:]
    return f"{first}{EN_DASH}{last}"


def elided_pages(ranges: Sequence[PageRange]) -> str:
    """Rule: "the second number drops the leading digits it shares with the
    first when both have the same number of digits: ``514–530`` → ``514–30``,
    ``782–789`` → ``782–9``, ``1127–1128`` → ``1127–8``, ``1199–1205`` →
    ``1199–205``; no elision when the lengths differ (``93–113``, ``99–101``)
    or for letters and roman numerals (``e1000110``, ``S12–S18``, ``iii–v``);
    several ranges each elided, joined by ``, `` (``741–6, 734–40``)".

    Ranges take an en dash (U+2013) whatever the source wrote.  A range whose
    two pages are equal (``100-100``, ``d3590-d3590``) is printed as the single
    page; one whose second number is smaller (``120-115``) is printed unelided.
    A range with a word before it is elided too and follows a semicolon, as
    NLM prints ``1151–68; discussion 1149–50``.  Anything else (an article id
    such as ``bmjqs-2025-019084``, ``123+``) is printed as written.
    """
    printed = ""
    for page_range in ranges:
        if page_range.written:
            text = page_range.written
        else:
            text = _elide(page_range.first, page_range.last) if page_range.last else page_range.first
            text = f"{page_range.label} {text}" if page_range.label else text
        printed += ("; " if page_range.label else ", ") + text if printed else text
    return typographic(printed)


_NUMBER_RANGE_RE = re.compile(rf"(?<=\d)\s*(?:-+|{EN_DASH})\s*(?=\d)")


def number_range(text: str) -> str:
    """Rule: "Page and number ranges use an en dash": a volume or issue ``3-4`` is ``3–4``."""
    return _NUMBER_RANGE_RE.sub(EN_DASH, text)


def volume_issue(reference: Reference) -> str:
    """Rule: "``;166(7)``; ``;166`` with no issue; ``;(7)`` with no volume", without the
    semicolon; a range of volumes or issues takes an en dash (``16(3–4)``)."""
    volume, issue = typographic(number_range(reference.volume)), typographic(number_range(reference.issue))
    return volume + (f"({issue})" if issue else "")


# --- Places, links ------------------------------------------------------------


def place_publisher_year(reference: Reference, cited: str = "", full_date: bool = False) -> Text | None:
    """Rule: "``Place: Publisher; Year.``" (web page: "``Year [cited YYYY Mon D].``").

    A missing part is left out with its punctuation (``Edinburgh; 2004.``,
    ``Churchill Livingstone; 2004.``).  ``full_date``: the whole date in place
    of the year, as NLM dates software and datasets (``2013 Jan 14``).
    """
    place, publisher = typographic(reference.publisher_place), typographic(reference.publisher)
    year = date_text(reference.issued) if full_date else year_text(reference.issued)
    text = "; ".join(part for part in (": ".join(p for p in (place, publisher) if p), year) if part)
    if cited:
        text = f"{text} [cited {cited}]" if text else f"[cited {cited}]"
    return sentence(text) if text else None


def is_web_url(url: str) -> bool:
    """Whether ``url`` may be a link: only ``http`` and ``https`` URLs with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in WEB_URL_SCHEMES and bool(parts.netloc)


def url_text(url: str) -> BaseText:
    """The URL as printed: a link for ``http``/``https``, plain text otherwise.

    pybtex's HTML backend writes a link's address unescaped, so characters
    that could end the attribute (quotes, ``<``, ``>``, spaces...) are
    percent-encoded in the address, and ``&`` is written ``&amp;`` (else
    ``?a=1&copy=2`` would be read as ``©=2``); the visible text is the URL as given.
    """
    if not is_web_url(url):
        return String(url)
    address = _UNSAFE_IN_HREF_RE.sub(lambda match: quote(match.group()), url).replace("&", "&amp;")
    return HRef(address, String(url))


def available_from(url: str) -> Text | None:
    """Rule: "``Available from: URL``" (no final period).  The URL is printed as stored."""
    return Text("Available from: ", url_text(url)) if url else None

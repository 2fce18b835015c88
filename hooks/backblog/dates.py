"""Dates as parts (CSL's date model): year, month, day, a season, a range, or text.

:func:`read_date` reads BibLaTeX's ``date`` (ISO ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, a range ``start/end``, ``00`` for an unknown part, and
BibLaTeX's seasons ``21``–``24``), written-out dates (``June 2017``, ``5 June
2017``, also in ``year``: ``2017 Nov - Dec``), or BibTeX's ``year``, ``month`` (``apr``, ``4``, ``April``, ``Sept.``,
``sep-oct``) and ``day``; the reader decides which fields to give it.  How a
date is printed is the style's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: BibLaTeX's season "months" (ISO 8601-2 level 1): 21 spring ... 24 winter.
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}

_ISO_PART = r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
_ISO_TIME = r"(?:T[\d:.+\-Z]*)?"
# An ISO date or range, with or without a time; text may follow ("2017-04 (online)").
ISO_DATE_RE = re.compile(rf"^{_ISO_PART}{_ISO_TIME}(?:/{_ISO_PART}{_ISO_TIME})?(?![\d-])")
_MONTH_WORD = r"([A-Za-z]{3,9})\.?"
_WRITTEN_RES = (  # (pattern, order of its day, month, year groups)
    (re.compile(rf"^{_MONTH_WORD}\s+(\d{{4}})$"), (None, 1, 2)),
    (re.compile(rf"^(\d{{1,2}})\s+{_MONTH_WORD},?\s+(\d{{4}})$"), (1, 2, 3)),
    (re.compile(rf"^{_MONTH_WORD}\s+(\d{{1,2}}),?\s+(\d{{4}})$"), (2, 1, 3)),
    (re.compile(rf"^(\d{{4}})\s+{_MONTH_WORD}(?:\s+(\d{{1,2}}))?$"), (3, 2, 1)),
)
_SLASHED_RE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
# "2017 Nov - Dec", as Zotero writes a PubMed date into year.
_YEAR_MONTHS_RE = re.compile(rf"^(\d{{4}})\s+{_MONTH_WORD}\s*(?:-+|\u2013)\s*{_MONTH_WORD}$")
# A time after a date ("22 Apr 2020, 3:58 p.m."): a web page's time stamp, which no reference prints.
_TIME_RE = re.compile(r",?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?$", re.IGNORECASE)
_PLAIN_YEAR_RE = re.compile(r"\d{4}[a-z]?")
_RANGE_RE = re.compile(r"\s*(?:-+|\u2013|/)\s*")


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date: ``year`` as written (``2017``), ``month`` 1–12, ``day``;
    ``month_text`` and ``day_text`` for a month or day written otherwise (a
    season, "15th"); ``literal`` for a date that cannot be read at all;
    ``end``, the end of a range."""

    year: str = ""
    month: int | None = None
    day: int | None = None
    month_text: str = ""
    day_text: str = ""
    literal: str = ""
    end: DateParts | None = None

    def iso(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` of the start ("" without a four-digit year)."""
        year = self.year[:4]
        if not (year.isdigit() and len(year) == 4):
            return ""
        parts = [year]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def to_csl(self) -> dict[str, object]:
        if self.literal or not self.iso():
            return {"literal": self.literal or self.year}
        parts = [[int(part) for part in date.iso().split("-")] for date in (self, self.end) if date and date.iso()]
        item: dict[str, object] = {"date-parts": parts}
        if self.month_text in SEASONS.values():
            item["season"] = self.month_text
        return item


def month_number(month: str) -> int | None:
    """``apr``, ``Apr.``, ``April``, ``Sept`` and ``4`` give 4 (any case); anything else None."""
    text = month.strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    if text == "sept":
        return 9
    for number, (abbreviation, name) in enumerate(zip(MONTHS, MONTH_NAMES, strict=True), start=1):
        if text in (abbreviation.lower(), name.lower()):
            return number
    return None


def _iso_date(value: str) -> DateParts | None:
    """An ISO date or range; ``00`` parts are unknown; months 21–24 are seasons."""
    match = ISO_DATE_RE.match(value.strip())
    if not match:
        return None
    start = _iso_parts(*match.groups()[:3])
    end = _iso_parts(*match.groups()[3:]) if match.group(4) else None
    if end is not None and end != start:
        return DateParts(start.year, start.month, start.day, start.month_text, end=end)
    return start


def _iso_parts(year: str, month: str | None, day: str | None) -> DateParts:
    number = int(month) if month else 0
    if number in SEASONS:
        return DateParts(year=year, month_text=SEASONS[number])
    if not 1 <= number <= 12:
        return DateParts(year=year)
    return DateParts(year=year, month=number, day=int(day) if day and 1 <= int(day) <= 31 else None)


def _written_date(value: str) -> DateParts | None:
    """``June 2017``, ``5 June 2017``, ``June 5, 2017``, ``2017 Jun 5``; ``30/10/2019``
    only where the day cannot be a month (else the year alone: the order is unknown)."""
    text = _TIME_RE.sub("", " ".join(value.split()))
    spanned = _YEAR_MONTHS_RE.match(text)
    if spanned and month_number(spanned.group(2)) and month_number(spanned.group(3)):
        year = spanned.group(1)
        return DateParts(year, month_number(spanned.group(2)), end=DateParts(year, month_number(spanned.group(3))))
    for pattern, (day, month, year) in _WRITTEN_RES:
        match = pattern.match(text)
        if match and month_number(match.group(month)):
            day_value = match.group(day) if day else None
            return DateParts(match.group(year), month_number(match.group(month)), int(day_value) if day_value else None)
    match = _SLASHED_RE.match(text)
    if match:
        first, second, slashed_year = int(match.group(1)), int(match.group(2)), match.group(3)
        if first > 12 and 1 <= second <= 12:
            return DateParts(slashed_year, second, first)
        return DateParts(slashed_year)
    return None


def _month_field(month: str, day: str) -> DateParts:
    """``month`` and ``day`` fields: a month, a range (``sep-oct``), ``7 November``, or text."""
    text = " ".join(month.split())
    spans = _RANGE_RE.split(text)
    if len(spans) == 2 and all(month_number(span) for span in spans):
        return DateParts(month=month_number(spans[0]), end=DateParts(month=month_number(spans[1])))
    words = text.split(" ")
    if len(words) == 2 and words[0].isdigit() and month_number(words[1]) and not day:
        return DateParts(month=month_number(words[1]), day=int(words[0]) if 1 <= int(words[0]) <= 31 else None)
    number = month_number(text) if text else None
    has_month = bool(number or text)
    return DateParts(
        month=number,
        day=int(day) if has_month and day.isdigit() and 1 <= int(day) <= 31 else None,
        month_text="" if number else text,
        day_text=day.strip() if has_month and day and not day.isdigit() else "",
    )


def read_date(date: str = "", year: str = "", month: str = "", day: str = "") -> DateParts | None:
    """The date of decoded field values: ``date`` when it can be read, else
    ``year``, ``month`` and ``day``; a ``date`` that cannot be read, when there
    is no ``year``, is kept as text.  None when there is no date at all."""
    if date:
        parsed = _iso_date(date) or _written_date(date)
        if parsed is not None:
            return parsed
    if year and not month and not _PLAIN_YEAR_RE.fullmatch(year.strip()):
        written = _written_date(year)  # a whole date in year: "2017 Nov - Dec", "22 Apr 2020, 3:58 p.m."
        if written is not None:
            return written
    if year:
        parts = _month_field(month, day)
        end = DateParts(year=year, month=parts.end.month) if parts.end else None
        return DateParts(year, parts.month, parts.day, parts.month_text, parts.day_text, end=end)
    if date:
        return DateParts(literal=date)
    return None

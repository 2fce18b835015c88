"""Dates as parts (CSL's date model): year, month, day, or text that is not a date.

:func:`read_date` reads BibLaTeX's ``date`` (ISO ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, or a range ``start/end``) or BibTeX's ``year``, ``month``
(``apr``, ``4``, ``April``) and ``day``; the reader decides which fields to
give it.  How a date is printed is the style's business.
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

ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?![\d-])")


@dataclass(frozen=True)
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
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` ("" without a four-digit year)."""
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
        return {"date-parts": parts}


def month_number(month: str) -> int | None:
    """``apr``, ``Apr.``, ``April`` and ``4`` give 4 (any case); anything else None."""
    text = month.strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for number, (abbreviation, name) in enumerate(zip(MONTHS, MONTH_NAMES, strict=True), start=1):
        if text in (abbreviation.lower(), name.lower()):
            return number
    return None


def _iso_date(value: str) -> DateParts | None:
    """An ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); of a range only the start."""
    match = ISO_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return DateParts(
        year=year,
        month=int(month) if month else None,
        day=int(day) if month and day else None,
    )


def read_date(date: str = "", year: str = "", month: str = "", day: str = "") -> DateParts | None:
    """The date of decoded field values: ``date`` when it is ISO, else ``year``,
    ``month`` and ``day``; a ``date`` that is not ISO, when there is no ``year``,
    is kept as text.  None when there is no date at all."""
    if date:
        parsed = _iso_date(date)
        if parsed is not None:
            return parsed
    if year:
        number = month_number(month) if month else None
        has_month = bool(number or month.strip())
        return DateParts(
            year=year,
            month=number,
            day=int(day) if has_month and day.isdigit() else None,
            month_text="" if number else month.strip(),
            day_text=day.strip() if has_month and not day.isdigit() else "",
        )
    if date:
        return DateParts(literal=date)
    return None

"""The Back Blog's Vancouver reference style, as a pybtex formatting style.

The rules are those of ``REFERENCE-STYLE.md`` (NLM "Citing Medicine" with the
typographic habits of the published posts); each function below quotes the
rule it implements.  :class:`VancouverStyle` is registered with pybtex as the
formatting style ``vancouver``.

Every part of an entry is built from plain, LaTeX-decoded text and the entry
is returned as a :class:`pybtex.richtext.Text`, so that a pybtex backend does
all escaping: the HTML backend escapes ``<``, ``>`` and ``&``.  The only
markup is the link in a web page's "Available from: URL", made only for
``http`` and ``https`` URLs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TypeAlias
from urllib.parse import quote, urlsplit

from pybtex.database import Entry, Person
from pybtex.plugin import register_plugin
from pybtex.richtext import BaseText, HRef, String, Text
from pybtex.scanner import PybtexSyntaxError
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

__all__ = [
    "STYLE_VERSION",
    "UnsupportedEntryType",
    "VancouverStyle",
    "elide_page_range",
    "format_date",
    "format_person",
]

#: Bump whenever the formatted output of any entry may change (a cache key).
STYLE_VERSION = "1"

MAX_LISTED_NAMES = 6
"""Up to six names are listed; with seven or more, the first six then "et al."."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

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
}

JOURNAL_ABBREVIATION_FIELDS = ("shortjournal", "journal_abbrev", "journalabbrev")
JOURNAL_TITLE_FIELDS = ("journaltitle", "journal")
PLACE_FIELDS = ("address", "location")
REPORT_INSTITUTION_FIELDS = ("institution", "organization", "publisher")
WEB_PUBLISHER_FIELDS = ("publisher", "organization", "institution")

SUPPORTED_TYPES = (
    "article",
    "book",
    "incollection",
    "inbook",
    "report",
    "techreport",
    "online",
    "electronic",
    "misc (with a url)",
)

WEB_URL_SCHEMES = ("http", "https")

_DASH = r"(?:-+|[\u2010\u2011\u2012\u2013\u2014\u2212])"
_RANGE_DASH_RE = re.compile(rf"\s*{_DASH}\s*")
_RANGE_SEPARATOR_RE = re.compile(r"[,;]")
ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?![\d-])")
_INITIALS_SPLIT_RE = re.compile(r"[\s.\-\u2010\u2011]+")
_ORDINAL_NUMBER_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)?$", re.IGNORECASE)
_LEFTOVER_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*?\s*")
_LEFTOVER_SPACE_RE = re.compile(r"\\[,;:! ]")
_SPACES_RE = re.compile(r"[ \t\r\n]+")
# What latexcodec and pybtex change in a text: commands, braces, comments, ties
# and ligatures (`` '' ,, -- ...).  A text without any is decoded unchanged.
_LATEX_MARKUP_RE = re.compile(r"[\\{}%~`]|''|,,|--")
_UNSAFE_IN_HREF_RE = re.compile(r"[\s\"<>`\\{}|^\x00-\x1f\x7f]")


class UnsupportedEntryType(ValueError):  # noqa: N818 (named for what it reports)
    """An entry whose type the Vancouver style cannot format."""

    def __init__(self, key: str, entry_type: str, hint: str = "") -> None:
        self.key = key
        self.entry_type = entry_type
        supported = ", ".join(f"@{name}" for name in SUPPORTED_TYPES)
        message = f"Entry {key!r} has type @{entry_type}, which the Vancouver style cannot format"
        if hint:
            message += f" ({hint})"
        super().__init__(f"{message}. Supported types: {supported}.")


# --- Text of a field ----------------------------------------------------------


def typographic_apostrophes(text: str) -> str:
    """Rule: "Apostrophes are typographic ``’`` (U+2019): ``O’Keeffe``".

    A LaTeX opening quote ````` becomes ``‘`` (U+2018), as LaTeX prints it.
    """
    return text.replace("'", "\u2019").replace("`", "\u2018")


@functools.lru_cache(maxsize=65536)  # pure, and asked again for every export of every entry
def decode_latex(latex: str) -> str:
    """Rule: "LaTeX markup in the source is decoded (``{\\"u}`` → ``ü``,
    ``\\&`` → ``&``); braces are dropped."

    Decoding is pybtex's own (:meth:`pybtex.richtext.Text.from_latex`, which
    uses latexcodec); LaTeX ligatures are decoded as LaTeX prints them, so
    ``--`` becomes an en dash and ``---`` an em dash, while a single ``-``
    stays a hyphen.  Commands that have no text of their own and that
    latexcodec leaves in place (``\\emph``, ``\\textit``...) are dropped,
    keeping their argument; a LaTeX spacing command (``\\,``) becomes a space.
    Runs of whitespace become one space.  Nothing is re-cased.
    """
    if not _LATEX_MARKUP_RE.search(latex):
        # Most names, journals and numbers: latexcodec's character-by-character
        # lexer (most of the cost of formatting) would return them unchanged.
        return _SPACES_RE.sub(" ", latex).strip()
    return _decode_latex_markup(latex)


def _decode_latex_markup(latex: str) -> str:
    """:func:`decode_latex` by pybtex and latexcodec, for any text."""
    text = _from_latex(latex)
    text = _LEFTOVER_SPACE_RE.sub(" ", text)
    text = _LEFTOVER_COMMAND_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()


def _from_latex(latex: str) -> str:
    """pybtex's decoding; text it cannot read loses what stops it, never the rest.

    The bibliography check reports such text (``bibliography.py``); this keeps
    a build without the check from crashing on it.
    """
    try:
        return str(Text.from_latex(latex))
    except PybtexSyntaxError:  # unbalanced braces: drop them all, then decode
        return _from_latex(latex.replace("{", "").replace("}", ""))
    except UnicodeDecodeError:  # a backslash latexcodec cannot read (at the end: "title \\")
        if "\\" not in latex:
            raise
        stripped = latex.rstrip("\\ ")
        return _from_latex(stripped if stripped != latex else latex.replace("\\", ""))


def plain_text(latex: str) -> str:
    """A field's text as printed: LaTeX decoded, apostrophes typographic."""
    return typographic_apostrophes(decode_latex(latex))


def raw_field(entry: Entry, *names: str) -> str:
    """The first of the fields ``names`` that the entry gives, as stored ("" if none).

    "Source fields, first found wins": a field given but blank counts as missing.
    """
    for name in names:
        value = entry.fields.get(name, "")
        if value.strip():
            return str(value).strip()
    return ""


def field_text(entry: Entry, *names: str) -> str:
    """The first of the fields ``names`` that the entry gives, as printed ("" if none)."""
    value = raw_field(entry, *names)
    return plain_text(value) if value else ""


def sentence(text: str | BaseText) -> Text:
    """A part of the entry, ending with a period unless it ends in ``.``, ``?`` or ``!``."""
    return Text(text).add_period()


# --- Names --------------------------------------------------------------------


def is_fully_braced(token: str) -> bool:
    """Whether ``token`` is one brace group: ``{Clinical Guidelines Committee}``."""
    if not (token.startswith("{") and token.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(token):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index == len(token) - 1
    return False


def is_group_author(person: Person) -> bool:
    """Rule: "A group author (braced in BibTeX) is printed as written"."""
    other_parts = person.first_names + person.middle_names + person.prelast_names + person.lineage_names
    return not other_parts and len(person.last_names) == 1 and is_fully_braced(person.last_names[0])


def is_others(person: Person) -> bool:
    """Whether ``person`` is BibTeX's ``and others``, which stands for "et al."."""
    return person.last_names == ["others"] and not (
        person.first_names + person.middle_names + person.prelast_names + person.lineage_names
    )


def initials(given_name: str) -> str:
    """Rule: "initials without periods or spaces (``Wilt TJ``, ``Lefevre-Colau MM``)".

    Each part of a given name gives its first letter; parts are separated by
    spaces, periods and hyphens, so ``Marie-Martine``, ``M. M.``, ``M.M.`` and
    ``M.-M.`` all give ``MM``.  A part of two or three capitals and nothing
    else (``TJ``) is taken to be initials already, and kept whole.  Letters
    are not re-cased.
    """
    letters = []
    for part in _INITIALS_SPLIT_RE.split(plain_text(given_name)):
        if 2 <= len(part) <= 3 and part.isalpha() and part.isupper():
            letters.append(part)
            continue
        first = next((char for char in part if char.isalnum()), "")
        letters.append(first)
    return "".join(letters)


def format_person(person: Person) -> str:
    """One name: rule "``Surname Initials``... particles and suffixes kept
    (``van Tulder MW``, ``Smith AB Jr``)".

    A group author, braced in BibTeX, is printed as written without its
    braces.  Periods are dropped from a suffix (``Jr.`` → ``Jr``), as NLM
    prints it.
    """
    if is_group_author(person):
        return plain_text(person.last_names[0])
    surname = " ".join(plain_text(part) for part in person.prelast_names + person.last_names)
    given = "".join(initials(part) for part in person.first_names + person.middle_names)
    suffix = " ".join(plain_text(part).replace(".", "") for part in person.lineage_names)
    return " ".join(part for part in (surname, given, suffix) if part)


def name_list(persons: Sequence[Person]) -> tuple[str, int]:
    """The names, separated by ``, ``, and how many people they stand for.

    Rule: "Up to six names are listed; with seven or more, the first six then
    ``, et al.``"  A trailing BibTeX ``and others`` also gives ``, et al.``.
    """
    people = list(persons)
    et_al = bool(people) and is_others(people[-1])
    if et_al:
        people = people[:-1]
    count = len(people) + (1 if et_al else 0)
    if len(people) > MAX_LISTED_NAMES:
        people = people[:MAX_LISTED_NAMES]
        et_al = True
    names = [format_person(person) for person in people]
    if et_al:
        names.append("et al.")
    return ", ".join(names), count


def author_list(entry: Entry, role: str = "author") -> Text | None:
    """Rule: "Authors... Separated by ``, ``... The list ends with ``. ``".

    ``role`` is the BibTeX field holding the names (``author`` or ``editor``).
    A final period already there (``et al.``) is not doubled.
    """
    names, _ = name_list(entry.persons.get(role, []))
    return sentence(names) if names else None


def editor_list(entry: Entry) -> Text | None:
    """Rule: "Editors...: ``Surname AB, editor.`` or ``..., editors.``"."""
    names, count = name_list(entry.persons.get("editor", []))
    if not names:
        return None
    return sentence(f"{names}, {'editors' if count > 1 else 'editor'}")


def authors_or_editors(entry: Entry) -> Text | None:
    """Rule (book): "Editors in place of authors"."""
    return author_list(entry) or editor_list(entry)


# --- Titles, journal, edition -------------------------------------------------


def title(entry: Entry, field: str = "title", suffix: str = "") -> Text | None:
    """Rule: "as stored; ends with ``. `` unless it already ends in ``.``, ``?`` or ``!``".

    ``suffix`` is added before the period (a web page's `` [Internet]``).
    """
    text = field_text(entry, field)
    return sentence(text + suffix) if text else None


def without_periods(abbreviation: str) -> str:
    """Rule: "the abbreviation, with its periods removed (``Br. J. Sports Med.`` → ``Br J Sports Med``)".

    A period between two words without a space (``Br.J.``) leaves one space.
    """
    return " ".join(part for part in abbreviation.replace(".", " ").split(" ") if part)


def journal_title(entry: Entry) -> str:
    """Rule: "the abbreviation, with its periods removed...; the full title only
    where no abbreviation is given".

    Fields, first found wins: ``shortjournal``, ``journal_abbrev``,
    ``journalabbrev``; then ``journaltitle``, ``journal`` (printed as given).
    """
    abbreviation = field_text(entry, *JOURNAL_ABBREVIATION_FIELDS)
    if abbreviation:
        return without_periods(abbreviation)
    return field_text(entry, *JOURNAL_TITLE_FIELDS)


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``... ``11th``, ``12th``, ``13th``, ``21st``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def edition_number(edition_text: str) -> int | None:
    """The edition as a number, if given as one (``2``, ``2nd``) or as an English ordinal word (``second``)."""
    text = edition_text.strip()
    match = _ORDINAL_NUMBER_RE.match(text)
    if match:
        number = int(match.group(1))
        return number if number > 0 else None
    return ORDINAL_WORDS.get(text.lower())


def edition(entry: Entry) -> Text | None:
    """Rule: "a number or an English ordinal word (``2``, ``2nd``, ``second``)
    becomes ``2nd ed.``; other text is printed as given; a first edition is not
    printed."
    """
    text = field_text(entry, "edition")
    if not text:
        return None
    number = edition_number(text)
    if number == 1:
        return None
    if number is not None:
        return Text(f"{ordinal(number)} ed.")
    return sentence(text)


# --- Dates --------------------------------------------------------------------


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


def month_abbreviation(month: str) -> str:
    """Rule: "months ``Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec``".

    ``apr``, ``Apr.``, ``April`` and ``4`` give ``Apr`` (any case); other
    text (a season) is printed as given.
    """
    text = month.strip().rstrip(".").lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return MONTHS[int(text) - 1]
    for abbreviation, name in zip(MONTHS, MONTH_NAMES, strict=True):
        if text in (abbreviation.lower(), name.lower()):
            return abbreviation
    return month.strip()


def date_text(year: str, month: str = "", day: str = "") -> str:
    """Rule: "``YYYY Mon D``, ``YYYY Mon`` or ``YYYY``"; a day is printed only with a month."""
    parts = [year]
    if month:
        parts.append(month_abbreviation(month))
        if day:
            parts.append(str(int(day)) if day.isdigit() else day)
    return " ".join(part for part in parts if part)


def iso_date(value: str) -> str | None:
    """An ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as ``YYYY Mon D``, or None.

    Of a BibLaTeX range (``2017-04/2017-05``) the start is printed.
    """
    match = ISO_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = (group or "" for group in match.groups())
    return date_text(year, month, day)


def format_date(entry: Entry) -> str:
    """Rule: "``YYYY Mon D``, ``YYYY Mon`` or ``YYYY``" ("2017 Apr 4", "2017 Jan", "2007").

    From ``date`` (ISO ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); else ``year``,
    ``month`` (``apr``, ``4``, ``April``), ``day``.  A ``date`` that is not ISO
    is printed as given when there is no ``year``.  "" when the entry has no date.
    """
    date = raw_field(entry, "date")
    if date:
        formatted = iso_date(date)
        if formatted:
            return formatted
    year = field_text(entry, "year")
    if year:
        return date_text(year, field_text(entry, "month"), field_text(entry, "day"))
    return plain_text(date) if date else ""


def publication_year(entry: Entry) -> str:
    """The year alone, for books, chapters, reports and web pages ("Place: Publisher; Year")."""
    match = ISO_DATE_RE.match(raw_field(entry, "date"))
    if match:
        return match.group(1)
    return field_text(entry, "year") or field_text(entry, "date")


def cited_date(entry: Entry) -> str:
    """Rule: "``[cited …]`` only where ``urldate`` is given": the date as ``YYYY Mon D``."""
    urldate = raw_field(entry, "urldate")
    if not urldate:
        return ""
    return iso_date(urldate) or plain_text(urldate)


# --- Volume, issue, pages -----------------------------------------------------


def _elide_range(first: str, last: str) -> str:
    """One range ``first``–``last``, the second number shortened where the rule allows."""
    if first.isdigit() and last.isdigit() and len(first) == len(last) and int(last) >= int(first):
        if first == last:
            return first
        shared = 0
        while first[shared] == last[shared]:
            shared += 1
        last = last[shared:]
    return f"{first}\u2013{last}"


def elide_page_range(pages: str) -> str:
    """Rule: "the second number drops the leading digits it shares with the
    first when both have the same number of digits: ``514–530`` → ``514–30``,
    ``782–789`` → ``782–9``, ``1127–1128`` → ``1127–8``, ``1199–1205`` →
    ``1199–205``; no elision when the lengths differ (``93–113``, ``99–101``)
    or for letters and roman numerals (``e1000110``, ``S12–S18``, ``iii–v``);
    several ranges each elided, joined by ``, `` (``741–6, 734–40``)".

    Ranges take an en dash (U+2013) whatever the source wrote (``-``, ``--``,
    ``–``, ``—``).  Ranges may be separated by ``,`` or ``;``.  A range whose
    two numbers are equal (``100-100``) is printed as the single number
    (``100``); one whose second number is smaller (``120-115``) is printed
    unelided.  Anything else (``123+``) is printed as given.
    """
    ranges = []
    for part in _RANGE_SEPARATOR_RE.split(pages):
        numbers = _RANGE_DASH_RE.split(part.strip())
        if numbers == [""]:
            continue
        if len(numbers) == 2 and all(numbers):
            ranges.append(_elide_range(*numbers))
        else:
            ranges.append("\u2013".join(numbers))
    return ", ".join(ranges)


def page_range(entry: Entry) -> str:
    """Rule: "Pages... ``pages``, else ``eid``", LaTeX decoded and elided."""
    pages = field_text(entry, "pages", "eid")
    return elide_page_range(pages) if pages else ""


def volume_issue(entry: Entry) -> str:
    """Rule: "``;166(7)``; ``;166`` with no issue; ``;(7)`` with no volume"
    (fields ``volume``; ``number``, ``issue``), without the semicolon."""
    volume = field_text(entry, "volume")
    issue = field_text(entry, "number", "issue")
    return volume + (f"({issue})" if issue else "")


def date_volume_issue_pages(entry: Entry) -> Text | None:
    """Rule: "``Date;Volume(Issue):Pages.``" — ``2017 Apr 4;166(7):514–30.``

    A missing part is left out with its punctuation: ``;`` only between a
    date and a volume or issue, ``:`` only between pages and what precedes
    them (``2017 Apr:e12.``, ``166(7):514–30.``, ``514–30.``).
    """
    text = format_date(entry)
    details = volume_issue(entry)
    if details:
        text = f"{text};{details}" if text else details
    pages = page_range(entry)
    if pages:
        text = f"{text}:{pages}" if text else pages
    return sentence(text) if text else None


# --- Publication, report number, web ------------------------------------------


def place_publisher_year(entry: Entry, publisher_fields: Sequence[str], cited: str = "") -> Text | None:
    """Rule: "``Place: Publisher; Year.``" (web page: "``Year [cited YYYY Mon D].``").

    Place from ``address`` or ``location``.  A missing part is left out with
    its punctuation (``Edinburgh; 2004.``, ``Churchill Livingstone; 2004.``).
    """
    place = field_text(entry, *PLACE_FIELDS)
    publisher = field_text(entry, *publisher_fields)
    year = publication_year(entry)
    text = "; ".join(part for part in (": ".join(p for p in (place, publisher) if p), year) if part)
    if cited:
        text = f"{text} [cited {cited}]" if text else f"[cited {cited}]"
    return sentence(text) if text else None


def chapter_pages(entry: Entry) -> Text | None:
    """Rule (chapter): "``p. Pages.``" — ``p. 93–113.``"""
    pages = page_range(entry)
    return sentence(f"p. {pages}") if pages else None


def in_book(entry: Entry) -> Text | None:
    """Rule (chapter): "``In: Editors, editor(s). Book title.``"."""
    parts = [part for part in (editor_list(entry), title(entry, "booktitle")) if part]
    if not parts:
        return None
    return Text("In: ", Text(" ").join(parts))


def report_number(entry: Entry) -> Text | None:
    """Rule: "The ``Report No.`` part only where ``number`` is given": ``Report No.: 12.``"""
    number = field_text(entry, "number")
    return sentence(f"Report No.: {number}") if number else None


def is_web_url(url: str) -> bool:
    """Whether ``url`` may be a link: only ``http`` and ``https`` URLs with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in WEB_URL_SCHEMES and bool(parts.netloc)


def url_text(url: str) -> BaseText:
    """The URL as printed: a link for ``http``/``https``, plain text otherwise.

    pybtex's HTML backend writes a link's address unescaped, so characters
    that could end the attribute (quotes, ``<``, ``>``, spaces...) are
    percent-encoded in the address; the visible text is the URL as given.
    """
    if not is_web_url(url):
        return String(url)
    address = _UNSAFE_IN_HREF_RE.sub(lambda match: quote(match.group()), url)
    return HRef(address, String(url))


def available_from(entry: Entry) -> Text | None:
    """Rule: "``Available from: URL``" (no final period).  The URL is printed as stored."""
    url = raw_field(entry, "url")
    return Text("Available from: ", url_text(url)) if url else None


# --- Entry types --------------------------------------------------------------

Part: TypeAlias = "Text | None"
"""A part of an entry (a sentence, or the URL), or None where the entry lacks it."""


def journal_article(entry: Entry) -> list[Part]:
    """``Authors. Title. Journal. Date;Volume(Issue):Pages.``"""
    journal = journal_title(entry)
    return [
        author_list(entry),
        title(entry),
        sentence(journal) if journal else None,
        date_volume_issue_pages(entry),
    ]


def book(entry: Entry) -> list[Part]:
    """``Authors. Title. Edition. Place: Publisher; Year.``

    Editors stand in place of authors only where there are no authors.  An
    ``@inbook`` without ``booktitle`` is a book cited at some pages, which
    follow as ``p. Pages.``
    """
    return [
        authors_or_editors(entry),
        title(entry),
        edition(entry),
        place_publisher_year(entry, ["publisher"]),
        chapter_pages(entry),
    ]


def chapter(entry: Entry) -> list[Part]:
    """``Authors. Chapter title. In: Editors, editor(s). Book title. Edition. Place: Publisher; Year. p. Pages.``"""
    return [
        author_list(entry),
        title(entry),
        in_book(entry),
        edition(entry),
        place_publisher_year(entry, ["publisher"]),
        chapter_pages(entry),
    ]


def report(entry: Entry) -> list[Part]:
    """``Authors. Title. Place: Institution; Year. Report No.: Number.``

    Institution from ``institution``, ``organization`` or ``publisher``.
    """
    return [
        author_list(entry),
        title(entry),
        place_publisher_year(entry, REPORT_INSTITUTION_FIELDS),
        report_number(entry),
    ]


def web_page(entry: Entry) -> list[Part]:
    """``Authors. Title [Internet]. Place: Publisher; Year [cited YYYY Mon D]. Available from: URL``

    Publisher from ``publisher``, ``organization`` or ``institution``.
    """
    return [
        author_list(entry),
        title(entry, suffix=" [Internet]"),
        place_publisher_year(entry, WEB_PUBLISHER_FIELDS, cited=cited_date(entry)),
        available_from(entry),
    ]


def entry_layout(entry: Entry) -> Callable[[Entry], list[Part]]:
    """The layout for the entry's type, or :class:`UnsupportedEntryType`.

    ``@incollection`` and ``@inbook`` with ``booktitle`` are chapters;
    ``@online`` and ``@electronic`` are web pages, and so is ``@misc`` with a
    ``url``.
    """
    entry_type = entry.type.lower()
    if entry_type == "inbook":
        return chapter if raw_field(entry, "booktitle") else book
    if entry_type == "misc":
        if raw_field(entry, "url"):
            return web_page
        raise UnsupportedEntryType(entry.key, entry.type, "@misc is formatted only as a web page, with a url")
    layouts: dict[str, Callable[[Entry], list[Part]]] = {
        "article": journal_article,
        "book": book,
        "incollection": chapter,
        "report": report,
        "techreport": report,
        "online": web_page,
        "electronic": web_page,
    }
    try:
        return layouts[entry_type]
    except KeyError:
        raise UnsupportedEntryType(entry.key, entry.type) from None


class VancouverStyle(BaseStyle):
    """The house Vancouver style (NLM "Citing Medicine"), as a pybtex style.

    Entries are formatted in the order given (no sorting) and labelled with
    numbers, as pybtex's defaults do.
    """

    def format_entry(self, label: str, entry: Entry, bib_data: object = None) -> FormattedEntry:
        """The entry as a :class:`~pybtex.style.FormattedEntry` whose ``text`` is a
        :class:`~pybtex.richtext.Text`: the parts of the entry's layout that it
        gives, separated by spaces.

        Raises :class:`UnsupportedEntryType` for a type the style cannot format.
        """
        parts = [part for part in entry_layout(entry)(entry) if part]
        return FormattedEntry(entry.key, Text(" ").join(parts), label)


register_plugin("pybtex.style.formatting", "vancouver", VancouverStyle, force=True)

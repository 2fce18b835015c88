"""An independent checker of formatted references against the house style.

Written from ``REFERENCE-STYLE.md`` (and NLM's *Citing Medicine* where that
document is silent), never from the style's code: nothing here imports
``backblog``.  It is the oracle of the real-corpus test, so it must be
possible to read each rule against the document.

:func:`check_reference` takes the text of one formatted reference, as a
reader sees it, and optionally the entry's :class:`Source` (its BibTeX fields
and names as pybtex parsed them, :meth:`Source.from_entry`), and returns a
list of :class:`Violation`, each naming its rule (:data:`RULES`).  With a
source it also compares the text with what the entry holds (how many authors,
their initials, the journal abbreviation, the date, volume, issue and pages);
without one, only the form of the text is checked and group authors cannot be
told from people.  :func:`leftover_markup` is the part every entry must pass
(no LaTeX, no doubled or orphaned punctuation, balanced brackets).

Decisions where the style document is silent (see also ``RULES``):

- Date ranges follow NLM and issue 13: ``2016 Sep-Oct``, ``2002 Dec-2003 Jan``,
  ``2017 Apr 4-6``, ``2015-2016``, with a hyphen (a date is not a number
  range); seasons ``2016 Spring``/``Summer``/``Autumn``/``Fall``/``Winter``.
  Days have no leading zero.
- A list ending ``and others`` in BibTeX may print ``, et al.`` or not.
- An all-capital given name (``ANN``, ``SNT``) may be one name or a run of
  initials: ``A`` and ``ANN`` are both accepted.
- Number ranges in titles are not checked (titles are printed as stored).
- A journal printed from ``journal`` or ``journaltitle`` (no abbreviation field)
  is held to "no periods" too: NLM prints no journal with periods, and an
  exporter's ``journal`` is often an ISO abbreviation (``Clin. Geriatr. Med.``).
- ``.,`` is doubled punctuation except after ``et al`` (NLM's ``et al., editors``)
  and after ``Co``, ``Inc``, ``Ltd``, ``Corp``, ``St``, ``Dr``, ``Jr``, ``Sr`` in
  names as written; ``: ...`` and `` ...`` are ellipses, and ``Optim()`` a function.
- Letters in a page range stop elision on both sides: ``S12–S18``, ``e43–e49``;
  ``S12–18`` breaks the rule.  ``EJ17-0414`` (a second part with a leading zero
  that the first lacks) is an article number, printed as written.
- A book, report or web page prints its year only: a month in the entry is not
  asked for there.
- Types outside the document's five layouts (theses, conference papers,
  software, datasets, preprints, ...) get the rules of every type, and NLM's
  marks where Citing Medicine requires them: ``[dissertation]`` or
  ``[master’s thesis]`` after a thesis's title, ``In: `` before the
  proceedings of a conference paper.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: Every rule, with what it asks; violations name one of these.
RULES: dict[str, str] = {
    "markup.latex": r"no LaTeX left: no \, {, }, $",
    "markup.tie-or-dash": "no ~ (a LaTeX tie) or -- / --- (LaTeX dashes) outside URLs",
    "markup.none": "no 'None' standing for a missing part",
    "markup.whitespace": "no doubled, leading or trailing spaces",
    "punctuation.doubled": "no doubled punctuation: .. (but ...), ,, ;; ::, space before . , ;, '. .', '.,'",
    "punctuation.orphaned": "no punctuation without its part: a leading mark, (), [], ': .', a trailing , ; :",
    "punctuation.unbalanced": "parentheses and brackets balanced",
    "typography.apostrophe": "apostrophes are typographic (’), never '",
    "authors.separator": "names separated by ', '",
    "authors.name-form": "a person is 'Surname Initials' (initials one word, no periods or spaces; suffix after)",
    "authors.initials": "initials are the capital first letters of the given names (Wei-jie → WJ)",
    "authors.surname": "the surname (with its particles) as the entry gives it",
    "authors.count": "all names up to six; with seven or more, the first six",
    "authors.et-al": "', et al.' after the sixth name when there are seven or more, and only then",
    "authors.end": "the list of names ends with '. '",
    "authors.editor-label": "editors in place of authors: ', editor.' or ', editors.'",
    "title.source": "the title printed as the entry stores it",
    "title.end": "the title ends with exactly one '.', '?' or '!'",
    "article.layout": "a journal article reads 'Journal. Date;Volume(Issue):Pages.'",
    "journal.periods": "the journal abbreviation without periods",
    "journal.source": "the journal: shortjournal, journal_abbrev, journalabbrev, then journaltitle, journal",
    "date.form": "dates 'YYYY', 'YYYY Mon' or 'YYYY Mon D' (Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)",
    "date.source": "the year, month and day the entry gives",
    "volume-issue.punctuation": "';Volume(Issue)', ';Volume', ';(Issue)', with no spaces",
    "volume-issue.range-dash": "ranges in volume and issue with an en dash: 16(3–4)",
    "volume-issue.source": "the volume and issue the entry gives",
    "pages.punctuation": "pages after ':' (articles) or 'p. ' (chapters); several ranges joined by ', '",
    "pages.dash": "page ranges with an en dash (U+2013)",
    "pages.elision": "514–30, 782–9, 1199–205; none across lengths (93–113) or with letters (S12–S18)",
    "pages.equal-range": "an equal range is one page: d3590, not d3590–d3590",
    "pages.source": "the pages the entry gives",
    "end.period": "the reference ends with one '.' (web pages: with the URL)",
    "edition.first": "a first edition is not printed",
    "edition.form": "an edition given as a number or an English ordinal is printed '2nd ed.'",
    "book.publication": "a book ends 'Place: Publisher; Year.'",
    "chapter.in": "a chapter's book follows 'In: Editors, editor(s). '",
    "chapter.pages": "a chapter ends 'p. Pages.'",
    "report.publication": "a report ends 'Place: Institution; Year.' (then its number)",
    "report.number": "'Report No.: Number.' exactly where the entry has a number",
    "preprint.layout": "a preprint reads 'Server [Preprint]. Date [cited Date]. Available from: URL'",
    "web.internet": "a web page's title is followed by ' [Internet]'",
    "web.cited": "'[cited YYYY Mon D]' exactly where the entry has a urldate, and that date",
    "web.publication": "a web page's 'Place: Publisher; Year [cited ...].', missing parts left out with their marks",
    "web.available": "a web page ends 'Available from: URL'",
    "web.final-period": "no period after a web page's URL",
    "thesis.designation": "a thesis's title is followed by '[dissertation]' or '[master’s thesis]' (NLM)",
    "conference.in": "a conference paper's proceedings follow 'In: ' (NLM)",
}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = ("Spring", "Summer", "Autumn", "Fall", "Winter")
_MON = "(?:" + "|".join(MONTHS) + ")"
_DAY = r"(?:[1-9]|[12]\d|3[01])"
_YEAR = r"\d{4}"
_DATE_FORMS = [
    rf"{_YEAR}",
    rf"{_YEAR} {_MON}",
    rf"{_YEAR} {_MON} {_DAY}",
    rf"{_YEAR} {_MON}-{_MON}",
    rf"{_YEAR} {_MON} {_DAY}-{_DAY}",
    rf"{_YEAR} {_MON} {_DAY}-{_MON} {_DAY}",
    rf"{_YEAR} {_MON}-{_YEAR} {_MON}",
    rf"{_YEAR} {_MON} {_DAY}-{_YEAR} {_MON} {_DAY}",
    rf"{_YEAR}-{_YEAR}",
    rf"{_YEAR} (?:{'|'.join(SEASONS)})",
]
DATE_RE = re.compile("(?:" + "|".join(_DATE_FORMS) + ")")
_MONTH_WORDS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar"), ("feb", "february", "febr"), ("mar", "march", "märz"),
            ("apr", "april"), ("may", "mai"), ("jun", "june", "juni"), ("jul", "july", "juli"),
            ("aug", "august"), ("sep", "sept", "september"), ("oct", "october", "okt", "oktober"),
            ("nov", "november"), ("dec", "december", "dez", "dezember"),
        ],
        start=1,
    )
    for name in names
}

_URL_RE = re.compile(r"(?:https?|ftp)://\S+|\bwww\.\S+")
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV", "V", "2nd", "3rd", "4th"})
_ET_AL = "et al."


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


# --- the entry as BibTeX gives it -----------------------------------------------


@dataclass(frozen=True)
class Name:
    """One name of an author or editor list, in pybtex's parts."""

    given: tuple[str, ...] = ()
    von: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    lineage: tuple[str, ...] = ()

    @property
    def is_others(self) -> bool:
        """BibTeX's ``and others``, or an exporter's ``et al.`` written as a name (EndNote: ``et, a. l.``)."""
        if not self.given and not self.von and self.last == ("others",):
            return True
        return source_words(" ".join(self.last + self.given)) in (["et", "al"], ["et", "a", "l"])

    @property
    def is_person(self) -> bool:
        """A person has given names; a group (braced) or a bare name is printed as written."""
        return bool(self.given)


@dataclass(frozen=True)
class Source:
    """What the checker needs of an entry: its type, fields (lower-case names) and names."""

    type: str
    fields: dict[str, str] = field(default_factory=dict)
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()

    @classmethod
    def from_entry(cls, entry: Any) -> Source:
        """From a pybtex ``Entry`` (duck-typed: ``type``, ``fields``, ``persons``)."""

        def names(role: str) -> tuple[Name, ...]:
            return tuple(
                Name(
                    given=tuple(person.first_names) + tuple(person.middle_names),
                    von=tuple(person.prelast_names),
                    last=tuple(person.last_names),
                    lineage=tuple(person.lineage_names),
                )
                for person in entry.persons.get(role, ())
            )

        fields = {str(name).lower(): str(value) for name, value in entry.fields.items()}
        return cls(type=entry.type.lower(), fields=fields, authors=names("author"), editors=names("editor"))

    def get(self, *names: str) -> str:
        """The first of ``names`` that the entry has and is not empty ("first found wins")."""
        for name in names:
            value = self.fields.get(name, "").strip()
            if value:
                return value
        return ""


# --- plain text from LaTeX, and comparing texts ------------------------------------

_TEXT_COMMANDS = {
    "ss": "ss", "o": "o", "O": "O", "ae": "ae", "AE": "AE", "oe": "oe", "OE": "OE",
    "aa": "a", "AA": "A", "l": "l", "L": "L", "i": "i", "j": "j",
}
_ACCENT_LETTER_COMMANDS = frozenset("cvuHdbtkrG")
_GREEK_NAMES = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
    "nu", "xi", "omicron", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
]
_GREEK = {name: chr(0x3B1 + index) for index, name in enumerate(_GREEK_NAMES)}  # \beta → β
_GREEK |= {name.capitalize(): letter.upper() for name, letter in list(_GREEK.items()) if name != "varsigma"}
_SILENT_WITH_ARGUMENT = re.compile(r"\\(?:[hv]space|[hv]?phantom|kern|label)\*?\s*\{[^{}]*\}")
_LETTER_COMMAND = re.compile(r"\\([A-Za-z]+)\*?\s*")  # the space after a command ends it
_SYMBOL_COMMAND = re.compile(r"\\([^A-Za-z])")
_LIGATURES = {
    "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d",
}


def latex_plain(value: str) -> str:
    """A rough plain text of a BibTeX value: enough to compare words, not to print."""
    value = _SILENT_WITH_ARGUMENT.sub(" ", value)

    def letter_command(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _TEXT_COMMANDS:
            return _TEXT_COMMANDS[name]
        if name in _GREEK:
            return _GREEK[name]
        return "" if name in _ACCENT_LETTER_COMMANDS else " "

    value = _LETTER_COMMAND.sub(letter_command, value)

    def symbol_command(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in "&%_#$":
            return char
        return " " if char in ",;! \\" else ""

    value = _SYMBOL_COMMAND.sub(symbol_command, value)
    return re.sub(r"[{}$]", "", value).replace("~", " ")


def _fold_char(char: str) -> str:
    char = _LIGATURES.get(char, char)
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The words of a text, accents and case folded: what two spellings must share."""
    folded = "".join(_fold_char(c) for c in text)
    return re.findall(r"[^\W_]+", folded)


def source_words(value: str) -> list[str]:
    return words(latex_plain(value))


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, folded, each with its position in ``text``."""
    chars: list[str] = []
    positions: list[int] = []
    for position, char in enumerate(text):
        for folded in _fold_char(char):
            if folded.isalnum():
                chars.append(folded)
                positions.append(position)
    return "".join(chars), positions


# --- leftovers that no entry may show -------------------------------------------------

_DOUBLED = [
    (re.compile(r"(?<!\.)\.\.(?!\.)|\.{4,}"), ".."),
    (re.compile(r",,"), ",,"),
    (re.compile(r";;"), ";;"),
    (re.compile(r"::"), "::"),
    (re.compile(r" \.(?!\.\.)"), "' .'"),
    (re.compile(r" ,"), "' ,'"),
    (re.compile(r" ;"), "' ;'"),
    (re.compile(r"\. \."), "'. .'"),
    # NLM's own 'et al., editors' and abbreviations in names as written ('Co., Inc.', 'Washington,
    # D.C., USA') are not doubled.
    (re.compile(r"(?<!\bet al)(?<!\b(?:Co|St|Dr|Jr|Sr))(?<!\b(?:Inc|Ltd))(?<!\bCorp)(?<!\b[A-Z])\.,"), "'.,'"),
]
_ORPHANED = [
    (re.compile(r"(?<!\w)\(\s*\)"), "()"),  # not a function's: 'Why Optim() Is out of Date'
    (re.compile(r"\[\s*\]"), "[]"),
    (re.compile(r"[:;,] ?\.(?!\.\.)"), "a mark before a period (': .')"),  # ': ...' is an ellipsis
    (re.compile(r"[,;:]$"), "a trailing , ; or :"),
]
_NONE_RE = re.compile(r"\bNone\b(?! [a-z])")


def _url_end(url: str) -> str:
    """A URL found in running text, without the punctuation that follows it ('(www.dw.com)')."""
    while url and (url[-1] in ".,;:" or (url[-1] == ")" and url.count("(") < url.count(")"))
                   or (url[-1] == "]" and url.count("[") < url.count("]"))):
        url = url[:-1]
    return url


def _mask_urls(text: str) -> str:
    """The text with its URLs replaced by a neutral word of the same length."""

    def mask(match: re.Match[str]) -> str:
        url = _url_end(match.group())
        return "u" * len(url) + match.group()[len(url):]

    return _URL_RE.sub(mask, text)


def leftover_markup(text: str) -> list[Violation]:
    """What no listed reference may show, whatever its type."""
    found: list[Violation] = []
    latex = sorted({c for c in re.sub(r"\$(?=\d)", "", text) if c in "\\{}$"})  # "$19.95" is a price
    if latex:
        found.append(Violation("markup.latex", f"LaTeX left in the text: {' '.join(latex)}"))
    masked = _mask_urls(text)
    if "~" in masked or re.search(r"(?<!-)--", masked):
        found.append(Violation("markup.tie-or-dash", "a ~ or -- outside a URL"))
    if _NONE_RE.search(text):
        found.append(Violation("markup.none", "'None' printed for a missing part"))
    if "  " in text or text != text.strip():
        found.append(Violation("markup.whitespace", "doubled, leading or trailing space"))
    doubled = [label for pattern, label in _DOUBLED if pattern.search(masked)]
    if doubled:
        found.append(Violation("punctuation.doubled", "doubled punctuation: " + ", ".join(doubled)))
    orphaned = [label for pattern, label in _ORPHANED if pattern.search(masked)]
    if re.match(r"[.,;:)\]!?’-]", text):
        orphaned.insert(0, "the text starts with punctuation")
    if orphaned:
        found.append(Violation("punctuation.orphaned", "orphaned punctuation: " + ", ".join(orphaned)))
    unbalanced = _unbalanced(masked)
    if unbalanced:
        found.append(Violation("punctuation.unbalanced", unbalanced))
    return found


def _unbalanced(text: str) -> str:
    pairs = {")": "(", "]": "["}
    stack: list[str] = []
    for char in text:
        if char in "([":
            stack.append(char)
        elif char in ")]":
            if not stack or stack[-1] != pairs[char]:
                return f"a '{char}' closes nothing"
            stack.pop()
    return f"'{stack[-1]}' not closed" if stack else ""


# --- the parts of a formatted reference ------------------------------------------------


#: The style document's "Preprint": "An @article whose journal is a preprint server (arXiv,
#: bioRxiv, medRxiv...)"; the servers the exporters in the corpus write.
PREPRINT_SERVERS = {"arxiv", "biorxiv", "medrxiv", "ssrn", "research square", "socarxiv", "psyarxiv", "preprints"}


def layout_of(source: Source | None, text: str) -> str:
    """Which of the style document's layouts applies: from the entry type, else the text."""
    if source is None:
        if " [Internet]" in text:
            return "web"
        if " In: " in text:
            return "chapter"
        if "Report No.:" in text:
            return "report"
        if re.search(r": [^:;]+; \d{4}\.$", text) and not re.search(r"\d{4}[^;]*;[^;]*[(:]", text):
            return "book"
        return "article"
    kind = source.type
    if kind == "article" and (
        source.get("journaltitle", "journal").strip().lower() in PREPRINT_SERVERS
        or (source.get("eprinttype", "archiveprefix").lower() == "arxiv" and not source.get("journaltitle", "journal"))
    ):
        return "preprint"
    if kind == "article":
        return "article"
    if kind == "book":
        return "book"
    if kind == "incollection" or (kind == "inbook" and source.get("booktitle")):
        return "chapter"
    if kind in ("report", "techreport"):
        return "report"
    if kind in ("online", "electronic", "www"):
        return "web"
    if kind == "misc" and (source.get("url") or re.search(r"\\url|https?://", source.get("howpublished"))):
        return "web"
    if kind in ("thesis", "phdthesis", "mastersthesis"):
        return "thesis"
    if kind in ("inproceedings", "conference"):
        return "conference"
    return "other"


@dataclass
class _Parsed:
    """A reference text cut at its title: the names before, the rest after."""

    names: str  # the text before the title, with its closing '. '
    title_start: int
    title_end: int | None  # just past the title's last letter or digit, where found
    title_tail: str  # the marks after the stored title's last letter or digit
    rest: str  # the text after the title and its closing mark


def _title_text(source: Source) -> str:
    title = source.get("title")
    subtitle = source.get("subtitle")
    return f"{title}: {subtitle}" if title and subtitle else title


def _locate(text: str, wanted: str, after_names: bool = False) -> tuple[int, int | None] | None:
    """Where the words of ``wanted`` (a BibTeX value) are printed in ``text``.

    Of the places where its first letters are printed, the best is one where all
    of it is printed as stored, then one that opens the text (unless names come
    first) or follows '. ', then the first.  Returns that place's start, and the
    end of the whole value where all of it is printed (None where only its
    beginning is).
    """
    folded, positions = _folded_with_positions(text)
    target = "".join(source_words(wanted))
    if not target:
        return None
    head = target[:12]
    candidates = []
    index = folded.find(head)
    while index != -1:
        position = positions[index]
        before = text[:position].rstrip(_OPENING)
        boundary = (not before and not after_names) or before.endswith(". ")
        candidates.append((not folded.startswith(target, index), not boundary, index))
        index = folded.find(head, index + 1)
    if not candidates:
        return None
    partial, _, best = min(candidates)
    start = positions[best]
    if partial:
        return start, None
    return start, positions[best + len(target) - 1] + 1


_CLOSING = "\"”’)]»"
_OPENING = "\"“‘([«¿¡"


def _title_run(text: str, end: int) -> tuple[str, int]:
    """The marks that follow the title's last letter: up to the next space."""
    stop = end
    while stop < len(text) and text[stop] != " ":
        stop += 1
    return text[end:stop], stop


def parse(text: str, source: Source | None, found: list[Violation]) -> _Parsed:
    title = _title_text(source) if source is not None else ""
    has_names = source is not None and bool(source.authors or source.editors)
    located = _locate(text, title, after_names=has_names) if title else None
    if source is not None and title and located is None:
        found.append(Violation("title.source", "the title is not printed as the entry stores it"))
    if located is not None:
        start, end = located
        while start > 0 and not text[start - 1].isspace() and not text[start - 1].isalnum():
            start -= 1  # '"Herd Immunity": ...', '#Gettinghealthy': marks before the first letter are the title's
        if end is None:
            found.append(Violation("title.source", "the title is printed differently from the entry's"))
    else:
        start, end = _title_start_by_form(text), None
    if end is None:
        # Without the source's title: up to the first '. ', '? ' or '! ' after its start.
        terminal = re.compile(r"[.?!](?= )|(?= \[)").search(text, start)
        end = terminal.start() if terminal else len(text)
        while end > start and not text[end - 1].isalnum() and text[end - 1] not in _CLOSING:
            end -= 1
    run, stop = _title_run(text, end)
    # The marks the stored title itself ends with ('?', '(,)', '†'): the style keeps them.
    tail = re.search(r"[^\w\s]*$", latex_plain(title).strip()).group() if title else ""
    return _Parsed(
        names=text[:start], title_start=start, title_end=end, title_tail=tail,
        rest=text[stop + 1:] if run or stop < len(text) else "",
    )


def _title_start_by_form(text: str) -> int:
    """Where the title starts in a text alone: after the first '. ' that ends the names."""
    cut = text.find(". ")  # ', et al. ' ends the names too
    return cut + 2 if cut != -1 else 0


# --- names ---------------------------------------------------------------------------


def _expected_initials(name: Name) -> set[str]:
    choices: list[set[str]] = []
    for given in name.given:
        for part in re.split(r"[\s\-‐.]+", latex_plain(given)):
            letters = [c for c in part if c.isalpha()]
            if not letters:
                continue
            first = _fold_char(letters[0]).upper()
            if len(letters) > 1 and all(c.isupper() for c in letters):
                choices.append({first, "".join(_fold_char(c).upper() for c in letters)})
            else:
                choices.append({first})
    return {"".join(parts) for parts in itertools.product(*choices)} if choices else {""}


def _is_initials(token: str) -> bool:
    letters = token.replace(".", "")
    return bool(letters) and letters.isalpha() and letters.isupper()


def _split_person(item: str) -> tuple[str, list[str], str]:
    """'van Tulder MW Jr' → surname 'van Tulder', initials tokens ['MW'], suffix 'Jr'.

    The last word is the initials (well formed or not); single capitals before
    it ('Wilt T J') are initials written with spaces.  A suffix follows the
    initials.
    """
    tokens = item.split(" ")
    suffix = ""
    if len(tokens) > 2 and tokens[-1].rstrip(".") in _SUFFIXES and _is_initials(tokens[-2]):
        suffix = tokens.pop()
    initials = [tokens.pop()] if len(tokens) > 1 else []
    while len(tokens) > 1 and len(tokens[-1].replace(".", "")) <= 2 and _is_initials(tokens[-1]):
        initials.insert(0, tokens.pop())
    return " ".join(tokens), initials, suffix


def _check_person(item: str, name: Name, found: list[Violation]) -> None:
    surname, initials, suffix = _split_person(item)
    if not initials:
        found.append(Violation("authors.name-form", f"'{item}' has no initials"))
        return
    if len(initials) > 1 or any("." in token for token in initials):
        found.append(Violation("authors.name-form", f"initials of '{item}' with spaces or periods"))
    printed = "".join(initials).replace(".", "")
    if not all(c.isupper() and c.isalpha() for c in printed):
        found.append(Violation("authors.initials", f"initials of '{item}' are not capital letters"))
    elif "".join(_fold_char(c).upper() for c in printed) not in _expected_initials(name):
        expected = " or ".join(sorted(_expected_initials(name)))
        found.append(Violation("authors.initials", f"'{item}': initials {expected} expected"))
    last_word = surname.rsplit(" ", 1)[-1].rstrip(".")
    if last_word in _SUFFIXES and " " in surname and last_word not in (n.rstrip(".") for n in name.last):
        found.append(Violation("authors.name-form", f"'{item}': the suffix {last_word} follows the initials"))
        surname, suffix = surname.rsplit(" ", 1)[0], last_word
    elif last_word in _SUFFIXES and " " in surname:
        found.append(Violation("authors.name-form", f"'{item}': the suffix {last_word} follows the initials"))
    last = tuple(name.last)
    if not name.lineage and len(last) > 1 and last[-1].rstrip(".") in _SUFFIXES:
        # "Harrell Jr, Frank E.": the style's rule "suffixes kept (Smith AB Jr)" puts it after the initials.
        if suffix.rstrip(".") != last[-1].rstrip("."):
            found.append(Violation("authors.name-form", f"'{item}': suffix {last[-1]} expected after the initials"))
        last = last[:-1]
    expected_surname = source_words(" ".join(name.von + last))
    if words(surname) != expected_surname:
        found.append(Violation("authors.surname", f"'{item}': surname '{' '.join(expected_surname)}' expected"))
    lineage = [token.rstrip(".") for token in name.lineage]
    if lineage and suffix.rstrip(".") not in lineage:
        found.append(Violation("authors.name-form", f"'{item}': suffix {' '.join(lineage)} expected after the initials"))


def _looks_like_person(item: str) -> bool:
    _surname, initials, _suffix = _split_person(item)
    return bool(initials) and len(item.split(" ")) <= 4 and "".join(initials).replace(".", "").isupper()


def _name_items(segment: str, names: tuple[Name, ...]) -> list[str]:
    """The printed names, a group's own commas kept within it."""
    items = segment.split(", ") if segment else []
    if not names:
        return items
    merged: list[str] = []
    index = 0
    for name in names:
        if index >= len(items):
            break
        if name.is_person or name.is_others:
            merged.append(items[index])
            index += 1
            continue
        commas = latex_plain(" ".join(name.last)).count(",")
        merged.append(", ".join(items[index:index + commas + 1]))
        index += commas + 1
    merged.extend(items[index:])
    return merged


def check_names(segment: str, names: tuple[Name, ...] | None, found: list[Violation], what: str = "authors") -> None:
    """A printed list of names (without its closing '. ' or ', editor(s)')."""
    between = segment
    for name in names or ():
        if not name.is_person and not name.is_others:  # a group's own marks are as written
            between = between.replace(" ".join(latex_plain(" ".join(name.last)).split()), "Group")
    if re.search(r";|,(?! )| & | and (?=[A-Z][\w’-]* [A-Z]{1,3}\b)", between):
        found.append(Violation("authors.separator", f"{what} not separated by ', ': '{segment}'"))
        return
    et_al = segment.endswith(", et al")
    if et_al:
        segment = segment[: -len(", et al")]
    elif "et al" in segment:
        found.append(Violation("authors.et-al", f"'et al.' is written ', et al.' after the sixth name: '{segment}'"))
        return
    items = _name_items(segment, names or ())
    if names is None:
        for item in items:
            if _looks_like_person(item):
                _check_person_form(item, found)
        if et_al and len(items) != 6:
            found.append(Violation("authors.et-al", f"', et al.' after {len(items)} names, not 6"))
        return
    real = [name for name in names if not name.is_others]
    others = len(real) < len(names)
    expected = min(len(real), 6)
    if len(items) != expected:
        found.append(Violation("authors.count", f"{len(items)} {what} printed, {expected} expected of {len(real)}"))
        return
    if len(real) > 6 and not et_al:
        found.append(Violation("authors.et-al", f"{len(real)} {what}: ', et al.' expected after the sixth"))
    elif len(real) <= 6 and et_al and not others:
        found.append(Violation("authors.et-al", f"', et al.' printed after all {len(real)} {what}"))
    for item, name in zip(items, real, strict=False):
        if name.is_person:
            _check_person(item, name, found)
        elif words(item) != source_words(" ".join(name.von + name.last + name.lineage)):
            found.append(Violation("authors.surname", f"'{item}' is not the name as written"))


def _check_person_form(item: str, found: list[Violation]) -> None:
    _surname, initials, _suffix = _split_person(item)
    if len(initials) > 1 or any("." in token for token in initials):
        found.append(Violation("authors.name-form", f"initials of '{item}' with spaces or periods"))


def check_name_list(parsed: _Parsed, source: Source | None, layout: str, found: list[Violation]) -> None:
    names = parsed.names
    people = source.authors if source is not None else None
    role_editors = False
    if source is not None and not source.authors and source.editors and layout in ("book", "other", "report", "web"):
        people, role_editors = source.editors, True
    if not names:
        if people:
            found.append(Violation("authors.count", f"no names printed, {min(len(people), 6)} expected"))
        return
    if not names.endswith(". "):
        found.append(Violation("authors.end", f"the names end '{names[-3:]}', not '. '"))
        segment = names.rstrip(" .:;,")
    else:
        segment = names[:-2]
    label = re.search(r", (editors?)$", segment)
    if role_editors or (source is None and label):
        if label is None:
            found.append(Violation("authors.editor-label", "editors without ', editor.' or ', editors.'"))
        else:
            segment = segment[: label.start()]
            count = len(people) if people else len(segment.split(", "))
            if (label.group(1) == "editors") != (count > 1):
                found.append(Violation("authors.editor-label", f"'{label.group(1)}' for {count} editor(s)"))
    if source is not None and people == () and segment:
        # Names printed that the entry does not have: nothing to compare them with.
        return
    check_names(segment, people, found)


# --- title ---------------------------------------------------------------------------


def check_title_end(text: str, parsed: _Parsed, layout: str, found: list[Violation]) -> None:
    """One '.', '?' or '!' after the title, unless the stored title already ends with one."""
    if parsed.title_end is None:
        return
    after = text[parsed.title_end:]
    own = parsed.title_tail if parsed.title_tail and after.startswith(parsed.title_tail) else ""
    run = after[len(own):].split(" ", 1)[0]
    marks = run.lstrip(_CLOSING)
    following = after[len(own) + len(run):]
    ended = own[-1:] in (".", "?", "!")
    if layout != "article" and following.startswith(" [") and marks in ("", "?", "!") and not (ended and marks):
        return  # a designation follows: 'Title [Internet]. ', 'Title? [dissertation]. '
    if (ended and marks == "") or (not ended and marks in (".", "?", "!")):
        return
    if not marks:
        found.append(Violation("title.end", f"no '.', '?' or '!' after the title (then '{following[:12]}')"))
    else:
        found.append(Violation("title.end", f"the title ends '{own}{run}', not one '.', '?' or '!'"))


# --- dates, volumes, pages -----------------------------------------------------------


@dataclass(frozen=True)
class _Date:
    year: str
    month: int | None = None
    day: int | None = None


def _source_date(source: Source) -> _Date | None:
    value = source.get("date")
    if value:
        iso = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:$|/|T)", value)
        if iso:
            month = int(iso.group(2)) if iso.group(2) and iso.group(2) != "00" else None
            day = int(iso.group(3)) if iso.group(3) and iso.group(3) != "00" and month else None
            return _Date(iso.group(1), month, day)
        year = re.search(r"\d{4}", value)
        return _Date(year.group()) if year else None
    year_value = re.search(r"\d{4}", source.get("year"))
    if year_value is None:
        return None
    month = _month_number(source.get("month"))
    day_value = source.get("day").strip("{} ")
    day = int(day_value) if month and day_value.isdigit() and 1 <= int(day_value) <= 31 else None
    return _Date(year_value.group(), month, day)


def _month_number(value: str) -> int | None:
    value = latex_plain(value).strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return _MONTH_WORDS.get(value)


def _printed_date(date: str) -> _Date | None:
    match = re.fullmatch(rf"({_YEAR})(?: ({_MON})(?: ({_DAY}))?)?", date)
    if match is None:
        return None
    month = MONTHS.index(match.group(2)) + 1 if match.group(2) else None
    return _Date(match.group(1), month, int(match.group(3)) if match.group(3) else None)


def check_date(
    date: str, source: Source | None, found: list[Violation], what: str = "date", year_only: bool = False
) -> None:
    """A printed date: its form, and the entry's year (and, for articles, month and day)."""
    if not DATE_RE.fullmatch(date):
        found.append(Violation("date.form", f"{what} '{date}' is not 'YYYY', 'YYYY Mon' or 'YYYY Mon D'"))
        return
    if source is None:
        return
    expected = _source_date(source)
    printed = _printed_date(date)
    if expected is None or printed is None:
        return  # a range or a season: its parts are not compared
    if printed.year != expected.year:
        found.append(Violation("date.source", f"year {printed.year} printed, {expected.year} in the entry"))
    elif year_only:
        return  # a book's, report's or web page's year: the layouts give the year alone
    elif expected.month is not None and printed.month != expected.month:
        found.append(Violation("date.source", f"'{date}': month {MONTHS[expected.month - 1]} in the entry"))
    elif expected.month is None and printed.month is not None and not source.get("month", "date"):
        found.append(Violation("date.source", f"'{date}': the entry has no month"))
    elif expected.day is not None and printed.day != expected.day:
        found.append(Violation("date.source", f"'{date}': day {expected.day} in the entry"))


_PAGE = r"(?:[A-Za-z]{0,3}\d+[A-Za-z]?|[ivxlcdm]+|[IVXLCDM]+)"
_RANGE_RE = re.compile(rf"(?<![\w.\-–])({_PAGE})\s*(---?|-|–|—)\s*({_PAGE})(?![\w.\-–])")


def _is_article_number(first: str, last: str) -> bool:
    """EJ17-0414 is an article's number, not pages 17 to 414 (01-09 is a range)."""
    return last.startswith("0") and not first.startswith("0")


def elide(first: str, last: str) -> str:
    """The second number of a range as the style prints it."""
    if first == last:
        return ""
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        shared = 0
        while shared < len(first) - 1 and first[shared] == last[shared]:
            shared += 1
        return last[shared:]
    return last


def expected_pages(value: str) -> str | None:
    """The pages as the style prints a simple BibTeX value (ranges and commas), else None."""
    parts = [part.strip() for part in re.split(r"\s*,\s*", latex_plain(value).strip())]
    printed = []
    for part in parts:
        match = re.fullmatch(rf"({_PAGE})\s*(?:---?|-|–|—)\s*({_PAGE})", part)
        if match and _is_article_number(match.group(1), match.group(2)):
            return None  # printed as written, whatever dash it has
        if match:
            tail = elide(match.group(1), match.group(2))
            printed.append(match.group(1) + (f"–{tail}" if tail else ""))
        elif re.fullmatch(_PAGE, part):
            printed.append(part)
        else:
            return None
    return ", ".join(printed)


def check_pages(pages: str, source: Source | None, found: list[Violation]) -> None:
    before = len(found)
    # "A word before a range is kept and elided pages follow a semicolon": '; discussion 1149–50'.
    if pages != pages.strip() or re.search(r",(?! )|;(?! [a-z]+ \S)|, [a-z]+ \S", pages):
        found.append(Violation("pages.punctuation", f"pages '{pages}': ranges are joined by ', '"))
    # The entry's own second pages: with letters, the second page is printed as the entry writes it.
    written = re.split(r"\s*(?:---?|-|–|—)\s*|[\s,;]+", latex_plain(source.get("pages", "eid"))) if source else []
    for match in _RANGE_RE.finditer(pages):
        first, dash, last = match.groups()
        if _is_article_number(first, last):
            continue
        shown = match.group()
        if dash != "–" or shown != f"{first}–{last}":
            found.append(Violation("pages.dash", f"'{shown}': a range takes an en dash and no spaces"))
            continue
        _check_range(first, last, found, last in written)
    if source is not None and len(found) == before:
        value = source.get("pages", "eid")
        wanted = expected_pages(value) if value else None
        if wanted is not None and pages != wanted:
            found.append(Violation("pages.source", f"pages '{pages}', '{wanted}' expected"))


def _check_range(first: str, last: str, found: list[Violation], as_written: bool = False) -> None:
    shown = f"{first}–{last}"
    if first == last:
        found.append(Violation("pages.equal-range", f"'{shown}' is one page: '{first}'"))
        return
    if first.isdigit() and last.isdigit():
        if len(last) < len(first):
            full = first[: len(first) - len(last)] + last
        elif len(last) == len(first):
            full = last
        else:
            return  # no elision across lengths: 93–113, 99–101
        if int(full) <= int(first):
            found.append(Violation("pages.elision", f"'{shown}' does not read as a rising range"))
        elif last != elide(first, full):
            found.append(Violation("pages.elision", f"'{shown}' is printed '{first}–{elide(first, full)}'"))
        return
    letters = re.match(r"[A-Za-z]*", first).group()
    if letters and not first.isalpha() and not last.startswith(letters) and not as_written:
        found.append(Violation("pages.elision", f"'{shown}': no elision with letters ('{first}–{letters}…')"))


def _check_volume_issue(part: str, source: Source | None, found: list[Violation]) -> None:
    match = re.fullmatch(r";(?P<volume>[^()]*)(?:\((?P<issue>[^()]*(?:\([^()]*\)[^()]*)*)\))?", part)
    if match is None or (not match["volume"] and match["issue"] is None):
        found.append(Violation("volume-issue.punctuation", f"'{part}' is not ';Volume(Issue)'"))
        return
    volume, issue = match["volume"], match["issue"]
    if volume != volume.strip() or (issue is not None and (issue != issue.strip() or not issue)):
        found.append(Violation("volume-issue.punctuation", f"'{part}': no spaces in ';Volume(Issue)'"))
        return
    for value in (volume, issue or ""):
        if re.search(r"\d\s*(?:-|--|—)\s*[A-Za-z]{0,2}\d", value):
            found.append(Violation("volume-issue.range-dash", f"'{value}': a range takes an en dash"))
            return
    if source is None:
        return
    wanted_volume = source_words(source.get("volume"))
    wanted_issue = source_words(source.get("number", "issue"))
    if words(volume) != wanted_volume:
        found.append(Violation("volume-issue.source", f"volume '{volume}', '{' '.join(wanted_volume)}' in the entry"))
    elif words(issue or "") != wanted_issue:
        found.append(Violation("volume-issue.source", f"issue '{issue or ''}', '{' '.join(wanted_issue)}' in the entry"))


# --- the layouts -----------------------------------------------------------------------


def looks_abbreviated(journal: str) -> bool:
    """The style document: a journal "written as an abbreviation (two or more words cut short with
    a period, or a first word of one letter and a period)"."""
    cut = re.findall(r"(?<![\w.])[A-Za-z][a-z]*\.(?=\s|$)", journal)
    return len(cut) >= 2 or re.match(r"[A-Z]\. ", journal) is not None


def check_article(rest: str, source: Source | None, found: list[Violation]) -> None:
    """'Journal. Date;Volume(Issue):Pages.' (the text after the title)."""
    if not rest.endswith("."):
        rest += "."
    tail = None
    for cut in [*[m.start() for m in re.finditer(r"\. (?=\d{4})", rest)][::-1], -2]:
        match = re.fullmatch(r"(?P<date>\d{4}[^;:]*?)(?P<vi>;[^:]*)?(?::(?P<pages>.*))?\.", rest[cut + 2:])
        if match:
            tail = (rest[: max(cut, 0)], match)
            break
    if tail is None:
        found.append(Violation("article.layout", f"not 'Journal. Date;Volume(Issue):Pages.': '{rest}'"))
        return
    journal, match = tail
    if source is None:
        # Without the entry the title's end is a guess: a journal has no '. ', so it follows the last one.
        journal = re.split(r"[.?!] ", journal)[-1]
    if not journal:
        found.append(Violation("article.layout", "no journal before the date"))
    elif source is None:
        if "." in journal:  # without the entry, only a journal without periods is known to be right
            found.append(Violation("journal.periods", f"'{journal}' has periods"))
    else:
        abbreviation = source.get("shortjournal", "journal_abbrev", "journalabbrev")
        full = source.get("journaltitle", "journal")
        wanted = abbreviation or full
        if (abbreviation or looks_abbreviated(latex_plain(full))) and "." in journal:
            found.append(Violation("journal.periods", f"'{journal}' has periods"))
        elif wanted and words(journal) != source_words(wanted):
            found.append(Violation("journal.source", f"'{journal}' printed, '{latex_plain(wanted).strip()}' expected"))
    check_date(match["date"], source, found)
    if match["vi"] is not None:
        _check_volume_issue(match["vi"], source, found)
    elif source is not None and source.get("volume", "number", "issue"):
        found.append(Violation("volume-issue.source", "the entry's volume or issue is not printed"))
    if match["pages"] is not None:
        check_pages(match["pages"], source, found)
    elif source is not None and source.get("pages", "eid"):
        found.append(Violation("pages.source", "the entry's pages are not printed"))


_EDITION_RE = re.compile(r"^(?P<edition>[^.]+? ed|[^.]+ edition)\. ")
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _edition_number(value: str) -> int | None:
    value = latex_plain(value).strip().lower().rstrip(".")
    value = re.sub(r"\s*(?:ed|edn|edition)$", "", value)
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", value)
    if match:
        return int(match.group(1))
    return _ORDINAL_WORDS.get(value)


def check_edition(text: str, source: Source | None, found: list[Violation]) -> None:
    if re.search(r"\b(?:1st|first)\s+(?:ed\b|edn\b|edition\b)", text, re.IGNORECASE):
        found.append(Violation("edition.first", "a first edition is printed"))
        return
    spelled = re.search(r"\b(\d+(?:st|nd|rd|th)|[A-Z]?[a-z]+) (?:edition|edn|Ed)\b", text)
    if spelled and _edition_number(spelled.group(1)) is not None:
        found.append(Violation("edition.form", f"'{spelled.group()}': write '2nd ed.'"))
        return
    for match in re.finditer(r"\b(\d+)(st|nd|rd|th) ed\.", text):
        if ordinal(int(match.group(1))) != match.group(1) + match.group(2):
            found.append(Violation("edition.form", f"'{match.group()}': '{ordinal(int(match.group(1)))} ed.'"))
            return
    if source is None:
        return
    number = _edition_number(source.get("edition")) if source.get("edition") else None
    if number is not None and number > 1 and f"{ordinal(number)} ed." not in text:
        found.append(Violation("edition.form", f"edition '{source.get('edition')}' is printed '{ordinal(number)} ed.'"))


def _publication(rest: str, what: str, publisher_fields: tuple[str, ...], source: Source | None,
                 found: list[Violation]) -> re.Match[str] | None:
    """'Place: Publisher; Year.' at the start of ``rest``; returns the match."""
    match = re.match(r"(?:(?P<place>[^;]+?): )?(?P<publisher>[^;]+); (?P<year>\d{4}[^.;]*)\.(?= |$)", rest)
    if match is None:
        found.append(Violation(f"{what}.publication", f"not 'Place: Publisher; Year.': '{rest}'"))
        return None
    check_date(match["year"], source, found, "year", year_only=True)
    if source is None:
        return match
    place = source.get("address", "location")
    publisher = source.get(*publisher_fields)
    if place and words(match["place"] or "") != source_words(place):
        found.append(Violation(f"{what}.publication", f"place '{match['place'] or ''}', '{latex_plain(place).strip()}' in the entry"))
    elif publisher and words(match["publisher"]) != source_words(publisher):
        found.append(Violation(f"{what}.publication", f"publisher '{match['publisher']}', '{latex_plain(publisher).strip()}' in the entry"))
    return match


def _after_edition(rest: str, source: Source | None) -> str:
    """The text after a book's edition ('2nd ed. ', or other text as the entry gives it)."""
    edition = source.get("edition") if source is not None else ""
    if not edition:
        match = _EDITION_RE.match(rest)
        return rest[match.end():] if match else rest
    number = _edition_number(edition)
    plain = " ".join(latex_plain(edition).split())
    for printed in (f"{ordinal(number)} ed. " if number else "", plain + ("" if plain.endswith(".") else ".") + " "):
        if printed and rest.startswith(printed):
            return rest[len(printed):]
    match = _EDITION_RE.match(rest)  # an edition printed otherwise (check_edition says so)
    return rest[match.end():] if match else rest


_SECONDARY_RE = re.compile(r"(?P<names>[^.]*?), (?P<label>editors?|translators?)\. ")


def check_book(rest: str, source: Source | None, found: list[Violation]) -> None:
    """'Edition. Editors, editor(s). Translators, translator(s). Place: Publisher; Year. (Series; no. N).'
    (the style document's "Books: editors, translators, volumes, series")."""
    rest = _after_edition(rest, source)
    while (secondary := _SECONDARY_RE.match(rest)) is not None and source is not None and source.authors:
        role = "editor" if secondary["label"].startswith("editor") else "translator"
        check_names(secondary["names"], source.editors if role == "editor" else None, found, f"{role}s")
        rest = rest[secondary.end():]
    match = _publication(rest, "book", ("publisher",), source, found)
    after = rest[match.end():] if match is not None else ""
    series = source.get("series") if source is not None else ""
    if after and not (series and re.fullmatch(r" \([^()]+\)\.", after) and source_words(series)[0] in words(after)):
        found.append(Violation("book.publication", f"text after the year: '{after}'"))


def check_chapter(text: str, rest: str, source: Source | None, found: list[Violation]) -> None:
    if not rest.startswith("In: "):
        found.append(Violation("chapter.in", f"the book does not follow 'In: ': '{rest[:30]}'"))
        return
    body = rest[4:]
    editors = source.editors if source is not None else None
    label = re.match(r"(?P<names>.*?), (?P<label>editors?)\. ", body)
    if editors or (source is None and label):
        if label is None:
            found.append(Violation("chapter.in", "the editors are not followed by ', editor.' or ', editors.'"))
            return
        count = len(editors) if editors else len(label["names"].split(", "))
        if (label["label"] == "editors") != (count > 1):
            found.append(Violation("authors.editor-label", f"'{label['label']}' for {count} editor(s)"))
        check_names(label["names"], editors, found, "editors")
        body = body[label.end():]
    booktitle = source.get("booktitle") if source is not None else ""
    located = _locate(body, booktitle) if booktitle else None
    if located is not None and located[1] is not None:
        run, stop = _title_run(body, located[1])
        if run.lstrip(_CLOSING) not in (".", "?", "!"):
            found.append(Violation("title.end", f"the book title ends '{run}'"))
        body = body[stop + 1:]
    else:
        cut = body.find(". ")
        body = body[cut + 2:] if cut != -1 else ""
    body = _after_edition(body, source)
    match = _publication(body, "book", ("publisher",), source, found)
    if match is None:
        return
    after = body[match.end():]
    pages = re.fullmatch(r" p\. (?P<pages>\S.*)\.", after)
    if pages:
        check_pages(pages["pages"], source, found)
    elif after or (source is not None and source.get("pages")):
        found.append(Violation("chapter.pages", f"the chapter does not end 'p. Pages.': '{after.strip() or body[-12:]}'"))


def check_report(rest: str, source: Source | None, found: list[Violation]) -> None:
    rest = _after_edition(rest, source)  # a report's edition, as a book's ("Reports: the details")
    match = _publication(rest, "report", ("institution", "organization", "publisher"), source, found)
    after = rest[match.end():] if match else ""
    number = source.get("number") if source is not None else ""
    printed = re.fullmatch(r" Report No\.: (?P<number>.+)\.", after)
    if number:
        if printed is None:
            found.append(Violation("report.number", f"'Report No.: {latex_plain(number).strip()}.' expected at the end"))
        elif words(printed["number"]) != source_words(number):
            found.append(Violation("report.number", f"report number '{printed['number']}', '{number}' in the entry"))
    elif after and match is not None:
        if printed is None and "Report No" in after:
            found.append(Violation("report.number", f"'{after.strip()}' is not 'Report No.: Number.'"))
        elif printed is None:
            found.append(Violation("report.publication", f"text after the year: '{after.strip()}'"))
        elif source is not None:
            found.append(Violation("report.number", "a report number the entry does not have"))


def check_web(text: str, parsed: _Parsed, source: Source | None, found: list[Violation]) -> None:
    if parsed.title_end is None:
        return
    after = text[parsed.title_end:]
    if parsed.title_tail and after.startswith(parsed.title_tail):
        after = after[len(parsed.title_tail):]  # the stored title's own end: 'in the U.S. [Internet]'
    after = after.lstrip("?!" + _CLOSING)
    if not after.startswith(" [Internet]. "):
        found.append(Violation("web.internet", f"the title is followed by '{after[:14]}', not ' [Internet]. '"))
        return
    body = after[len(" [Internet]. "):]
    available = re.search(r"(?:^|\. )Available from: (?P<url>\S+)$", body)
    if available is None:
        trailing = re.search(r"Available from: \S+\.$", body)
        if trailing:
            found.append(Violation("web.final-period", "a period after the URL"))
            available = re.search(r"(?:^|\. )Available from: (?P<url>\S+?)\.$", body)
        else:
            found.append(Violation("web.available", f"does not end 'Available from: URL': '{body[-40:]}'"))
            return
    assert available is not None
    url = available["url"]
    if url.endswith(".") and not (source is not None and source.get("url").endswith(".")):
        found.append(Violation("web.final-period", "a period after the URL"))
        url = url[:-1]
    if source is not None and source.get("url") and url not in latex_plain(source.get("url")).replace(" ", "\n").split():
        raw = source.get("url")
        if "\\" not in raw and " " not in raw.strip():
            found.append(Violation("web.available", f"URL '{url}', '{raw}' in the entry"))
    check_web_publication(body[: available.start() + body.startswith(".", available.start())], source, found)


def check_preprint(rest: str, source: Source | None, found: list[Violation]) -> None:
    """The style document's "Preprint": 'Server [Preprint]. YYYY Mon D [cited YYYY Mon D]. Available from: URL'
    (the text after the title); without a URL it ends with the date's period."""
    match = re.fullmatch(
        r"(?P<server>[^.]+?) \[Preprint\]\. (?P<date>[^.\[]+?)(?: \[cited (?P<cited>[^\]]*)\])?"
        r"(?:\. Available from: (?P<url>\S+)|\.)",
        rest,
    )
    if match is None:
        found.append(Violation("preprint.layout", f"not 'Server [Preprint]. Date. Available from: URL': '{rest}'"))
        return
    server = source.get("journaltitle", "journal") if source is not None else ""
    if server and words(match["server"]) != source_words(server):
        found.append(Violation("journal.source", f"server '{match['server']}', '{server}' in the entry"))
    check_date(match["date"], source, found)
    urldate = _source_date(Source("online", {"date": source.get("urldate")})) if source and source.get("urldate") else None
    if match["cited"] is not None:
        check_cited(match["cited"], urldate, source, found)
    elif urldate is not None and match["url"]:
        found.append(Violation("web.cited", "no '[cited YYYY Mon D]' for the entry's urldate"))


def check_web_publication(publication: str, source: Source | None, found: list[Violation]) -> None:
    """'Place: Publisher; Year [cited YYYY Mon D]. ', any part but the brackets left out."""
    cited = re.search(r"\[cited (?P<date>[^\]]*)\]", publication)
    urldate = _source_date(Source("online", {"date": source.get("urldate")})) if source and source.get("urldate") else None
    if cited is not None:
        check_cited(cited["date"], urldate, source, found)
        publication = publication[: cited.start()].rstrip() + publication[cited.end():]
    elif urldate is not None:
        found.append(Violation("web.cited", "no '[cited YYYY Mon D]' for the entry's urldate"))
    publication = publication.strip()
    if not publication:
        return
    if not publication.endswith(".") or publication == ".":
        if publication != ".":
            found.append(Violation("web.publication", f"'{publication}' does not end with '. ' before 'Available from'"))
        return
    body = publication[:-1]
    if DATE_RE.fullmatch(body) or re.fullmatch(r"\d{4}\S*", body):
        year = body
    elif "; " in body:
        publisher, year = body.rsplit("; ", 1)
        if not publisher.strip() or ";" in publisher:
            found.append(Violation("web.publication", f"'{publication}' is not 'Place: Publisher; Year.'"))
            return
    else:
        if source is not None and _source_date(source) is not None:
            found.append(Violation("web.publication", f"'{publication}': the entry's year is not printed after '; '"))
        return  # a publisher without a year
    check_date(year, source, found, "year", year_only=True)


def check_cited(date: str, urldate: _Date | None, source: Source | None, found: list[Violation]) -> None:
    if not re.fullmatch(rf"{_YEAR} {_MON}(?: {_DAY})?|{_YEAR}", date):
        found.append(Violation("web.cited", f"'[cited {date}]' is not '[cited YYYY Mon D]'"))
        return
    if source is not None and urldate is None:
        found.append(Violation("web.cited", "'[cited ...]' without the entry's urldate"))
        return
    printed = _printed_date(date)
    if urldate is not None and printed is not None and (printed.year, printed.month, printed.day) != (
        urldate.year, urldate.month, urldate.day
    ):
        found.append(Violation("web.cited", f"'[cited {date}]' is not the entry's urldate"))


# --- all of it -------------------------------------------------------------------------------


def check_reference(text: str, source: Source | None = None) -> list[Violation]:
    """Every rule a formatted reference text breaks, in the order of the text's parts."""
    found = leftover_markup(text)
    masked = _mask_urls(text)
    if "'" in masked:
        found.append(Violation("typography.apostrophe", "a straight apostrophe ' instead of ’"))
    layout = layout_of(source, text)
    parsed = parse(text, source, found)
    check_name_list(parsed, source, layout, found)
    check_title_end(text, parsed, layout, found)
    check_edition(text, source, found)
    online = re.search(r"\. Available from: \S+$", text) is not None  # NLM ends any online item so
    if layout != "web" and not text.endswith(".") and not online:
        found.append(Violation("end.period", f"the reference ends '{text[-3:]}', not '.'"))
    rest = parsed.rest
    if layout == "article":
        check_article(rest, source, found)
    elif layout == "book":
        check_book(rest, source, found)
    elif layout == "chapter":
        check_chapter(text, rest, source, found)
    elif layout == "report":
        check_report(rest, source, found)
    elif layout == "web":
        check_web(text, parsed, source, found)
    elif layout == "preprint":
        check_preprint(rest, source, found)
    elif layout == "thesis":
        after = text[parsed.title_end or 0:]
        if not re.match(r"[?!]? \[(?:dissertation|master’s thesis|[^\]]*thesis[^\]]*)\]", after):
            found.append(Violation("thesis.designation", f"no '[dissertation]' or '[master’s thesis]' after the title: '{after[:20]}'"))
    elif layout == "conference" and source is not None and source.get("booktitle") and " In: " not in text:
        found.append(Violation("conference.in", "no 'In: ' before the proceedings"))
    if layout in ("thesis", "conference", "other"):
        check_other_parts(text, source, found)
    return found


def check_other_parts(text: str, source: Source | None, found: list[Violation]) -> None:
    """For layouts the style document does not give: dates and pages wherever they stand."""
    for match in re.finditer(r"(?:; |\. )(\d{4}(?: [A-Z][a-z]+(?: \d{1,2})?)?)(?=[.;:\[ ]|$)", text):
        if not DATE_RE.fullmatch(match.group(1)):
            found.append(Violation("date.form", f"date '{match.group(1)}'"))
    pages = re.search(r"(?::| p\. )([^:;\s][^:;]*?)\.$", text)
    if pages and re.search(r"\d", pages.group(1)) and len(pages.group(1)) < 40:
        check_pages(pages.group(1), None, found)


def rules_broken(violations: Iterable[Violation]) -> list[str]:
    """The rules of some violations, in order, each once."""
    return list(dict.fromkeys(v.rule for v in violations))

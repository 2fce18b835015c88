"""``bibliography.bib`` read with the line of every entry, and every problem found at once.

pybtex (and mkdocs-bibtex, which calls it) stops at the first problem with a
traceback, or drops it: a duplicate key raises, a malformed entry raises, a
name with too many commas raises.  This module reads the file with pybtex's
own low-level BibTeX parser, keeping each entry's line, and builds each
entry with pybtex's own :class:`~pybtex.database.input.bibtex.Parser` one by
one, so that a broken entry is reported and the others are still read.

An exported library may hold hundreds of entries no post cites: each
problem belongs to its entry (:attr:`BibProblem.key`), and the build reports
only those of cited entries (``bibliography.py``); ``make lint`` notes the others.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import LowLevelParser, Parser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from .site_paths import located

_NO_KEY = "entry key expected"


@dataclass(frozen=True)
class BibProblem:
    """One problem in the bibliography, at a line of the file where known.

    ``key`` is the entry it belongs to (as the file writes it); None for the
    file as a whole, which stops every build.  ``severity``: an ``error`` stops
    the build, a ``warning`` fails it in strict mode, a ``note`` is for
    ``make lint`` only.
    """

    line: int | None
    message: str
    severity: str = "error"
    key: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class CheckedBibliography:
    """Every entry that could be read, each entry's line, and the problems found."""

    data: BibliographyData = field(default_factory=BibliographyData)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)
    #: Entries that could not be read at all (lower-cased key -> the problem).
    unreadable: dict[str, BibProblem] = field(default_factory=dict)

    @property
    def file_errors(self) -> list[BibProblem]:
        """Problems of the file itself: no entry can be trusted."""
        return [p for p in self.problems if p.key is None and p.is_error]

    def problems_of(self, keys: set[str]) -> list[BibProblem]:
        """The problems of the entries ``keys`` (lower-cased), in line order."""
        return [p for p in self.problems if p.key is not None and p.key.lower() in keys]


def format_problem(path: str, problem: BibProblem) -> str:
    return located(path, problem.line, problem.message)


class _Lines:
    """Line numbers of positions in one text, by bisecting its line starts once found."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position)


RawFields = list[tuple[str, list[str]]]
#: An entry as written (type, key, each field's parts with the file's @strings
#: already put in) -> the entry pybtex built from it: what ``mkdocs serve``
#: keeps between rebuilds, so that an edit builds again only the entries it changed.
BuiltEntries = dict[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], Entry]


@dataclass
class ParsedEntries:
    """The low-level parse: each entry's line, type, key and raw fields, and syntax problems."""

    entries: list[tuple[int, str, str, RawFields]] = field(default_factory=list)
    preambles: list[list[str]] = field(default_factory=list)
    problems: list[BibProblem] = field(default_factory=list)
    builder: Parser = field(default_factory=Parser)


#: A piece of the file, from an ``@`` that starts a line to the next -> its entries and
#: preambles, as :class:`ParsedEntries` has them (``mkdocs serve``).
ParsedPieces = dict[str, tuple[list[tuple[int, str, str, RawFields]], list[list[str]]]]
# Where a piece starts; a @string, which changes how the entries after it read.
_PIECE_START_RE = re.compile(r"^@", re.MULTILINE)
_STRING_RE = re.compile(r"@\s*string\s*[{(]", re.IGNORECASE)


@dataclass
class ReadBefore:
    """What one reading of a file leaves for the next (``mkdocs serve``): its pieces read
    (:func:`parse_pieces`) and its entries built (:func:`build_entries`)."""

    pieces: ParsedPieces = field(default_factory=dict)
    entries: BuiltEntries = field(default_factory=dict)


def parse_pieces(text: str, earlier: ParsedPieces, kept: ParsedPieces) -> ParsedEntries:
    """:func:`parse_entries`, reading again only the pieces of ``text`` that are not in
    ``earlier`` (``kept`` gets every piece, for the next time).

    A piece, from an ``@`` that starts a line to the next, reads alone as it reads in the
    file when the file defines no ``@string`` (the only thing one entry's reading leaves
    for the next) and no piece has a problem: a piece cut inside an entry (an ``@`` at the
    start of a line in a value) ends before the entry does, which is a syntax error. Then,
    and for any other problem, the whole file is read, as the messages' lines need."""
    if _STRING_RE.search(text):
        return parse_entries(text)
    parsed = ParsedEntries()
    starts = [0, *(match.start() for match in _PIECE_START_RE.finditer(text) if match.start())]
    line_numbers = _Lines(text)
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        piece = text[start:end]
        read = earlier.get(piece) or kept.get(piece)
        if read is None:
            alone = parse_entries(piece)
            if alone.problems:
                kept.clear()
                return parse_entries(text)
            read = (alone.entries, alone.preambles)
        kept[piece] = read
        first = line_numbers.at(start) - 1
        parsed.entries += [(first + line, command, key, fields) for line, command, key, fields in read[0]]
        parsed.preambles += read[1]
    return parsed


def parse_entries(text: str) -> ParsedEntries:
    """Every entry the low-level parser can read; a broken one becomes a problem of its key."""
    parsed = ParsedEntries()
    broken: set[int] = set()
    line_numbers = _Lines(text)

    def on_syntax_error(error: PybtexSyntaxError) -> None:
        start = line_numbers.at(parser.command_start or 0)
        key = parser.current_entry_key
        if isinstance(error, UndefinedMacro) and key:
            # The parser goes on with the entry (the word reads as empty): only its field is lost.
            parsed.problems.append(_undefined_string_problem(error, key, start))
            return
        broken.add(start)
        if key is None and _NO_KEY in str(error):
            # No page can cite an entry without a key; the parser goes on at the next '@'.
            parsed.problems.append(BibProblem(start, (
                "this entry has no key, so no page can cite it: give it one, such as @article{smith2020, ...}"
            ), severity="note"))
            return
        parsed.problems.append(_syntax_problem(error, key, start))

    # The low-level parser's macros are pybtex's (month names, then the
    # file's @string definitions), exactly as parse_string would use them,
    # and the months written out, as EndNote and hand-written files have them.
    macros = parsed.builder.macros
    for name in list(macros):
        macros.setdefault(macros[name].lower(), macros[name])
    parser = LowLevelParser(text, handle_error=on_syntax_error, macros=macros)
    for command, body in parser:
        line = line_numbers.at(parser.command_start or 0)
        if command.lower() == "string" or line in broken:
            continue
        if command.lower() == "preamble":
            parsed.preambles.append(body[0])
            continue
        key, fields = body
        if key is not None:
            parsed.entries.append((line, command, key, fields))
    return parsed


def build_entries(
    parsed: ParsedEntries, earlier: BuiltEntries | None = None, kept: BuiltEntries | None = None
) -> CheckedBibliography:
    """The entries as pybtex builds them, the first of each key; duplicates and
    entries pybtex cannot build (a name with too many commas) are problems.

    An entry written exactly as one in ``earlier`` is that entry again (pybtex's
    entry is built from its type, key and fields alone, and nothing changes it
    afterwards); ``kept`` is given every entry built, for the next time."""
    checked = CheckedBibliography(problems=list(parsed.problems))
    for problem in parsed.problems:
        if problem.key:
            checked.unreadable[problem.key.lower()] = problem
    for value in parsed.preambles:
        parsed.builder.process_preamble(value)
    first_line_of: dict[str, tuple[str, int]] = {}
    for line, entry_type, key, fields in parsed.entries:
        folded = key.lower()
        if folded in first_line_of:
            other_key, other_line = first_line_of[folded]
            same = "the same key" if other_key == key else f"key '{other_key}' (keys are compared regardless of case)"
            checked.problems.append(BibProblem(line, (
                f"duplicate key '{key}': line {other_line} already has {same}; "
                "delete the copy or give one entry another key"
            ), key=other_key))
            continue
        first_line_of[folded] = (key, line)
        checked.lines[key] = line
        first_fields = _first_of_each_field(fields)
        written = None if kept is None else (entry_type, key, tuple((n, tuple(parts)) for n, parts in first_fields))
        entry = earlier.get(written) if earlier and written else None
        if entry is not None:
            parsed.builder.data.add_entry(key, entry)
        else:
            try:
                parsed.builder.process_entry(entry_type, key, first_fields)
            except PybtexError as error:
                problem = BibProblem(line, _build_message(key, error), key=key)
                checked.problems.append(problem)
                checked.unreadable[folded] = problem
                continue
            entry = parsed.builder.data.entries[key]
        if kept is not None and written is not None:
            kept[written] = entry
    checked.data = parsed.builder.data
    return checked


def _first_of_each_field(fields: RawFields) -> RawFields:
    """The fields, each the first time it is given: pybtex refuses an entry with any field
    twice, and the check reports a repeat of a field the page prints (``_raw_problems``),
    once; a repeat of one nothing reads (Zotero's ``annote``) is no problem at all."""
    seen: set[str] = set()
    kept = []
    for name, value in fields:
        if name.lower() not in seen:
            seen.add(name.lower())
            # pybtex keeps each entry's field names as the scanner read them: one copy of
            # "title" for all entries, not one each (thousands of entries, a few MB).
            kept.append((sys.intern(name), value))
    return kept


def _undefined_string_problem(error: UndefinedMacro, key: str, start: int) -> BibProblem:
    word = error.args[0] if error.args else str(error)
    return BibProblem(start, (
        f"entry '{key}': {word} is written without braces, so BibTeX reads it as a @string "
        f"the file does not define (and the field as empty): write it in braces, {{{word}}}"
    ), key=key)


def _build_message(key: str, error: PybtexError) -> str:
    text = str(error)
    if "Too many commas" in text:
        return (
            f"entry '{key}': {text}: separate the names with ' and ' "
            "(author = {Smith, J. and Jones, K.}), each written 'Surname, Given names'"
        )
    return f"entry '{key}' cannot be read ({text}): correct it as its reference manager exports it"


def _syntax_problem(error: PybtexSyntaxError, key: str | None, start: int) -> BibProblem:
    where = f" in entry '{key}'" if key else " in the entry that starts here"
    noticed = f" (noticed at line {error.lineno})" if error.lineno and error.lineno != start else ""
    return BibProblem(start, (
        f"BibTeX syntax error{where}{noticed}: {error.args[0] if error.args else error}; "
        "check this entry's braces, quotes and the commas between fields "
        "(each field is written name = {value},)"
    ), key=key)


def read_bibliography_file(path: str | os.PathLike[str]) -> str | BibProblem:
    """The file's text, or the problem that it is not UTF-8 (a problem of the whole file)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        # error.start is a byte offset: count the lines in the bytes themselves.
        return BibProblem(
            error.object.count(b"\n", 0, error.start) + 1,
            "the file is not UTF-8 text: export it again as UTF-8 (Zotero: Export Format, "
            "Character Encoding: Unicode (UTF-8))",
        )

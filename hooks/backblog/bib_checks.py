"""Checks of ``bibliography.bib`` that name the file, the line and the fix.

pybtex (and mkdocs-bibtex, which calls it) stops at the first problem with a
traceback, or drops it: a duplicate key raises, a malformed entry raises, a
missing journal formats silently as nothing.  This module reads the file with
pybtex's own low-level BibTeX parser, keeping each entry's line, and reports
every problem at once.  The same single pass gives the parsed entries
(each processed by pybtex's own :class:`~pybtex.database.input.bibtex.Parser`),
which are handed to mkdocs-bibtex so that the file is read and parsed once
per change, not twice.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.scanner import PybtexSyntaxError

from .cite_syntax import is_valid_key
from .reader import SUPPORTED_TYPES
from .site_paths import located
from .vancouver_parts import is_web_url

DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
PMID_RE = re.compile(r"[1-9]\d{0,8}")
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# LaTeX text: a % not written \% starts a comment (the rest of the field is
# lost); a backslash at the end escapes nothing ("\}" is no escaped brace in BibTeX).
_BARE_PERCENT_RE = re.compile(r"(?<!\\)%")
_TRAILING_BACKSLASH_RE = re.compile(r"(?<!\\)(?:\\\\)*\\$")
# Fields whose values are not LaTeX text, but addresses and identifiers as they are.
_VERBATIM_FIELDS = frozenset({"url", "doi", "pmid", "eprint", "file"})

# What each entry type needs to be formatted: for each part, the field names
# that can give it (the style document's "first found wins" lists), the first
# being the one suggested to the editor.
_TITLE = ("title",)
_JOURNAL = ("journal", "journaltitle", "shortjournal", "journal_abbrev", "journalabbrev")
_YEAR = ("year", "date")
_PUBLISHER = ("publisher",)
_INSTITUTION = ("institution", "organization", "publisher")
_URL = ("url",)
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (_TITLE, _JOURNAL, _YEAR),
    "book": (_TITLE, _PUBLISHER, _YEAR),
    "incollection": (_TITLE, ("booktitle",), _PUBLISHER, _YEAR),
    "inbook": (_TITLE, _PUBLISHER, _YEAR),
    "report": (_TITLE, _INSTITUTION, _YEAR),
    "techreport": (_TITLE, _INSTITUTION, _YEAR),
    "online": (_TITLE, _URL),
    "electronic": (_TITLE, _URL),
    "misc": (_TITLE, _URL),
}
_FORMATTED_TYPES = ", ".join(f"@{name}" for name in SUPPORTED_TYPES)


@dataclass(frozen=True)
class BibProblem:
    """One problem in the bibliography, at a line of the file where known."""

    line: int | None
    message: str
    is_error: bool = True


@dataclass
class CheckedBibliography:
    """The parsed entries (when the file parses) and the problems found."""

    data: BibliographyData | None
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[BibProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[BibProblem]:
        return [p for p in self.problems if not p.is_error]


def format_problem(path: str, problem: BibProblem) -> str:
    return located(path, problem.line, problem.message)


class _Lines:
    """Line numbers of positions in one text, by bisecting its line starts once found."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position)


def check_bibliography_text(text: str) -> CheckedBibliography:
    """Parse BibTeX/BibLaTeX ``text`` and check every entry; never raises."""
    problems: list[BibProblem] = []
    broken: set[int] = set()
    line_numbers = _Lines(text)

    def on_syntax_error(error: PybtexSyntaxError) -> None:
        start = line_numbers.at(parser.command_start or 0)
        broken.add(start)
        problems.append(_syntax_problem(error, parser.current_entry_key, start))

    # pybtex's parser turns each entry the low-level parser reads into an
    # Entry (names split, whitespace normalised), exactly as parse_string
    # would; its macros (month names, then the file's @string definitions)
    # are the low-level parser's.
    builder = Parser()
    parser = LowLevelParser(text, handle_error=on_syntax_error, macros=builder.macros)
    entries: list[tuple[int, str, str, list[tuple[str, list[str]]]]] = []
    preambles: list[list[str]] = []
    for command, body in parser:
        line = line_numbers.at(parser.command_start or 0)
        if command.lower() == "string" or line in broken:
            continue
        if command.lower() == "preamble":
            preambles.append(body[0])
            continue
        key, fields = body
        if key is not None:
            entries.append((line, command, key, fields))

    lines: dict[str, int] = {}
    first_line_of: dict[str, tuple[str, int]] = {}
    for line, entry_type, key, fields in entries:
        folded = key.lower()
        if folded in first_line_of:
            other_key, other_line = first_line_of[folded]
            same = "the same key" if other_key == key else f"key '{other_key}' (keys are compared regardless of case)"
            problems.append(BibProblem(line, (
                f"duplicate key '{key}': line {other_line} already has {same}; "
                "delete the copy or give one entry another key"
            )))
            continue
        first_line_of[folded] = (key, line)
        lines[key] = line
        problems.extend(_check_entry(line, entry_type.lower(), key, fields))

    problems.sort(key=lambda problem: problem.line or 0)
    data = None
    if not any(p.is_error for p in problems):
        for value in preambles:
            builder.process_preamble(value)
        for _line, entry_type, key, fields in entries:
            builder.process_entry(entry_type, key, fields)
        data = builder.data
    return CheckedBibliography(data=data, lines=lines, problems=problems)


#: path -> (modification time in ns, result): kept by the build across the
#: rebuilds of ``mkdocs serve``, which check the file every time but read and
#: parse it again only when it has changed.
CheckCache = dict[str, tuple[int, CheckedBibliography]]


def check_bibliography_file(path: str | os.PathLike[str], cache: CheckCache | None = None) -> CheckedBibliography:
    """:func:`check_bibliography_text` of a file, read as UTF-8, cached by mtime in ``cache``."""
    key = os.path.abspath(path)
    mtime = os.stat(key).st_mtime_ns
    cached = cache.get(key) if cache is not None else None
    if cached is None or cached[0] != mtime:
        cached = (mtime, _check_file(key))
        if cache is not None:
            cache[key] = cached
    return cached[1]


def _check_file(path: str) -> CheckedBibliography:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        # error.start is a byte offset: count the lines in the bytes themselves.
        return CheckedBibliography(data=None, problems=[BibProblem(
            error.object.count(b"\n", 0, error.start) + 1,
            "the file is not UTF-8 text: export it again as UTF-8 (Zotero: Export Format, "
            "Character Encoding: Unicode (UTF-8))",
        )])
    return check_bibliography_text(text)


def check_study_designs(checked: CheckedBibliography, allowed: list[str]) -> list[BibProblem]:
    """Entries whose ``studydesign`` is not one of the ``allowed`` (declared) values."""
    if checked.data is None or not allowed:
        return []
    problems = []
    for key, entry in checked.data.entries.items():
        value = entry.fields.get("studydesign")
        if value is not None and value not in allowed:
            problems.append(BibProblem(checked.lines.get(key), (
                f"entry '{key}': studydesign '{value}' is not a declared study design: use one of: "
                f"{', '.join(allowed)} (or add it to extra.backblog.study_designs in mkdocs.yml)"
            )))
    return problems


def _syntax_problem(error: PybtexSyntaxError, key: str | None, start: int) -> BibProblem:
    where = f" in entry '{key}'" if key else " in the entry that starts here"
    noticed = f" (noticed at line {error.lineno})" if error.lineno and error.lineno != start else ""
    return BibProblem(start, (
        f"BibTeX syntax error{where}{noticed}: {error.args[0] if error.args else error}; "
        "check this entry's braces, quotes and the commas between fields "
        "(each field is written name = {value},)"
    ))


def _check_entry(
    line: int, entry_type: str, key: str, fields: list[tuple[str, list[str]]]
) -> list[BibProblem]:
    problems: list[BibProblem] = []
    values: dict[str, str] = {}
    for name, parts in fields:
        folded = name.lower()
        if folded in values:
            problems.append(BibProblem(line, (
                f"entry '{key}' has the field '{name}' twice: keep one"
            )))
        values[folded] = " ".join("".join(parts).split())
    if not is_valid_key(key):
        problems.append(BibProblem(line, (
            f"entry key '{key}' may contain only letters, digits and _ - : . "
            "(and must start with a letter or digit): rename it"
        )))
    required = REQUIRED_FIELDS.get(entry_type)
    if required is None or (entry_type == "misc" and "url" not in values):
        problems.append(BibProblem(line, (
            f"entry '{key}' is a @{entry_type}, which the house style cannot format: "
            f"use one of {_FORMATTED_TYPES}"
        )))
        required = ()
    for alternatives in required:
        if not any(values.get(name) for name in alternatives):
            others = f" (or {', '.join(alternatives[1:])})" if len(alternatives) > 1 else ""
            problems.append(BibProblem(line, (
                f"entry '{key}' (@{entry_type}) has no {alternatives[0]}: add "
                f"{alternatives[0]} = {{...}}{others}"
            )))
    problems.extend(_check_identifiers(line, key, values))
    problems.extend(_check_latex(line, key, values))
    return problems


def _check_latex(line: int, key: str, values: dict[str, str]) -> list[BibProblem]:
    """Text that LaTeX would cut short: a bare ``%``, a backslash at the end."""
    problems: list[BibProblem] = []
    for name, value in values.items():
        if name in _VERBATIM_FIELDS:
            continue
        if _BARE_PERCENT_RE.search(value):
            problems.append(BibProblem(line, (
                f"entry '{key}': {name} has a bare %, which LaTeX reads as the start of a comment "
                f"(the rest of the {name} would be lost): write \\% for a percent sign"
            )))
        if _TRAILING_BACKSLASH_RE.search(value):
            problems.append(BibProblem(line, (
                f"entry '{key}': {name} ends with a backslash, which escapes nothing "
                "(in BibTeX, \\} does not escape a brace): remove it"
            )))
    return problems


def _check_identifiers(line: int, key: str, values: dict[str, str]) -> list[BibProblem]:
    problems: list[BibProblem] = []
    doi = values.get("doi")
    if doi is not None and not DOI_RE.fullmatch(doi):
        bare = _DOI_PREFIX_RE.sub("", doi).strip()
        fix = f"write doi = {{{bare}}}" if DOI_RE.fullmatch(bare) else "a DOI looks like 10.1234/abc-5678"
        problems.append(BibProblem(line, (
            f"entry '{key}': doi '{doi}' is not a bare DOI (10.<digits>/<suffix>, without "
            f"https://doi.org/ or doi:): {fix}"
        )))
    pmid = values.get("pmid")
    if pmid is not None and not PMID_RE.fullmatch(pmid):
        digits = re.sub(r"\D", "", pmid)
        fix = f"write pmid = {{{digits}}}" if PMID_RE.fullmatch(digits) else "a PMID is a number such as 28192789"
        problems.append(BibProblem(line, (
            f"entry '{key}': pmid '{pmid}' is not a PubMed ID (digits only): {fix}"
        )))
    url = values.get("url")
    if url is not None and not is_web_url(url):
        problems.append(BibProblem(line, (
            f"entry '{key}': url '{url}' is not an http or https address, so it is shown "
            "as text and not linked: correct it or remove it"
        ), is_error=False))
    return problems

"""The checks of each bibliography entry, with the line and the fix.

The file is read by ``bib_parse``; here each entry is checked as the reader
will read it (its type, what it inherits through ``crossref``), and every
problem belongs to its entry: the build stops only for entries a page cites,
and ``make lint`` notes the others.  Only fields the site prints are
checked for LaTeX that would be cut short (an abstract's bare ``%`` is
never printed, never published, and never a problem).
"""

from __future__ import annotations

import os
import re

from . import model
from .bib_parse import (
    BibProblem,
    CheckedBibliography,
    RawFields,
    ReadBefore,
    build_entries,
    parse_entries,
    parse_pieces,
    read_bibliography_file,
)
from .cite_syntax import is_valid_key
from .entry_fields import EntryFields
from .latex import UNPRINTABLE_RE
from .reader import JOURNAL_ABBREVIATION_FIELDS, JOURNAL_TITLE_FIELDS, PRINTED_FIELDS, READ_FIELDS, reference_type
from .vancouver_parts import is_web_url

# A DOI, or a ShortDOI (10/abcde), which doi.org resolves the same way.
DOI_RE = re.compile(r"10\.\d{4,9}/\S+|10/[a-z0-9]+", re.IGNORECASE)
PMID_RE = re.compile(r"[1-9]\d{0,8}")
# LaTeX text: a % not written \% starts a comment (the rest of the field is
# lost); a backslash at the end escapes nothing ("\}" is no escaped brace in BibTeX).
_BARE_PERCENT_RE = re.compile(r"(?<!\\)%")
_TRAILING_BACKSLASH_RE = re.compile(r"(?<!\\)(?:\\\\)*\\$")
# Fields whose values are not LaTeX text, but addresses and identifiers as they are.
_VERBATIM_FIELDS = frozenset({"url", "doi", "pmid", "pmcid", "eprint", "howpublished"})

# What each type needs to be formatted: for each part, the fields that can
# give it (first found wins), the first being the one suggested to the editor.
_TITLE = ("title",)
_JOURNAL = (*JOURNAL_TITLE_FIELDS[::-1], *JOURNAL_ABBREVIATION_FIELDS)
_YEAR = ("year", "date")
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    model.ARTICLE: (_TITLE, _JOURNAL, _YEAR),
    model.MAGAZINE: (_TITLE, _JOURNAL, _YEAR),
    model.NEWSPAPER: (_TITLE, _JOURNAL, _YEAR),
    model.BOOK: (_TITLE, ("publisher", "organization"), _YEAR),
    model.CHAPTER: (_TITLE, ("booktitle", "maintitle"), ("publisher", "organization"), _YEAR),
    model.PAPER: (_TITLE, ("booktitle", "eventtitle"), _YEAR),
    model.REPORT: (_TITLE, ("institution", "organization", "publisher"), _YEAR),
    model.THESIS: (_TITLE, ("school", "institution", "publisher"), _YEAR),
    model.WEBPAGE: (_TITLE, ("url", "howpublished")),
}
#: path -> (modification time in ns, result): kept by the build across the
#: rebuilds of ``mkdocs serve``, which check the file every time but read and
#: parse it again only when it has changed.
CheckCache = dict[str, tuple[int, CheckedBibliography]]
#: path -> what reading it last time leaves for the next (``mkdocs serve`` only).
EntryCache = dict[str, ReadBefore]


def check_bibliography_text(
    text: str, earlier: ReadBefore | None = None, kept: ReadBefore | None = None
) -> CheckedBibliography:
    """Parse BibTeX/BibLaTeX ``text`` and check every entry; never raises. What was read
    ``earlier`` is used again (``bib_parse.parse_pieces``, ``build_entries``), and ``kept``
    filled for the next time."""
    if kept is None:
        parsed = parse_entries(text)
        checked = build_entries(parsed)
    else:
        before = earlier or ReadBefore()
        parsed = parse_pieces(text, before.pieces, kept.pieces)
        checked = build_entries(parsed, before.entries, kept.entries)
    for line, _entry_type, key, fields in parsed.entries:
        if checked.lines.get(key) == line:  # the first of its key
            checked.problems.extend(_raw_problems(line, key, fields))
            if key in checked.data.entries and key.lower() not in checked.unreadable:
                entry_fields = EntryFields(checked.data.entries[key], checked.data.entries)
                checked.problems.extend(_entry_problems(line, key, entry_fields))
    checked.problems.sort(key=lambda problem: problem.line or 0)
    return checked


def check_bibliography_file(
    path: str | os.PathLike[str], cache: CheckCache | None = None, entries: EntryCache | None = None
) -> CheckedBibliography:
    """:func:`check_bibliography_text` of a file, read as UTF-8, cached by mtime in ``cache``;
    with ``entries``, a changed file builds again only the entries that changed in it."""
    key = os.path.abspath(path)
    mtime = os.stat(key).st_mtime_ns
    cached = cache.get(key) if cache is not None else None
    if cached is None or cached[0] != mtime:
        text = read_bibliography_file(key)
        if isinstance(text, BibProblem):
            checked = CheckedBibliography(problems=[text])
        elif entries is None:
            checked = check_bibliography_text(text)
        else:
            kept = ReadBefore()
            checked = check_bibliography_text(text, entries.get(key), kept)
            entries[key] = kept
        cached = (mtime, checked)
        if cache is not None:
            cache[key] = cached
    return cached[1]


def check_study_designs(checked: CheckedBibliography, allowed: list[str]) -> list[BibProblem]:
    """Entries whose ``studydesign`` is not one of the ``allowed`` (declared) values."""
    if not allowed:
        return []
    problems = []
    for key, entry in checked.data.entries.items():
        value = entry.fields.get("studydesign")
        if value is not None and value not in allowed:
            problems.append(BibProblem(checked.lines.get(key), (
                f"entry '{key}': studydesign '{value}' is not a declared study design: use one of: "
                f"{', '.join(allowed)} (or add it to extra.backblog.study_designs in mkdocs.yml)"
            ), key=key))
    return problems


def _raw_problems(line: int, key: str, fields: RawFields) -> list[BibProblem]:
    """What is wrong as written: a field twice, the key, LaTeX cut short, unprintable characters."""
    problems: list[BibProblem] = []
    seen: set[str] = set()
    for name, parts in fields:
        folded = name.lower()
        if folded in seen and folded in READ_FIELDS:  # a note twice is no problem: it is never read
            problems.append(BibProblem(line, f"entry '{key}' has the field '{name}' twice: keep one", key=key))
        seen.add(folded)
        if folded not in PRINTED_FIELDS:
            continue  # never printed, never published: an abstract's % is no problem
        value = " ".join("".join(parts).split())
        problems.extend(_text_problems(line, key, folded, value))
    if not is_valid_key(key):
        problems.append(BibProblem(line, (
            f"entry key '{key}' may contain only letters, digits and _ - : . "
            "(and must start with a letter or digit): rename it"
        ), key=key))
    return problems


def _text_problems(line: int, key: str, name: str, value: str) -> list[BibProblem]:
    problems = []
    unprintable = UNPRINTABLE_RE.search(value)
    if unprintable:
        problems.append(BibProblem(line, (
            f"entry '{key}': {name} holds a character that is never text (U+{ord(unprintable.group()):04X}, "
            f"after '{value[: unprintable.start()][-20:]}'), often what is left of a letter or dash lost in a "
            "copy from a PDF: delete it, or type the character it stands for"
        ), key=key))
    if name in _VERBATIM_FIELDS:
        return problems
    if _BARE_PERCENT_RE.search(value):
        problems.append(BibProblem(line, (
            f"entry '{key}': {name} has a bare %, which LaTeX reads as the start of a comment "
            f"(the rest of the {name} would be lost): write \\% for a percent sign"
        ), key=key))
    if _TRAILING_BACKSLASH_RE.search(value):
        problems.append(BibProblem(line, (
            f"entry '{key}': {name} ends with a backslash, which escapes nothing "
            "(in BibTeX, \\} does not escape a brace): remove it"
        ), key=key))
    return problems


def _entry_problems(line: int, key: str, fields: EntryFields) -> list[BibProblem]:
    """What the entry lacks for its layout, and identifiers that are not ones."""
    problems: list[BibProblem] = []
    kind = reference_type(fields)
    if kind == model.DOCUMENT:
        problems.append(BibProblem(line, (
            f"entry '{key}' is a @{fields.type}, which has no layout of its own in the house style: "
            "it is formatted from the fields it has (a @misc with a url is a web page)"
        ), severity="note", key=key))
    for alternatives in REQUIRED_FIELDS.get(kind, (_TITLE,)):
        if not any(fields.raw(name) for name in alternatives):
            others = f" (or {', '.join(alternatives[1:])})" if len(alternatives) > 1 else ""
            problems.append(BibProblem(line, (
                f"entry '{key}' (@{fields.type}) has no {alternatives[0]}: add "
                f"{alternatives[0]} = {{...}}{others}"
            ), key=key))
    doi = fields.raw("doi")
    if doi and not DOI_RE.fullmatch(fields.doi()):
        problems.append(BibProblem(line, (
            f"entry '{key}': doi '{doi}' is not a DOI (10.<digits>/<suffix>): a DOI looks like 10.1234/abc-5678"
        ), key=key))
    pmid = fields.raw("pmid") or fields.eprint("pubmed", "pmid")
    if pmid and not PMID_RE.fullmatch(pmid):
        digits = re.sub(r"\D", "", pmid)
        fix = f"write pmid = {{{digits}}}" if PMID_RE.fullmatch(digits) else "a PMID is a number such as 28192789"
        why = "a number of at most 9 digits" if pmid.isdigit() else "digits only"
        if pmid.isdigit():
            fix = "check it against the article's PubMed page, or remove it"
        message = f"entry '{key}': pmid '{pmid}' is not a PubMed ID ({why}): {fix}"
        problems.append(BibProblem(line, message, key=key))
    url = fields.url()
    if len(fields.urls()) > 1 and is_web_url(url):
        problems.append(BibProblem(line, (
            f"entry '{key}': url holds {len(fields.urls())} addresses; the page links the first web "
            f"address, {url}: keep only that one to make it plain"
        ), severity="note", key=key))
    if url and not is_web_url(url):
        problems.append(BibProblem(line, (
            f"entry '{key}': url '{url}' is not an http or https address, so it is shown "
            "as text and not linked: correct it or remove it"
        ), severity="warning", key=key))
    return problems

"""The real-world corpus: whole exported libraries, each built as the bibliography of a tiny site.

Each library (``../shared/real-bibliographies/*.bib`` and
``tests/fixtures/bibliographies/*.bib``) is copied byte for byte into a tiny
site's ``bibliography.bib``; the site's one page cites every entry that can be
cited, one citation group per entry, and is built strictly with the
project's hook (:func:`build_library`).  What the page lists is read back with
a real HTML parser, keyed by each entry's anchor.

Entries are read here with pybtex's own parser (never with ``backblog``), to
know what the page should list: every key that occurs once, regardless of
case, and that the citation syntax can write.  Left uncited (and reported):

- keys that occur more than once (an editor must fix those before citing
  them; entries no post cites must not stop the build);
- entries pybtex cannot read (a syntax error, an empty key);
- keys outside the editors' guide's rule (letters, digits and ``_ - : .``,
  ending with a letter or digit).

``python tests/real_corpus.py [NAME ...]`` prints the baseline report: per
library, what the build says of the library as exported, what it lists once
the entries it rejects are left out, and the style checker's findings on the
sample.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from bs4 import BeautifulSoup
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.exceptions import PybtexError

from sitebuilder import PROJECT, build_config, run_build, tiny_config, write_tree
from style_rules import Source, check_reference, leftover_markup

SHARED = PROJECT.parent / "shared" / "real-bibliographies"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bibliographies"

#: name → exporter, as SOURCES.md documents each library.
SHARED_LIBRARIES = {
    "mcguinlu_thesis_references": "Zotero + Better BibTeX (BibTeX)",
    "gisurgonc_zotero": "Zotero (BibTeX)",
    "mckeigue_covid": "Zotero + Better BibTeX",
    "martin_library": "EndNote",
    "lhsantos_pubmed": "PubMed",
}
ADDED_LIBRARIES = {
    "philliphartin_thesis": "Mendeley Desktop (auto-sync)",
    "smnhasan_covid_temperature": "Mendeley Desktop (export)",
    "drcjar_ipprf": "JabRef (BibLaTeX mode)",
    "winterwang_diabetes": "JabRef (BibTeX mode)",
    "nikosbosse_germanpolish": "Better BibLaTeX",
    "kamermanpr_who_eml": "Paperpile",
}

#: The editors' guide: "Keys may contain only letters, digits and the characters
#: _ - : ., should start with a letter and end with a letter or digit".
CITABLE_KEY = re.compile(r"[^\W_](?:[\w:.\-]*[^\W_])?")

SAMPLE_SIZE = 100
#: How a build that ended in an exception (not a clean PluginError) is reported.
CRASH = "the build crashed: "
PAGE = "corpus.md"


@dataclass(frozen=True)
class Library:
    name: str
    path: Path
    exporter: str
    shared: bool

    @property
    def available(self) -> bool:
        return self.path.is_file()


def libraries() -> list[Library]:
    return [
        *(Library(name, SHARED / f"{name}.bib", exporter, True) for name, exporter in SHARED_LIBRARIES.items()),
        *(Library(name, FIXTURES / f"{name}.bib", exporter, False) for name, exporter in ADDED_LIBRARIES.items()),
    ]


# --- reading a library as pybtex does -----------------------------------------------


@dataclass
class RawEntry:
    """One ``@type{...}`` of a library: where it is, and pybtex's reading of it."""

    key: str | None
    type: str
    line: int
    start: int
    entry: Entry | None = None
    #: pybtex's complaints about this entry (syntax, names, duplicate fields).
    problems: list[str] = field(default_factory=list)


@dataclass
class LibraryEntries:
    text: str
    entries: list[RawEntry]

    @property
    def total(self) -> int:
        return len(self.entries)

    def duplicated_keys(self) -> list[str]:
        counts = Counter(e.key.lower() for e in self.entries if e.key)
        return sorted({e.key for e in self.entries if e.key and counts[e.key.lower()] > 1}, key=str.lower)

    def unreadable(self) -> list[RawEntry]:
        return [e for e in self.entries if e.entry is None]

    def uncitable_keys(self) -> list[str]:
        return [e.key for e in self.entries if e.key is not None and e.entry is not None and not CITABLE_KEY.fullmatch(e.key)]

    def cited(self) -> list[RawEntry]:
        """The entries the corpus page cites, in file order."""
        duplicated = {key.lower() for key in self.duplicated_keys()}
        return [
            e for e in self.entries
            if e.entry is not None and e.key and e.key.lower() not in duplicated and CITABLE_KEY.fullmatch(e.key)
        ]

    def span(self, raw: RawEntry) -> tuple[int, int]:
        """The entry's text: from its ``@`` to the next entry's (comments between go with it)."""
        index = self.entries.index(raw)
        end = self.entries[index + 1].start if index + 1 < len(self.entries) else len(self.text)
        return raw.start, end


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def read_library(text: str) -> LibraryEntries:
    """Every entry of a .bib text, read by pybtex one entry at a time, problems kept per entry."""
    # Lines as editors (and Python's universal newlines) count them: a lone \r ends one too.
    starts = [0] + [m.end() for m in re.finditer("\r\n|\r|\n", text)]

    def line_at(offset: int) -> int:
        low, high = 0, len(starts)
        while low < high:
            middle = (low + high) // 2
            if starts[middle] <= offset:
                low = middle + 1
            else:
                high = middle
        return low

    entries: list[RawEntry] = []
    broken: dict[int, RawEntry] = {}

    def on_error(error: PybtexError) -> None:
        start = parser.command_start or 0
        raw = broken.get(start)
        if raw is None:
            raw = RawEntry(parser.current_entry_key, "?", line_at(start), start)
            broken[start] = raw
            entries.append(raw)
        raw.problems.append(str(error))

    builder = Parser()
    builder.unnamed_entry_counter = 1  # what parse_string would set: a keyless entry gets a name
    parser = LowLevelParser(text, handle_error=on_error, macros=builder.macros)
    with pybtex.errors.capture() as complaints:
        for command, body in parser:
            start = parser.command_start or 0
            if command.lower() in ("string", "preamble", "comment"):
                continue
            key, fields = body
            # One entry at a time, so that a repeated key is read too.
            builder.data = BibliographyData()
            before = len(complaints)
            builder.process_entry(command, key, fields)
            entry = next(iter(builder.data.entries.values()))
            problems = [str(error) for error in complaints[before:]]
            raw = broken.pop(start, None)  # an undefined macro: reported, and the entry read
            if raw is not None:
                entries.remove(raw)
                problems = raw.problems + problems
            entries.append(RawEntry(key, command.lower(), line_at(start), start, entry, problems))
    entries.sort(key=lambda raw: raw.start)
    for raw in entries:
        if raw.entry is None:
            match = re.match(r"@\s*([A-Za-z]+)", text[raw.start:])
            raw.type = match.group(1).lower() if match else "?"
    return LibraryEntries(text, entries)


# --- what the page should show -------------------------------------------------------


def expected_anchor(key: str) -> str:
    """The id the house style gives a reference (the editors' guide and the hook's docstring):
    ``ref-`` and the key lower-cased, any character outside ASCII letters, digits and
    ``_ - : .`` written as ``~`` and its code point in hexadecimal."""
    return "ref-" + re.sub(r"[^a-z0-9_:.\-]", lambda m: f"~{ord(m.group()):x}", key.lower())


def corpus_page(keys: list[str]) -> str:
    lines = ["# Every entry", ""]
    lines += [f"Entry {number} [@{key}].\n" for number, key in enumerate(keys, 1)]
    return "\n".join(lines)


def sample(keys: list[str], size: int = SAMPLE_SIZE) -> list[str]:
    """A deterministic sample spread over the library: the keys with the smallest digests."""
    return sorted(keys, key=lambda key: hashlib.sha256(key.encode("utf-8")).hexdigest())[:size]


# --- building -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    """An entry the build refused to cite, and whether the library shows the defect its message names."""

    key: str
    line: int
    message: str
    #: What the message says is wrong (``missing-field``, ``doi``, ...), or "" for a message of no known kind.
    kind: str
    #: Whether the entry as pybtex reads it (not as the hook does) has that defect.
    confirmed: bool


@dataclass
class CorpusBuild:
    """One library built as a tiny site's bibliography.

    The page first cites every entry that can be cited; the build's messages name the
    entries it refuses (``rejected``), each checked against the library itself.  The
    library is then built again, byte for byte the same, with a page citing the rest
    (``cited``): what that build says and lists is ``warnings``, ``error`` and ``listed``.
    """

    library: Library
    entries: LibraryEntries
    cited: list[str]
    warnings: list[str]
    error: str | None
    #: (anchor, text) of every item of the page's reference list, in list order.
    listed: list[tuple[str, str]]
    seconds: float
    rejected: list[Rejection] = field(default_factory=list)
    #: Messages of the first build that name no entry of the library.
    unplaced: list[str] = field(default_factory=list)

    @property
    def listed_texts(self) -> dict[str, str]:
        return dict(self.listed)


def build_with_bibliography(root: Path, bib: bytes, keys: list[str]) -> tuple[list[str], str | None, list[tuple[str, str]]]:
    """Build a tiny site whose page cites ``keys``; return warnings, abort, and what it lists."""
    write_tree(root / "docs", {"index.md": "# Home\n", PAGE: corpus_page(keys)})
    (root / "bibliography.bib").write_bytes(bib)
    try:
        warnings, error = run_build(build_config(root, tiny_config()))
    except Exception as crash:  # a traceback, where an editor should get a message
        warnings, error = [], f"{CRASH}{type(crash).__name__}: {crash}"
    listed: list[tuple[str, str]] = []
    page = root / "site" / PAGE.removesuffix(".md") / "index.html"
    if error is None and page.is_file():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for item in soup.select("article .bb-references > li"):
            reference = item.select_one(".bb-reference")
            text = item.select_one(".bb-reference__text")
            listed.append((
                reference.get("id", "") if reference is not None else "",
                text.get_text() if text is not None else "",
            ))
    return warnings, error, listed


def build_library(library: Library, root: Path) -> CorpusBuild:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    bib = library.path.read_bytes()
    entries = read_library(bib.decode("utf-8"))
    citable = [raw.key for raw in entries.cited() if raw.key]
    began = time.perf_counter()
    warnings, error, listed = build_with_bibliography(root / "all", bib, citable)
    rejected: list[Rejection] = []
    unplaced: list[str] = []
    if error is not None or warnings:
        by_line = {raw.line: raw for raw in entries.cited()}
        for message in [*(error or "").splitlines(), *warnings]:
            found = _ENTRY_MESSAGE_RE.match(message)
            raw = by_line.get(int(found["line"])) if found else None
            if raw is None or raw.key is None:
                if message.strip() and not message.startswith("Aborted with"):
                    unplaced.append(message)
                continue
            kind, confirmed = confirm_defect(raw, entries, found["message"] if found else message)
            rejected.append(Rejection(raw.key, raw.line, message, kind, confirmed))
        refused = {rejection.key for rejection in rejected}
        cited = [key for key in citable if key not in refused]
        warnings, error, listed = build_with_bibliography(root / "accepted", bib, cited)
    else:
        cited = citable
    seconds = time.perf_counter() - began
    return CorpusBuild(library, entries, cited, warnings, error, listed, seconds, rejected, unplaced)


# --- what a rejection says, checked against the library -------------------------------------

_ENTRY_MESSAGE_RE = re.compile(r"^(?:bibliography: )?bibliography\.bib:(?P<line>\d+): (?P<message>.*)$")


def _field(entry: Entry, name: str) -> str:
    """A field of the entry as pybtex reads it, "" if absent (names count as fields)."""
    for found, value in entry.fields.items():
        if found.lower() == name:
            return str(value).strip()
    return " and ".join(str(p) for p in entry.persons.get(name, [])) if name in ("author", "editor") else ""


def _fields_with_parent(raw: RawEntry, entries: LibraryEntries) -> list[Entry]:
    """The entry, and the entry its ``crossref`` names (whose fields it inherits)."""
    assert raw.entry is not None
    found = [raw.entry]
    parent = _field(raw.entry, "crossref").lower()
    found += [other.entry for other in entries.entries if other.entry is not None and (other.key or "").lower() == parent]
    return found


def _bare_doi(value: str) -> str:
    value = re.sub(r"^\\url\{(.*)\}$", r"\1", value.strip())
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)


def confirm_defect(raw: RawEntry, entries: LibraryEntries, message: str) -> tuple[str, bool]:
    """What the message says is wrong with ``raw``, and whether the library shows it.

    Written from the library and pybtex alone, never from the hook's checks: a
    message of a kind not listed here, or one the entry does not bear out, is a
    rejection the test reports.
    """
    missing = re.search(r"has no (\w+): add \w+ = \{\.\.\.\}(?: \(or ([\w, ]+)\))?$", message)
    if missing:
        names = [missing.group(1), *(missing.group(2) or "").replace(" ", "").split(",")]
        present = [n for n in names if n and any(_field(e, n) for e in _fields_with_parent(raw, entries))]
        return "missing-field", not present
    written = re.search(r"(doi|pmid|url) '(.*)' is not an? ", message)
    if written and raw.entry is not None:
        name, value = written.groups()
        shown = _field(raw.entry, name) or (_field(raw.entry, "eprint") if name == "pmid" else "")
        if name == "doi":
            good = re.fullmatch(r"10\.\d{4,9}/\S+|10/[a-z0-9]+", _bare_doi(shown), re.IGNORECASE)
        elif name == "pmid":
            good = re.fullmatch(r"[1-9]\d{0,8}", shown)
        else:  # of several addresses in the field (Mendeley's), any web address would do
            good = any(re.match(r"https?://[^/\s]", word) for word in shown.split())
            shown = " ".join(shown.split())
        return name, bool(shown) and value == shown.strip() and not good
    twice = re.search(r"has the field '([^']+)' twice", message)
    if twice:
        start, end = entries.span(raw)
        repeats = re.findall(rf"(?im)^\s*{re.escape(twice.group(1))}\s*=", entries.text[start:end])
        return "field-twice", len(repeats) >= 2
    if "Too many commas" in message:
        return "names", any("Too many commas" in problem for problem in raw.problems)
    return "", False


# --- the baseline report ----------------------------------------------------------------

_LINE_RE = re.compile(r"(?:^|\s)bibliography\.bib:(\d+): ", re.MULTILINE)


def message_kind(message: str) -> str:
    """A message with its particulars (keys, values, lines) blanked, to group messages by kind."""
    message = _LINE_RE.sub("", message)
    message = re.sub(r"'[^']*'", "'…'", message)
    message = re.sub(r"\{[^{}]*\}", "{…}", message)
    message = re.sub(r"\d+", "N", message)
    return message.split(": use one of", 1)[0].split("; delete", 1)[0][:160]


def rejected_entries(entries: LibraryEntries, error: str) -> list[RawEntry]:
    """The entries named (by line) in a build's error messages, or whose pybtex complaint crashed it."""
    if error.startswith(CRASH):
        return [raw for raw in entries.entries if any(problem in error for problem in raw.problems)]
    lines = {int(m.group(1)) for m in _LINE_RE.finditer(error)}
    return [raw for raw in entries.entries if raw.line in lines]


def without(entries: LibraryEntries, dropped: list[RawEntry]) -> bytes:
    cuts = sorted(entries.span(raw) for raw in dropped)
    out, position = [], 0
    for start, end in cuts:
        out.append(entries.text[position:start])
        position = end
    out.append(entries.text[position:])
    return "".join(out).encode("utf-8")


def baseline(library: Library) -> dict[str, Any]:
    """What today's build does with a library: as exported, then without what it rejects."""
    report: dict[str, Any] = {"library": library}
    with tempfile.TemporaryDirectory() as folder:
        first = build_library(library, Path(folder) / "as-exported")
        report["first"] = first
        dropped: list[RawEntry] = []
        later: list[str] = []  # what the rounds after the first one reported
        current = first
        while current.error is not None and len(dropped) < first.entries.total:
            # Line numbers are those of the file just built: read it again each round.
            messages = "\n".join([current.error, *current.warnings])
            named = rejected_entries(current.entries, messages)
            if not named:
                break
            if current is not first:
                later += messages.splitlines()
            dropped += named
            entries = read_library(without(current.entries, named).decode("utf-8"))
            keep = [raw.key for raw in entries.cited() if raw.key]
            began = time.perf_counter()
            warnings, error, listed = build_with_bibliography(
                Path(folder) / f"round-{len(dropped)}", entries.text.encode("utf-8"), keep
            )
            seconds = time.perf_counter() - began
            current = CorpusBuild(library, entries, keep, warnings, error, listed, seconds)
        report["dropped"] = dropped
        report["later"] = later
        report["accepted"] = current
    texts = report["accepted"].listed_texts
    by_anchor = {expected_anchor(raw.key): raw for raw in first.entries.cited() if raw.key}
    markup: dict[str, list[str]] = {}
    for anchor, text in texts.items():
        key = by_anchor[anchor].key if anchor in by_anchor else "?"
        for violation in leftover_markup(text):
            markup.setdefault(violation.rule, []).append(f"[{key}] {text}")
    style: dict[str, list[tuple[str, str, str]]] = {}
    # The test's sample (of the keys cited as exported), as far as today's build lists it.
    sampled = sample(first.cited)
    checked = [expected_anchor(key) for key in sampled if expected_anchor(key) in texts]
    for anchor in checked:
        raw = by_anchor[anchor]
        for violation in check_reference(texts[anchor], Source.from_entry(raw.entry)):
            style.setdefault(violation.rule, []).append((anchor, texts[anchor], f"{raw.key}: {violation.message}"))
    report.update(markup=markup, style=style, sampled=len(checked), sample_size=len(sampled))
    return report


def print_baseline(report: dict[str, Any]) -> None:
    library: Library = report["library"]
    first: CorpusBuild = report["first"]
    accepted: CorpusBuild = report["accepted"]
    entries = first.entries
    print(f"\n## {library.name} ({library.exporter})")
    print(f"entries {entries.total}; cited {len(first.cited)}; "
          f"duplicated keys {len(entries.duplicated_keys())} ({', '.join(entries.duplicated_keys()[:12])}); "
          f"unreadable {len(entries.unreadable())}; uncitable keys {entries.uncitable_keys()}")
    print(f"as exported: {'builds' if first.error is None else 'aborts'}, {len(first.warnings)} warnings, "
          f"lists {len(first.listed)} ({first.seconds:.1f} s)")
    if first.error:
        kinds = Counter(message_kind(m) for m in first.error.splitlines() if m.strip())
        examples: dict[str, str] = {}
        for message in first.error.splitlines():
            examples.setdefault(message_kind(message), message)
        for kind, count in kinds.most_common():
            print(f"  {count:4d} × {examples[kind][:220]}")
    for warning in Counter(message_kind(w) for w in first.warnings).most_common(8):
        print(f"  warning {warning[1]} × {warning[0]}")
    if report["later"]:
        print("then, once those entries are left out:")
        later = [m for m in report["later"] if m.strip() and not m.startswith("Aborted with")]
        examples: dict[str, str] = {}
        for message in later:
            examples.setdefault(message_kind(message), message)
        for kind, count in Counter(message_kind(m) for m in later).most_common():
            print(f"  {count:4d} × {examples[kind][:220]}")
    print(f"without the {len(report['dropped'])} rejected entries: "
          f"{'builds' if accepted.error is None else 'aborts: ' + (accepted.error or '')[:200]}, "
          f"{len(accepted.warnings)} warnings, lists {len(accepted.listed)} of {len(accepted.cited)} cited "
          f"({accepted.seconds:.1f} s)")
    for warning in Counter(message_kind(w) for w in accepted.warnings).most_common(8):
        print(f"  warning {warning[1]} × {warning[0]}")
    print("leftover markup in the listed texts:")
    for rule, texts in sorted(report["markup"].items(), key=lambda item: -len(item[1])):
        print(f"  {rule}: {len(texts)}")
        for text in texts[:3]:
            print(f"      {text}")
    broken = {anchor for found in report["style"].values() for anchor, _text, _message in found}
    print(f"style checker on the {report['sampled']} listed of the test's sample of {report['sample_size']}: "
          f"{len(broken)} entries break a rule")
    for rule, found in sorted(report["style"].items(), key=lambda item: -len(item[1])):
        print(f"  {rule}: {len(found)} in {len({anchor for anchor, _t, _m in found})} entries")
        shown: set[str] = set()
        for anchor, text, message in found:
            if anchor not in shown and len(shown) < 3:
                shown.add(anchor)
                print(f"      [{message}] {text}")


def main(names: list[str]) -> int:
    for library in libraries():
        if names and library.name not in names:
            continue
        if not library.available:
            print(f"\n## {library.name}: {library.path} is missing")
            continue
        print_baseline(baseline(library))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

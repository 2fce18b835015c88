"""Fuzzing the pure parts with hypothesis: whatever an editor types, only the project's own problems come out.

* the citation syntax (``backblog.cite_syntax``): a list of citations or a
  :class:`CitationSyntaxError`, nothing else;
* a whole page through the site's own Markdown extensions and the citation
  extension: it converts, and every problem names a line of the page;
* the bibliography check (``backblog.bib_checks``): it never raises, and every
  problem names a line of the file; an entry it passes is formatted, exported
  (BibTeX, RIS, CSL-JSON) and shown without raising, with no live markup and
  no link that is not http(s).

The front-matter and post-file fuzzers are in ``test_front_matter.py`` and
``test_post_files.py``.  ``make fuzz`` runs all of them longer
(``FUZZ_EXAMPLES``; see ``fuzzing.py``).
"""

from __future__ import annotations

import json
import re

import markdown
from bs4 import BeautifulSoup
from hypothesis import event, given
from hypothesis import strategies as st
from mkdocs.config import load_config
from pybtex.database import parse_string

from backblog.bib_checks import check_bibliography_text
from backblog.bibtex_export import bibtex_file
from backblog.citation_markdown import CitationExtension, PageCitations, PageSource, Problem
from backblog.cite_syntax import Citation, CitationSyntaxError, parse_citation_group
from backblog.include_guard import resolve_include_paths
from backblog.metadata import csl_file, csl_item
from backblog.references import Bibliography
from fuzzing import FUZZ
from sitebuilder import PROJECT, SYNTHETIC_BIB

# Characters that mean something to the parsers, and some that mean nothing.
SYNTAX = "@[];,-{}\\`*_<>!&#$%^~\"'=:.()/| \t\n"
TEXT = st.text(alphabet=st.sampled_from(SYNTAX) | st.characters(codec="utf-8"), max_size=80)


@FUZZ
@given(TEXT)
def test_fuzz_a_citation_group_is_read_or_refused_with_a_reason(body: str) -> None:
    try:
        citations = parse_citation_group(body)
    except CitationSyntaxError as error:
        assert str(error).strip()
        return
    assert citations and all(isinstance(c, Citation) and c.key.strip() and c.key in body for c in citations)


class _Collector:
    """The build's side of the citation extension: the page being converted, and what it found."""

    def __init__(self) -> None:
        self.page: PageSource | None = None
        self.problems: list[Problem] = []

    def report(self, page: PageSource, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def record(self, page: PageSource, citations: PageCitations) -> None:
        pass


_SITE = load_config(str(PROJECT / "mkdocs.yml"))
resolve_include_paths(_SITE, str(PROJECT))
_BIBLIOGRAPHY = Bibliography(parse_string(SYNTHETIC_BIB, "bibtex"), {})
_KEYS = list(_BIBLIOGRAPHY.keys)
_COLLECTOR = _Collector()
_CONVERTER = markdown.Markdown(
    extensions=[*_SITE.markdown_extensions, CitationExtension(_COLLECTOR, _BIBLIOGRAPHY, str(PROJECT))],
    extension_configs=_SITE.mdx_configs,
)
PAGE_PIECES = st.sampled_from([
    *(f"[@{key}]" for key in _KEYS), *(f"@{key}" for key in _KEYS), f"[see @{_KEYS[0]}, p. 5; @{_KEYS[1]}]",
    f"[-@{_KEYS[0]}]", "[@nosuchkey]", "[@", "@]", "[ @x]", "[@a;]", "[@{odd key}]", "\\@", "`[@x]`", "```\n",
    "~~~\n", "    ", "# ", "## ", "\n", "\n\n", "<!-- more -->", "[^1]", "[^1]: note", "- ", "1. ", "> ", "|a|b|\n|-|-|",
    "<div markdown>", "</div>", "<b>", "&amp;", "{", "}", "!!! note\n    ", "*", "_", "==", "^^", "[x](y)",
    "--8<-- \"CONTRIBUTING.md\"", "--8<-- \".env\"", "\\", "$", "\t", "\r\n", "\x00", "\ufeff",
]) | TEXT


@FUZZ
@given(st.lists(PAGE_PIECES, max_size=25), st.booleans())
def test_fuzz_any_page_converts_and_its_problems_name_its_lines(pieces: list[str], is_post: bool) -> None:
    text = "".join(pieces)
    _COLLECTOR.problems.clear()
    _COLLECTOR.page = PageSource(
        path="docs/blog/posts/fuzz.md", first_line=5, excerpt_separator="<!-- more -->" if is_post else None,
        is_post=is_post,
    )
    _CONVERTER.reset()
    html = _CONVERTER.convert(text)
    assert isinstance(html, str)
    last_line = 5 + text.count("\n") + text.count("\r")
    event(f"problems: {min(len(_COLLECTOR.problems), 1)}")
    for problem in _COLLECTOR.problems:
        assert problem.message.strip()
        assert problem.line is None or 5 <= problem.line <= last_line, (problem, text)


ENTRY_TYPES = ["article", "book", "inproceedings", "incollection", "online", "misc", "phdthesis", "techreport",
               "report", "thesis", "software", "dataset", "unpublished", "manual", "inbook", "strangetype"]
FIELD_NAMES = ["author", "editor", "title", "journal", "journaltitle", "shortjournal", "year", "date", "month",
               "volume", "number", "issue", "pages", "doi", "url", "urldate", "pmid", "pmcid", "eprint", "eprinttype",
               "publisher", "address", "location", "booktitle", "edition", "note", "howpublished", "institution",
               "school", "type", "organization", "language", "file", "abstract", "keywords", "subtitle",
               "crossref", "series", "isbn", "issn", "annotation", "titleaddon", "version"]
FIELD_VALUES = st.sampled_from([
    "Testauthor, A. and Sample, B.", "Testauthor, A. and others", "{Synthetic Test Group}", "Smith, J., Jones, K.",
    "Synthetic title", "2024", "2024-03", "2024-03/2024-04", "2024-21", "mar", "Mar.", "12", "1--10", "e12",
    "10.1000/xyz", "https://doi.org/10.1000/xyz", "https://example.org/a?b=1&c=2", "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "12345678", "PMC123", "{\\'e}", "\\textit{x}", "$x^2$", "{",
    "}", "\\", "<script>alert(1)</script>", "\" onmouseover=\"alert(1)", "\x01", "&", "%", "#", "~", "alpha",
]) | TEXT


# Complete entries of a few types, which the fuzzer then changes field by field.
BASES = {
    "article": {"author": "Testauthor, A. and Sample, B.", "title": "Synthetic title", "journal": "J Synth Tests",
                "year": "2024", "volume": "3", "number": "2", "pages": "10--19"},
    "book": {"author": "Testauthor, A.", "title": "Synthetic book", "publisher": "Test Press",
             "address": "Testville", "year": "2020"},
    "online": {"author": "{Synthetic Test Group}", "title": "Synthetic page", "url": "https://example.org/x",
               "urldate": "2024-05-01", "year": "2023"},
    "inproceedings": {"author": "Testauthor, A.", "title": "Synthetic paper", "booktitle": "Synthetic Conference",
                      "year": "2019", "pages": "1--5", "publisher": "Test Press", "address": "Testville"},
}


@st.composite
def bibliographies(draw: st.DrawFn) -> str:
    entries = []
    for number in range(draw(st.integers(1, 4))):
        entry_type = draw(st.sampled_from([*BASES, *ENTRY_TYPES]))
        fields = dict(BASES.get(entry_type, BASES["article"]))
        fields.update(draw(st.dictionaries(st.sampled_from(FIELD_NAMES), FIELD_VALUES, max_size=4)))
        for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=2)):
            fields.pop(name, None)
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        key = draw(st.sampled_from([f"key{number}", "Key0", "odd:key/1", "k" * 300]))
        entries.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    return draw(st.sampled_from(["", "% comment\n", "@string{j = {Journal}}\n"])) + "".join(entries)


_TAG_RE = re.compile(r"^(?:a|i|em|span|b|strong|sup|sub)$")


@FUZZ
@given(bibliographies() | TEXT)
def test_fuzz_any_bibliography_is_checked_and_what_passes_is_shown_safely(text: str) -> None:
    checked = check_bibliography_text(text)
    last_line = text.count("\n") + 1
    for problem in checked.problems:
        assert problem.message.strip() and problem.severity in ("error", "warning", "note")
        assert problem.line is None or 1 <= problem.line <= last_line, (problem, text)
    failed = {p.key.lower() for p in checked.problems if p.key and p.is_error} | set(checked.unreadable)
    bibliography = Bibliography(checked.data, {})
    shown = [bibliography.reference(key) for key in bibliography.keys if key.lower() not in failed]
    event(f"entries shown: {min(len(shown), 2)}")
    for reference in shown:
        assert reference.text.strip()
        fragment = BeautifulSoup(reference.html, "html.parser")
        for element in fragment.find_all(True):
            assert _TAG_RE.match(element.name), reference.html
            assert not any(name.lower().startswith("on") for name in element.attrs), reference.html
        hrefs = [str(a["href"]) for a in fragment.select("a[href]")] + [link.url for link in reference.links]
        assert all(href.startswith(("https://", "http://")) for href in hrefs), (hrefs, text)
    if shown:
        exported = parse_string("".join(bibtex_file(r.bibtex for r in shown)), "bibtex")
        assert [str(key) for key in exported.entries] == [r.key for r in shown]
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*|", line) for r in shown for line in r.ris.splitlines())
        # The CSL-JSON file, written item by item, is what the standard library writes for the list.
        items = [r.reference.to_csl() for r in shown]
        written = "".join(csl_file(csl_item(r.reference) for r in shown))
        assert written == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
        assert json.loads(written) == items
    assert "".join(csl_file([])) == json.dumps([], ensure_ascii=False, indent=2) + "\n"


def test_the_fuzzers_reach_the_project_code() -> None:
    """The page fuzzer converts with the site's own extensions and finds citations; the
    bibliography fuzzer's checks pass a good entry through to every output."""
    assert {"bb-citation", "bb-narrative"} <= set(_CONVERTER.inlinePatterns._data)
    assert {"bb-includes", "snippet", "fenced_code_block"} <= set(_CONVERTER.preprocessors._data)
    _COLLECTOR.problems.clear()
    _COLLECTOR.page = PageSource(path="docs/x.md", first_line=1, excerpt_separator=None, is_post=False)
    _CONVERTER.reset()
    html = _CONVERTER.convert(f"Text [@{_KEYS[0]}] and [@nosuchkey].\n")
    assert 'href="#ref-' in html and [p.line for p in _COLLECTOR.problems] == [1]
    checked = check_bibliography_text(SYNTHETIC_BIB)
    assert not any(p.is_error for p in checked.problems) and len(checked.data.entries) == len(_KEYS)

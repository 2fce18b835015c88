"""What the build does faster or in less memory gives what it gave before (issue 15).

Each shortcut is checked against the slow way it replaces, on real input:
the XML reading of our templates' HTML against the HTML parser, Material's
search index of a page without our excluded lists against its index of the
whole page, the line alignment against difflib alone, and the reading time
against Material's own count of the text a post's editor wrote, and a real
library read again with one entry edited against the same library read afresh.
"""

from __future__ import annotations

import difflib
import logging
import math
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own spelling)
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.serializers import to_xhtml_string
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.structure import pages as mkdocs_pages

from backblog import build, knowledge_base, library
from backblog.bib_checks import check_bibliography_text
from backblog.bib_parse import ReadBefore
from backblog.citation_positions import _align
from backblog.html_fragments import anchor_ids, html_elements, html_parser_elements
from backblog.library import LibraryListing, encoded_list, with_lists
from backblog.material_search import without_excluded_lists
from backblog.reading_time import reader_text
from backblog.reference_files import MadeOnWrite
from real_corpus import Library, LibraryEntries, RawEntry, read_library, read_text
from real_corpus import libraries as real_libraries
from sitebuilder import (
    LIBRARY_PAGE,
    PROJECT,
    build_blog_site,
    build_real_site,
    run_build,
    run_builds,
    write_blog_project,
)


def _serialized(elements: list[etree.Element]) -> list[str]:
    return [to_xhtml_string(element) for element in elements]


# --- our templates' HTML, read as XML first ------------------------------------------------------


def _reference_lists(real_site: Path) -> list[str]:
    """Every reference list of the real site, as the page shows it."""
    lists = []
    for page in sorted(real_site.rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        lists += [str(block) for block in soup.select("div.bb-references-block")]
    return lists


def test_the_real_reference_lists_read_alike(real_site: Path) -> None:
    lists = _reference_lists(real_site)
    assert lists, "the real site has posts with references"
    for html in lists:
        assert _serialized(html_elements(html)) == _serialized(html_parser_elements(html))


@pytest.mark.parametrize(
    "html",
    [
        '<p class="a">R&amp;D &amp;copy; <b>bold</b> tail</p>\n<p>two</p>',
        "<p>a<br>b</p>",  # HTML's void element: refused by XML, read by the HTML parser
        "<p>a&nbsp;b</p>",  # an HTML entity XML does not know
        '<p title="two\nlines">x</p>',  # XML would make the newline a space
        '<p title="tab\there">x</p>',
        "<P CLASS=x>upper</P>",
        "<p>unclosed <b>bold</p>",
        '<a href="https://example.org/?a=1&b=2">bare ampersand</a>',
        "<p>&#10;&#x41;&#65;</p>",
        "<p>control \x01 character</p>",
        "<p>\ufffe</p>",
    ],
)
def test_html_the_xml_parser_refuses_reads_as_html(html: str) -> None:
    assert _serialized(html_elements(html)) == _serialized(html_parser_elements(html))


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, attribute=_TEXT)
def test_any_escaped_text_reads_alike(text: str, attribute: str) -> None:
    from markupsafe import escape

    html = f'<div class="x" title="{escape(attribute)}"><span>{escape(text)}</span> {escape(text)}</div>\n'
    assert _serialized(html_elements(html)) == _serialized(html_parser_elements(html))


# --- the search index, without the lists it leaves out -------------------------------------------


def _index(content: str) -> list[dict]:
    index = SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    page = SimpleNamespace(content=content, meta={}, toc=[], url="page/", title="Page")
    index.add_entry_from_context(page)
    return index.entries


def test_the_real_pages_index_alike_without_their_excluded_lists(real_site: Path) -> None:
    cut = 0
    for page in sorted(real_site.rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        if article is None:
            continue
        content = article.decode_contents()
        trimmed = without_excluded_lists(content)
        cut += trimmed != content
        assert _index(trimmed) == _index(content), page
    assert cut >= 2, "the posts with references and the library were cut"


def test_nested_lists_are_cut_whole() -> None:
    html = (
        '<h2 id="r">R</h2><ol class="bb-references" data-search-exclude="">'
        "<li><ol><li>inner</li></ol> outer</li></ol><p>after</p>"
    )
    assert without_excluded_lists(html) == '<h2 id="r">R</h2><p>after</p>'
    # (Material's own parser stumbles over an excluded list holding a list: its
    # skip set tells elements apart by tag name only. Ours hold none.)
    flat = '<h2 id="r">R</h2><ol class="bb-references" data-search-exclude=""><li>one</li></ol><p>after</p>'
    assert _index(without_excluded_lists(flat)) == _index(flat)


# --- lines aligned around fenced code --------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.sampled_from(["", "a", "b", "@c", "text [@k]", "```", "x"]), max_size=40),
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=4),
)
def test_the_alignment_pairs_equal_lines_in_order(lines: list[str], cuts: list[tuple[int, int]]) -> None:
    """As fenced code does: some runs of lines become one placeholder line each."""
    after, original = [], []
    index = 0
    starts = {start: length for start, length in cuts}
    while index < len(lines):
        if index in starts:
            after.append(f"\x02wzxhzdk:{index}\x03")
            original.append(None)
            index += starts[index]
        else:
            after.append(lines[index])
            original.append(index)
            index += 1
    found = _align(lines, after)
    pairs = sorted(found.items())
    assert all(lines[a] == after[b] for b, a in pairs)
    assert [a for _, a in pairs] == sorted(a for _, a in pairs) and len({a for _, a in pairs}) == len(pairs)
    # As many lines matched as difflib alone matches.
    alone = sum(b.size for b in difflib.SequenceMatcher(None, lines, after, autojunk=False).get_matching_blocks())
    assert len(found) >= alone
    # A line that occurs once in the page and survives is found where it was.
    for b, a in enumerate(original):
        if a is not None and lines.count(lines[a]) == 1:
            assert found.get(b) == a


# --- the reading time ------------------------------------------------------------------------------

_WORDS = 265  # Material's post_readtime_words_per_minute


def _post(words: int, citations: int) -> str:
    body = " ".join("word" for _ in range(words))
    cites = "[" + "; ".join(f"@ref{n:03d}" for n in range(citations)) + "]"
    return (
        "---\ndate:\n  created: 2025-01-15\nauthors:\n  - testauthor\ncategories:\n  - Exercise\n"
        "description: A synthetic post for tests.\n---\n\n# Synthetic post\n\nIntro.\n\n<!-- more -->\n\n"
        f"{body}\n\nCited {cites}.\n"
    )


def _bibliography(count: int) -> str:
    return "".join(
        f"@article{{ref{n:03d},\n  author = {{Testauthor, A. and Fixture, B. and Sample, C.}},\n"
        f"  title = {{Synthetic title number {n} with a rather long subtitle for the reading count}},\n"
        f"  journal = {{Journal of Synthetic Tests}},\n  year = {{2020}},\n  volume = {{{n + 1}}},\n"
        f"  pages = {{1--9}},\n  doi = {{10.0000/synthetic.{n}}},\n}}\n"
        for n in range(count)
    )


def test_a_post_reads_in_the_minutes_of_its_own_text(tmp_path: Path) -> None:
    """500 words of text are two minutes at Material's 265 words a minute, however long the
    list after them (40 references, about a thousand words more, would make it six)."""
    site = build_blog_site(tmp_path, {"2025-01-synthetic-post.md": _post(500, 40)}, bib=_bibliography(40))
    assert site.error is None, site.error
    (page,) = (tmp_path / "site" / "blog").rglob("synthetic-post/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("ol.bb-references > li")) == 40
    # The text: "Synthetic post", "Intro", 500 words, "Cited (1–40)": 506 words, 115 s at
    # 265 a minute, which Material rounds up to 2 minutes.
    minutes = math.ceil(math.ceil(506 / _WORDS * 60) / 60)
    assert minutes == 2
    shown = {span.get_text(strip=True) for span in soup.select(".bb-byline__readtime")}
    assert shown == {"2 min read"}


def test_the_reference_list_and_cite_this_post_are_not_read() -> None:
    html = (
        "<p>one two</p>\n"
        '<h2 id="references">References<a class="headerlink" href="#references">¶</a></h2>\n'
        '<div class="bb-references-block">\n<ol><li><div class="bb-reference">ref</div></li></ol>\n'
        '<div class="bb-references__downloads"><div class="bb-downloads">d</div></div>\n</div>\n'
        '<div class="footnote"><p>a footnote</p></div>\n'
        '<section class="bb-cite-post" id="cite-this-post">\n<h2>Cite this post</h2><div>x</div></section>\n'
    )
    assert reader_text(html) == '<p>one two</p>\n\n<div class="footnote"><p>a footnote</p></div>\n\n'


# --- downloads made as they are written ----------------------------------------------------------


def test_a_download_is_made_when_written_in_pieces_and_not_kept(tmp_path: Path) -> None:
    config = SimpleNamespace(site_dir=str(tmp_path), use_directory_urls=True, plugins=SimpleNamespace(_current_plugin=None))
    file = MadeOnWrite.generated(config, "posts/x/references.bib", content="")  # type: ignore[arg-type]
    made = []

    def maker() -> Iterator[str]:
        made.append("started")
        yield "@article{a,}\n"
        made.append("first piece written")
        yield "\n@book{b, title = {Ünïcode}}\n"

    file.make_with(maker)
    assert not made
    file.copy_file()
    written = tmp_path / "posts" / "x" / "references.bib"
    assert written.read_bytes() == "@article{a,}\n\n@book{b, title = {Ünïcode}}\n".encode()
    assert made == ["started", "first piece written"]
    assert "@article" not in repr(vars(file))
    assert file.content_string == "@article{a,}\n\n@book{b, title = {Ünïcode}}\n"


# --- entries built again only when their text changed (``mkdocs serve``) -------------------------


def _edited(library: LibraryEntries, raw: RawEntry) -> str:
    """The library with a synthetic note added to one entry, after its key."""
    start, end = library.span(raw)
    entry = library.text[start:end]
    opening = entry.index(f"{raw.key},") + len(f"{raw.key},")
    note = "\n  note = {Synthetic note the test added},"
    return library.text[:start] + entry[:opening] + note + entry[opening:] + library.text[end:]


@pytest.mark.parametrize("library", [lib for lib in real_libraries() if lib.available], ids=lambda lib: lib.name)
def test_a_real_library_with_one_entry_edited_reads_as_if_read_afresh(library: Library) -> None:
    text = read_text(library.path)
    entries = read_library(text)
    readable = [raw for raw in entries.entries if raw.entry is not None and raw.key and f"{raw.key}," in text]
    edited_raw = readable[len(readable) // 2]
    kept = ReadBefore()
    first = check_bibliography_text(text, None, kept)
    alone = check_bibliography_text(text)
    assert (first.problems, first.lines, list(first.data.entries)) == (alone.problems, alone.lines, list(alone.data.entries))
    assert len(kept.entries) == len(alone.data.entries)

    edited = _edited(entries, edited_raw)
    again = ReadBefore()
    reused = check_bibliography_text(edited, kept, again)
    afresh = check_bibliography_text(edited)

    assert reused.problems == afresh.problems
    assert reused.lines == afresh.lines
    assert list(reused.data.entries) == list(afresh.data.entries)
    earlier = {entry.key: entry for entry in kept.entries.values()}
    for key, entry in afresh.data.entries.items():
        assert reused.data.entries[key] == entry
        # Only the edited entry was built again: pybtex's reading of the others is the earlier one.
        assert (reused.data.entries[key] is earlier.get(key)) == (key != edited_raw.key)
    assert reused.data.entries[edited_raw.key].fields["note"] == "Synthetic note the test added"
    assert sorted(map(id, again.entries.values())) == sorted(map(id, reused.data.entries.values()))
    if kept.pieces:  # read piece by piece (no @string, no syntax error): only the edited piece again
        assert sum(kept.pieces.get(piece) is read for piece, read in again.pieces.items()) == len(again.pieces) - 1


SPLIT_BIB = """@article{testauthor2020,
  author = {Testauthor, A.},
  title = {Synthetic title},
  journal = {Synthetic Journal},
  year = {2020},
  note = {a note whose second line starts with an at sign:
@misc{not, an entry}},
}

@article{testauthor2021,
  author = {Testauthor, B.},
  title = {Synthetic title two},
  journal = {Synthetic Journal},
  year = {2021},
}
"""


@pytest.mark.parametrize(
    "text",
    [
        SPLIT_BIB,  # a piece cut inside a value: the whole file is read
        SPLIT_BIB.replace("@misc{not, an entry}", "(no entry)"),  # read piece by piece
        SPLIT_BIB.replace("year = {2021},", "year = yr,").replace("@article{testauthor2021", "@string{yr = {2021}}\n\n@article{testauthor2021"),
        SPLIT_BIB.replace("year = {2021},", "year = nosuchstring,"),  # an undefined @string: a problem
        SPLIT_BIB.replace("@misc{not, an entry}", "more text").replace("title = {Synthetic title}", "title = {Synthetic title"),
    ],
)
def test_a_file_read_piece_by_piece_reads_as_the_whole_file(text: str) -> None:
    kept = ReadBefore()
    pieces = check_bibliography_text(text, None, kept)
    whole = check_bibliography_text(text)
    assert pieces.problems == whole.problems
    assert pieces.lines == whole.lines
    assert list(pieces.data.entries.items()) == list(whole.data.entries.items())
    again = check_bibliography_text(text, kept, ReadBefore())
    assert list(again.data.entries.items()) == list(whole.data.entries.items())


# --- the library's lists set aside from Python-Markdown ------------------------------------------


def test_the_library_page_is_the_page_markdown_would_write(
    real_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real library built with its lists in its Markdown, through Python-Markdown as
    raw HTML, is the page built with them put in as it is written."""
    made = knowledge_base.library_markdown
    monkeypatch.setattr(
        knowledge_base, "library_markdown", lambda *args: LibraryListing(made(*args).whole(), {})
    )
    assert build_real_site(tmp_path / "site") == []
    page = "library/index.html"
    through_markdown = (tmp_path / "site" / page).read_text(encoding="utf-8")
    assert through_markdown.count('class="bb-library__item"') > 5
    assert (real_site / page).read_text(encoding="utf-8") == through_markdown


def test_the_lists_anchors_are_those_mkdocs_finds(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "library/index.html").read_text(encoding="utf-8"), "html.parser")
    lists = "".join(str(block) for block in soup.select("ul.bb-library"))
    assert lists
    samples = [
        lists,
        '<a name="n&amp;1" href="x">a</a><span NAME="not-an-anchor" Id="Upper"></span><br id="">',
        '<p data-id="x" aria-name="y">no</p><a\nid="line" title="a &gt; b">z</a>',
    ]
    for html in samples:
        handler = mkdocs_pages._HTMLHandler()
        handler.feed(html)
        handler.close()
        found = anchor_ids(html)
        assert found == handler.present_anchor_ids, (found, handler.present_anchor_ids)
    assert {f"ref-{key}" for key in ["qaseem2017"]} <= anchor_ids(lists)


def _joined(pieces: list[str | bytes]) -> str:
    return "".join(piece.decode("utf-8") if isinstance(piece, bytes) else piece for piece in pieces)


def test_the_lists_go_in_the_places_of_their_comments_each_once() -> None:
    opening, closing = '<ul class="bb-library" data-search-exclude="">\n', "</ul>"
    one_entry = '<li id="ref-a"><ul><li>in Ünïcode</li></ul></li>\n'
    one, two = opening + one_entry + closing, opening + '<li id="ref-b">b</li>\n' + closing
    one_list, one_ids = encoded_list([opening, one_entry, closing])
    two_list, two_ids = encoded_list([opening, '<li id="ref-b">b</li>\n', closing])
    assert b"".join(one_list) == one.encode("utf-8") and one_ids == {"ref-a"}
    listing = LibraryListing(
        "## One\n\n<!-- bb-library-list 0 -->\n\n## Two\n\n<!-- bb-library-list 1 -->\n",
        {"<!-- bb-library-list 0 -->": one_list, "<!-- bb-library-list 1 -->": two_list},
        frozenset(one_ids | two_ids),
    )
    assert listing.whole() == f"## One\n\n{one}\n\n## Two\n\n{two}\n"
    assert listing.anchor_ids() == {"ref-a", "ref-b"}
    page = '<h2 id="one">One</h2>\n<!-- bb-library-list 0 -->\n<h2 id="two">Two</h2>\n<!-- bb-library-list 1 -->'
    put_back = with_lists(page, listing.lists, "x")
    assert _joined(put_back) == f'<h2 id="one">One</h2>\n{one}\n<h2 id="two">Two</h2>\n{two}'
    for broken in (
        '<h2 id="one">One</h2>\n<!-- bb-library-list 0 -->',  # a list's comment lost
        page + "<!-- bb-library-list 1 -->",  # twice
        "<p>&lt;!-- bb-library-list 0 --&gt; &lt;!-- bb-library-list 1 --&gt;</p>",  # escaped in a paragraph
    ):
        with pytest.raises(PluginError, match=r"docs/library\.md: the library's listing did not come through as Markdown"):
            with_lists(broken, listing.lists, "docs/library.md")


def test_a_long_list_is_kept_in_pieces_of_about_256_kb() -> None:
    entries = [f'<li id="ref-k{n}">Testauthor A. Synthetic title {n}: Ünïcode.</li>\n' for n in range(20_000)]
    pieces, ids = encoded_list(["<ul>\n", *entries, "</ul>"])
    assert b"".join(pieces).decode("utf-8") == "<ul>\n" + "".join(entries) + "</ul>"
    assert ids == {f"ref-k{n}" for n in range(20_000)}
    assert len(pieces) > 3
    assert all(256 * 1024 <= len(piece.decode("utf-8")) < 256 * 1024 + 100 for piece in pieces[:-1])


def test_a_page_written_in_pieces_is_the_page_mkdocs_writes_and_says_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``page_writing.py``: the bytes ``_build_page`` writes for the text the pieces join to
    (WRITE), and its "Page skipped" notice (SKIPPED) dropped for that page, once."""
    from mkdocs.commands import build as mkdocs_build

    from backblog.page_writing import write_in_pieces

    text = "<p>Ünïcode \ud800 and 😀</p>" * 40_000
    pieces: list[str | bytes] = [text[:7], text[7:500_000].encode("utf-8", errors="xmlcharrefreplace"), text[500_000:]]
    path = tmp_path / "site" / "library" / "index.html"
    with caplog.at_level(logging.INFO, logger="mkdocs.commands.build"):
        assert write_in_pieces("library.md", str(path), pieces) == ""
        assert path.read_bytes() == text.encode("utf-8", errors="xmlcharrefreplace")
        mkdocs_build.log.info("Page skipped: 'library.md'. Generated empty output.")  # as _build_page logs it
        mkdocs_build.log.info("Page skipped: 'library.md'. Generated empty output.")  # not written here: shown
        mkdocs_build.log.info("Page skipped: 'other.md'. Generated empty output.")
    assert [record.getMessage() for record in caplog.records] == [
        "Page skipped: 'library.md'. Generated empty output.", "Page skipped: 'other.md'. Generated empty output."
    ]


def test_a_listing_in_a_code_block_fails_the_build(tmp_path: Path) -> None:
    config = write_blog_project(tmp_path, {"2025-01-synthetic-post.md": _post(50, 2)}, bib=_bibliography(2))
    (tmp_path / "docs" / "library.md").write_text(
        LIBRARY_PAGE.replace("<!-- reference-library -->", "~~~\n<!-- reference-library -->\n~~~"),
        encoding="utf-8",
    )
    _warnings, error = run_build(config)
    assert error is not None
    assert "docs/library.md: the library's listing did not come through as Markdown: write " in error


def test_under_serve_the_library_renders_again_only_the_entries_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make serve`` keeps the library's entries as rendered; the next build renders again
    an entry whose reference changed, or whose citing posts did, and reuses the others. Each
    build's library is the library a fresh build writes."""
    posts = {"2025-01-a.md": _post(50, 3), "2025-02-b.md": _post(50, 2).replace("2025-01-15", "2025-02-15")}
    config = write_blog_project(tmp_path, posts, bib=_bibliography(3))
    bib, post_b = tmp_path / "bibliography.bib", tmp_path / "docs" / "blog" / "posts" / "2025-02-b.md"
    rendered: list[str] = []
    real_macro, counting = library.macro, {}

    def counting_macro(name: str, part: str) -> Any:
        made = real_macro(name, part)
        if part != "entry":
            return made
        if id(made) not in counting:  # one wrapper per template, as the real macro is one
            def entry(item: Any, design: str) -> Any:
                rendered.append(item.anchor)
                return made(item, design)
            counting[id(made)] = entry
        return counting[id(made)]

    monkeypatch.setattr(library, "macro", counting_macro)
    edits = [
        lambda: bib.write_text(bib.read_text(encoding="utf-8").replace("number 1 with", "number 1 edited with"), "utf-8"),
        lambda: post_b.write_text(post_b.read_text(encoding="utf-8").replace("# Synthetic post", "# Post B"), "utf-8"),
    ]
    counts: list[list[str]] = []

    def between(number: int) -> None:
        counts.append(sorted(rendered))
        rendered.clear()
        edits[number]()

    sites = [tmp_path / f"site-{n}" for n in range(3)]
    assert run_builds(config, sites, between=between, command="serve") == [([], None)] * 3
    counts.append(sorted(rendered))
    assert counts == [
        ["ref-ref000", "ref-ref001", "ref-ref002"],  # all, the first time
        ["ref-ref001"],  # the entry edited
        ["ref-ref000", "ref-ref001"],  # the entries post B cites: their "Cited in" names it
    ]
    library_html = (sites[2] / "library" / "index.html").read_bytes()
    assert b"Post B" in library_html and b"number 1 edited with" in library_html
    assert run_build(config, tmp_path / "fresh") == ([], None)
    assert library_html == (tmp_path / "fresh" / "library" / "index.html").read_bytes()


# --- pybtex's parsed entries let go once every page is rendered -----------------------------------


def test_a_build_that_lets_go_of_the_parsed_entries_writes_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real site built with pybtex's entries let go at ``on_env`` (``mkdocs build``) is
    byte for byte the site built keeping them; then a second build in the same process,
    which reads the files afresh, is the same site again."""
    let_go = build.SiteBuild.let_go_of_parsed_entries
    calls: list[int] = []

    def counted(self: build.SiteBuild) -> None:
        let_go(self)
        calls.append(len(self.bibliography.data.entries))

    monkeypatch.setattr(build.SiteBuild, "let_go_of_parsed_entries", counted)
    sites = [tmp_path / "let-go", tmp_path / "again"]
    assert [error for _, error in run_builds(PROJECT / "mkdocs.yml", sites)] == [None, None]
    assert calls == [0, 0]  # each build let its entries go
    monkeypatch.setattr(build.SiteBuild, "let_go_of_parsed_entries", lambda self: None)
    kept = tmp_path / "kept"
    assert build_real_site(kept) == []
    written = sorted(str(path.relative_to(kept)) for path in kept.rglob("*") if path.is_file())
    assert written and len(written) > 50
    for site in sites:
        assert sorted(str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()) == written
        differ = [name for name in written if (site / name).read_bytes() != (kept / name).read_bytes()]
        assert set(differ) <= {"feed_rss_created.xml", "feed_rss_updated.xml"}, differ  # their build dates


# --- freed memory given back ---------------------------------------------------------------------

_FRAGMENTED_HEAP = """
import sys
sys.path.insert(0, sys.argv[1])
from backblog.freed_memory import give_back_freed_memory

def resident_kib():
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

# 60 MB of 20 KB strings: each from malloc's heap (under its 128 KB mmap threshold), not
# from Python's arenas; every other one kept, so that the free memory lies between them.
strings = [bytes([n % 251]) * 20_000 for n in range(3_000)]
kept = strings[1::2]
del strings
before = resident_kib()
given = give_back_freed_memory()
print(given, before, resident_kib(), sum(map(len, kept)))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads resident memory from /proc")
def test_freed_memory_in_the_middle_of_the_heap_goes_back_to_the_system() -> None:
    """glibc keeps what is freed between live blocks (``freed_memory.py``); given back, the
    process's resident memory falls by most of the 30 MB freed, and what it holds stays."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", _FRAGMENTED_HEAP, str(PROJECT / "hooks")], capture_output=True, text=True, check=True
    )
    given, before, after, kept = run.stdout.split()
    assert given == "True", "Debian's Python links glibc, which has malloc_trim"
    assert int(kept) == 1_500 * 20_000
    # KiB: the whole pages inside each freed 20 KB block, four of its five, go back.
    assert int(before) - int(after) > 20_000, run.stdout

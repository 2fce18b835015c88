"""End-to-end: tiny sites built strictly with the project's hooks, read with a real parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder import SYNTHETIC_BIB, Site, build_site, citations, reference_texts, visible_text


def build(tmp_path: Path, markdown: str, bib: str = SYNTHETIC_BIB) -> Site:
    return build_site(tmp_path, {"index.md": "# Home\n", "post.md": markdown}, bib)


def test_numbers_follow_first_citation_and_repeats_keep_their_number(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        """
        # Post

        First gamma [@gamma2022]. Then alpha [@alpha2020]. Gamma again [@gamma2022].
        """,
    )
    assert site.warnings == []
    page = site.html("post.md")
    assert citations(page) == ["(1)", "(2)", "(1)"]
    assert reference_texts(page) == [
        "Testauthor D. Synthetic title three. Journal of Synthetic Tests. 2022;3:30–9.",
        "Testauthor A, Sample B. Synthetic title one. J Synth Tests. 2020;1(2):10–9.",
    ]


def test_groups_print_ranges_and_comma_lists_in_ascending_order(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        """
        # Post

        A [@alpha2020]. B [@beta2021]. C [@gamma2022]. D [@delta2023].

        Range [@gamma2022; @alpha2020; @beta2021]. Pair [@beta2021; @alpha2020].
        Gap [@gamma2022; @alpha2020]. Mixed [@delta2023; @alpha2020; @beta2021].
        """,
    )
    assert site.warnings == []
    assert citations(site.html("post.md")) == [
        "(1)", "(2)", "(3)", "(4)", "(1–3)", "(1,2)", "(1,3)", "(1,2,4)",
    ]


def test_each_printed_number_links_to_its_entry_with_a_tooltip_class(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nText [@alpha2020; @beta2021; @gamma2022].\n")
    assert (site.error, site.warnings) == (None, [])
    page = site.html("post.md")
    links = page.select("article .bb-citation a")
    assert [a.get_text() for a in links] == ["1", "3"]
    assert [a["href"] for a in links] == ["#ref-alpha2020", "#ref-gamma2022"]
    for a in links:
        assert "footnote-ref" in a["class"]  # Material's tooltip hook
        target = page.find(id=a["href"][1:])
        assert target is not None and "bb-reference" in target["class"]
    assert links[1]["aria-label"] == "Reference 3: Testauthor D, 2022"


def test_entries_link_back_to_every_spot_that_cites_them(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        """
        # Post

        One [@alpha2020]. Two [@beta2021]. Both [@alpha2020; @beta2021; @gamma2022].
        """,
    )
    page = site.html("post.md")
    items = page.select("article .bb-references > li")
    backrefs = [[a["href"] for a in li.select(".bb-backref")] for li in items]
    assert backrefs == [["#cite-1", "#cite-3"], ["#cite-2", "#cite-3"], ["#cite-3"]]
    for hrefs in backrefs:
        for href in hrefs:
            assert page.find(id=href[1:]) is not None
    labels = [a["aria-label"] for a in items[0].select(".bb-backref")]
    assert labels == [
        "Back to where reference 1 is cited (1 of 2)",
        "Back to where reference 1 is cited (2 of 2)",
    ]


def test_reference_list_has_its_heading_in_the_table_of_contents(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\n## Body\n\nText [@alpha2020].\n")
    assert (site.error, site.warnings) == (None, [])
    page = site.html("post.md")
    heading = page.select_one("article h2#references")
    assert heading is not None and heading.get_text(strip=True).startswith("References")
    assert heading.find_next_sibling().select_one("ol.bb-references") is not None
    toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary nav.md-nav--secondary a")]
    assert toc == ["Body", "References"]


def test_citation_syntax_in_code_stays_literal(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        """
        # Post

        Write `[@beta2021]` to cite. Cited for real [@alpha2020].

        ```markdown
        Group exercise helps [@gamma2022; @delta2023].
        ```

            indented [@delta2023]
        """,
    )
    assert site.warnings == []
    page = site.html("post.md")
    code = [c.get_text() for c in page.select("article code")]
    assert code[0] == "[@beta2021]"
    assert "Group exercise helps [@gamma2022; @delta2023]." in code[1]
    assert "indented [@delta2023]" in code[2]
    assert citations(page) == ["(1)"]
    assert reference_texts(page) == [
        "Testauthor A, Sample B. Synthetic title one. J Synth Tests. 2020;1(2):10–9."
    ]


def test_escaped_bracket_stays_literal(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nShown as text \\[@alpha2020].\n")
    assert site.warnings == []
    page = site.html("post.md")
    assert "Shown as text [@alpha2020]." in page.select_one("article").get_text()
    assert citations(page) == []


def test_keys_may_contain_colons_dots_dashes_and_underscores(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nZotero key [@Zotero:key.with-odd_chars2024].\n")
    assert site.warnings == []
    page = site.html("post.md")
    assert citations(page) == ["(1)"]
    link = page.select_one("article .bb-citation a")
    assert page.find(id=link["href"][1:]) is not None
    assert reference_texts(page)[0].startswith("Testauthor F. Synthetic title five.")


def test_keys_are_matched_regardless_of_case_and_share_one_number(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nOne [@alpha2020]. Same [@ALPHA2020].\n")
    assert site.warnings == []
    assert citations(site.html("post.md")) == ["(1)", "(1)"]


def test_a_locator_is_printed_after_its_number(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        "# Post\n\nA [@alpha2020]. B [@beta2021, p. 24]. Both [@beta2021, pp. 20-21; @alpha2020].\n",
    )
    assert site.warnings == []
    assert citations(site.html("post.md")) == ["(1)", "(2, p. 24)", "(1; 2, pp. 20-21)"]


def test_links_whose_text_starts_with_at_are_not_citations(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nFollow [@spineiq](https://example.org/spineiq).\n")
    assert site.warnings == []
    page = site.html("post.md")
    assert citations(page) == []
    assert page.select_one("article a[href='https://example.org/spineiq']").get_text() == "@spineiq"


def test_a_page_without_citations_gets_no_reference_list(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nNo citations, an e-mail a@b.org, and @handle bare.\n")
    assert site.warnings == []
    page = site.html("post.md")
    assert page.select("#references") == []
    assert "a@b.org, and @handle bare" in page.select_one("article").get_text()


def test_a_space_after_the_bracket_is_a_citation_as_in_pandoc(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nText [ @alpha2020].\n")
    assert (site.error, site.warnings) == (None, [])
    assert citations(site.html("post.md")) == ["(1)"]


def test_unknown_key_fails_the_build_naming_page_line_and_close_keys(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nIntro.\n\nBad [@alpa2020].\n")
    assert site.warnings == [
        "citations: docs/post.md:5: unknown citation key 'alpa2020': did you mean 'alpha2020'?"
    ]
    assert site.error is not None and "strict" in site.error


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("Text [@].", "docs/post.md:3: empty citation: write a key after '@', for example [@smith2020]"),
        (
            "Text [@alpha2020 p. 5].",
            "docs/post.md:3: unexpected text 'p. 5' after @alpha2020 in [@alpha2020 p. 5]: "
            "a page or other locator follows a comma, for example [@smith2020, p. 12]",
        ),
        (
            "Text [@alpha2020 and more",
            "docs/post.md:3: citation '[@alpha2020 and more' has no closing ']': "
            "close it, for example [@smith2020]",
        ),
        (
            "Text.\n\n\\bibliography",
            "docs/post.md:5: '\\bibliography' is not needed: the reference list is added at the "
            "end of every post that cites something. Remove it.",
        ),
    ],
)
def test_malformed_citations_fail_the_build_with_page_and_line(
    tmp_path: Path, markdown: str, message: str
) -> None:
    site = build(tmp_path, f"# Post\n\n{markdown}\n")
    assert site.warnings == [f"citations: {message}"]
    assert site.error is not None


def test_no_citation_syntax_reaches_any_page(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        """
        # Post

        A [@alpha2020]. B [@beta2021; @gamma2022]. A note.[^1]

        [^1]: An author's own footnote.
        """,
    )
    assert site.warnings == []
    for page in sorted(site.site_dir.rglob("*.html")):
        from bs4 import BeautifulSoup

        text = visible_text(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"))
        assert "[@" not in text and "[^" not in text, page

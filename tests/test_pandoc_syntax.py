"""Pandoc's citation syntax, as Quarto and Pandoc users write it, printed in the house style.

The forms and how each prints are in the house style ("In the text: Pandoc's
citation syntax", ``docs/reference-style.md``) and in the editors' guide.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder import PROJECT, SYNTHETIC_BIB, build_site, citations, reference_texts, visible_text

STYLE_COPY = (PROJECT / "docs" / "reference-style.md").read_text(encoding="utf-8")
BIB = SYNTHETIC_BIB + r"""
@article{foster2018,
  author = {Testfoster, A. and Sample, B. and Other, C.},
  title = {Synthetic title six}, journal = {Journal of Synthetic Tests}, year = {2018}, volume = {6}, pages = {60--69},
}
@article{pair2019,
  author = {Testpair, A. and Second, B.},
  title = {Synthetic title seven}, journal = {Journal of Synthetic Tests}, year = {2019}, volume = {7}, pages = {70--79},
}
@article{group2019,
  author = {{Synthetic Test Group}},
  title = {Synthetic title eight}, journal = {Journal of Synthetic Tests}, year = {2019}, volume = {8}, pages = {80--89},
}
"""


def cited(tmp_path: Path, text: str) -> list[str]:
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": f"# Post\n\n{text}\n"}, BIB)
    assert (site.error, site.warnings) == (None, [])
    return citations(site.html("post.md"))


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("[see @foster2018, p. 2370; also @alpha2020]", ["(see 1, p. 2370; also 2)"]),
        ("[@foster2018, pp. 33-35]", ["(1, pp. 33-35)"]),
        ("[@foster2018, chap. 2] [@alpha2020, sec. 4] [@beta2021, fig. 1]", ["(1, chap. 2)", "(2, sec. 4)", "(3, fig. 1)"]),
        ("[-@foster2018]", ["(1)"]),
        ("As @foster2018 shows.", ["Testfoster et al. (1)"]),
        ("As @pair2019 show, and @group2019.", ["Testpair and Second (1)", "Synthetic Test Group (2)"]),
        ("As @alpha2020 [p. 5] shows.", ["Testauthor and Sample (1, p. 5)"]),
        ("@foster2018 and [@foster2018; @alpha2020]", ["Testfoster et al. (1)", "(1,2)"]),
        ("[@{Zotero:key.with-odd_chars2024}, p. 1]", ["(1, p. 1)"]),
    ],
)
def test_each_pandoc_form_prints_in_the_house_style(tmp_path: Path, written: str, printed: list[str]) -> None:
    assert cited(tmp_path, written) == printed


def test_the_house_style_and_the_editors_guide_give_the_same_forms() -> None:
    guide = (PROJECT / "docs" / "writing-a-post.md").read_text(encoding="utf-8")
    for written, printed in [("[see @key, p. 5; also @other]", "(see 1, p. 5; also 2)"), ("@key [p. 5]", "Foster et al. (1, p. 5)")]:
        assert f"`{written}`" in STYLE_COPY and f"`{printed}`" in STYLE_COPY
        assert f"`{written}`" in guide and f"`{printed}`" in guide


def test_an_at_word_that_is_no_key_stays_text(tmp_path: Path) -> None:
    text = "Write to editor@example.org or @spineiq, not \\@foster2018, and see [me@example.org]."
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": f"# Post\n\n{text}\n"}, BIB)
    assert (site.error, site.warnings) == (None, [])
    page = site.html("post.md")
    assert citations(page) == [] and reference_texts(page) == []
    assert "Write to editor@example.org or @spineiq, not @foster2018, and see [me@example.org]." in visible_text(page)


def test_a_mistyped_narrative_key_is_reported_not_printed_unnoticed(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\nAs @foster2108 shows.\n"}, BIB)
    assert site.warnings == [
        "citations: docs/post.md:3: '@foster2108' is no key of the bibliography, so it is printed as text: "
        "did you mean '@foster2018'? (write \\@foster2108 to keep it as text)"
    ]


def test_a_key_written_with_other_capitals_is_found_and_shares_its_number(tmp_path: Path) -> None:
    assert cited(tmp_path, "[@Foster2018] and [@FOSTER2018; @alpha2020] and @foster2018.") == [
        "(1)", "(1,2)", "Testfoster et al. (1)",
    ]

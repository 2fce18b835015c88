"""Every message about a page names the line where the parser found the problem.

Positions come from the Markdown parser itself (``citation_markdown``): the
same text shown as code earlier in a page, or written twice, never moves a
message to the wrong line, and no message shows Python-Markdown's internal
placeholders.  Each of these failed when citations were found again in the
page's text by string search.
"""

from __future__ import annotations

from pathlib import Path

from sitebuilder import BLOG_POST, SYNTHETIC_BIB, Site, build_blog_site, build_site, citations


def build(tmp_path: Path, markdown: str) -> Site:
    return build_site(tmp_path, {"index.md": "# Home\n", "post.md": markdown}, SYNTHETIC_BIB)


def test_a_citation_shown_as_code_above_the_cut_is_not_a_citation_above_the_cut(tmp_path: Path) -> None:
    post = BLOG_POST.replace(
        "Intro without citations.", "Intro: write `[@alpha2020]` to cite."
    ).replace("Body [@alpha2020].", "Body [@alpha2020]. Later, the same citation again [@alpha2020].")
    site = build_blog_site(tmp_path, {"2025-01-code-above-the-cut.md": post})
    assert (site.error, site.warnings) == (None, [])
    (page,) = site.site_dir.glob("blog/2025/01/15/*/index.html")
    assert "<code>[@alpha2020]</code>" in page.read_text(encoding="utf-8")


def test_a_mistyped_key_is_reported_where_it_is_cited_not_where_it_is_shown_as_code(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nAs code: `[@alpa2020]`.\n\n```\n[@alpa2020]\n```\n\nCited [@alpa2020].\n")
    assert site.warnings == [
        "citations: docs/post.md:9: unknown citation key 'alpa2020': did you mean 'alpha2020'?"
    ]


def test_every_unknown_key_of_a_group_has_its_own_line(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nBoth [@nokey1; @nokey2].\n\nAcross lines [@alpha2020;\n@nokey3].\n")
    assert site.warnings == [
        "citations: docs/post.md:3: unknown citation key 'nokey1': add the entry to bibliography.bib or correct the key",
        "citations: docs/post.md:3: unknown citation key 'nokey2': add the entry to bibliography.bib or correct the key",
        "citations: docs/post.md:6: unknown citation key 'nokey3': add the entry to bibliography.bib or correct the key",
    ]


def test_a_bracket_left_open_before_a_citation_is_reported_without_placeholders(tmp_path: Path) -> None:
    site = build(tmp_path, "# Post\n\nFine.\n\nOpen [@alpha2020 [@beta2021].\n")
    assert site.warnings == [
        "citations: docs/post.md:5: citation '[@alpha2020' has no closing ']': close it, for example [@smith2020]"
    ]
    assert not any("\x02" in w or "klzzwxh" in w or "wzxhzdk" in w for w in site.warnings)


def test_lines_count_from_the_file_past_its_front_matter_and_fenced_code(tmp_path: Path) -> None:
    front = "---\ntitle: Post\n---\n\n"
    fence = "```python\n" + "x = 1\n" * 10 + "```\n"
    site = build(tmp_path, front + "Intro.\n\n" + fence + "\n    indented code [@nokey4]\n\nText [@nokey5].\n")
    # Front matter (lines 1-3), a blank, the intro and a blank (5-6), the fence
    # (7-18), a blank, the indented code (20, literal), a blank: the citation is on 22.
    assert site.warnings == [
        "citations: docs/post.md:22: unknown citation key 'nokey5': add the entry to bibliography.bib or correct the key"
    ]


def test_markers_leave_no_trace_in_text_code_or_links(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        "# Post\n\nMail me @handle, see [@alpha2020], `x [@beta2021] @y` and "
        "[a link](https://example.org/@someone).\n\n    code @z [@gamma2022]\n",
    )
    assert site.warnings == []
    html = (site.site_dir / "post" / "index.html").read_text(encoding="utf-8")
    assert "\x02" not in html and "\x03" not in html and "wzxhzdk" not in html
    assert "Mail me @handle" in html and "<code>x [@beta2021] @y</code>" in html
    assert 'href="https://example.org/@someone"' in html and "code @z [@gamma2022]" in html
    assert citations(site.html("post.md")) == ["(1)"]

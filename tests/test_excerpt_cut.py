"""Excerpts converted from the introduction only (``hooks/backblog/excerpt_cut.py``)
are the excerpts Material makes from the whole post, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from backblog import excerpt_cut, material_blog
from backblog.excerpt_cut import REST, cut_lines
from sitebuilder import run_build, write_full_project

SEPARATOR = "<!-- more -->"


def test_the_introduction_the_cut_and_the_definitions_below_it() -> None:
    lines = ["# Title", "", "See [the guideline][g] and a note[^1].", "", SEPARATOR, "", "Body.", "",
             "[g]: https://example.org/guideline", "[^1]: A synthetic note.", "*[LBP]: low back pain"]
    assert cut_lines(lines, SEPARATOR) == [
        "# Title", "", "See [the guideline][g] and a note[^1].", "", SEPARATOR, "",
        "[g]: https://example.org/guideline", "[^1]: A synthetic note.", "*[LBP]: low back pain", "", REST,
    ]


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        (["```text", SEPARATOR, "```", "", SEPARATOR], "a fence above: the first cut is code"),
        (["~~~", "x", "~~~", "", SEPARATOR], "a fence above, even closed"),
        (['<div markdown="1">', "", SEPARATOR, "", "</div>"], "a raw HTML block above"),
        (["Intro.", SEPARATOR], "no blank line before the cut: it is part of the paragraph"),
        (["Intro.", "", "  " + SEPARATOR], "an indented cut"),
        (["Intro.", "", "No cut at all."], "no cut"),
    ],
)
def test_nothing_is_cut_where_the_cut_is_not_certain(lines: list[str], why: str) -> None:
    assert cut_lines(lines, SEPARATOR) is None, why


def test_a_comment_line_above_is_not_a_block() -> None:
    lines = ["Intro.", "", "<!-- a note to editors -->", "", SEPARATOR, "", "Body."]
    assert cut_lines(lines, SEPARATOR) == [*lines[:5], "", "", REST]


POST = """---
date:
  created: 2025-01-15
authors:
  - testauthor
categories:
  - Exercise
description: A synthetic post for tests.
---

# Synthetic post with links

The intro links to [the synthetic guideline][guide], has a note[^note] and *emphasis*.

- a list item
- another

<!-- more -->

## Below the cut

Body [@alpha2020].

```python
print("code below the cut")
```

[guide]: https://example.org/synthetic-guideline
[^note]: A synthetic note.
"""

FENCED = POST.replace("- another\n", "- another\n\n```text\n<!-- more -->\n```\n")


def _site(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, cut: bool, made: list[bool]) -> dict[str, bytes]:
    if not cut:
        monkeypatch.setattr(material_blog, "excerpt_cut", lambda config: None)

    def counted(lines: list[str], separator: str) -> list[str] | None:
        result = cut_lines(lines, separator)
        made.append(result is not None)
        return result

    monkeypatch.setattr(excerpt_cut, "cut_lines", counted)
    config = write_full_project(tmp_path / name, {"2025-01-links.md": POST, "2025-02-fenced.md": FENCED.replace(
        "created: 2025-01-15", "created: 2025-02-15").replace("with links", "with a fence")})
    assert run_build(config) == ([], None)
    monkeypatch.undo()
    site = tmp_path / name / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_every_page_is_the_same_with_excerpts_cut_or_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[bool] = []
    cut = _site(tmp_path, "cut", monkeypatch, cut=True, made=made)
    # Each excerpt (index, archive, category: three views a post) is converted through the cut:
    # cut for the post with a plain introduction, whole for the one with a fence above its cut.
    assert sorted(made) == [False] * 3 + [True] * 3
    made.clear()
    whole = _site(tmp_path, "whole", monkeypatch, cut=False, made=made)
    assert made == []
    assert cut.keys() == whole.keys()
    assert [name for name in cut if cut[name] != whole[name]] == []
    index = cut["blog/index.html"].decode("utf-8")
    # What the check is worth: the excerpt resolves a link and a note defined below the cut.
    assert 'href="https://example.org/synthetic-guideline"' in index
    assert 'class="footnote-ref"' in index

"""The real site, built from this repository's mkdocs.yml in strict mode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuilder import PROJECT, citations, reference_texts, run_builds, visible_text

SNAPSHOT = Path(__file__).parent / "snapshots" / "june-post-references.txt"
STYLE_DOCUMENT = PROJECT.parent / "shared" / "REFERENCE-STYLE.md"
# The project's own copy of the house style, a page of the site: always here.
STYLE_COPY = PROJECT / "docs" / "reference-style.md"
JUNE_POST = "blog/posts/2025-06-group-exercise-low-back-pain.md"
GENERATOR_RE = re.compile(r'<meta name="generator" content="[^"]*">')


def page_for(site_dir: Path, fragment: str) -> BeautifulSoup:
    matches = sorted(p for p in site_dir.rglob("index.html") if fragment in str(p))
    assert len(matches) == 1, matches
    return BeautifulSoup(matches[0].read_text(encoding="utf-8"), "lxml")


def june_post(site_dir: Path) -> BeautifulSoup:
    return page_for(site_dir, "group-exercise")


def test_june_post_reference_list_matches_the_golden_list(real_site: Path) -> None:
    golden = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert len(golden) == 6
    assert reference_texts(june_post(real_site)) == golden


def golden_entries(document: str) -> list[str]:
    """The six golden entries of a house-style document (its indented block after "The six golden entries")."""
    block = document.split("The six golden entries", 1)[1].split("The journal abbreviations", 1)[0]
    return [line[4:] for line in block.splitlines() if line.startswith("    ")]


def test_golden_snapshot_is_the_golden_list_of_the_projects_house_style() -> None:
    assert golden_entries(STYLE_COPY.read_text(encoding="utf-8")) == SNAPSHOT.read_text(encoding="utf-8").splitlines()


def test_the_projects_house_style_holds_every_line_of_the_shared_style_document() -> None:
    # .ci/run (which always has ../shared beside the clone) sets REQUIRE_SHARED;
    # a clone elsewhere, GitHub's runners included, has the project's copy only.
    if not STYLE_DOCUMENT.exists():
        if os.environ.get("REQUIRE_SHARED"):
            pytest.fail(f"{STYLE_DOCUMENT} is missing: .ci/run expects ../shared beside the clone")
        pytest.skip(f"{STYLE_DOCUMENT} is not beside this clone: the project's copy is all there is to check")
    shared = STYLE_DOCUMENT.read_text(encoding="utf-8")
    assert golden_entries(shared) == golden_entries(STYLE_COPY.read_text(encoding="utf-8"))
    # The copy may add layouts and examples, but drops and changes nothing:
    # every line of the shared document is in it, in the same order.
    copy = iter(STYLE_COPY.read_text(encoding="utf-8").splitlines())
    missing = [line for line in shared.splitlines()[1:] if line.strip() and line not in copy]
    assert missing == []


def test_june_post_cites_in_the_seeds_order_and_groups(real_site: Path) -> None:
    page = june_post(real_site)
    assert citations(page) == ["(1)", "(2–4)", "(5)", "(6)"]
    # Every entry links back to the spot that cites it, and to DOI (and PubMed).
    items = page.select("article .bb-references > li")
    assert [[a["href"] for a in li.select(".bb-backref")] for li in items] == [
        ["#cite-1"], ["#cite-2"], ["#cite-2"], ["#cite-2"], ["#cite-3"], ["#cite-4"],
    ]
    first = [a["href"] for a in items[0].select(".bb-reference__link")]
    assert first == ["https://doi.org/10.7326/M16-2367", "https://pubmed.ncbi.nlm.nih.gov/28192789/"]


def test_june_post_source_cites_each_reference_once_in_seed_order() -> None:
    source = (PROJECT / "docs" / JUNE_POST).read_text(encoding="utf-8")
    groups = re.findall(r"\[(@[^\]]+)\]", source)
    assert groups == [
        "@qaseem2017",
        "@okeeffe2017; @toomey2015; @okeeffe2020",
        "@tiffreau2007",
        "@cobiac2009",
    ]


def test_no_citation_or_footnote_syntax_reaches_any_page(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        text = visible_text(BeautifulSoup(path.read_text(encoding="utf-8"), "lxml"))
        for leftover in ("[@", "[^", "\\bibliography"):
            assert leftover not in text, f"{leftover} in {path.relative_to(real_site)}"


def test_editors_guide_points_to_contributing_and_lists_the_errors(real_site: Path) -> None:
    page = page_for(real_site, "writing-a-post")
    text = page.select_one("article").get_text()
    assert "CONTRIBUTING.md" in text
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2, article h3")]
    assert headings[-4:] == ["When the build fails", "Citations in a post", "The bibliography", "A post's front matter"]
    messages = [row.select_one("td").get_text() for row in page.select("article table tr") if row.select_one("td")]
    assert any(m.startswith("path:line: unknown citation key") for m in messages)


def test_editors_guide_shows_citation_syntax_literally(real_site: Path) -> None:
    page = page_for(real_site, "writing-a-post")
    code = " ".join(c.get_text() for c in page.select("article code"))
    assert "[@" in code
    assert page.select("article .bb-citation") == []


def test_feed_items_are_the_posts_with_their_descriptions(real_site: Path) -> None:
    feed = ET.parse(real_site / "feed_rss_created.xml").getroot()
    items = feed.findall("./channel/item")
    posts = sorted((PROJECT / "docs" / "blog" / "posts").glob("*.md"))
    assert len(items) == len(posts)
    source = (PROJECT / "docs" / JUNE_POST).read_text(encoding="utf-8")
    description = re.search(r"^description: (.+)$", source, re.MULTILINE)
    assert description is not None
    june = [i for i in items if "group-exercise" in (i.findtext("link") or "")]
    assert [i.findtext("description") for i in june] == [description.group(1).strip()]


def test_two_builds_in_one_process_give_identical_pages(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    # As `mkdocs serve` rebuilds: plugin objects and hook modules are kept.
    assert run_builds(PROJECT / "mkdocs.yml", [first, second]) == [([], None), ([], None)]
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert pages == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    for page in pages:
        assert (first / page).read_bytes() == (second / page).read_bytes(), page


def cited_keys_in_source(text: str) -> list[str]:
    """Every key cited in a post's source, in order: an oracle independent of the hooks."""
    body = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.MULTILINE | re.DOTALL)
    body = re.sub(r"`[^`\n]*`", "", body)
    groups = re.findall(r"\[(@[^\[\]]+)\](?![(\[])", body)
    return [key.rstrip(".:") for group in groups for key in re.findall(r"@([\w:.\-]+)", group)]


def test_every_citation_of_every_post_reaches_its_page(real_site: Path) -> None:
    sources = sorted((PROJECT / "docs" / "blog" / "posts").glob("*.md"))
    built = {}
    for path in real_site.glob("blog/2*/**/index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        built[soup.select_one("article h1").get_text(strip=True).rstrip("¶")] = soup
    assert len(built) == len(sources)
    for source in sources:
        text = source.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()
        page = built[title]
        expected = cited_keys_in_source(text)
        assert expected, f"{source.name} cites nothing"
        shown = [key for span in page.select("article .bb-citation") for key in span["data-cites"].split()]
        assert shown == expected, source.name
        listed = {div["id"] for div in page.select("article .bb-references .bb-reference")}
        assert listed == {f"ref-{key.lower()}" for key in expected}, source.name
        for link in page.select("article .bb-citation a"):
            assert page.find(id=link["href"][1:]) is not None


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    """ProperDocs (the maintained fork of MkDocs 1.x) gives the same files, but for its name in
    each page's generator tag. Both write the library page as ``page_writing.py`` has it:
    in pieces, by the hook, and ``_build_page`` told nothing, which it does not report (SKIPPED)."""
    built = {}
    for tool in ("mkdocs", "properdocs"):
        site_dir = tmp_path / tool
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
        result = subprocess.run(
            [str(Path(sys.executable).with_name(tool)), "build", "--strict", "-d", str(site_dir)],
            cwd=PROJECT, env=environment, capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        assert "Page skipped" not in result.stderr, result.stderr
        assert "Documentation built" in result.stderr, result.stderr  # INFO is shown
        assert b'id="ref-qaseem2017"' in (site_dir / "library" / "index.html").read_bytes()
        built[tool] = {
            path.relative_to(site_dir).as_posix(): GENERATOR_RE.sub("", path.read_bytes().decode("utf-8", "replace"))
            for path in sorted(site_dir.rglob("*"))
            if path.is_file()
        }
    assert len(built["mkdocs"]) > 20
    assert built["properdocs"].keys() == built["mkdocs"].keys()
    differing = [name for name in built["mkdocs"] if built["mkdocs"][name] != built["properdocs"][name]]
    assert differing == []

"""What Zotero's translators read on our pages, asserted on the HTML they read.

Zotero's Save button uses the first of the translators that detect something
on a page, by priority: COinS (310) before Embedded Metadata (320, Highwire
``citation_*`` tags, Open Graph, Zotero's ``z:`` tags). These rules come from
reading zotero/translators (``COinS.js``, ``Embedded Metadata.js``, ``RDF.js``,
``utilities/openurl.js``) and running them in zotero/translation-server on
loopback; neither is part of this repository or of its tests, which check the
markup that gives the results seen there:

- a post has no COinS span, or Save offers its cited papers instead of the post;
- a post's head makes a blog post: ``z:itemType`` ``blogPost``, ``og:site_name``
  the blog's title, and no ``citation_journal_title`` (a journal article);
- an organisation as ``citation_author`` ends with a comma ("Spine IQ,"), or
  Zotero splits it into "Iq, Spine";
- the library page has one COinS span per reference (a pick-list of all), a
  group author as ``rft.au`` with a trailing comma, in its place (``rft.aucorp``
  would be moved first), and the PubMed ID as its PubMed address (``info:pmid``
  is dropped).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup

from sitebuilder import BLOG_POST, Site, build_blog_site

JUNE_POST_DIR = "blog/2025/06/02/group-exercise-for-low-back-pain-what-the-evidence-says"
# Highwire tags that make Embedded Metadata choose another item type than a blog post.
OTHER_ITEM_TYPES = [
    "citation_journal_title",
    "citation_conference_title",
    "citation_conference",
    "citation_book_title",
    "citation_inbook_title",
    "citation_dissertation_institution",
    "citation_technical_report_institution",
    "citation_isbn",
]


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = build_blog_site(tmp_path_factory.mktemp("zotero"), {"2025-01-first.md": BLOG_POST})
    assert site.error is None and site.warnings == []
    return site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def meta(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'head meta[name="{name}"]')]


def og(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'head meta[property="{name}"]')]


def test_a_post_has_no_coins_span(blog: Site, real_site: Path) -> None:
    for page in (soup(blog.site_dir / "blog/2025/01/15/synthetic-post/index.html"), soup(real_site / JUNE_POST_DIR / "index.html")):
        assert page.select("span.Z3988") == []


def test_a_posts_head_makes_zotero_save_a_blog_post(blog: Site) -> None:
    page = soup(blog.site_dir / "blog/2025/01/15/synthetic-post/index.html")
    url = "http://127.0.0.1:8000/blog/2025/01/15/synthetic-post/"
    assert meta(page, "z:itemType") == ["blogPost"]
    for name in OTHER_ITEM_TYPES:
        assert meta(page, name) == [], name
    assert og(page, "og:type") == ["article"]  # never "website": that makes a web page
    assert og(page, "og:site_name") == ["Back Blog"]  # Zotero's blog title
    assert og(page, "og:title") == meta(page, "citation_title") == ["Synthetic post"]
    assert og(page, "og:url") == meta(page, "citation_public_url") == [url]
    assert og(page, "article:published_time") == ["2025-01-15"]
    assert meta(page, "citation_publication_date") == ["2025/01/15"]
    # A person, as the authors file writes the name.
    assert meta(page, "citation_author") == ["Test Author"]


def test_the_real_posts_organisation_author_is_kept_whole(real_site: Path) -> None:
    page = soup(real_site / JUNE_POST_DIR / "index.html")
    assert meta(page, "citation_author") == ["Spine IQ,"]
    assert meta(page, "z:itemType") == ["blogPost"]
    assert meta(page, "citation_journal_title") == []


def test_the_library_offers_every_reference_to_zotero_with_group_authors_and_pmids(real_site: Path) -> None:
    page = soup(real_site / "library" / "index.html")
    entries = page.select("article .bb-library .bb-reference")
    assert len(entries) == 6
    for entry in entries:
        assert len(entry.select("span.Z3988")) == 1, entry["id"]
    fields = parse_qs(page.select_one("#ref-qaseem2017 span.Z3988")["title"])
    assert fields["rft.au"] == [
        "Qaseem, A.", "Wilt, T. J.", "McLean, R. M.", "Forciea, M. A.",
        "Clinical Guidelines Committee of the American College of Physicians,",
    ]
    assert "rft.aucorp" not in fields
    assert fields["rft_id"] == ["info:doi/10.7326/M16-2367", "https://pubmed.ncbi.nlm.nih.gov/28192789/"]
    assert not [value for values in fields.values() for value in values if value.startswith("info:pmid")]

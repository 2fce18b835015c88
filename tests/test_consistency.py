"""One site: dates written one way, titles that do not stutter, a readers' menu for readers.

Asserted on the real site's HTML: the three date formats of issue 14 ("2 June
2025", "June 2, 2025", "2025 Jun 2"), the footer's "Previous: 2025" and "Next:
Back Blog", the tab "Back Blog - Back Blog", the editors' guide in the readers'
menu and the About page's promised link to the source repository.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from backblog.source_repository import repository_markdown, repository_url
from sitebuilder import build_real_site

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
HOUSE_DATE_RE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
US_DATE_RE = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}\b")
# Citing Medicine's "2025 Jun 2": right inside a reference, nowhere else.
REFERENCE_DATE_RE = re.compile(r"\b\d{4} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{1,2})?\b")


def pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.rglob("index.html")):
        yield path.parent.relative_to(site).as_posix(), BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def prose(page: BeautifulSoup) -> str:
    """The page's text as read, without references (their dates follow the house style) and code."""
    body = BeautifulSoup(str(page.body), "lxml")
    for element in body.select(".bb-reference__text, .bb-preview, pre, code, script, style"):
        element.decompose()
    return " ".join(body.get_text(" ").split())


def test_dates_are_written_one_way(real_site: Path) -> None:
    seen = 0
    for name, page in pages(real_site):
        text = prose(page)
        assert US_DATE_RE.findall(text) == [], name
        assert REFERENCE_DATE_RE.findall(text) == [], name
        seen += len(HOUSE_DATE_RE.findall(text))
    assert seen >= 4  # home's latest posts, the post's byline and sidebar, the library's "Cited in"
    _, post = next((n, p) for n, p in pages(real_site) if n.startswith("blog/2025/06/02/"))
    assert [t.get_text(strip=True) for t in post.select("article time, .md-sidebar time")][:1] == ["2 June 2025"]


def test_no_page_title_repeats_the_site_name(real_site: Path) -> None:
    titles = {name: page.title.get_text() for name, page in pages(real_site)}
    assert titles["."] == "Back Blog"
    assert titles["blog"] == "Blog - Back Blog"
    stutters = {name: title for name, title in titles.items() if title.count("Back Blog") > 1}
    assert stutters == {}


def test_the_footer_does_not_walk_the_menu(real_site: Path) -> None:
    """A blog's pages are no sequence: no "Previous: 2025" (an archive page) on the library."""
    walking = {name: [a.get_text(" ", strip=True) for a in page.select(".md-footer__link")] for name, page in pages(real_site)}
    assert {name: links for name, links in walking.items() if links} == {}


def test_the_readers_menu_leaves_the_editors_pages_out_and_about_links_to_them(real_site: Path) -> None:
    for name, page in pages(real_site):
        menu = [" ".join(a.get_text().split()) for a in page.select("nav.md-nav--primary a.md-nav__link")]
        assert "Writing a post" not in menu and "House reference style" not in menu, (name, menu)
    about = BeautifulSoup((real_site / "about" / "index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = {a.get_text(strip=True): a["href"] for a in about.select("article a")}
    for text, page in (("editors' guide", "writing-a-post"), ("house reference style", "reference-style")):
        assert (real_site / page / "index.html").exists()
        assert hrefs[text].rstrip("/").endswith(page), hrefs


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def about_links(site: Path) -> list[tuple[str, str]]:
    about = BeautifulSoup((site / "about" / "index.html").read_text(encoding="utf-8"), "lxml")
    corrections = about.find(id="corrections").find_next("p")
    return [(a.get_text(), a["href"]) for a in corrections.select("a")]


def test_about_links_to_the_repository_github_builds_it_from(tmp_path: Path) -> None:
    with environment(GITHUB_SERVER_URL="https://github.com", GITHUB_REPOSITORY="example-owner/back-blog"):
        assert build_real_site(tmp_path / "site") == []
    assert about_links(tmp_path / "site") == [("source repository", "https://github.com/example-owner/back-blog")]


def test_about_names_the_repository_without_a_link_where_none_is_known(real_site: Path) -> None:
    if os.environ.get("GITHUB_REPOSITORY"):
        pytest.skip("built on GitHub Actions: the link is there")
    about = BeautifulSoup((real_site / "about" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "by opening an issue in the blog’s source repository" in prose(about).replace("'", "’")
    assert about_links(real_site) == []


def test_repository_url() -> None:
    github = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "owner/back-blog"}
    assert repository_url(None, github) == "https://github.com/owner/back-blog"
    assert repository_url("https://git.example.org/back-blog", github) == "https://git.example.org/back-blog"
    assert repository_url(None, {}) is None
    assert repository_url(None, {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "x"}) is None
    assert repository_markdown(None) == "source repository"
    assert repository_markdown("https://github.com/o/r") == "[source repository](<https://github.com/o/r>)"

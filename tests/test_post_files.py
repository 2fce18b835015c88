"""A post's file: encoding, folder, name and address (``backblog.post_files``), unit by unit."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backblog.front_matter import read_front_matter
from backblog.post_files import (
    PostFileProblem,
    check_post_file,
    decode_page,
    file_name_words,
    post_file_name,
    posts_sharing_a_url,
    read_page_file,
)
from fuzzing import FUZZ
from sitebuilder import BLOG_POST

POST = read_front_matter(BLOG_POST.lstrip("\n"))  # date.created 2025-01-15, on line 3
NOT_UTF8 = (
    "the file is not UTF-8 text: save it as UTF-8 (in your editor's Save As or encoding menu, "
    "choose UTF-8; the first character that is not UTF-8 is on this line)"
)


def check(src_uri: str, front: object = POST) -> list[tuple[int | None, str]]:
    found = check_post_file(src_uri, front, "blog/", "blog/posts/", "docs/blog/posts/")  # type: ignore[arg-type]
    return [(p.line, p.message) for p in found]


# --- encoding -----------------------------------------------------------------

def test_utf8_with_or_without_a_bom_reads_as_mkdocs_reads_it() -> None:
    assert decode_page("é\r\nb\rc\n".encode()) == "é\nb\nc\n"
    assert decode_page(b"\xef\xbb\xbf---\n") == "---\n"


def test_latin1_names_the_line_of_the_first_byte_that_is_not_utf8() -> None:
    data = "— ok\r\nstill ok €\n".encode() + "café\n".encode("latin-1")
    assert decode_page(data) == PostFileProblem(3, NOT_UTF8)


def test_a_page_that_links_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: secret\n---\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "link.md").symlink_to(outside)
    (project / "docs" / "own.md").write_text("# Own\n", encoding="utf-8")
    assert read_page_file(os.fspath(project / "docs" / "link.md"), os.fspath(project)) == PostFileProblem(None, (
        "the file is a link to a file outside the project, which the build does not read: "
        "replace the link with the file itself"
    ))
    assert read_page_file(os.fspath(project / "docs" / "own.md"), os.fspath(project)) == "# Own\n"


# --- folder and name -----------------------------------------------------------

@pytest.mark.parametrize(
    "src_uri", ["blog/posts/2025-01-synthetic.md", "blog/posts/2025/2025-01-synthetic-post-2.md", "about.md", "blog/index.md"]
)
def test_well_placed_and_well_named_pages_pass(src_uri: str) -> None:
    front = POST if src_uri.startswith("blog/posts/") else read_front_matter("# Page\n")
    assert check(src_uri, front) == []


def test_a_page_with_a_date_outside_the_posts_folder_is_a_misplaced_post() -> None:
    assert check("blog/2025-01-synthetic.md") == [(3, (
        "the page has date: in its front matter, as a post does, but posts must be in docs/blog/posts/: "
        "move the file there (or remove date: if the page is not a post)"
    ))]
    assert check("about.md") == []  # outside the blog, a page may have any front matter


@pytest.mark.parametrize(
    ("name", "renamed"),
    [
        ("Synthetic Post.md", "2025-01-synthetic-post.md"),
        ("2025-1-synthetic.md", "2025-01-synthetic.md"),
        ("2025-01-Pilates für Rückenschmerzen.md", "2025-01-pilates-fur-ruckenschmerzen.md"),
        ("2025-01-.md", "2025-01-a-few-title-words.md"),
        ("2025-01-synthetic.markdown", "2025-01-synthetic-markdown.md"),
        ("2025-01-two--hyphens.md", "2025-01-two-hyphens.md"),
    ],
)
def test_a_misnamed_post_gets_the_name_to_give_it(name: str, renamed: str) -> None:
    assert check(f"blog/posts/{name}") == [(None, (
        f"the file name '{name}' is not YYYY-MM-lower-case-words.md: rename the file to {renamed} "
        "(the year and month of date.created, then a few words of the title, in lower case with hyphens)"
    ))]


def test_without_a_readable_date_the_name_to_give_says_yyyy_mm() -> None:
    front = read_front_matter("---\ndate: {created: soon}\n---\n")
    assert check("blog/posts/Post.md", front)[0][1].startswith(
        "the file name 'Post.md' is not YYYY-MM-lower-case-words.md: rename the file to YYYY-MM-post.md "
    )
    assert check("blog/posts/2025-02-post.md", front) == []  # the date itself is the front matter's problem


def test_the_year_and_month_of_the_name_must_be_those_of_date_created() -> None:
    assert check("blog/posts/2025-02-synthetic.md") == [(3, (
        "the file name starts with 2025-02 but date.created is 2025-01-15: rename the file to "
        "2025-01-synthetic.md (or correct the date)"
    ))]


def test_a_new_posts_file_name_is_the_ascii_fold_of_the_blogs_slug() -> None:
    assert file_name_words("ça-va-évidence--guidelines-2025") == "ca-va-evidence-guidelines-2025"
    assert post_file_name(datetime.date(2026, 3, 9), "pilates-für-rückenschmerzen") == "2026-03-pilates-fur-ruckenschmerzen.md"
    assert post_file_name(datetime.date(2026, 3, 9), "x" * 100) == f"2026-03-{'x' * 60}.md"
    with pytest.raises(ValueError, match="has no ASCII letters or digits"):
        post_file_name(datetime.date(2026, 3, 9), "日本語")


# --- addresses -----------------------------------------------------------------

def test_posts_sharing_a_url_are_named_together() -> None:
    assert posts_sharing_a_url([
        ("docs/blog/posts/2025-01-a.md", "blog/2025/01/15/x/"),
        ("docs/blog/posts/2025-01-b.md", "blog/2025/01/15/y/"),
        ("docs/blog/posts/2025-01-c.md", "blog/2025/01/15/x/"),
        ("docs/blog/posts/2025-01-d.md", "blog/2025/01/15/x/"),
    ]) == [
        "docs/blog/posts/2025-01-a.md and docs/blog/posts/2025-01-c.md and docs/blog/posts/2025-01-d.md would all "
        "be published at blog/2025/01/15/x/: give one of them another title or a slug: in its front matter"
    ]


# --- fuzzing --------------------------------------------------------------------

@FUZZ
@given(st.binary())
def test_fuzz_any_bytes_decode_to_text_or_one_problem(data: bytes) -> None:
    decoded = decode_page(data)
    assert isinstance(decoded, str) or (isinstance(decoded, PostFileProblem) and decoded.line and decoded.line >= 1)


@FUZZ
@given(st.text(min_size=1), st.text())
def test_fuzz_any_file_name_and_text_give_only_problems(name: str, text: str) -> None:
    found = check_post_file(f"blog/posts/{name}", read_front_matter(text), "blog/", "blog/posts/", "docs/blog/posts/")
    assert all(isinstance(p, PostFileProblem) and p.message for p in found)

"""Every editor's mistake stops the build with one message: path, line, what to do.

Each test builds a tiny site (strict, in-process) with one mistake and
asserts the exact message and that the build failed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backblog import bib_checks, bib_parse, bibliography
from backblog.content_check import check_content
from sitebuilder import (
    BLOG_POST,
    SYNTHETIC_BIB,
    build_blog_site,
    build_config,
    build_site,
    reference_texts,
    run_build,
    tiny_config,
    write_blog_project,
    write_tree,
)

POST = "# Post\n\nCited [@alpha2020].\n"


def bib_failure(tmp_path: Path, bib: str) -> str:
    """The build's error for ``bib``'s entries, which the page cites (uncited, they never stop it)."""
    keys = re.findall(r"@\w+\{([^,\s]+),", bib)
    post = POST + "".join(f"\nAlso [@{key}].\n" for key in keys)
    if "alpha2020" not in {key.lower() for key in keys}:  # POST cites alpha2020
        uncited = build_site(tmp_path / "uncited", {"index.md": "# Home\n", "post.md": POST}, SYNTHETIC_BIB + bib)
        assert (uncited.error, uncited.warnings) == (None, []), "an entry no page cites stopped the build"
    site = build_site(tmp_path / "cited", {"index.md": "# Home\n", "post.md": post}, SYNTHETIC_BIB + bib)
    assert site.error is not None, "the build should have failed"
    assert site.warnings == []
    return site.error


def line_of(text: str, needle: str) -> int:
    return (SYNTHETIC_BIB + text).splitlines().index(needle) + 1


# --- bibliography.bib ------------------------------------------------------

def test_bib_syntax_error_names_the_line_and_entry(tmp_path: Path) -> None:
    bad = "\n@article{broken2020,\n  title = {Synthetic title\n  journal = {J},\n  year = {2020},\n}\n"
    error = bib_failure(tmp_path, bad)
    start = line_of(bad, "@article{broken2020,")
    assert error.startswith(
        f"bibliography.bib:{start}: BibTeX syntax error in entry 'broken2020' (noticed at line "
    )
    assert error.endswith(
        "check this entry's braces, quotes and the commas between fields (each field is written name = {value},)"
    )


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    bad = "\n@article{alpha2020,\n  title = {T}, journal = {J}, year = {2020},\n}\n"
    error = bib_failure(tmp_path, bad)
    first, second = line_of("", "@article{alpha2020,"), len(SYNTHETIC_BIB.splitlines()) + 2
    assert error == (
        f"bibliography.bib:{second}: duplicate key 'alpha2020': line {first} already has the same key; "
        "delete the copy or give one entry another key"
    )


def test_entries_no_page_cites_never_stop_the_build_and_lint_notes_their_problems(tmp_path: Path) -> None:
    bad = (
        "\n@article{beta2021,\n  title = {T}, journal = {J}, year = {2020},\n}\n"
        "\n@article{nojournal,\n  title = {T}, year = {2020}, abstract = {An abstract's bare 50% is never printed},\n}\n"
    )
    config = write_blog_project(tmp_path, {"2025-01-synthetic.md": BLOG_POST}, SYNTHETIC_BIB + bad)
    assert run_build(config) == ([], None)
    report = check_content(config)
    first = len(SYNTHETIC_BIB.splitlines()) + 2
    assert (report.errors, report.warnings) == ([], [])
    assert report.notes == [
        "5 entries are not cited; 2 of them have problems, to fix before a post cites them:",
        f"bibliography.bib:{first}: duplicate key 'beta2021': line 13 already has the same key; "
        "delete the copy or give one entry another key",
        f"bibliography.bib:{first + 4}: entry 'nojournal' (@article) has no journal: add journal = {{...}} "
        "(or journaltitle, shortjournal, journal_abbrev, journalabbrev)",
    ]


def test_keys_differing_only_in_case_are_duplicates(tmp_path: Path) -> None:
    bad = "\n@article{ALPHA2020,\n  title = {T}, journal = {J}, year = {2020},\n}\n"
    error = bib_failure(tmp_path, bad)
    first, second = line_of("", "@article{alpha2020,"), len(SYNTHETIC_BIB.splitlines()) + 2
    assert error == (
        f"bibliography.bib:{second}: duplicate key 'ALPHA2020': line {first} already has key 'alpha2020' "
        "(keys are compared regardless of case); delete the copy or give one entry another key"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("title = {T}, year = {2020}", "entry 'nojournal' (@article) has no journal: add journal = {...} (or journaltitle, shortjournal, journal_abbrev, journalabbrev)"),
        ("title = {T}, journal = {J}", "entry 'nojournal' (@article) has no year: add year = {...} (or date)"),
        ("journal = {J}, year = {2020}", "entry 'nojournal' (@article) has no title: add title = {...}"),
    ],
)
def test_entry_missing_what_its_type_needs(tmp_path: Path, fields: str, message: str) -> None:
    error = bib_failure(tmp_path, f"\n@article{{nojournal,\n  {fields},\n}}\n")
    assert error == f"bibliography.bib:{len(SYNTHETIC_BIB.splitlines()) + 2}: {message}"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("doi = {not a doi}", "doi 'not a doi' is not a DOI (10.<digits>/<suffix>): a DOI looks like 10.1234/abc-5678"),
        ("pmid = {PMID: 12345678}", "pmid 'PMID: 12345678' is not a PubMed ID (digits only): write pmid = {12345678}"),
        ("pmid = {none}", "pmid 'none' is not a PubMed ID (digits only): a PMID is a number such as 28192789"),
        ("volume = {Synthetic 30% volume}", "volume has a bare %, which LaTeX reads as the start of a comment (the rest of the volume would be lost): write \\% for a percent sign"),
        ("volume = {Synthetic volume \\}", "volume ends with a backslash, which escapes nothing (in BibTeX, \\} does not escape a brace): remove it"),
        ("volume = {Synthetic\x01volume}", "volume holds a character that is never text (U+0001, after 'Synthetic'), often what is left of a letter or dash lost in a copy from a PDF: delete it, or type the character it stands for"),
    ],
)
def test_malformed_field_values_name_key_value_and_fix(tmp_path: Path, field: str, message: str) -> None:
    error = bib_failure(tmp_path, f"\n@article{{ids2020,\n  title = {{T}}, journal = {{J}}, year = {{2020}}, {field},\n}}\n")
    assert error == f"bibliography.bib:{len(SYNTHETIC_BIB.splitlines()) + 2}: entry 'ids2020': {message}"


def test_escaped_percent_and_verbatim_fields_are_not_errors() -> None:
    checked = bib_checks.check_bibliography_text(
        "@online{ok2020,\n  title = {Synthetic 30\\% title \\\\}, year = {2020},\n"
        "  url = {https://example.org/a%20b},\n}\n"
    )
    assert checked.problems == []
    assert checked.data is not None and checked.data.entries["ok2020"].fields["url"] == "https://example.org/a%20b"


@pytest.mark.parametrize("doi", ["https://doi.org/10.1000/xyz.1", "http://dx.doi.org/10.1000/xyz.1", "doi:10.1000/xyz.1"])
def test_a_doi_written_as_a_link_is_normalised_not_rejected(tmp_path: Path, doi: str) -> None:
    bib = SYNTHETIC_BIB + f"\n@article{{ids2020,\n  title = {{T}}, journal = {{J}}, year = {{2020}}, doi = {{{doi}}},\n}}\n"
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\nCited [@ids2020].\n"}, bib)
    assert (site.error, site.warnings) == (None, [])
    links = [a["href"] for a in site.html("post.md").select("article .bb-reference__link")]
    assert links == ["https://doi.org/10.1000/xyz.1"]


def test_a_type_without_a_layout_is_formatted_from_its_fields_and_noted_by_lint(tmp_path: Path) -> None:
    bib = SYNTHETIC_BIB + "\n@patent{patent2020,\n  author = {Testauthor, P.}, title = {Synthetic patent}, year = {2020},\n}\n"
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\nCited [@patent2020].\n"}, bib)
    assert (site.error, site.warnings) == (None, [])
    assert reference_texts(site.html("post.md")) == ["Testauthor P. Synthetic patent. 2020."]


def test_a_bibliography_that_is_not_utf8_names_the_line_and_the_export_setting(tmp_path: Path) -> None:
    # Multi-byte characters before the bad byte: the line is counted in bytes, not characters.
    good = "% é€ ok\n" + SYNTHETIC_BIB + "\n@article{latin2020,\n  title = {Caf"
    bad = "é\n}, journal = {J}, year = {2020},\n}\n".encode("latin-1")  # the bad byte ends its line
    write_tree(tmp_path / "docs", {"index.md": "# Home\n", "post.md": POST})
    (tmp_path / "bibliography.bib").write_bytes(good.encode("utf-8") + bad)
    warnings, error = run_build(build_config(tmp_path, tiny_config()))
    assert warnings == []
    assert error == (
        f"bibliography.bib:{good.count(chr(10)) + 1}: the file is not UTF-8 text: export it again as UTF-8 "
        "(Zotero: Export Format, Character Encoding: Unicode (UTF-8))"
    )


def test_a_name_list_written_with_commas_names_the_entry_and_the_fix(tmp_path: Path) -> None:
    bad = "\n@article{commas2020,\n  author = {Smith, J., Jones, K.}, title = {T}, journal = {J}, year = {2020},\n}\n"
    assert bib_failure(tmp_path, bad) == (
        f"bibliography.bib:{len(SYNTHETIC_BIB.splitlines()) + 2}: entry 'commas2020': Too many commas in "
        "'Smith, J., Jones, K.': separate the names with ' and ' (author = {Smith, J. and Jones, K.}), "
        "each written 'Surname, Given names'"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad = (
        "\n@article{one2020,\n  title = {T}, year = {2020},\n}\n"
        "\n@article{two2020,\n  title = {T}, journal = {J}, year = {2020}, pmid = {x1},\n}\n"
    )
    assert len(bib_failure(tmp_path, bad).splitlines()) == 2


def test_non_http_url_is_never_linked_and_warns(tmp_path: Path) -> None:
    bib = SYNTHETIC_BIB + (
        "\n@online{web2024,\n  author = {Testauthor, W.},\n  title = {Synthetic web page},\n"
        "  year = {2024},\n  url = {javascript:alert(1)},\n}\n"
    )
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\nSee [@web2024].\n"}, bib)
    line = len(SYNTHETIC_BIB.splitlines()) + 2
    assert site.warnings == [
        f"bibliography: bibliography.bib:{line}: entry 'web2024': url 'javascript:alert(1)' is not an http "
        "or https address, so it is shown as text and not linked: correct it or remove it"
    ]
    assert site.error is not None  # strict mode counts the warning


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "Quotes \" and ' and & ampersands &amp; too",
    "</li></ol><h1>Injected</h1>",
    "Ünïcödé — 日本語 ✓",
    "<a href=\"javascript:alert(1)\">click</a>",
]


def test_hostile_text_in_any_field_is_rendered_as_text(tmp_path: Path) -> None:
    entries = []
    cites = []
    for number, text in enumerate(HOSTILE):
        # BibTeX has no escape for braces; everything else is passed through as written.
        entries.append(
            f"@article{{hostile{number},\n  author = {{Testauthor, A.}},\n  title = {{{text}}},\n"
            f"  journal = {{{text}}},\n  year = {{2020}},\n}}\n"
        )
        cites.append(f"[@hostile{number}]")
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\n" + " ".join(cites) + "\n"}, "\n".join(entries))
    assert site.warnings == []
    page = site.html("post.md")
    texts = reference_texts(page)
    assert len(texts) == len(HOSTILE)
    for text, hostile in zip(texts, HOSTILE, strict=True):
        expected_title = hostile.replace("'", "’")
        assert expected_title in text, (expected_title, text)
    article = page.select_one("article")
    assert article.select("script, img, h1 ~ h1") == []
    assert [h.get_text(strip=True).rstrip("¶") for h in article.select("h1")] == ["Post"]
    assert all(not attr.startswith("on") for el in article.find_all(True) for attr in el.attrs)
    assert not any(a.get("href", "").startswith("javascript:") for a in page.select("a"))


# --- posts ------------------------------------------------------------------

def post_failure(tmp_path: Path, posts: dict[str, str]) -> str:
    site = build_blog_site(tmp_path, posts)
    assert site.error is not None, "the build should have failed"
    return site.error


def test_a_valid_post_builds_without_warnings(tmp_path: Path) -> None:
    site = build_blog_site(tmp_path, {"2025-01-synthetic.md": BLOG_POST})
    assert site.error is None and site.warnings == []


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (BLOG_POST.replace("description: A synthetic post for tests.\n", ""),
         "1: front matter field 'description' is missing: add 'description: One plain sentence that sums up the post.'"),
        (BLOG_POST.replace("description:", "summary: x\ndescription:"),
         "8: front matter field 'summary' is not one a post may have: remove it or correct its spelling (allowed: title, date, authors, categories, tags, description, slug, draft, pin, readtime)"),
        (BLOG_POST.replace("  - testauthor", "  - nobody"),
         "4: front matter field 'authors': 'nobody' is not in docs/blog/.authors.yml; use one of: testauthor (or add the author there)"),
        (BLOG_POST.replace("  - Exercise", "  - Exercises"),
         "6: front matter field 'categories': 'Exercises' is not an allowed category; use one of: Exercise, Education, Manual therapy, Imaging, Pain science, Practice management (mkdocs.yml, categories_allowed)"),
        (BLOG_POST.replace("2025-01-15", "2025-02-30"),
         "3: front matter field 'date': not a real date (day is out of range for month): write YYYY-MM-DD, for example created: 2025-06-02"),
        (BLOG_POST.replace("date:\n  created: 2025-01-15", "date: 2025-01-15"),
         "2: front matter field 'date': write it as 'date:' then an indented 'created: 2025-01-15' on the next line"),
        (BLOG_POST.replace("categories:\n  - Exercise", "categories: Exercise"),
         "6: front matter field 'categories' has the wrong form: write a list: 'categories:' then '  - Exercise'"),
        (BLOG_POST.replace("A synthetic post for tests.", "A *synthetic* post"),
         "8: front matter field 'description' must be one plain sentence, ending with '.', '?' or '!', without Markdown or HTML: it is shown as text in feeds and search results"),
        (BLOG_POST.replace("# Synthetic post\n", ""),
         "10: the post has no title: start the text with a '# Title' line (or add title: to the front matter)"),
        (BLOG_POST.replace("<!-- more -->\n", ""),
         "10: no <!-- more --> line: add one on its own line after the introduction; the text above it is the excerpt shown on the home page and the blog index"),
        ("# No front matter\n\n<!-- more -->\n",
         "1: no front matter: start the file with a block between two '---' lines (date, authors, categories, description); `make new-post` writes one"),
        (BLOG_POST.replace("authors:", "authors: [\n"),
         "6: front matter is not valid YAML (expected the node content, but found '-'): check the indentation and that every value with a ':' is in quotes"),
        (BLOG_POST.replace("description:", "authors:\n  - nobody\ndescription:"),
         "8: front matter field 'authors' is given twice (lines 4 and 8): keep one\n"
         "docs/blog/posts/2025-01-synthetic.md:8: front matter field 'authors': 'nobody' is not in docs/blog/.authors.yml; use one of: testauthor (or add the author there)"),
        (BLOG_POST.replace("A synthetic post for tests.", "5"),
         "8: front matter field 'description' has the wrong form: write description: One plain sentence that sums up the post."),
        (BLOG_POST.replace("A synthetic post for tests.", "[a, b]"),
         "8: front matter field 'description' has the wrong form: write description: One plain sentence that sums up the post."),
        (BLOG_POST.replace("authors:", "title:\nauthors:"),
         "4: front matter field 'title' has the wrong form: write title: The title of the post"),
        (BLOG_POST.replace("authors:", "title: !!python/object/apply:os.system ['touch owned']\nauthors:"),
         "4: front matter field 'title' uses the YAML tag '!!python/object/apply:os.system', which a post's front matter may not use: remove it (front matter holds only text, numbers, dates, true or false, and lists)"),
    ],
    ids=["missing", "unknown-key", "unknown-author", "category", "bad-date", "flat-date", "wrong-type", "markup", "no-title", "no-excerpt-cut", "no-front-matter", "bad-yaml",
         "duplicate-key", "description-number", "description-list", "empty-title", "python-tag"],
)
def test_front_matter_mistakes_name_file_line_and_field(tmp_path: Path, post: str, message: str) -> None:
    error = post_failure(tmp_path, {"2025-01-synthetic.md": post})
    assert error == f"docs/blog/posts/2025-01-synthetic.md:{message}"


def files_outside(root: Path, site_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` but outside ``site_dir``, with its size and modification time."""
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and site_dir not in path.parents
    }


@pytest.mark.parametrize(
    ("slug", "suggested"),
    [
        ("../../../../../../evil-outside", "evil-outside"),
        ("../../../../../docs/blog", "docsblog"),
        ("../../../..", "short-words-with-hyphens"),
        ("/tmp/evil-absolute", "tmpevil-absolute"),
    ],
)
def test_a_slug_that_climbs_out_of_the_site_is_refused_and_nothing_is_written_outside_it(
    tmp_path: Path, slug: str, suggested: str
) -> None:
    root = tmp_path / "a" / "b" / "c" / "project"  # room above the project for ../ to land in
    post = BLOG_POST.replace("authors:", f"slug: '{slug}'\nauthors:")
    config = write_blog_project(root, {"2025-01-synthetic.md": post})
    before = files_outside(tmp_path, root / "site")
    warnings, error = run_build(config)
    assert warnings == []
    assert error == (
        f"docs/blog/posts/2025-01-synthetic.md:4: front matter field 'slug': '{slug}' is not one part of a "
        f"web address: write slug: {suggested} (lower-case words joined by hyphens, without '/', '\\' or '.')"
    )
    assert files_outside(tmp_path, root / "site") == before
    assert not Path("/tmp/evil-absolute").exists()


def test_a_post_saved_as_latin1_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    config = write_blog_project(tmp_path, {"2025-01-synthetic.md": BLOG_POST})
    post = tmp_path / "docs" / "blog" / "posts" / "2025-01-synthetic.md"
    post.write_bytes(post.read_text(encoding="utf-8").replace("Intro without", "Café: intro without").encode("latin-1"))
    warnings, error = run_build(config)
    assert warnings == []
    assert error == (
        "docs/blog/posts/2025-01-synthetic.md:13: the file is not UTF-8 text: save it as UTF-8 (in your editor's "
        "Save As or encoding menu, choose UTF-8; the first character that is not UTF-8 is on this line)"
    )


def test_a_post_with_a_utf8_bom_and_windows_line_ends_builds(tmp_path: Path) -> None:
    config = write_blog_project(tmp_path, {"2025-01-synthetic.md": BLOG_POST})
    post = tmp_path / "docs" / "blog" / "posts" / "2025-01-synthetic.md"
    post.write_bytes(b"\xef\xbb\xbf" + post.read_bytes().replace(b"\n", b"\r\n"))
    assert run_build(config) == ([], None)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Synthetic Post.md",
         "docs/blog/posts/Synthetic Post.md: the file name 'Synthetic Post.md' is not YYYY-MM-lower-case-words.md: rename the file to 2025-01-synthetic-post.md (the year and month of date.created, then a few words of the title, in lower case with hyphens)"),
        ("2025-01-15_Synthetic.md",
         "docs/blog/posts/2025-01-15_Synthetic.md: the file name '2025-01-15_Synthetic.md' is not YYYY-MM-lower-case-words.md: rename the file to 2025-01-synthetic.md (the year and month of date.created, then a few words of the title, in lower case with hyphens)"),
        ("2024-12-synthetic.md",
         "docs/blog/posts/2024-12-synthetic.md:3: the file name starts with 2024-12 but date.created is 2025-01-15: rename the file to 2025-01-synthetic.md (or correct the date)"),
    ],
    ids=["spaces-and-capitals", "day-and-underscore", "wrong-month"],
)
def test_a_misnamed_post_names_the_file_and_the_name_to_give_it(tmp_path: Path, name: str, message: str) -> None:
    assert post_failure(tmp_path, {name: BLOG_POST}) == message


def test_a_post_outside_the_posts_folder_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    config = write_blog_project(tmp_path, {"2025-01-synthetic.md": BLOG_POST})
    stray = tmp_path / "docs" / "blog" / "2025-01-stray.md"
    stray.write_text(BLOG_POST.lstrip("\n"), encoding="utf-8")
    warnings, error = run_build(config)
    assert warnings == []
    assert error == (
        "docs/blog/2025-01-stray.md:3: the page has date: in its front matter, as a post does, but posts must be "
        "in docs/blog/posts/: move the file there (or remove date: if the page is not a post)"
    )


def test_two_posts_at_the_same_url_name_both_files(tmp_path: Path) -> None:
    error = post_failure(tmp_path, {"2025-01-a.md": BLOG_POST, "2025-01-b.md": BLOG_POST})
    assert error == (
        "docs/blog/posts/2025-01-a.md and docs/blog/posts/2025-01-b.md would both be published at "
        "blog/2025/01/15/synthetic-post/: give one of them another title or a slug: in its front matter"
    )


def test_a_citation_above_the_excerpt_cut_is_rejected(tmp_path: Path) -> None:
    post = BLOG_POST.replace("Intro without citations.", "Intro with one [@beta2021].")
    site = build_blog_site(tmp_path, {"2025-01-synthetic.md": post})
    assert site.warnings == [
        "citations: docs/blog/posts/2025-01-synthetic.md:13: citation [@beta2021] is above <!-- more -->: "
        "the excerpt is shown on the home page, the blog index and in the feed without the reference list; "
        "move the citation below <!-- more -->"
    ]
    assert site.error is not None


def test_a_key_in_two_bibliography_files_names_both() -> None:
    first = bib_checks.check_bibliography_text("@online{web2024,\n  title = {T}, url = {https://example.org/},\n}\n")
    second = bib_checks.check_bibliography_text(
        "\n@online{other2024,\n  title = {T}, url = {https://example.org/},\n}\n"
        "@online{WEB2024,\n  title = {T}, url = {https://example.org/},\n}\n"
    )
    files = bibliography.duplicates_across_files([("refs/a.bib", first), ("refs/b.bib", second)])
    messages = [bib_parse.format_problem(shown, p) for shown, checked in files for p in checked.problems]
    assert messages == [
        "refs/b.bib:5: duplicate key 'WEB2024': refs/a.bib:1 already has key 'web2024' "
        "(keys are compared regardless of case); delete the copy or give one entry another key"
    ]

"""The editors' tools: the content check (`make lint`) and `make new-post`."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from backblog.content_check import check_content
from backblog.front_matter import check_post
from sitebuilder import BLOG_POST, PROJECT, SYNTHETIC_BIB, build_blog_site, write_blog_project

sys.path.insert(0, str(PROJECT / "tools"))
import new_post


def test_content_check_passes_on_this_repository() -> None:
    result = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "check_content.py")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 problem(s) in ")
    assert result.stdout.splitlines()[-1].endswith("6 reference(s); 0 reference(s) not cited")


def test_content_check_reports_what_the_build_would_without_building(tmp_path: Path) -> None:
    bad_post = BLOG_POST.replace("Body [@alpha2020].", "Body [@alpa2020] and [ @beta2021].").replace(
        "  - Exercise", "  - Exercises"
    )
    bib = SYNTHETIC_BIB + "\n@article{nojournal,\n  title = {T}, year = {2020},\n}\n"
    citing = bad_post.replace("[ @beta2021].", "[ @beta2021]. Also [@nojournal].")
    config = write_blog_project(tmp_path, {"2025-01-bad.md": citing}, bib)
    report = check_content(config)
    bib_line = len(SYNTHETIC_BIB.splitlines()) + 2
    # The build's messages in the build's order: posts, citations, then the cited entries.
    assert report.errors == [
        "docs/blog/posts/2025-01-bad.md:6: front matter field 'categories': 'Exercises' is not an allowed "
        "category; use one of: Exercise, Education, Manual therapy, Imaging, Pain science, Practice "
        "management (mkdocs.yml, categories_allowed)",
        "docs/blog/posts/2025-01-bad.md:17: unknown citation key 'alpa2020': did you mean 'alpha2020'?",
        f"bibliography.bib:{bib_line}: entry 'nojournal' (@article) has no journal: add journal = {{...}} "
        "(or journaltitle, shortjournal, journal_abbrev, journalabbrev)",
    ]
    assert not (tmp_path / "site").exists()

    # With the bibliography fixed, the posts are checked against it.
    config = write_blog_project(tmp_path, {"2025-01-bad.md": bad_post})
    report = check_content(config)
    assert report.errors == [
        "docs/blog/posts/2025-01-bad.md:6: front matter field 'categories': 'Exercises' is not an allowed "
        "category; use one of: Exercise, Education, Manual therapy, Imaging, Pain science, Practice "
        "management (mkdocs.yml, categories_allowed)",
        "docs/blog/posts/2025-01-bad.md:17: unknown citation key 'alpa2020': did you mean 'alpha2020'?",
    ]
    assert report.unused == [
        f"bibliography.bib:{n}: entry '{key}' is not cited by any page"
        for n, key in [(2, "alpha2020"), (21, "gamma2022"), (29, "delta2023"), (37, "Zotero:key.with-odd_chars2024")]
    ]


def test_content_check_lists_unused_entries_without_failing(tmp_path: Path) -> None:
    config = write_blog_project(tmp_path, {"2025-01-ok.md": BLOG_POST})
    report = check_content(config)
    assert report.errors == [] and report.warnings == []
    assert [line.split(": ", 1)[1] for line in report.unused] == [
        "entry 'beta2021' is not cited by any page",
        "entry 'gamma2022' is not cited by any page",
        "entry 'delta2023' is not cited by any page",
        "entry 'Zotero:key.with-odd_chars2024' is not cited by any page",
    ]


def test_new_post_writes_a_post_that_passes_every_check(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    path = new_post.new_post("Manual therapy: does it help?", datetime.date(2026, 3, 9), posts)
    assert path == posts / "2026-03-manual-therapy-does-it-help.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ndate:\n  created: 2026-03-09\n")
    assert "# Manual therapy: does it help?\n" in text and "<!-- more -->" in text
    assert "`[@key]`" in text  # a citation example, as code so that the post builds
    assert check_post(text, ["spineiq"], new_post.allowed_categories()) == []
    site = build_blog_site(tmp_path / "site", {path.name: text.replace("spineiq", "testauthor")})
    assert site.error is None and site.warnings == []


def test_new_post_never_overwrites(tmp_path: Path) -> None:
    new_post.new_post("Same title", datetime.date(2026, 3, 9), tmp_path)
    try:
        new_post.new_post("Same title", datetime.date(2026, 3, 9), tmp_path)
    except SystemExit as stop:
        assert "already exists: choose another title" in str(stop)
    else:
        raise AssertionError("the second call should have refused")


def test_the_slug_is_the_blogs_own_and_the_file_name_its_ascii_words(tmp_path: Path) -> None:
    title = "Ça va? Évidence & «guidelines» 2025"
    assert new_post.slugify(title) == "ça-va-évidence--guidelines-2025"  # as the blog makes the post's address
    path = new_post.new_post(title, datetime.date(2026, 3, 9), tmp_path)
    assert path.name == "2026-03-ca-va-evidence-guidelines-2025.md"


def test_new_post_refuses_a_title_without_ascii_letters_for_the_file_name(tmp_path: Path) -> None:
    try:
        new_post.new_post("日本語", datetime.date(2026, 3, 9), tmp_path)
    except SystemExit as stop:
        assert str(stop) == "new-post: the title needs at least one letter a-z or digit for the file name"
    else:
        raise AssertionError("new_post should have refused")
    assert list(tmp_path.iterdir()) == []


def test_new_post_reads_mkdocs_yml_with_mkdocs_itself() -> None:
    blog = new_post.site_blog()
    assert blog.categories[:2] == ["Exercise", "Education"]
    assert blog.authors == ["spineiq"]

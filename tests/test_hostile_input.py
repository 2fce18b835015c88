"""Nothing an editor writes crashes the build, runs in a reader's browser, writes outside
the site, reads outside the project, or publishes a file it shouldn't (issue 11).

Each case builds a tiny site with one odd or hostile input and asserts the exact
message, that no traceback was printed, and (as every build in the suite does,
``sitebuilder.run_builds``) that nothing was written outside the site folder.
The scanner at the end feeds hostile text into every field that may hold it and
checks every page, feed and the search index for live markup.
"""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from backblog.content_check import check_content
from sitebuilder import (
    BLOG_AUTHORS,
    BLOG_POST,
    SYNTHETIC_BIB,
    build_site,
    citations,
    forget_plugin_instances,
    reference_texts,
    run_build,
    write_full_project,
)

BIB_LINE = len(SYNTHETIC_BIB.splitlines()) + 2


def blog_error(tmp_path: Path, posts: dict[str, str], bib: str = SYNTHETIC_BIB, authors: str = BLOG_AUTHORS) -> str:
    """What the build says of a tiny blog, checking that ``make lint`` says it too."""
    config = write_full_project(tmp_path, posts, bib, authors)
    warnings, error = run_build(config)
    assert error is not None, "the build should have failed"
    assert "Traceback" not in error
    assert_lint_says_the_same(config, warnings, error)
    return "\n".join([*warnings, error])


def assert_lint_says_the_same(config: Path, warnings: list[str], error: str | None) -> None:
    """``make lint`` (no build) reports what the build did, line for line."""
    said = [*warnings, *(() if error is None or error.startswith("Aborted with") else error.splitlines())]
    forget_plugin_instances()
    report = check_content(config)
    assert [_LOGGER_NAME_RE.sub("", line) for line in said] == report.errors + report.warnings


# The build's warnings start with the hook's logger name; make lint prints no name.
_LOGGER_NAME_RE = re.compile(r"^(?:citations|bibliography): ")


def post(**changes: str) -> str:
    text = BLOG_POST
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    return text


# --- legitimate inputs that used to crash: they build and render correctly -------


def test_a_web_address_with_a_query_string_is_linked_and_shown_as_written(tmp_path: Path) -> None:
    bib = (
        SYNTHETIC_BIB
        + "\n@online{query2024,\n  title = {Synthetic page}, url = {https://example.org/search?a=1&b=2&copy=3},\n}\n"
    )
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\nSee [@query2024].\n"}, bib)
    assert (site.error, site.warnings) == (None, [])
    (link,) = site.html("post.md").select("article .bb-reference__text a")
    assert link["href"] == "https://example.org/search?a=1&b=2&copy=3"
    assert link.get_text() == "https://example.org/search?a=1&b=2&copy=3"


def test_a_heading_with_an_unbalanced_brace_builds_and_is_cited_as_written(tmp_path: Path) -> None:
    posts = {"2025-01-costs.md": post(**{"# Synthetic post": "# Costs { and benefits"})}
    config = write_full_project(tmp_path, posts)
    warnings, error = run_build(config)
    assert (warnings, error) == ([], None)
    assert_lint_says_the_same(config, warnings, error)
    (page,) = tmp_path.glob("site/blog/2025/01/15/*/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    text, bibtex = [code.get_text() for code in soup.select("#cite-this-post pre code")]
    assert "Costs { and benefits. Back Blog [Internet]." in text
    assert "title = {{Costs \\{ and benefits}}," in bibtex


@pytest.mark.parametrize(
    "title", ["Pilates für Rückenschmerzen", "La rééducation du dos", "Ejercicio en grupo: ¿sirve?"]
)
def test_a_title_in_german_french_or_spanish_builds_with_working_downloads(tmp_path: Path, title: str) -> None:
    config = write_full_project(tmp_path, {"2025-01-post.md": post(**{"# Synthetic post": f"# {title}"})})
    warnings, error = run_build(config)
    assert (warnings, error) == ([], None)
    assert_lint_says_the_same(config, warnings, error)
    (page,) = tmp_path.glob("site/blog/2025/01/15/*/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = soup.select("article .bb-references__downloads a")
    assert len(links) == 3
    for link in links:
        target = page.parent / unquote(link["href"])
        assert target.is_file() and target.stat().st_size > 0, link["href"]


# --- messages, not tracebacks -------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x1b", "\x7f", "\ufffe", "\uffff"])
def test_control_characters_in_a_cited_field_name_the_entry_and_character(tmp_path: Path, character: str) -> None:
    bib = SYNTHETIC_BIB + f"\n@article{{ctl2024,\n  title = {{Synthetic{character} title}}, journal = {{J}}, year = {{2024}},\n}}\n"
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": "# Post\n\nSee [@ctl2024].\n"}, bib)
    assert site.error == (
        f"bibliography.bib:{BIB_LINE}: entry 'ctl2024': title holds a character that is never text "
        f"(U+{ord(character):04X}, after 'Synthetic'), often what is left of a letter or dash lost in a copy from "
        "a PDF: delete it, or type the character it stands for"
    )


def test_a_bibliography_that_is_a_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "bibliography.bib").mkdir()
    site = build_site(tmp_path / "x", {"index.md": "# Home\n"})
    assert site.error is None  # its own bibliography is a file; now one that is a folder:
    (tmp_path / "x" / "bibliography.bib").unlink()
    (tmp_path / "x" / "bibliography.bib").mkdir()
    warnings, error = run_build(tmp_path / "x" / "mkdocs.yml")
    assert error == "bibliography.bib: is a folder, not a file: create it or correct bib_file in mkdocs.yml"
    assert_lint_says_the_same(tmp_path / "x" / "mkdocs.yml", warnings, error)


def test_a_page_saved_as_latin_1_names_its_line(tmp_path: Path) -> None:
    config = write_full_project(tmp_path, {"2025-01-post.md": BLOG_POST}, pages={"about.md": "# About\n\nok\n"})
    (tmp_path / "docs" / "about.md").write_bytes("# About\n\nCaf\xe9\n".encode("latin-1"))
    warnings, error = run_build(config)
    assert error == (
        "docs/about.md:3: the file is not UTF-8 text: save it as UTF-8 (in your editor's Save As or encoding "
        "menu, choose UTF-8; the first character that is not UTF-8 is on this line)"
    )
    assert_lint_says_the_same(config, warnings, error)


@pytest.mark.parametrize("target", [".env", ".ci/run", "/etc/passwd", "../shared/REFERENCE-STYLE.md", "docs/index.md"])
def test_a_page_includes_only_the_declared_file(tmp_path: Path, target: str) -> None:
    (tmp_path / ".env").write_text("SECRET=1\n", encoding="utf-8")
    pages = {"notes.md": f'# Notes\n\nText.\n\n--8<-- "{target}"\n'}
    config = write_full_project(tmp_path, {"2025-01-post.md": BLOG_POST}, pages=pages)
    warnings, error = run_build(config)
    assert warnings == [
        f"citations: docs/notes.md:5: '{target}' is not a file this site may include: only the files under "
        "snippets' base_path in mkdocs.yml can be (CONTRIBUTING.md); remove the --8<-- line"
    ]
    assert_lint_says_the_same(config, warnings, error)
    assert "SECRET" not in "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("site/**/*.html"))


def test_a_post_includes_no_file(tmp_path: Path) -> None:
    posts = {"2025-01-post.md": post(Body='--8<-- "CONTRIBUTING.md"\n\nBody')}
    assert blog_error(tmp_path, posts).startswith(
        "citations: docs/blog/posts/2025-01-post.md:17: a post cannot include a file "
        "('--8<-- \"CONTRIBUTING.md\"'): write the text into the post instead"
    )


def test_a_bibliography_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.bib"
    outside.write_text(SYNTHETIC_BIB, encoding="utf-8")
    site = build_site(tmp_path / "site-project", {"index.md": "# Home\n"})
    (tmp_path / "site-project" / "bibliography.bib").unlink()
    (tmp_path / "site-project" / "bibliography.bib").symlink_to(outside)
    warnings, error = run_build(tmp_path / "site-project" / "mkdocs.yml")
    assert site.error is None and error == (
        f"bibliography.bib: is a link to {outside}, outside the project: the build reads only the project's "
        "own files; copy the bibliography into the project instead"
    )
    assert_lint_says_the_same(tmp_path / "site-project" / "mkdocs.yml", warnings, error)


def test_the_excerpt_cut_shown_only_as_code_is_reported(tmp_path: Path) -> None:
    text = BLOG_POST.replace("<!-- more -->", "```\n<!-- more -->\n```")
    assert "no <!-- more --> line outside code" in blog_error(tmp_path, {"2025-01-post.md": text})


# --- editor-written text is never live markup -----------------------------------------

HOSTILE = '</script><script>alert(1)</script> "><svg onload=alert(1)>'


@pytest.mark.parametrize(
    ("posts", "message"),
    [
        (
            {"2025-01-a.md": post(description=f"title: '{HOSTILE}'\ndescription")},
            "docs/blog/posts/2025-01-a.md:8: front matter field 'title' has '</' (the start of an HTML tag): a title "
            "is plain text on one line, shown as it is in page titles, lists and feeds; write it without HTML",
        ),
        (
            {"2025-01-a.md": post(**{"# Synthetic post": "# Hello <img src=x onerror=alert(1)>"})},
            "citations: docs/blog/posts/2025-01-a.md:11: the heading holds HTML ('<img src=x onerror=alert(1)>'): a "
            "heading is text, shown as it is in page titles, the table of contents and search results; write it "
            "without HTML",
        ),
        (
            {"2025-01-a.md": post(**{"A synthetic post for tests.": 'A "quoted" synthetic post for tests.'})},
            "docs/blog/posts/2025-01-a.md:8: front matter field 'description' has a straight double quote (\"), "
            "which would end the page's description tag: write curly quotes, \u201clike this\u201d",
        ),
    ],
)
def test_markup_in_a_post_is_refused_where_it_is_written(tmp_path: Path, posts: dict[str, str], message: str) -> None:
    assert message in blog_error(tmp_path, posts)


@pytest.mark.parametrize(
    ("authors", "message"),
    [
        (
            BLOG_AUTHORS.replace("name: Test Author", "name: Test <b onmouseover=alert(1)>Author"),
            "docs/blog/.authors.yml:3: author 'testauthor': name is not plain text: write it without HTML, quotes, "
            "line breaks, < or & (write 'and')",
        ),
        (
            BLOG_AUTHORS.replace("name: Test Author", "name: Test & Partners"),
            "docs/blog/.authors.yml:3: author 'testauthor': name is not plain text: write it without HTML, quotes, "
            "line breaks, < or & (write 'and')",
        ),
        (
            BLOG_AUTHORS.replace("    name: Test Author", "    name: Test Author\n    url: javascript:alert(1)"),
            "docs/blog/.authors.yml:4: author 'testauthor': url 'javascript:alert(1)' is not an http or https address: "
            "correct it or remove it",
        ),
    ],
)
def test_markup_in_the_authors_file_is_refused(tmp_path: Path, authors: str, message: str) -> None:
    assert blog_error(tmp_path, {"2025-01-a.md": BLOG_POST}, authors=authors) == message


LIVE_SCHEMES = ("javascript:", "data:", "vbscript:")
SCRIPT_TYPES = ("application/ld+json", "application/json")


def live_markup(html: str, where: str, known_scripts: set[str]) -> list[str]:
    """Event handlers, script URLs and scripts the site does not ship, in ``html``."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{where}: <{element.name} {name}=...>")
            if name.lower() in (
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
            ) and text.strip().lower().startswith(LIVE_SCHEMES):
                found.append(f"{where}: <{element.name} {name}={text!r}>")
        if element.name in ("svg", "iframe", "object", "embed") and element.find_parent("article") is not None:
            found.append(f"{where}: <{element.name}> in the article")
        if element.name == "script" and element.get("type") not in SCRIPT_TYPES:
            source = element.get("src") or " ".join((element.string or "").split())
            if source not in known_scripts:
                found.append(f"{where}: <script> {source[:80]!r}")
    return found


HOSTILE_TEXT = "Pain & <3 months 'n' \"quotes\" \u2039b\u203a"
HOSTILE_BIB = SYNTHETIC_BIB + textwrap.dedent(r"""
    @article{xss2024,
      author = {Test<script>alert(1)</script>author, A. and {Group "><svg onload=alert(1)>}},
      title = {Synthetic <img src=x onerror=alert(1)> title \& "more" </li></ol>},
      journal = {<iframe src=javascript:alert(1)>}, year = {2024}, volume = {<b>1</b>},
      pages = {"><script>alert(2)</script>}, doi = {10.0000/x"><script>alert(3)</script>},
      url = {javascript:alert(1)},
    }
    @online{xssweb2024,
      title = {Synthetic web page}, url = {data:text/html,<script>alert(1)</script>}, year = {2024},
    }
""")


def test_no_page_feed_or_search_result_holds_live_markup(tmp_path: Path) -> None:
    """Hostile text in every field that may hold it (what is refused is tested above):
    bibliography fields, titles, headings, descriptions, author names and categories."""
    text = post(
        **{
            "# Synthetic post": f"# {HOSTILE_TEXT}",
            "A synthetic post for tests.": "A synthetic post & more, of \u2018quotes\u2019 and 'quotes'.",
            "Body [@alpha2020].": f"## {HOSTILE_TEXT}\n\nBody [@alpha2020; @xss2024; @xssweb2024].",
        }
    )
    authors = BLOG_AUTHORS.replace("name: Test Author", "name: O'Keeffe and Partners")
    link_heading = "A ](javascript:alert(1)) [x] `code`"
    linked = post(**{"# Synthetic post": f"# {link_heading}", "Body [@alpha2020].": "Body."})
    posts = {"2025-01-hostile.md": text, "2025-01-link.md": linked}
    config = write_full_project(tmp_path, posts, HOSTILE_BIB, authors)
    clean = tmp_path / "clean"
    clean_config = write_full_project(clean, {"2025-01-clean.md": BLOG_POST})
    assert run_build(clean_config) == ([], None)
    warnings, error = run_build(config)
    assert warnings == [
        f"bibliography: bibliography.bib:{BIB_LINE}: entry 'xss2024': url 'javascript:alert(1)' is not an http or "
        "https address, so it is shown as text and not linked: correct it or remove it",
        f"bibliography: bibliography.bib:{BIB_LINE + 7}: entry 'xssweb2024': url 'data:text/html,<script>alert(1)"
        "</script>' is not an http or https address, so it is shown as text and not linked: correct it or remove it",
    ]
    assert error == "Aborted with 2 warnings in strict mode!"
    # Strict mode stops on those warnings; build again without strictness to read what readers would get.
    known = {
        s.get("src") or " ".join((s.string or "").split())
        for p in (clean / "site").rglob("*.html")
        for s in BeautifulSoup(p.read_text(encoding="utf-8"), "lxml").find_all("script")
    }
    warnings, error = run_build(config, strict=False)
    assert error is None and len(warnings) == 2
    site = tmp_path / "site"
    found = []
    for page in site.rglob("*.html"):
        found += live_markup(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix(), known)
    for feed in [*site.glob("feed_rss_*.xml")]:
        ET.fromstring(feed.read_bytes())  # well-formed XML
        for item in ET.fromstring(feed.read_bytes()).iter("description"):
            found += live_markup(item.text or "", f"{feed.name} description", known)
        titles = [item.text for item in ET.fromstring(feed.read_bytes()).iter("title")]
        assert HOSTILE_TEXT in titles, titles  # the title as written, escaped once
    for feed in site.glob("feed_json_*.json"):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            found += live_markup(item.get("content_html", ""), f"{feed.name} item", known)
    for doc in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]:
        found += live_markup(doc["title"] + " " + doc["text"], f"search: {doc['location']}", known)
    assert found == []
    # ...and the text is all there, as written.
    (page,) = site.glob("blog/2025/01/15/pain-*/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    # Headings are the editor's own text: no typographic quotes are put in them.
    assert soup.select_one("article h1").get_text().removesuffix("¶") == HOSTILE_TEXT
    texts = reference_texts(soup)
    # The house style makes apostrophes typographic, and nothing else: quotes stay as typed.
    assert 'Synthetic <img src=x onerror=alert(1)> title & "more" </li></ol>.' in texts[1]
    assert not any(a["href"].startswith(LIVE_SCHEMES) for a in soup.select("a[href]"))
    # The home page's "Continue reading" links show a heading's text, as the post's own title
    # does, and lead to its post: "](javascript:...)" is text, and `code` shows as code does.
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    reading = {a.get_text(" ", strip=True): a["href"] for a in home.select(".md-content a")}
    assert reading["Continue reading: A ](javascript:alert(1)) [x] code"] == "blog/2025/01/15/a-javascriptalert1-x-code/"
    (linked_page,) = site.glob("blog/2025/01/15/a-*/index.html")
    assert BeautifulSoup(linked_page.read_text(encoding="utf-8"), "lxml").title.get_text().startswith(
        "A ](javascript:alert(1)) [x] code - "
    )


@pytest.mark.parametrize(
    ("authors", "message"),
    [
        (
            "authors:\n  a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"  {chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
                      f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
                      for n in range(9)),
            "docs/blog/.authors.yml:3: '*a' is a YAML alias, which the authors file may not use: "
            "write the value out in full",
        ),
        (
            BLOG_AUTHORS.replace("name: Test Author", "name: !!python/object/apply:os.system ['touch owned']"),
            "docs/blog/.authors.yml:3: the authors file field 'authors.testauthor.name' uses the YAML tag "
            "'!!python/object/apply:os.system', which the authors file may not use: remove it (the authors file "
            "holds only text, numbers, dates, true or false, and lists)",
        ),
    ],
    ids=["yaml-bomb", "python-tag"],
)
def test_yaml_bombs_and_python_tags_in_the_authors_file_are_refused(
    tmp_path: Path, authors: str, message: str
) -> None:
    assert blog_error(tmp_path, {"2025-01-a.md": BLOG_POST}, authors=authors) == message
    assert not (tmp_path / "owned").exists() and not list(tmp_path.rglob("owned"))


def test_a_fifty_thousand_entry_bibliography_with_a_ten_thousand_character_key_builds(tmp_path: Path) -> None:
    """A whole library at once, as editors export it, and a key no one would type: both build."""
    long_key = "k" * 10_000
    bulk = "".join(
        f"@article{{bulk{n},\n  author = {{Testbulk, A. and Sample, B.}}, title = {{Synthetic bulk title {n}}},\n"
        f"  journal = {{J Synth Tests}}, year = {{2024}}, volume = {{1}}, pages = {{1--2}},\n}}\n"
        for n in range(50_000)
    )
    bib = f"{SYNTHETIC_BIB}{bulk}@article{{{long_key},\n  author = {{Testlong, A.}}, title = {{Synthetic long-key title}},"
    bib += " journal = {J Synth Tests}, year = {2024}, volume = {1}, pages = {1--2},\n}\n"
    site = build_site(tmp_path, {"index.md": "# Home\n", "post.md": f"# Post\n\nA [@bulk49999] and [@{long_key}].\n"}, bib)
    assert (site.error, site.warnings) == (None, [])
    post_page = site.html("post.md")
    assert citations(post_page) == ["(1)", "(2)"]
    assert reference_texts(post_page) == [
        "Testbulk A, Sample B. Synthetic bulk title 49999. J Synth Tests. 2024;1:1–2.",
        "Testlong A. Synthetic long-key title. J Synth Tests. 2024;1:1–2.",
    ]

"""The knowledge base: library, downloads, Cite this post, machine-readable metadata, search.

Asserted on tiny fixture blogs (two posts sharing references) and on the real site.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urljoin

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from backblog.bibtex_export import entry_bibtex
from backblog.reader import read_reference
from sitebuilder import BLOG_POST, SYNTHETIC_BIB, Site, build_blog_site

SECOND_POST = (
    BLOG_POST.replace("2025-01-15", "2025-03-01")
    .replace("# Synthetic post", "# Second synthetic post")
    .replace("Body [@alpha2020].", "Body [@gamma2022] and [@alpha2020; @beta2021].")
)
DESIGNED_BIB = SYNTHETIC_BIB.replace(
    "  doi = {10.0000/synthetic.1},",
    "  doi = {10.0000/synthetic.1},\n  pmid = {12345678},\n  studydesign = {Systematic review},",
)
RIS_LINE_RE = re.compile(r"[A-Z][A-Z0-9]  - .*")
SHORT_LABELS = {"alpha2020": "Testauthor A et al., 2020", "beta2021": "Testauthor C, 2021", "gamma2022": "Testauthor D, 2022"}


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = build_blog_site(
        tmp_path_factory.mktemp("kb"), {"2025-01-first.md": BLOG_POST, "2025-03-second.md": SECOND_POST}, DESIGNED_BIB
    )
    assert site.error is None and site.warnings == []
    return site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def post_dir(site: Site, slug: str) -> Path:
    (match,) = site.site_dir.glob(f"blog/2025/*/*/{slug}")
    return match


def resolve(page_dir: Path, site: Site, href: str) -> Path:
    """The built file a relative link from ``page_dir/index.html`` points to."""
    target = urljoin(page_dir.relative_to(site.site_dir).as_posix() + "/", href.split("#")[0])
    path = site.site_dir / target
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


# --- reference library ------------------------------------------------------

def test_library_lists_each_cited_reference_once_by_design_then_author(blog: Site) -> None:
    library = soup(blog.site_dir / "library" / "index.html")
    sections = [h.get_text(strip=True).rstrip("¶") for h in library.select("article h2")]
    assert sections == ["Systematic review", "Other sources"]
    ids = [div["id"] for div in library.select("article .bb-library .bb-reference")]
    assert ids == ["ref-alpha2020", "ref-beta2021", "ref-gamma2022"]  # sorted by first author, then year
    assert len(set(ids)) == len(ids)
    badge = library.select_one("#ref-alpha2020 .bb-badge")
    assert badge is not None and badge.get_text() == "Systematic review"
    assert library.select_one("#ref-beta2021 .bb-badge") is None


def test_cited_in_links_resolve_to_the_citing_posts_in_date_order(blog: Site) -> None:
    library_dir = blog.site_dir / "library"
    library = soup(library_dir / "index.html")
    for entry, expected in [
        ("ref-alpha2020", ["Synthetic post (15 January 2025)", "Second synthetic post (1 March 2025)"]),
        ("ref-gamma2022", ["Second synthetic post (1 March 2025)"]),
    ]:
        cited_in = library.find(id=entry).find_parent("li").select_one(".bb-cited-in")
        links = cited_in.select("a")
        shown = [f"{a.get_text()} {a.next_sibling.strip().rstrip(';')}" for a in links]
        assert shown == expected
        for a in links:
            target = resolve(library_dir, blog, a["href"])
            assert target.exists(), a["href"]
            assert soup(target).select_one("article h1").get_text(strip=True).rstrip("¶") == a.get_text()


def test_each_entry_of_a_posts_list_links_to_its_library_entry(blog: Site) -> None:
    folder = post_dir(blog, "second-synthetic-post")
    page = soup(folder / "index.html")
    links = page.select("article .bb-references .bb-reference__library")
    assert [a["href"].split("#")[1] for a in links] == ["ref-gamma2022", "ref-alpha2020", "ref-beta2021"]
    library = soup(resolve(folder, blog, links[0]["href"]))
    for a in links:
        assert library.find(id=a["href"].split("#")[1]) is not None


def test_posts_show_the_study_design_badge(blog: Site) -> None:
    page = soup(post_dir(blog, "synthetic-post") / "index.html")
    assert [b.get_text() for b in page.select("article .bb-references .bb-badge")] == ["Systematic review"]


def test_an_unknown_study_design_is_an_error_listing_the_allowed_ones(tmp_path: Path) -> None:
    bib = SYNTHETIC_BIB.replace("  doi = {10.0000/synthetic.1},", "  doi = {10.0000/synthetic.1},\n  studydesign = {Case report},")
    site = build_blog_site(tmp_path, {"2025-01-first.md": BLOG_POST}, bib)
    assert site.error == (
        "bibliography.bib:2: entry 'alpha2020': studydesign 'Case report' is not a declared study design: "
        "use one of: Clinical practice guideline, Systematic review, Rapid review, Randomised controlled trial, "
        "Cohort study, Modelling study (or add it to extra.backblog.study_designs in mkdocs.yml)"
    )


def test_a_tag_outside_the_declared_topics_is_an_error(tmp_path: Path) -> None:
    post = BLOG_POST.replace("description:", "tags:\n  - lumbago\ndescription:")
    site = build_blog_site(tmp_path, {"2025-01-first.md": post})
    assert site.error is not None
    assert site.error.startswith(
        "docs/blog/posts/2025-01-first.md:8: front matter field 'tags': 'lumbago' is not one of the site's topics; use one of: "
    )


# --- downloads ----------------------------------------------------------------

def download_links(page: BeautifulSoup) -> dict[str, str]:
    return {a["href"].rsplit(".", 1)[1]: a["href"] for a in page.select("article .bb-references__downloads a")}


def test_each_posts_downloads_parse_back_to_its_own_references(blog: Site) -> None:
    source = parse_string(DESIGNED_BIB, "bibtex")
    folder = post_dir(blog, "second-synthetic-post")
    links = download_links(soup(folder / "index.html"))
    assert set(links) == {"bib", "ris", "json"}
    items = json.loads(resolve(folder, blog, links["json"]).read_text(encoding="utf-8"))
    assert [(item["id"], item["type"], item["title"]) for item in items] == [
        ("gamma2022", "article-journal", "Synthetic title three"),
        ("alpha2020", "article-journal", "Synthetic title one"),
        ("beta2021", "article-journal", "Synthetic title two"),
    ]
    assert items[1]["author"] == [{"family": "Testauthor", "given": "A."}, {"family": "Sample", "given": "B."}]
    assert items[1]["issued"] == {"date-parts": [[2020]]} and items[1]["page"] == "10-19"
    bib = parse_file(str(resolve(folder, blog, links["bib"])), "bibtex")
    assert list(bib.entries) == ["gamma2022", "alpha2020", "beta2021"]
    for key, entry in bib.entries.items():
        # Read back by our own reader, each entry is the reference the page
        # shows, but for the site's own study design, which is not exported.
        assert read_reference(entry) == replace(read_reference(source.entries[key]), study_design="")
    alpha = bib.entries["alpha2020"].fields
    assert (alpha["year"], alpha["volume"], alpha["number"], alpha["pages"]) == ("2020", "1", "2", "10--19")
    assert alpha["journal"] == "Journal of Synthetic Tests" and alpha["shortjournal"] == "J Synth Tests"
    # Only bibliographic fields leave the site: not the site's own studydesign.
    assert "studydesign" not in bib.entries["alpha2020"].fields
    records = rispy.loads(resolve(folder, blog, links["ris"]).read_text(encoding="utf-8"))
    assert [r["title"] for r in records] == ["Synthetic title three", "Synthetic title one", "Synthetic title two"]
    assert [r.get("doi") for r in records] == [None, "10.0000/synthetic.1", None]
    assert records[1]["authors"] == ["Testauthor, A.", "Sample, B."]
    assert records[1]["type_of_reference"] == "JOUR" and records[1]["secondary_title"] == "Journal of Synthetic Tests"


LATEX_ENTRY = r"""
@online{synthetic_web2024,
  author = {Testauthor, A. and M{\"u}ller-Testauthor, B. and {Synthetic Group \& Partners}},
  title = {Synthetic title: 10\% of {\em in vivo} samples \& more, \#1 in\_vitro},
  url = {https://example.org/synthetic_page~v2/a%20b?x=1&y=2#part},
  doi = {10.0000/synthetic_1~2},
  pmid = {12345678},
  year = {2024},
  month = nov,
  urldate = {2024-11-30},
}
"""


def test_a_bibtex_download_reads_back_as_the_same_reference() -> None:
    (source,) = parse_string(LATEX_ENTRY, "bibtex").entries.values()
    reference = read_reference(source)
    written = entry_bibtex(reference)
    (entry,) = parse_string(written, "bibtex").entries.values()
    assert read_reference(entry) == reference
    assert reference.title == "Synthetic title: 10% of in vivo samples & more, #1 in_vitro"
    # Special characters are escaped as LaTeX; addresses and identifiers stay verbatim.
    assert r"10\% of in vivo samples \& more, \#1 in\_vitro" in written
    assert "url = {https://example.org/synthetic_page~v2/a%20b?x=1&y=2#part}," in written
    assert "doi = {10.0000/synthetic_1~2}," in written
    # A PubMed ID as biblatex has it; dates for BibTeX (year, month macro) and for biber.
    assert "eprint = {12345678},\n  eprinttype = {pubmed}," in written
    assert "year = {2024},\n  month = nov,\n  date = {2024-11}," in written


def test_the_librarys_downloads_hold_every_cited_reference(blog: Site) -> None:
    library_dir = blog.site_dir / "library"
    links = {a["href"].rsplit(".", 1)[1]: a["href"] for a in soup(library_dir / "index.html").select("article .bb-references__downloads a")}
    bib = parse_file(str(resolve(library_dir, blog, links["bib"])), "bibtex")
    assert sorted(bib.entries) == ["alpha2020", "beta2021", "gamma2022"]
    records = rispy.loads(resolve(library_dir, blog, links["ris"]).read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == ["ALPHA2020", "BETA2021", "GAMMA2022"]


def ris_records(path: Path) -> list[list[str]]:
    """The records of an RIS file as lines, checked against the letter of the RIS
    specification: CR LF after every line, ``TY`` first and ``ER`` last in each record,
    every line a tag of an upper-case letter and a letter or digit, two spaces, "- "."""
    data = path.read_bytes().decode("utf-8")
    assert data.replace("\r\n", "").count("\n") == 0 and data.replace("\r\n", "").count("\r") == 0, (
        f"{path.name}: a line does not end with CR LF"
    )
    records: list[list[str]] = [[]]
    for line in data.split("\r\n"):
        if line == "":
            if records[-1]:
                records.append([])
            continue
        assert RIS_LINE_RE.fullmatch(line), f"{path.name}: not an RIS line: {line!r}"
        records[-1].append(line)
    records = [record for record in records if record]
    for record in records:
        assert record[0].startswith("TY  - ") and record[-1] == "ER  - ", record
        assert sum(line.startswith("TY  - ") for line in record) == 1, record
    return records


def test_ris_downloads_follow_the_letter_of_the_ris_specification(blog: Site) -> None:
    files = sorted(blog.site_dir.rglob("*.ris"))
    assert len(files) >= 6  # two posts' lists, the library's, each reference alone, the posts' own
    for path in files:
        for record in ris_records(path):
            (identifier,) = [line for line in record if line.startswith("ID  - ")]
            assert re.fullmatch(r"ID  - [0-9A-Z]{1,20}", identifier), f"{path.name}: {identifier}"
            # C2 is a PMCID in the specification, a commenter of a blog post for Zotero.
            assert not [line for line in record if line.startswith("C2  - ")], record
    (library,) = blog.site_dir.glob("library/references.ris")
    alpha = next(record for record in ris_records(library) if "ID  - ALPHA2020" in record)
    # The PubMed ID where the specification puts it, and where Zotero reads it into "Extra".
    assert {"AN  - 12345678", "DB  - PubMed", "M2  - PMID: 12345678"} <= set(alpha)


def test_ris_ids_are_upper_case_letters_and_digits_and_stay_unique() -> None:
    from backblog.ris_export import ris_id

    assert ris_id("okeeffe2017") == "OKEEFFE2017"
    odd = ["Zotero:key.with-odd_chars2024", "Zotero:key.with-odd_chars2024b", "zotero-keywithoddchars2024"]
    ids = [ris_id(key) for key in odd]
    assert all(re.fullmatch(r"[0-9A-Z]{1,20}", i) for i in ids) and len(set(ids)) == len(ids), ids


def test_each_reference_of_a_post_downloads_alone_as_ris_and_bibtex(blog: Site) -> None:
    source = parse_string(DESIGNED_BIB, "bibtex")
    folder = post_dir(blog, "second-synthetic-post")
    entries = soup(folder / "index.html").select("article .bb-references .bb-reference")
    assert [e["id"] for e in entries] == ["ref-gamma2022", "ref-alpha2020", "ref-beta2021"]
    library_dir = blog.site_dir / "library"
    library = soup(library_dir / "index.html")
    for entry in entries:
        key = entry["id"].removeprefix("ref-")
        links = {a["href"].rsplit(".", 1)[1]: a for a in entry.select("a.bb-reference__file")}
        assert sorted(links) == ["bib", "ris"], entry
        # Followed, not downloaded: Zotero's Connector imports a link served as RIS or BibTeX.
        assert not any(a.has_attr("download") for a in links.values())
        assert links["ris"]["href"].endswith(f"references/{key}.ris")
        assert links["ris"]["type"] == "application/x-research-info-systems"
        assert links["bib"]["type"] == "application/x-bibtex"
        # Named for a screen reader by what they hold: "RIS file of Testauthor D, 2022".
        assert links["ris"].get_text() == f"RIS file of {SHORT_LABELS[key]}"
        assert links["bib"].get_text() == f"BibTeX file of {SHORT_LABELS[key]}"
        bib = parse_file(str(resolve(folder, blog, links["bib"]["href"])), "bibtex")
        assert list(bib.entries) == [key]
        assert read_reference(bib.entries[key]) == replace(read_reference(source.entries[key]), study_design="")
        (record,) = rispy.loads(resolve(folder, blog, links["ris"]["href"]).read_text(encoding="utf-8"))
        assert record["title"] == read_reference(source.entries[key]).title
        # The library's entry links the same two files.
        in_library = {a["href"].rsplit(".", 1)[1]: a["href"] for a in library.select(f"#{entry['id']} a.bb-reference__file")}
        for kind, a in links.items():
            assert resolve(library_dir, blog, in_library[kind]) == resolve(folder, blog, a["href"])
    # An entry no post cites is not published.
    assert not list(blog.site_dir.rglob("delta2023.*"))


# --- Cite this post -----------------------------------------------------------

def test_cite_this_post_gives_the_house_style_reference_and_bibtex(blog: Site) -> None:
    page = soup(post_dir(blog, "synthetic-post") / "index.html")
    box = page.select_one("article section#cite-this-post")
    assert box is not None
    text, bibtex = [code.get_text().strip() for code in box.select("pre code")]
    url = "http://127.0.0.1:8000/blog/2025/01/15/synthetic-post/"
    assert text == f"Test Author. Synthetic post. Back Blog [Internet]. Spine IQ; 2025 Jan 15. Available from: {url}"
    (entry,) = parse_string(bibtex, "bibtex").entries.values()
    assert entry.type == "online"
    # biblatex's @online has no container: the blog is a title addition.
    assert dict(entry.fields) == {
        "title": "{Synthetic post}",
        "titleaddon": "Back Blog",
        "organization": "Spine IQ",
        "year": "2025",
        "month": "January",
        "date": "2025-01-15",
        "url": url,
    }
    assert [str(p) for p in entry.persons["author"]] == ["{Test Author}"]
    # The list of references comes before the box, the box is the page's end.
    assert page.select_one("article h2#references").find_next("section")["id"] == "cite-this-post"


def test_cite_this_post_offers_the_posts_reference_as_ris_and_bibtex(blog: Site) -> None:
    folder = post_dir(blog, "synthetic-post")
    box = soup(folder / "index.html").select_one("article section#cite-this-post")
    links = {a["href"].rsplit(".", 1)[1]: a for a in box.select(".bb-cite-post__downloads a")}
    assert sorted(links) == ["bib", "ris"]
    key = "backblog-2025-01-15-synthetic-post"
    assert links["ris"]["download"] == f"{key}.ris" and links["bib"]["download"] == f"{key}.bib"
    url = "http://127.0.0.1:8000/blog/2025/01/15/synthetic-post/"
    (record,) = rispy.loads(resolve(folder, blog, links["ris"]["href"]).read_text(encoding="utf-8"))
    # TY BLOG, T2 the blog: Zotero saves a blog post with its blog title.
    assert record["type_of_reference"] == "BLOG"
    assert (record["title"], record["secondary_title"], record["authors"]) == ("Synthetic post", "Back Blog", ["Test Author"])
    assert record["urls"] == [url] and record["date"] == "2025/01/15/"
    bibtex = resolve(folder, blog, links["bib"]["href"]).read_text(encoding="utf-8")
    assert bibtex.strip() == box.select("pre code")[1].get_text().strip()


# --- machine-readable metadata --------------------------------------------------

def meta(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'head meta[name="{name}"]')]


def test_highwire_tags_describe_the_post_and_each_cited_reference(blog: Site) -> None:
    page = soup(post_dir(blog, "second-synthetic-post") / "index.html")
    assert meta(page, "citation_title") == ["Second synthetic post"]
    assert meta(page, "citation_author") == ["Test Author"]
    assert meta(page, "citation_publication_date") == ["2025/03/01"]
    # A blog post, not a journal article: Zotero makes any page with a journal title one.
    assert meta(page, "citation_journal_title") == []
    assert meta(page, "citation_public_url") == ["http://127.0.0.1:8000/blog/2025/03/01/second-synthetic-post/"]
    references = [dict(part.split("=", 1) for part in ref.split("; ")) for ref in meta(page, "citation_reference")]
    assert [r["citation_title"] for r in references] == ["Synthetic title three", "Synthetic title one", "Synthetic title two"]
    assert references[1]["citation_doi"] == "10.0000/synthetic.1"
    assert references[1]["citation_firstpage"] == "10" and references[1]["citation_lastpage"] == "19"


def test_coins_spans_decode_to_the_entrys_fields(blog: Site) -> None:
    page = soup(blog.site_dir / "library" / "index.html")
    span = page.select_one("article #ref-alpha2020 .Z3988")
    fields = parse_qs(span["title"])
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    assert fields["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    assert fields["rft.atitle"] == ["Synthetic title one"]
    assert fields["rft.jtitle"] == ["Journal of Synthetic Tests"]
    assert fields["rft.au"] == ["Testauthor, A.", "Sample, B."]
    assert fields["rft.date"] == ["2020"] and fields["rft.spage"] == ["10"] and fields["rft.epage"] == ["19"]
    # Zotero keeps info:doi and http(s) identifiers only: the PMID as its PubMed address.
    assert fields["rft_id"] == ["info:doi/10.0000/synthetic.1", "https://pubmed.ncbi.nlm.nih.gov/12345678/"]


def test_json_ld_is_a_blog_posting_with_its_citations(blog: Site) -> None:
    page = soup(post_dir(blog, "synthetic-post") / "index.html")
    (script,) = page.select('head script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Synthetic post" and data["datePublished"] == "2025-01-15"
    assert data["description"] == "A synthetic post for tests."
    assert data["author"] == [{"@type": "Person", "name": "Test Author"}]
    assert [c["identifier"] for c in data["citation"]] == ["https://doi.org/10.0000/synthetic.1"]


# --- the real site --------------------------------------------------------------

def real_page(site: Path, part: str) -> tuple[Path, BeautifulSoup]:
    (path,) = [p for p in site.rglob("index.html") if part in str(p)]
    return path, soup(path)


def test_real_library_has_the_june_posts_six_references_with_cited_in(real_site: Path) -> None:
    _, library = real_page(real_site, "library")
    entries = library.select("article .bb-library .bb-reference")
    assert len(entries) == 6
    golden = (Path(__file__).parent / "snapshots" / "june-post-references.txt").read_text(encoding="utf-8").splitlines()
    texts = [e.select_one(".bb-reference__text").get_text() for e in entries]
    assert sorted(texts) == sorted(golden)
    for entry in entries:
        cited_in = entry.find_parent("li").select(".bb-cited-in a")
        assert [a.get_text() for a in cited_in] == ["Group exercise for low back pain: what the evidence says"]


def test_real_search_index_finds_cited_authors_dois_and_titles(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    june = " ".join(d["text"] for d in docs if d["location"].startswith("blog/2025/06/02/"))
    library = " ".join(d["text"] for d in docs if d["location"].startswith("library/"))
    for text in (june, library):
        for needle in ("Qaseem", "Tiffreau", "10.7326/M16-2367", "10.1371/journal.pmed.1000110", "Cost-Effectiveness of Interventions"):
            assert needle in text, needle
    separator = index["config"]["separator"]
    assert re.split(separator, "10.7326/M16-2367") == ["10.7326", "M16", "2367"]


def test_real_tags_page_groups_posts_by_topic(real_site: Path) -> None:
    _, tags = real_page(real_site, "tags")
    topics = [h.get_text(strip=True).rstrip("¶") for h in tags.select("article h2")]
    assert "low back pain" in topics and "group exercise" in topics
    for heading in tags.select("article h2"):
        links = heading.find_next("ul").select("a")
        assert [a.get_text(strip=True) for a in links] == ["Group exercise for low back pain: what the evidence says"]


def test_real_cite_this_post_keys_the_whole_slug_and_exports_spell_names_as_the_source(real_site: Path) -> None:
    """The key was cut at 64 characters, mid-word; RIS spelt O’Keeffe, BibTeX O'Keeffe."""
    _, post = real_page(real_site, "2025/06/02")
    bibtex = post.select("article section#cite-this-post pre code")[1].get_text()
    (key,) = parse_string(bibtex, "bibtex").entries
    assert key == "backblog-2025-06-02-group-exercise-for-low-back-pain-what-the-evidence-says"
    downloads = [p for p in real_site.rglob("*") if p.suffix in (".bib", ".ris", ".json") and "search" not in p.parts]
    downloads = [p for p in downloads if not p.name.startswith(("feed_", "tags"))]
    assert len(downloads) >= 3 + 3 + 12 + 2  # the post's, the library's, each reference's, the post's own
    for path in downloads:
        text = path.read_text(encoding="utf-8")
        assert "’" not in text, f"{path.relative_to(real_site)}: the house typography in an export"
        if "okeeffe" in path.name or path.name.startswith("references."):
            assert "O'Keeffe" in text, path.relative_to(real_site)

"""Search: what a reader types finds the reference, and the hit leads to that entry.

Chromium types each query on the keyboard (Material's search listens to key
presses) into the real site, and into a tiny synthetic blog for what the real
site has no example of: a name with an umlaut, and an author after the sixth,
whom the house style hides behind "et al.". The index itself, the spellings
and what ``backblog.material_search`` relies on in Material are checked
without a browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from playwright.sync_api import Page, expect

from backblog.material_search import EXCLUDE_ATTRIBUTE, KEYWORDS_FIELD, SEARCH_NAME
from backblog.model import Reference
from backblog.names import Name, NameList
from backblog.search_text import entry_keywords, other_spellings, reference_keywords, spellings, without_accents
from browser import JUNE_POST, PHONE, OpenPage, ServedSite, serve
from sitebuilder import BLOG_POST, SYNTHETIC_BIB, project_config, project_plugin_options, run_build, write_blog_project

pytest_plugins = ["browser"]

expect.set_options(timeout=10_000)

OKEEFFE = {f"{page}#ref-{key}" for page in (JUNE_POST, "library/") for key in ("okeeffe2017", "okeeffe2020")}
# A synthetic reference (no real work): an author with an umlaut, and eight
# authors, so that the house style prints six and "et al.".
MANY_AUTHORS_BIB = SYNTHETIC_BIB + r"""
@article{synthetic_many2024,
  author = {Testauthor, A. and M{\"u}ller, B. and Sample, C. and Example, D. and Placeholder, E. and Fixture, F. and Seventhauthor, G. and Eighthauthor, H.},
  title = {Synthetic title with eight authors},
  journal = {Journal of Synthetic Tests},
  year = {2024},
  volume = {6},
  pages = {60--69},
}
"""
FIXTURE_POST = BLOG_POST.replace("Body [@alpha2020].", "Body [@alpha2020] and [@synthetic_many2024].")
FIXTURE_POST_URL = "blog/2025/01/15/synthetic-post/"
MANY = {f"{page}#ref-synthetic_many2024" for page in (FIXTURE_POST_URL, "library/")}


def build_fixture(site: ServedSite) -> None:
    """The tiny blog with the project's search options, built for where it is served."""
    root = site.root.parent / "project"
    config_file = write_blog_project(root, {"2025-01-first.md": FIXTURE_POST}, MANY_AUTHORS_BIB)
    # The author's avatar from the site itself: the browser tests refuse other hosts.
    authors = root / "docs" / "blog" / ".authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").replace("https://example.org/avatar.png", "avatar.svg"))
    (root / "docs" / "blog" / "avatar.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"].insert(0, {"search": project_plugin_options("search")})
    config["site_url"] = site.base_url
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    warnings, error = run_build(config_file, site.root)
    assert error is None and warnings == [], (error, warnings)


@pytest.fixture(scope="module")
def fixture_site(chromium_executable: str) -> Iterator[ServedSite]:
    with serve(build_fixture) as site:
        yield site


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search field key by key; the results' links, as paths below the site."""
    field = page.get_by_role("textbox", name="Search")
    opener = page.locator(".md-header label.md-header__button[for='__search']")
    if opener.is_visible():  # on a phone, the header's search button opens the search
        opener.tap()
        expect(page.locator("#__search")).to_be_checked()
        expect(field).to_be_in_viewport()
        field.focus()
    else:
        field.click()
    page.keyboard.type(query, delay=25)
    results = page.locator(".md-search-result__list > .md-search-result__item")
    expect(results.first).to_be_visible()
    hrefs = results.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    base = page.evaluate("new URL(__md_scope, location).href")
    return [re.sub(r"\?h=[^#]*", "", href).removeprefix(base) for href in hrefs]


def reference_hits(links: list[str]) -> set[str]:
    return {link for link in links if "#ref-" in link}


@pytest.mark.parametrize("query", ["O'Keeffe", "Keeffe", "Sullivan", "O’Keeffe"])
def test_a_name_finds_its_references_however_it_is_typed(open_page: OpenPage, query: str) -> None:
    """The index holds "O’Keeffe" (U+2019): the keyboard's apostrophe, and either half, find it."""
    links = search(open_page(""), query)
    assert reference_hits(links) == OKEEFFE, links
    # Each page that lists them is a result, with the references as its hits.
    assert {JUNE_POST, "library/"} <= set(links)


def test_a_doi_finds_its_reference_first(open_page: OpenPage) -> None:
    links = search(open_page(""), "10.1136/bjsports-2015-095410")
    for page in (JUNE_POST, "library/"):
        hits = [link for link in links if link.startswith(page + "#ref-")]
        assert hits[0] == f"{page}#ref-okeeffe2017", links


@pytest.mark.parametrize(("query", "why"), [("Muller", "Müller, without the umlaut"), ("Seventhauthor", "the 7th of 8 authors")])
def test_the_synthetic_blog_finds(open_page: OpenPage, fixture_site: ServedSite, query: str, why: str) -> None:
    page = open_page(None)
    page.goto(fixture_site.url())
    links = search(page, query)
    assert reference_hits(links) == MANY, f"{query} ({why}): {links}"
    # The entry the hit leads to shows "et al." where the seventh author would be.
    page.goto(fixture_site.url(FIXTURE_POST_URL))
    expect(page.locator("#ref-synthetic_many2024")).to_contain_text("Fixture F, et al.")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_hit_on_a_reference_leads_to_that_entry(open_page: OpenPage, served_site: ServedSite, device: str) -> None:
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if device == "phone" else {}
    page = open_page("", **options)
    search(page, "O'Keeffe")
    hit = page.locator(f".md-search-result__item a.md-search-result__link[href*='{JUNE_POST}'][href$='#ref-okeeffe2020']")
    if not hit.is_visible():  # among "1 more on this page"
        page.locator(".md-search-result__item", has=hit).locator("details summary").first.click()
    hit.click()
    page.wait_for_url(re.compile(re.escape(served_site.url(JUNE_POST)) + r".*#ref-okeeffe2020$"))
    entry = page.locator("#ref-okeeffe2020")
    expect(entry).to_be_in_viewport()
    header = page.locator(".md-header").bounding_box()
    box = entry.bounding_box()
    assert header is not None and box is not None
    assert box["y"] >= header["y"] + header["height"] - 1, f"the entry is under the header: {box}, {header}"


# --- the index ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_index(fixture_site: ServedSite) -> dict:
    return json.loads((fixture_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_name() -> None:
    """The plugin is material/search; mkdocs.yml declares the keywords field it indexes."""
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in project_config()["plugins"]]
    assert "search" in plugins and SEARCH_NAME == "material/search"
    assert KEYWORDS_FIELD in project_plugin_options("search")["fields"]


def test_entries(fixture_index: dict) -> None:
    """Each reference is an entry at its anchor, after its page's own entries, with its keywords."""
    assert KEYWORDS_FIELD in fixture_index["config"]["fields"]
    docs = fixture_index["docs"]
    locations = [doc["location"] for doc in docs]
    post = [i for i, location in enumerate(locations) if location.startswith(FIXTURE_POST_URL)]
    assert locations[post[0]] == FIXTURE_POST_URL  # the page's own entry comes first
    assert post == list(range(post[0], post[-1] + 1))  # its entries are together
    (many,) = [doc for doc in docs if doc["location"] == FIXTURE_POST_URL + "#ref-synthetic_many2024"]
    assert many["title"] == "Reference 2: Testauthor A et al."
    assert many["text"].startswith("Testauthor A, Müller B, Sample C, Example D, Placeholder E, Fixture F, et al. ")
    for word in ("Müller", "Muller", "Mueller", "Seventhauthor", "Eighthauthor"):
        assert word in many[KEYWORDS_FIELD].split(), word


def test_parse() -> None:
    """The plugin's index reads a page's content, meta, toc, url and title, and nothing else:
    what :func:`skip_excluded_lists` hands it in place of the page."""
    from material.plugins.search.plugin import SearchIndex

    class Recording:
        def __init__(self) -> None:
            self.read: set[str] = set()
            self.values = {
                "content": '<h1 id="t">T</h1><p>text</p><h2 id="s">S</h2><p>more</p>',
                "meta": {"tags": ["a"]}, "toc": [], "url": "page/", "title": "T",
            }

        def __getattr__(self, name: str) -> object:
            self.read.add(name)
            return self.values[name]

    page = Recording()
    index = SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    index.add_entry_from_context(page)
    assert page.read <= {"content", "meta", "toc", "url", "title"}
    assert "content" in page.read
    assert [entry["location"] for entry in index.entries] == ["page/", "page/#s"]


def test_exclude(fixture_index: dict) -> None:
    """The reference list is left out of its section's entry: the hits are the entries'."""
    (references,) = [doc for doc in fixture_index["docs"] if doc["location"] == FIXTURE_POST_URL + "#references"]
    assert "Synthetic title with eight authors" not in references["text"]
    assert EXCLUDE_ATTRIBUTE == "data-search-exclude"


def test_the_real_index_finds_cited_authors_dois_and_titles_at_each_entry(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    for page in (JUNE_POST, "library/"):
        okeeffe = entries[f"{page}#ref-okeeffe2017"]
        assert "doi:10.1136/bjsports-2015-095410" in okeeffe["text"]
        assert {"O'Keeffe", "Keeffe", "Sullivan"} <= set(okeeffe[KEYWORDS_FIELD].split())
        assert "PMID: 28192789" in entries[f"{page}#ref-qaseem2017"]["text"]


# --- spellings ----------------------------------------------------------------------------------


def test_spellings_of_a_name() -> None:
    assert spellings("O’Keeffe") == ["O’Keeffe", "O'Keeffe", "OʼKeeffe", "OKeeffe", "Keeffe"]
    assert spellings("Müller") == ["Müller", "Muller", "Mueller"]
    assert spellings("Søren") == ["Søren", "Soren"]
    assert spellings("Smith") == ["Smith"]
    assert without_accents("Lefèvre-Colau") == "Lefevre-Colau"


def test_other_spellings_leave_plain_words_and_single_letters_out() -> None:
    assert other_spellings(["physiotherapist’s", "exercise"]) == ["physiotherapist's", "physiotherapistʼs", "physiotherapists"]
    assert entry_keywords("O’Sullivan", "<p>group exercise &amp; Müller</p>") == (
        "O'Sullivan OʼSullivan OSullivan Sullivan Muller Mueller"
    )


def test_reference_keywords_name_every_author() -> None:
    families = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]
    names = (*(Name(family=family, given="A") for family in families), Name(literal="Group Of Müller"))
    reference = Reference(key="k", type="article-journal", title="A title", author=NameList(names))
    words = reference_keywords(reference).split()
    assert {"Seventh", "Eighth", "Group", "Müller", "Muller"} <= set(words)


def test_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin's on_post_build writes search/search_index.json from the index's entries as
    they are then, made by ``generate_search_index`` (WRITE), after the freed memory is given
    back; :func:`reindex` puts a page's new entries where its old ones were."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    from backblog import material_search

    plugin = SearchPlugin()
    errors, _warnings = plugin.load_config({})
    assert not errors
    config = SimpleNamespace(plugins={material_search.SEARCH_NAME: plugin}, site_dir=str(tmp_path), theme={})
    plugin.search_index = material_search_index = SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    plugin.search_index_prev = None
    old = [{"location": "a/", "title": "A", "text": "old a"}, {"location": "a/#s", "title": "S", "text": "old s"},
           {"location": "b/", "title": "B", "text": "b"}]
    material_search_index.entries.extend(old)
    mark = material_search.entries_mark(config)  # type: ignore[arg-type]
    assert mark == 3
    material_search_index.entries.append({"location": "a/", "title": "A", "text": "new a"})
    page = SimpleNamespace(url="a/")
    assert material_search.reindex(config, mark, [page])  # type: ignore[arg-type]
    given_back: list[int] = []
    monkeypatch.setattr(material_search, "give_back_freed_memory", lambda: given_back.append(len(given_back)))
    generate = material_search_index.generate_search_index

    def generated(prev: object) -> str:
        given_back.append(-1)
        return str(generate(prev))

    monkeypatch.setattr(material_search_index, "generate_search_index", generated)
    material_search.give_back_memory_first(config)  # type: ignore[arg-type]
    material_search.give_back_memory_first(config)  # type: ignore[arg-type]  (once per index)
    assert material_search.write_index(config) == "search/search_index.json"  # type: ignore[arg-type]
    assert given_back == [0, -1]  # given back, then the plugin's own JSON made
    written = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [(doc["location"], doc["text"]) for doc in written["docs"]] == [("a/", "new a"), ("b/", "b")]
    # A page that added nothing, or had no entries before: nothing is changed.
    assert not material_search.reindex(config, 2, [SimpleNamespace(url="c/")])  # type: ignore[arg-type]
    assert len(material_search_index.entries) == 2

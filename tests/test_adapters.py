"""What our two adapters assume about the plugins they borrow from, one named test each.

``backblog.bibtex_plugin`` is the one module that touches mkdocs-bibtex's
plugin object; ``backblog.material_blog`` the one that reads Material's blog
and tags plugins.  Each assumption listed in their docstrings has a test
here whose failure message names it: an upgrade of either plugin then breaks
one named test, not the site.
"""

from __future__ import annotations

import time
from pathlib import Path

import mkdocs_bibtex.registry
import pytest
import yaml
from material.plugins.blog.config import BlogConfig
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page
from mkdocs_bibtex.registry import ReferenceRegistry
from pybtex.database import parse_string
from pymdownx.slugs import slugify

from backblog import bibtex_plugin, material_blog
from backblog.front_matter import read_front_matter
from backblog.material_blog import default_post_slugify, post_slugify, post_url, published_posts
from backblog.references import Bibliography
from sitebuilder import (
    BLOG_POST,
    PROJECT,
    SYNTHETIC_BIB,
    forget_plugin_instances,
    project_plugin_options,
    write_blog_project,
)


@pytest.fixture
def blog_config(tmp_path: Path):  # type: ignore[no-untyped-def]
    draft = BLOG_POST.replace("# Synthetic post", "# Draft post").replace("authors:", "draft: true\nauthors:")
    config_file = write_blog_project(tmp_path, {"2025-01-post.md": BLOG_POST, "2025-01-draft.md": draft})
    forget_plugin_instances()
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    yield config
    config.plugins.on_shutdown()


# --- mkdocs-bibtex 4.4.0 -------------------------------------------------------


def test_bibtex_plugin_name_and_file_options(blog_config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(PROJECT)  # paths are relative to mkdocs.yml, not to the working folder
    plugin = blog_config.plugins.get(bibtex_plugin.PLUGIN_NAME)
    assert plugin is not None, "PLUGIN_NAME: mkdocs-bibtex is no longer registered as 'bibtex'"
    assert {"bib_file", "bib_dir", "footnote_format"} <= set(plugin.config), "PLUGIN_NAME: its options changed"
    assert bibtex_plugin.bibliography_files(blog_config) == [str(tmp_path / "bibliography.bib")], (
        "PLUGIN_NAME: bib_file is no longer read relative to mkdocs.yml"
    )


def test_bibtex_plugin_skips_loading_files_older_than_its_time_stamp(
    blog_config, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    plugin = blog_config.plugins[bibtex_plugin.PLUGIN_NAME]
    parsed: list[object] = []
    real_parse = mkdocs_bibtex.registry.parse_file
    monkeypatch.setattr(mkdocs_bibtex.registry, "parse_file", lambda *a, **k: parsed.append(a) or real_parse(*a, **k))
    plugin.last_configured = time.time() + 3600
    plugin.on_config(blog_config)
    assert parsed == [], "SKIPS_LOADING: on_config parsed files older than last_configured"
    plugin.last_configured = None
    plugin.on_config(blog_config)
    assert parsed, "SKIPS_LOADING: the test no longer sees the plugin's own parse (parse_file moved?)"


def test_bibtex_plugin_keeps_a_registry_with_four_abstract_methods(blog_config) -> None:  # type: ignore[no-untyped-def]
    plugin = blog_config.plugins[bibtex_plugin.PLUGIN_NAME]
    assert hasattr(plugin, "registry"), "REGISTRY_ATTRIBUTE: the plugin keeps no 'registry'"
    assert ReferenceRegistry.__abstractmethods__ == {
        "validate_citation_blocks",
        "validate_inline_references",
        "inline_text",
        "reference_text",
    }, "REGISTRY_ATTRIBUTE: ReferenceRegistry's abstract methods changed"
    bibliography = Bibliography(parse_string(SYNTHETIC_BIB, "bibtex"), {})
    bibtex_plugin.hand_over(blog_config, bibliography)
    assert bibtex_plugin.held_bibliography(blog_config) is bibliography, "REGISTRY_ATTRIBUTE: the registry was not kept"


def test_bibtex_plugin_leaves_citations_as_written(blog_config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plugin = blog_config.plugins[bibtex_plugin.PLUGIN_NAME]
    assert plugin.config.enable_inline_citations == project_plugin_options("bibtex")["enable_inline_citations"]
    bibtex_plugin.hand_over(blog_config, Bibliography(parse_string(SYNTHETIC_BIB, "bibtex"), {}))
    markdown = (
        "Text [@alpha2020; @beta2021, p. 5] and `[@gamma2022]`.\n\n```\n[@delta2023]\n```\n"
        "Mail test@example.org, [@handle](https://example.org/) and \\[@alpha2020].\n"
    )
    files = Files([])
    page = Page("Post", File("post.md", str(tmp_path / "docs"), str(tmp_path / "site"), False), blog_config)
    assert plugin.on_page_markdown(markdown, page=page, config=blog_config, files=files) == markdown, (
        "LEAVES_CITATIONS: mkdocs-bibtex changed a page's citation syntax"
    )


# --- Material for MkDocs 9.8 -----------------------------------------------------


def test_blog_plugin_name_and_options(blog_config) -> None:  # type: ignore[no-untyped-def]
    blog = blog_config.plugins.get(material_blog.BLOG_NAME)
    assert blog is not None, "BLOG_NAME: Material's blog is no longer 'material/blog'"
    options = {"blog_dir", "post_dir", "post_excerpt_separator", "categories_allowed", "post_slugify"}
    assert options | {"post_slugify_separator"} <= set(blog.config), "BLOG_NAME: the blog's options changed"
    assert material_blog.posts_dir(blog_config) == "blog/posts/"
    assert material_blog.slugify(blog_config)("Pilates für Rückenschmerzen!") == "pilates-für-rückenschmerzen"


def test_blog_plugin_lists_published_posts_after_its_on_files(blog_config) -> None:  # type: ignore[no-untyped-def]
    blog_config.plugins.on_config(blog_config)
    files = get_files(blog_config)
    blog_config.plugins.on_files(files, config=blog_config)
    posts = material_blog.published_posts(blog_config)
    assert [post.file.src_uri for post in posts] == ["blog/posts/2025-01-post.md"], (
        "POSTS: plugin.blog.posts no longer holds the published posts (drafts left out)"
    )
    (post,) = posts
    assert post.meta["description"] == "A synthetic post for tests.", "POSTS: a post's meta is not its front matter"
    assert post.markdown.startswith("# Synthetic post"), "POSTS: a post's markdown is not its text after the front matter"
    assert str(post.created) == "2025-01-15", "POSTS: config.date.created is not the post's date"


def test_blog_plugin_maps_author_ids_to_names(blog_config) -> None:  # type: ignore[no-untyped-def]
    material_blog.read_authors(blog_config)
    assert material_blog.author_names(blog_config) == {"testauthor": "Test Author"}, (
        "AUTHORS: plugin.authors no longer maps ids to objects with a name"
    )


def test_tags_plugin_name_and_topics(blog_config) -> None:  # type: ignore[no-untyped-def]
    assert blog_config.plugins.get(material_blog.TAGS_NAME) is not None, "TAGS_NAME: the tags plugin was renamed"
    assert material_blog.tags_allowed(blog_config) == sorted(project_plugin_options("tags")["tags_allowed"]), (
        "TAGS_NAME: tags_allowed is no longer the list of topics"
    )


def test_blog_slugify_is_declared_with_its_separator() -> None:
    names = {name for name, _ in BlogConfig._schema}
    assert {"post_slugify", "post_slugify_separator"} <= names, "SLUGIFY: the blog no longer declares post_slugify"


def test_blog_the_blogs_default_slugify_is_pymdownx_lower_case_with_hyphens() -> None:
    stock = slugify(case="lower")
    for title in ["Manual therapy: does it help?", "Pilates für Rückenschmerzen", "../../x", "A  b", ""]:
        assert default_post_slugify()(title) == stock(title, "-")


def test_blog_post_slugify_calls_the_configured_function_with_the_separator() -> None:
    config = BlogConfig()
    config.load_dict({"post_slugify_separator": "_"})
    assert config.validate()[0] == []
    assert post_slugify(config)("Manual therapy") == "manual_therapy"



def posts_after_on_files(config_file: Path) -> list[tuple[str, str]]:
    """``(src_uri, url)`` of each post the blog lists, after the events up to ``on_files``."""
    forget_plugin_instances()
    config = load_config(str(config_file), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_files(get_files(config), config=config)
        return [(post.file.src_uri, post.file.url) for post in published_posts(config)]
    finally:
        config.plugins.on_shutdown()


def test_blog_after_its_on_files_the_blog_lists_its_published_posts(tmp_path: Path) -> None:
    drafted = BLOG_POST.replace("authors:", "draft: true\nauthors:").replace("# Synthetic post", "# Draft")
    config = write_blog_project(tmp_path, {"2025-01-synthetic.md": BLOG_POST, "2025-01-draft.md": drafted})
    assert posts_after_on_files(config) == [("blog/posts/2025-01-synthetic.md", "blog/2025/01/15/synthetic-post/")]


def test_blog_format_path_for_post_and_is_excluded_read_only_what_post_url_gives_them(tmp_path: Path) -> None:
    posts = {
        "2025-01-synthetic.md": BLOG_POST,
        "2025-01-titled.md": BLOG_POST.replace("authors:", "title: Front-matter title\nauthors:"),
        "2025-01-slugged.md": BLOG_POST.replace("authors:", "slug: own-slug\nauthors:"),
        "2025-01-pilates.md": BLOG_POST.replace("# Synthetic post", "# Pilates für Rückenschmerzen"),
        "2025-01-late-heading.md": BLOG_POST.replace("# Synthetic post", "Text first.\n\n# Late heading"),
        "2025-01-timed.md": BLOG_POST.replace("2025-01-15", "2025-01-31 23:30:00").replace("# Synthetic post", "# Timed"),
        "2025-01-draft.md": BLOG_POST.replace("authors:", "draft: true\nauthors:").replace("# Synthetic post", "# D"),
    }
    config_file = write_blog_project(tmp_path, posts)
    for url_format in ["{date}/{slug}", "{categories}/{file}/{slug}"]:
        options = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        next(p for p in options["plugins"] if "blog" in p)["blog"]["post_url_format"] = url_format
        config_file.write_text(yaml.safe_dump(options, sort_keys=False), encoding="utf-8")
        built = dict(posts_after_on_files(config_file))
        forget_plugin_instances()
        config = load_config(str(config_file), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            config = config.plugins.on_config(config)
            computed = {}
            for name in posts:
                src_uri = f"blog/posts/{name}"
                text = (tmp_path / "docs" / src_uri).read_text(encoding="utf-8")
                computed[src_uri] = post_url(config, src_uri, read_front_matter(text).values, text)
        finally:
            config.plugins.on_shutdown()
        assert computed == {**built, "blog/posts/2025-01-draft.md": None}, url_format  # a draft: not published
        assert len(built) == len(posts) - 1
    assert built["blog/posts/2025-01-pilates.md"] == "blog/exercise/2025-01-pilates/pilates-f%C3%BCr-r%C3%BCckenschmerzen/"


def test_readtime() -> None:
    """Material's count: words over 265 a minute, rounded up; an image adds 12 s (READTIME).
    That the blog keeps a reading time set before its on_page_content is shown by
    test_build_cost.py's post, which would read in 11 minutes, not 2, if it did not."""
    from material.plugins.blog.readtime import readtime

    def words(count: int) -> str:
        return "<p>" + " ".join(["word"] * count) + "</p>"

    assert readtime(words(265), 265) == 1
    assert readtime(words(266), 265) == 2
    assert readtime(words(200) + '<img src="a.png">', 265) == 1  # 46 s + 12 s
    assert readtime(words(260) + '<img src="a.png">', 265) == 2  # 59 s + 12 s
    defaults = material_blog.BlogConfig()
    defaults.load_dict({})
    assert not defaults.validate()[0]
    assert defaults.post_readtime_words_per_minute == 265


def test_views(tmp_path: Path) -> None:
    """Each view page shows the excerpts of its share of the view's posts, ten a page by
    default (VIEWS): views_showing names exactly the view pages showing a post's excerpt."""
    from mkdocs.commands.build import build

    posts = {
        f"2025-01-post-{n:02d}.md": BLOG_POST.replace("2025-01-15", f"2025-01-{n + 1:02d}")
        .replace("# Synthetic post", f"# Synthetic post {n}").replace("Intro without citations.", f"Intro of post {n}.")
        for n in range(12)
    }
    config_file = write_blog_project(tmp_path, posts)
    forget_plugin_instances()
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        pages = {post.file.src_uri: post for post in config.plugins["material/blog"].blog.posts}
        for n in (0, 11):  # the oldest (second page of each view) and the newest (first page)
            shown = material_blog.views_showing(config, [pages[f"blog/posts/2025-01-post-{n:02d}.md"]])
            named = sorted(page.file.dest_uri for page in shown)
            showing = sorted(
                path.relative_to(tmp_path / "site").as_posix()
                for path in (tmp_path / "site" / "blog").rglob("index.html")
                if f"Intro of post {n}." in path.read_text(encoding="utf-8") and "/2025/01/" not in path.as_posix()
            )
            assert named == showing, n
            assert ("blog/page/2/index.html" in named) == (n == 0)
    finally:
        config.plugins.on_shutdown()
        forget_plugin_instances()

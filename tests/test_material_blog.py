"""Each assumption ``backblog.material_blog`` makes about Material's blog plugin (9.8), one test each.

When an upgrade of mkdocs-material breaks one of these, the test's name says
which assumption no longer holds; fix ``hooks/backblog/material_blog.py``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from material.plugins.blog.config import BlogConfig
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from pymdownx.slugs import slugify

from backblog.front_matter import read_front_matter
from backblog.material_blog import default_post_slugify, post_slugify, post_url, published_posts
from sitebuilder import BLOG_POST, _forget_plugin_instances, write_blog_project


def test_assumption_the_blog_config_declares_post_slugify_and_its_separator() -> None:
    names = {name for name, _ in BlogConfig._schema}
    assert {"post_slugify", "post_slugify_separator"} <= names


def test_assumption_the_blogs_default_slugify_is_pymdownx_lower_case_with_hyphens() -> None:
    stock = slugify(case="lower")
    for title in ["Manual therapy: does it help?", "Pilates für Rückenschmerzen", "../../x", "A  b", ""]:
        assert default_post_slugify()(title) == stock(title, "-")


def test_assumption_post_slugify_calls_the_configured_function_with_the_separator() -> None:
    config = BlogConfig()
    config.load_dict({"post_slugify_separator": "_"})
    assert config.validate()[0] == []
    assert post_slugify(config)("Manual therapy") == "manual_therapy"



def posts_after_on_files(config_file: Path) -> list[tuple[str, str]]:
    """``(src_uri, url)`` of each post the blog lists, after the events up to ``on_files``."""
    _forget_plugin_instances()
    config = load_config(str(config_file), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_files(get_files(config), config=config)
        return [(post.file.src_uri, post.file.url) for post in published_posts(config.plugins["material/blog"])]
    finally:
        config.plugins.on_shutdown()


def test_assumption_after_its_on_files_the_blog_lists_its_published_posts(tmp_path: Path) -> None:
    drafted = BLOG_POST.replace("authors:", "draft: true\nauthors:").replace("# Synthetic post", "# Draft")
    config = write_blog_project(tmp_path, {"2025-01-synthetic.md": BLOG_POST, "2025-01-draft.md": drafted})
    assert posts_after_on_files(config) == [("blog/posts/2025-01-synthetic.md", "blog/2025/01/15/synthetic-post/")]


def test_assumption_format_path_for_post_and_is_excluded_read_only_what_post_url_gives_them(tmp_path: Path) -> None:
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
        _forget_plugin_instances()
        config = load_config(str(config_file), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            config = config.plugins.on_config(config)
            blog = config.plugins["material/blog"]
            computed = {}
            for name in posts:
                src_uri = f"blog/posts/{name}"
                text = (tmp_path / "docs" / src_uri).read_text(encoding="utf-8")
                computed[src_uri] = post_url(blog, config, src_uri, read_front_matter(text).values, text)
        finally:
            config.plugins.on_shutdown()
        assert computed == {**built, "blog/posts/2025-01-draft.md": None}, url_format  # a draft: not published
        assert len(built) == len(posts) - 1
    assert built["blog/posts/2025-01-pilates.md"] == "blog/exercise/2025-01-pilates/pilates-f%C3%BCr-r%C3%BCckenschmerzen/"

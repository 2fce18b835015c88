"""Each assumption ``backblog.material_blog`` makes about Material's blog plugin (9.8), one test each.

When an upgrade of mkdocs-material breaks one of these, the test's name says
which assumption no longer holds; fix ``hooks/backblog/material_blog.py``.
"""

from __future__ import annotations

from material.plugins.blog.config import BlogConfig
from pymdownx.slugs import slugify

from backblog.material_blog import default_post_slugify, post_slugify


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

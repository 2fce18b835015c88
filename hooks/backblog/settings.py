"""The Back Blog's own settings, declared once: ``extra: backblog:`` in mkdocs.yml.

Validated with MkDocs' ``Config`` classes, like every other option, so that a
mistake names the option.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


class BackBlogSettings(base.Config):
    blog_title = c.Type(str, default="Back Blog")
    """The series' name, as cited: "Back Blog [Internet]"."""
    publisher = c.Type(str, default="Spine IQ")
    """Who publishes the series, as cited."""
    library_page = c.Type(str, default="library.md")
    """The reference library page, relative to docs/."""
    study_designs = c.ListOfItems(c.Type(str), default=[])
    """The values a bibliography entry's ``studydesign`` field may take, in the library's order."""


def settings(config: MkDocsConfig) -> BackBlogSettings:
    """The validated ``extra.backblog`` of this build."""
    values = config.extra.get("backblog") or {}
    if not isinstance(values, dict):
        raise PluginError("mkdocs.yml: extra.backblog must be a mapping of settings")
    options = BackBlogSettings()
    options.load_dict(values)
    failed, warnings = options.validate()
    problems = [f"mkdocs.yml: extra.backblog.{name}: {error}" for name, error in failed]
    problems += [f"mkdocs.yml: extra.backblog.{name}: {warning}" for name, warning in warnings]
    if problems:
        raise PluginError("\n".join(problems))
    return options

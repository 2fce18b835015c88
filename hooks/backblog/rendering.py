"""The one Jinja environment for the markup and Markdown the hooks write.

Every value is HTML-escaped unless a template says ``|safe``: the templates
do so only for pybtex's HTML (escaped by its backend) and for text that goes
into Markdown verbatim (a post's excerpt, the contents of a code block).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import jinja2
from markupsafe import Markup

from .reference_files import reference_file_links

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Python-Markdown's backslash escapes (markdown.Markdown.ESCAPED_CHARS).
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def markdown_text(text: object) -> str:
    """Text that Markdown shows as written: its punctuation backslash-escaped.

    HTML escaping, which every template does after this, takes care of ``<``
    and ``&``; this keeps ``]`` or ``(`` from ending a link or starting one.
    """
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", str(text))


templates.filters["markdown_text"] = markdown_text
# Links from a post's list to each reference's own files (templates/reference.html).
templates.globals["reference_file_links"] = reference_file_links


def render(name: str, **values: object) -> str:
    """Render the template ``name`` (in ``backblog/templates/``)."""
    return templates.get_template(name).render(**values)


def macro(name: str, macro_name: str) -> Callable[..., Markup]:
    """The macro ``macro_name`` of the template ``name``, to call from Python."""
    return cast(Callable[..., Markup], getattr(templates.get_template(name).module, macro_name))

"""The one Jinja environment for the markup and Markdown the hooks write.

Every value is HTML-escaped unless a template says ``|safe``: the templates
do so only for pybtex's HTML (escaped by its backend) and for text that goes
into Markdown verbatim (a post's excerpt, the contents of a code block).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import jinja2
from markupsafe import Markup

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, **values: object) -> str:
    """Render the template ``name`` (in ``backblog/templates/``)."""
    return templates.get_template(name).render(**values)


def macro(name: str, macro_name: str) -> Callable[..., Markup]:
    """The macro ``macro_name`` of the template ``name``, to call from Python."""
    return cast(Callable[..., Markup], getattr(templates.get_template(name).module, macro_name))

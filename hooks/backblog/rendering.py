"""The one Jinja environment for the markup and Markdown the hooks write.

Every value is HTML-escaped unless a template says ``|safe``: the templates
do so only for pybtex's HTML (escaped by its backend) and for text that goes
into Markdown verbatim (a post's excerpt, the contents of a code block).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, **values: object) -> str:
    """Render the template ``name`` (in ``backblog/templates/``)."""
    return templates.get_template(name).render(**values)

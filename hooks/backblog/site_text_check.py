"""What editors write outside posts, checked before Material prints it as HTML.

Material's templates print an author's name, description and link, and the
names of categories and topics, as they are: so the blog's authors file and
the allowed lists in mkdocs.yml must be plain text, and an author's link an
``http``/``https`` address (never ``javascript:``).  The authors file must
also be a file of the project, not a link out of it.
"""

from __future__ import annotations

import os
import re

from mkdocs.config.defaults import MkDocsConfig

from . import material_blog
from .front_matter_yaml import YamlSubject, read_yaml_fields
from .site_paths import is_inside, located, project_dir
from .vancouver_parts import is_web_url

# Markup a browser would read (a tag's start), a quote that would end an
# attribute, or a line break.
_NOT_PLAIN_RE = re.compile(r"<[A-Za-z/!?]|[\"\r\n]")
# The RSS plugin prints an author's name as it is, inside XML: no "<" or "&".
_NOT_XML_TEXT_RE = re.compile(r"[<&]")
_AUTHORS_FILE = YamlSubject("the authors file", "the authors file", "authors:")
_AVATAR_UNSAFE_RE = re.compile(r"[\s\"'<>`\\]|^(?:javascript|data|vbscript):", re.IGNORECASE)


def check_site_text(config: MkDocsConfig) -> list[str]:
    """Every problem of the authors file and of the allowed categories and topics."""
    return allowed_values_problems(config) + authors_file_problems(config)


def allowed_values_problems(config: MkDocsConfig) -> list[str]:
    """The allowed categories and topics of mkdocs.yml that are not plain text."""
    if material_blog.blog_plugin(config) is None:
        return []
    return [
        f"mkdocs.yml: the allowed {what} '{value}' is not plain text: write it without HTML, quotes or line breaks"
        for what, values in (
            ("category", material_blog.categories_allowed(config)),
            ("topic", material_blog.tags_allowed(config)),
        )
        for value in values
        if _NOT_PLAIN_RE.search(value)
    ]


def authors_file_problems(config: MkDocsConfig) -> list[str]:
    """The authors file's problems: YAML, markup in names, links that are not http(s)."""
    if material_blog.blog_plugin(config) is None:
        return []
    path = material_blog.authors_file(config)
    project = project_dir(config)
    shown = os.path.relpath(path, project).replace(os.sep, "/")
    if not os.path.exists(path):
        return []  # Material's own message
    if not is_inside(path, project):
        return [
            f"{shown}: is a link to a file outside the project, which the build does not read: "
            "replace the link with the file itself"
        ]
    with open(path, encoding="utf-8-sig") as file:
        fields = read_yaml_fields(file.read(), 1, _AUTHORS_FILE)
    messages = [located(shown, problem.line, problem.message) for problem in fields.problems]
    authors = fields.values.get("authors") if isinstance(fields.values, dict) else None
    for author_id, author in (authors or {}).items() if isinstance(authors, dict) else []:
        if not isinstance(author, dict):
            continue
        for name in ("name", "description"):
            value = author.get(name)
            if isinstance(value, str) and (_NOT_PLAIN_RE.search(value) or _NOT_XML_TEXT_RE.search(value)):
                messages.append(
                    located(
                        shown,
                        fields.lines.get(f"authors.{author_id}.{name}"),
                        (
                            f"author '{author_id}': {name} is not plain text: write it without HTML, quotes, "
                            "line breaks, < or & (write 'and')"
                        ),
                    )
                )
        url = author.get("url")
        if isinstance(url, str) and url and not is_web_url(url):
            messages.append(
                located(
                    shown,
                    fields.lines.get(f"authors.{author_id}.url"),
                    (f"author '{author_id}': url '{url}' is not an http or https address: correct it or remove it"),
                )
            )
        avatar = author.get("avatar")
        if isinstance(avatar, str) and _AVATAR_UNSAFE_RE.search(avatar):
            messages.append(
                located(
                    shown,
                    fields.lines.get(f"authors.{author_id}.avatar"),
                    (f"author '{author_id}': avatar '{avatar}' is not a file name or an http(s) address: correct it"),
                )
            )
    return messages

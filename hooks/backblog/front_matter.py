"""The declared schema of a post's front matter, checked with MkDocs' own Config classes.

Material's blog validates posts the same way, but lets unknown keys pass and
names neither the file nor the line; here every problem is reported as
``docs/blog/posts/x.md:LINE: front matter field 'name': what to do``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIRST_HEADING_RE = re.compile(r"^#[ \t]+\S", re.MULTILINE)
_MARKUP_RE = re.compile(r"[\[\]*_`<>#|]|\s{2,}")


#: The fields every post must have, with an example an editor can copy.
REQUIRED_FIELDS = {
    "date": "'date:' then '  created: 2025-06-02' on the next line",
    "authors": "'authors:' then '  - spineiq'",
    "categories": "'categories:' then '  - Exercise'",
    "description": "'description: One plain sentence that sums up the post.'",
}


#: How each field is written, for messages about a field of the wrong form.
FIELD_FORMS = {
    "title": "title: The title of the post",
    "date": "'date:' then '  created: 2025-06-02' (a real date, YYYY-MM-DD) on the next line",
    "authors": "a list: 'authors:' then '  - spineiq'",
    "categories": "a list: 'categories:' then '  - Exercise'",
    "tags": "a list: 'tags:' then '  - low back pain'",
    "description": "description: One plain sentence that sums up the post.",
    "slug": "slug: short-words-with-hyphens",
    "draft": "draft: true (or false)",
    "pin": "pin: true (or false)",
    "readtime": "readtime: 5 (whole minutes)",
}


class PostDate(base.Config):
    created = c.Type(datetime.date)
    """The publication date, ``YYYY-MM-DD`` (required)."""
    updated = c.Optional(c.Type(datetime.date))
    """The date of the last substantive change, if any."""


class PostFrontMatter(base.Config):
    """Every key a post's front matter may have; anything else is an error."""

    title = c.Optional(c.Type(str))
    """The title, when the post has no ``# Title`` heading."""
    date = c.SubConfig(PostDate)
    """``created`` (and ``updated``) dates."""
    authors = c.ListOfItems(c.Type(str))
    """Author ids from ``docs/blog/.authors.yml`` (at least one)."""
    categories = c.ListOfItems(c.Type(str))
    """Categories from ``categories_allowed`` in ``mkdocs.yml`` (at least one)."""
    tags = c.ListOfItems(c.Type(str), default=[])
    """Topics, shown on the post and on the tags page."""
    description = c.Type(str)
    """One plain sentence: the feed's item description and the page's meta description."""
    slug = c.Optional(c.Type(str))
    """The last part of the post's URL, when the title's would not do."""
    draft = c.Optional(c.Type(bool))
    """``true`` keeps the post out of the published site."""
    pin = c.Type(bool, default=False)
    """``true`` keeps the post at the top of the blog index."""
    readtime = c.Optional(c.Type(int))
    """Minutes, when the computed reading time is wrong."""


@dataclass(frozen=True)
class FrontMatterProblem:
    line: int
    message: str


def split_front_matter(text: str) -> tuple[str | None, int]:
    """The YAML between the ``---`` lines, and the line the body starts on."""
    match = FRONT_MATTER_RE.match(text)
    if match is None:
        return None, 1
    return match["yaml"] or "", text.count("\n", 0, match.end()) + 1


def check_post(
    text: str,
    authors: Iterable[str],
    categories_allowed: Iterable[str],
    separator: str = "<!-- more -->",
    tags_allowed: Iterable[str] = (),
) -> list[FrontMatterProblem]:
    """Check a post against :class:`PostFrontMatter`, the site's lists and the excerpt cut."""
    front, body_line = split_front_matter(text)
    if front is None:
        return [FrontMatterProblem(1, (
            "no front matter: start the file with a block between two '---' lines "
            "(date, authors, categories, description); `make new-post` writes one"
        ))]
    try:
        meta = yaml.safe_load(front)
    except ValueError as error:  # YAML read a date that does not exist
        found = re.search(r"^\s*(created|updated)[ \t]*:", front, re.MULTILINE)
        line = front.count("\n", 0, found.start()) + 2 if found else 1
        return [FrontMatterProblem(line, (
            f"front matter field 'date': not a real date ({error}): write YYYY-MM-DD, "
            "for example created: 2025-06-02"
        ))]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        return [FrontMatterProblem(line, (
            f"front matter is not valid YAML ({problem}): check the indentation and that "
            "every value with a ':' is in quotes"
        ))]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return [FrontMatterProblem(2, "front matter must be 'name: value' lines")]

    def line_of(name: str) -> int:
        found = re.search(rf"^{re.escape(name)}[ \t]*:", front, re.MULTILINE)
        return front.count("\n", 0, found.start()) + 2 if found else 1

    problems: list[FrontMatterProblem] = []
    unusable: set[str] = set()  # fields already reported, not checked further
    if isinstance(meta.get("date"), datetime.date):
        problems.append(FrontMatterProblem(line_of("date"), (
            f"front matter field 'date': write it as 'date:' then an indented "
            f"'created: {meta['date']:%Y-%m-%d}' on the next line"
        )))
        unusable.add("date")
    for name, example in REQUIRED_FIELDS.items():
        if meta.get(name) is None and name not in unusable:
            problems.append(FrontMatterProblem(1, f"front matter field '{name}' is missing: add {example}"))
            unusable.add(name)
    schema = PostFrontMatter()
    schema.load_dict({k: v for k, v in meta.items() if k not in unusable})
    failed, warnings = schema.validate()
    for name, _error in failed:
        if name not in unusable:
            problems.append(FrontMatterProblem(line_of(name), (
                f"front matter field '{name}' has the wrong form: write {FIELD_FORMS[name]}"
            )))
            unusable.add(name)
    for name, warning in warnings:
        if str(warning).startswith("Unrecognised configuration name"):
            known = ", ".join(field for field, _ in PostFrontMatter._schema)
            problems.append(FrontMatterProblem(line_of(name), (
                f"front matter field '{name}' is not one a post may have: remove it or "
                f"correct its spelling (allowed: {known})"
            )))
    problems.extend(_check_values(schema, unusable, line_of, authors, categories_allowed, tags_allowed))
    if separator not in text:
        problems.append(FrontMatterProblem(body_line, (
            f"no {separator} line: add one on its own line after the introduction; "
            "the text above it is the excerpt shown on the home page and the blog index"
        )))
    if "title" not in unusable:
        body = text.splitlines()[body_line - 1:]
        if not schema.title and not _FIRST_HEADING_RE.search("\n".join(body)):
            problems.append(FrontMatterProblem(body_line, (
                "the post has no title: start the text with a '# Title' line "
                "(or add title: to the front matter)"
            )))
    return sorted(problems, key=lambda p: p.line)


def _check_values(
    schema: PostFrontMatter,
    unusable: set[str],
    line_of: Callable[[str], int],
    authors: Iterable[str],
    categories_allowed: Iterable[str],
    tags_allowed: Iterable[str],
) -> list[FrontMatterProblem]:
    """The checks of values against the site's lists, for fields not yet reported."""
    problems: list[FrontMatterProblem] = []
    lists = {
        "authors": (list(authors), "is not in docs/blog/.authors.yml", "or add the author there"),
        "categories": (list(categories_allowed), "is not an allowed category", "mkdocs.yml, categories_allowed"),
        "tags": (list(tags_allowed), "is not one of the site's topics", "mkdocs.yml, tags_allowed"),
    }
    for name, (allowed, problem, where) in lists.items():
        values = schema[name]
        if name in unusable:
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(FrontMatterProblem(line_of(name), (
                f"front matter field '{name}' has the wrong form: write {FIELD_FORMS[name]}"
            )))
            continue
        if not values and name != "tags":
            problems.append(FrontMatterProblem(line_of(name), (
                f"front matter field '{name}' is empty: write {FIELD_FORMS[name]}"
            )))
        for value in values:
            if allowed and value not in allowed:
                problems.append(FrontMatterProblem(line_of(name), (
                    f"front matter field '{name}': '{value}' {problem}; "
                    f"use one of: {', '.join(allowed)} ({where})"
                )))
    if "description" not in unusable:
        description = schema.description.strip()
        if not description or _MARKUP_RE.search(description) or description[-1] not in ".?!":
            problems.append(FrontMatterProblem(line_of("description"), (
                "front matter field 'description' must be one plain sentence, ending with '.', "
                "'?' or '!', without Markdown or HTML: it is shown as text in feeds and search results"
            )))
    return problems

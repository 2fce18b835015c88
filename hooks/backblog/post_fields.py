"""The fields a post's front matter may have, declared with MkDocs' own Config classes,
and the checks of their values against the site's lists.

Material's blog validates posts the same way, but lets unknown keys pass and
names neither the file nor the line; here every problem is reported at the
field's line, as ``front matter field 'name': what to do``.
"""

from __future__ import annotations

import datetime
import ntpath
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .front_matter_yaml import FrontMatterProblem

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
    """The last part of the post's URL, when the title's would not do (see :func:`slug_problem`)."""
    draft = c.Optional(c.Type(bool))
    """``true`` keeps the post out of the published site."""
    pin = c.Type(bool, default=False)
    """``true`` keeps the post at the top of the blog index."""
    readtime = c.Optional(c.Type(int))
    """Minutes, when the computed reading time is wrong."""


def _wrong_form(name: str, line: int) -> FrontMatterProblem:
    return FrontMatterProblem(line, f"front matter field '{name}' has the wrong form: write {FIELD_FORMS[name]}")


def check_fields(
    values: Mapping[str, Any],
    line_of: Callable[[str], int],
    reported: Iterable[str],
    authors: Iterable[str],
    categories_allowed: Iterable[str],
    tags_allowed: Iterable[str],
    slugify: Callable[[str], str],
) -> list[FrontMatterProblem]:
    """Check ``values`` against :class:`PostFrontMatter` and the site's lists.

    ``line_of(name)`` is a field's line (``"date.created"`` for nested keys);
    fields in ``reported`` were already reported and are not checked again.
    """
    skip = set(reported)
    problems: list[FrontMatterProblem] = []
    date = values.get("date")
    if "date" not in skip and isinstance(date, datetime.date):
        problems.append(FrontMatterProblem(line_of("date"), (
            f"front matter field 'date': write it as 'date:' then an indented "
            f"'created: {date:%Y-%m-%d}' on the next line"
        )))
        skip.add("date")
    for name, example in REQUIRED_FIELDS.items():
        if values.get(name) is None and name not in skip:
            problems.append(FrontMatterProblem(line_of(name), f"front matter field '{name}' is missing: add {example}"))
            skip.add(name)
    problems.extend(_unknown_fields(values, line_of, skip))
    for name, option in PostFrontMatter._schema:
        if name in skip or name not in values:
            continue
        try:
            option.validate(values[name])
            # MkDocs takes an empty title: as the page's title, and the blog's slugify then fails on it.
            well_formed = name != "title" or (isinstance(values[name], str) and bool(values[name].strip()))
        except ValidationError:
            well_formed = False
        finally:
            option.reset_warnings()  # unknown date.* keys: reported by _unknown_fields
        if not well_formed:
            problems.append(_wrong_form(name, _line_of_wrong_form(name, values[name], line_of)))
            skip.add(name)
    lists = {
        "authors": (list(authors), "is not in docs/blog/.authors.yml", "or add the author there"),
        "categories": (list(categories_allowed), "is not an allowed category", "mkdocs.yml, categories_allowed"),
        "tags": (list(tags_allowed), "is not one of the site's topics", "mkdocs.yml, tags_allowed"),
    }
    for name, (allowed, problem, where) in lists.items():
        if name in skip or name not in values:
            continue
        if not values[name] and name != "tags":
            problems.append(FrontMatterProblem(line_of(name), (
                f"front matter field '{name}' is empty: write {FIELD_FORMS[name]}"
            )))
        for value in values[name]:
            if allowed and value not in allowed:
                problems.append(FrontMatterProblem(line_of(name), (
                    f"front matter field '{name}': '{value}' {problem}; "
                    f"use one of: {', '.join(allowed)} ({where})"
                )))
    if "description" not in skip:
        description = values["description"].strip()
        if not description or _MARKUP_RE.search(description) or description[-1] not in ".?!":
            problems.append(FrontMatterProblem(line_of("description"), (
                "front matter field 'description' must be one plain sentence, ending with '.', "
                "'?' or '!', without Markdown or HTML: it is shown as text in feeds and search results"
            )))
        elif '"' in description:
            problems.append(FrontMatterProblem(line_of("description"), (
                "front matter field 'description' has a straight double quote (\"), which would end the "
                "page's description tag: write curly quotes, \u201clike this\u201d"
            )))
    if "title" not in skip and isinstance(values.get("title"), str):
        problems.extend(title_problems(values["title"], line_of("title"), "front matter field 'title'"))
    if "slug" not in skip and values.get("slug") is not None:
        message = slug_problem(values["slug"], slugify)
        if message:
            problems.append(FrontMatterProblem(line_of("slug"), message))
    return problems


# A tag's start (what a browser reads as markup), or a line break.
_TITLE_MARKUP_RE = re.compile(r"<[A-Za-z/!?]|[\r\n]")


def title_problems(title: str, line: int, what: str) -> list[FrontMatterProblem]:
    """A title is text on one line: Material prints it as HTML in the page's title, the
    blog's lists, the next post's footer and the feeds, so ``<`` and ``>`` would be markup."""
    found = _TITLE_MARKUP_RE.search(title)
    if not found:
        return []
    shown = "a line break" if found.group() in "\r\n" else f"'{found.group()}' (the start of an HTML tag)"
    return [FrontMatterProblem(line, (
        f"{what} has {shown}: a title is plain text on one line, shown as it is in page titles, "
        "lists and feeds; write it without HTML"
    ))]


def _unknown_fields(
    values: Mapping[str, Any], line_of: Callable[[str], int], skip: set[str]
) -> list[FrontMatterProblem]:
    """Keys :class:`PostFrontMatter` (or :class:`PostDate`, under ``date:``) does not declare."""
    known = [name for name, _ in PostFrontMatter._schema]
    found = [(name, "allowed", known) for name in values if name not in known]
    date = values.get("date")
    if "date" not in skip and isinstance(date, dict):
        dates = [name for name, _ in PostDate._schema]
        found += [(f"date.{name}", "allowed under date", dates) for name in date if name not in dates]
    return [
        FrontMatterProblem(line_of(path), (
            f"front matter field '{path}' is not one a post may have: remove it or correct its spelling "
            f"({allowed}: {', '.join(names)})"
        ))
        for path, allowed, names in found
    ]


def _line_of_wrong_form(name: str, value: Any, line_of: Callable[[str], int]) -> int:
    """The field's line, or for ``date:`` the line of the first date that is not one."""
    if name == "date" and isinstance(value, dict):
        for key, day in value.items():
            if not isinstance(day, datetime.date):
                return line_of(f"date.{key}")
    return line_of(name)


def slug_problem(slug: object, slugify: Callable[[str], str]) -> str | None:
    """What is wrong with a ``slug:`` value, if anything.

    A slug is the last part of the post's address: one path segment, exactly
    what the blog's own ``slugify`` makes of it, so that it can neither be empty
    nor climb out of the site (``..``, ``/``, ``\\``, absolute paths) nor name
    a hidden file.
    """
    if not isinstance(slug, str):
        return f"front matter field 'slug' has the wrong form: write {FIELD_FORMS['slug']}"
    if slug and slugify(slug) == slug and not _path_like(slug):
        return None
    suggested = slugify(slug)
    fix = suggested if suggested and not _path_like(suggested) else "short-words-with-hyphens"
    return (
        f"front matter field 'slug': '{slug}' is not one part of a web address: write slug: {fix} "
        "(lower-case words joined by hyphens, without '/', '\\' or '.')"
    )


def _path_like(slug: str) -> bool:
    return (
        "/" in slug or "\\" in slug or ".." in slug or slug.startswith(".")
        or posixpath.isabs(slug) or ntpath.isabs(slug) or bool(ntpath.splitdrive(slug)[0])
    )

"""A post's front matter, read once with the line of every field, and the checks of a post.

:func:`read_front_matter` finds the block between the ``---`` lines exactly as
MkDocs and Material's blog do (MkDocs' own ``YAML_RE``) and reads its YAML
with :mod:`.front_matter_yaml`; :func:`check_post` checks the fields
(:mod:`.post_fields`), the title and the excerpt cut.  Every problem is a
:class:`FrontMatterProblem` with a line, which callers print as
``docs/blog/posts/x.md:LINE: what to do``.  Pure functions: no MkDocs state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.utils.meta import YAML_RE

from .front_matter_yaml import FrontMatterProblem, read_yaml_fields
from .material_blog import default_post_slugify
from .post_fields import check_fields

__all__ = [
    "FrontMatter",
    "FrontMatterProblem",
    "as_read",
    "check_post",
    "missing_excerpt_cut",
    "missing_title",
    "read_front_matter",
    "split_front_matter",
]

_FIRST_HEADING_RE = re.compile(r"^#[ \t]+\S", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """What a post's front matter says, and where."""

    #: The fields as YAML reads them (for a key given twice, the last value, as YAML keeps it).
    values: dict[str, Any] = field(default_factory=dict)
    #: Each field's line in the file: ``"title"``, ``"date.created"``, ``"authors.0"`` (list items).
    lines: dict[str, int] = field(default_factory=dict)
    #: The file's line where the text after the front matter starts.
    body_line: int = 1
    #: Problems found in reading: no block, bad YAML, keys given twice, refused aliases or tags.
    problems: tuple[FrontMatterProblem, ...] = ()
    #: Top-level fields already reported in :attr:`problems`, which checks leave alone.
    reported: frozenset[str] = frozenset()
    #: Whether the file has a front-matter block at all.
    found: bool = False
    #: Whether that block could be read as 'name: value' lines (then its fields can be checked).
    readable: bool = False

    def line(self, name: str) -> int:
        """The line of field ``name``, else of the opening ``---``."""
        return self.lines.get(name, 1)


def as_read(text: str) -> str:
    """``text`` as MkDocs and Material read a page's file: without a BOM, with ``\\n`` line ends."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_front_matter(text: str) -> FrontMatter:
    """Read the front matter of a page's ``text``."""
    text = as_read(text)
    match = YAML_RE.match(text)
    if match is None:
        first, _, rest = text.partition("\n")
        if first.rstrip(" \t") != "---":
            return FrontMatter(problems=(FrontMatterProblem(1, (
                "no front matter: start the file with a block between two '---' lines "
                "(date, authors, categories, description); `make new-post` writes one"
            )),))
        if rest.partition("\n")[0].rstrip(" \t") in ("---", "..."):  # nothing between the lines
            return FrontMatter(body_line=3, found=True, readable=True)
        return FrontMatter(problems=(FrontMatterProblem(1, (
            "the front matter is not closed: end it with a line of three hyphens '---' on its own, "
            "then the text of the post on the lines after it"
        )),), found=True)
    fields = read_yaml_fields(match.group(1), first_line=2)
    return FrontMatter(
        values=fields.values,
        lines=fields.lines,
        body_line=text.count("\n", 0, match.end()) + 1,
        problems=tuple(fields.problems),
        reported=frozenset(fields.reported),
        found=True,
        readable=fields.readable,
    )


def split_front_matter(text: str) -> tuple[str | None, int]:
    """The YAML between the ``---`` lines (None without one), and the line the body starts on."""
    text = as_read(text)
    match = YAML_RE.match(text)
    if match is None:
        return None, 1
    return match.group(1), text.count("\n", 0, match.end()) + 1


def check_post(
    text: str,
    authors: Iterable[str],
    categories_allowed: Iterable[str],
    separator: str = "<!-- more -->",
    tags_allowed: Iterable[str] = (),
    *,
    slugify: Callable[[str], str] | None = None,
    front: FrontMatter | None = None,
) -> list[FrontMatterProblem]:
    """Every problem of a post: its front matter, its title and its excerpt cut, by line.

    ``slugify`` is the blog's own (:func:`.material_blog.post_slugify`; by default
    the blog plugin's default); ``front`` is ``read_front_matter(text)``, if already read.
    """
    front = front if front is not None else read_front_matter(text)
    problems = list(front.problems)
    if front.readable:
        problems += check_fields(
            front.values, front.line, front.reported,
            authors, categories_allowed, tags_allowed, slugify or default_post_slugify(),
        )
        title = missing_title(front, text)
        cut = missing_excerpt_cut(text, separator, front.body_line)
        problems += [problem for problem in (title, cut) if problem]
    return sorted(problems, key=lambda problem: problem.line)


def missing_title(front: FrontMatter, text: str) -> FrontMatterProblem | None:
    """A post needs a ``title:`` or a ``# Title`` line."""
    if "title" in front.values or "title" in front.reported:
        return None
    body = "\n".join(as_read(text).split("\n")[front.body_line - 1:])
    if _FIRST_HEADING_RE.search(body):
        return None
    return FrontMatterProblem(front.body_line, (
        "the post has no title: start the text with a '# Title' line "
        "(or add title: to the front matter)"
    ))


def missing_excerpt_cut(text: str, separator: str, body_line: int) -> FrontMatterProblem | None:
    """The excerpt separator must appear in the post (anywhere, for now: not read as Markdown)."""
    if separator in text:
        return None
    return FrontMatterProblem(body_line, (
        f"no {separator} line: add one on its own line after the introduction; "
        "the text above it is the excerpt shown on the home page and the blog index"
    ))

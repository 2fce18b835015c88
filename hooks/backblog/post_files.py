"""A post's file: its encoding, its folder, its name, and its address among the others.

Posts live under the blog's posts folder (``docs/blog/posts/``) and are named
``YYYY-MM-lower-case-words.md``, the year and month of ``date.created`` first.
The file name is ASCII on purpose, even where the post's address keeps the
blog's Unicode slug: macOS stores non-ASCII names decomposed (NFD) and Linux
and Windows as written, so one name can become two files, or a file git and CI
cannot find; ASCII is also what shells and URLs of the repository take as is.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .front_matter import FrontMatter

#: ``2025-06-group-exercise-low-back-pain.md``
FILE_NAME_RE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md")
FILE_NAME_FORM = "YYYY-MM-lower-case-words.md"
_DATE_PREFIX_RE = re.compile(r"[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?[-_ ]*")
_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class PostFileProblem:
    """A problem with a post's file; ``line`` is None where no line is to blame (its name)."""

    line: int | None
    message: str


def read_page_file(path: str, project: str) -> str | PostFileProblem:
    """A page file's text, read from its bytes as MkDocs would read it, or why it cannot be.

    Checks what ``File.content_string`` would not: that the file is inside the
    project (not a link out of it), and that it is UTF-8.
    """
    outside = outside_project(path, project)
    if outside is not None:
        return outside
    with open(path, "rb") as source:
        return decode_page(source.read())


def decode_page(data: bytes) -> str | PostFileProblem:
    """A page's bytes as text, as MkDocs reads them (UTF-8, a BOM allowed, ``\\n`` line ends).

    Not UTF-8: the problem, at the line of the first byte that is not.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return PostFileProblem(before.count(b"\n") + 1, (
            "the file is not UTF-8 text: save it as UTF-8 (in your editor's Save As or encoding menu, "
            "choose UTF-8; the first character that is not UTF-8 is on this line)"
        ))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def outside_project(path: str, project: str) -> PostFileProblem | None:
    """A page that is a link to a file outside the project is not read (nor published)."""
    real, root = os.path.realpath(path), os.path.realpath(project)
    if os.path.commonpath([real, root]) == root:
        return None
    return PostFileProblem(None, (
        "the file is a link to a file outside the project, which the build does not read: "
        "replace the link with the file itself"
    ))


def file_name_words(text: str) -> str:
    """The ASCII words of ``text`` (a slug) for a file name: ``"ça-va--oui" -> "ca-va-oui"``.

    NFKD splits accented letters into letter and accent; what is not ASCII is
    dropped, and the remaining letters and digits are joined by hyphens.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(_WORD_RE.findall(folded))


def post_file_name(created: datetime.date, slug: str) -> str:
    """``YYYY-MM-words.md`` for a post created on ``created`` whose slug is ``slug``."""
    name = f"{created:%Y-%m}-{file_name_words(slug)[:60].rstrip('-')}.md"
    if not FILE_NAME_RE.fullmatch(name):
        raise ValueError(f"'{slug}' has no ASCII letters or digits for a file name ({FILE_NAME_FORM})")
    return name


def check_post_file(
    src_uri: str, front: FrontMatter, blog_dir: str, posts_dir: str, shown_posts_dir: str
) -> list[PostFileProblem]:
    """Where a page of the blog is and what it is called.

    ``src_uri`` is its path in ``docs/``, ``front`` its front matter;
    ``blog_dir`` and ``posts_dir`` the blog's folders in ``docs/`` (``blog/``,
    ``blog/posts/``), ``shown_posts_dir`` the latter as editors see it
    (``docs/blog/posts/``).
    """
    values = front.values
    date_line = front.lines.get("date.created", front.line("date"))
    date = values.get("date")
    created = date.get("created") if isinstance(date, dict) else date
    if not src_uri.startswith(posts_dir):
        if src_uri.startswith(blog_dir) and "date" in values:
            return [PostFileProblem(date_line, (
                f"the page has date: in its front matter, as a post does, but posts must be in "
                f"{shown_posts_dir}: move the file there (or remove date: if the page is not a post)"
            ))]
        return []
    name = posixpath.basename(src_uri)
    month = f"{created:%Y-%m}" if isinstance(created, datetime.date) else None
    match = FILE_NAME_RE.fullmatch(name)
    if match is None:
        words = file_name_words(_DATE_PREFIX_RE.sub("", name.removesuffix(".md"), count=1)) or "a-few-title-words"
        return [PostFileProblem(None, (
            f"the file name '{name}' is not {FILE_NAME_FORM}: rename the file to {month or 'YYYY-MM'}-{words}.md "
            "(the year and month of date.created, then a few words of the title, in lower case with hyphens)"
        ))]
    if month is not None and name[:7] != month:
        return [PostFileProblem(date_line, (
            f"the file name starts with {name[:7]} but date.created is {created:%Y-%m-%d}: rename the file to "
            f"{month}{name[7:]} (or correct the date)"
        ))]
    return []


def posts_sharing_a_url(posts: Iterable[tuple[str, str]]) -> list[str]:
    """A message for each URL that more than one post would be published at.

    ``posts`` are ``(file as an editor sees it, URL)`` pairs: from the blog's
    own posts in the build, from :func:`.material_blog.post_url` in ``make lint``.
    """
    by_url: dict[str, list[str]] = defaultdict(list)
    for path, url in posts:
        by_url[url].append(path)
    return [
        " and ".join(paths) + f" would {'both' if len(paths) == 2 else 'all'} be published at {url}: "
        "give one of them another title or a slug: in its front matter"
        for url, paths in by_url.items()
        if len(paths) > 1
    ]

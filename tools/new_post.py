"""Start a new Back Blog post: ``make new-post TITLE="Manual therapy for neck pain"``.

Writes ``docs/blog/posts/YYYY-MM-<words>.md`` dated today (the words: the ASCII
letters of the blog's own slug of the title), with front matter
that passes the build's checks (first author and first allowed category as
placeholders to change), an excerpt cut, and citation examples (as code, so
the new post builds before any real key is written).
Never overwrites a file.  Without a title it asks for one.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config import load_config

PROJECT = Path(__file__).resolve().parent.parent
POSTS = PROJECT / "docs" / "blog" / "posts"
CONFIG = PROJECT / "mkdocs.yml"
sys.path.insert(0, str(PROJECT / "hooks"))

from backblog.material_blog import post_slugify  # noqa: E402 (needs the path above)
from backblog.post_files import post_file_name  # noqa: E402

TEMPLATE = """\
---
date:
  created: {date}
authors:
  - {author}
categories:
  - {category}
tags: []
description: Replace this with one plain sentence that sums up the post.
---

# {title}

Write the introduction here: one or two short paragraphs, without citations,
shown on the home page and the blog index.

<!-- more -->

## First section

Write the body here. Cite a reference by its key in bibliography.bib, before
the full stop, written without the backticks shown here: one reference
`[@key]`, several `[@key1; @key2]`, a page `[@key, p. 12]`.
"""


@dataclass(frozen=True)
class Blog:
    """What a new post needs from the site's mkdocs.yml, read by MkDocs itself."""

    slugify: Callable[[str], str]
    authors: list[str]
    categories: list[str]


def site_blog(config_file: Path = CONFIG) -> Blog:
    """The blog's own slugify, its authors and its allowed categories."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file))
    blog = config.plugins["material/blog"].config
    authors_file = Path(config.docs_dir, blog.authors_file.format(blog=blog.blog_dir))
    authors = (yaml.safe_load(authors_file.read_text(encoding="utf-8")) or {}).get("authors", {})
    return Blog(post_slugify(blog), list(authors), list(blog.categories_allowed or []))


def slugify(title: str) -> str:
    """The blog's own slug of ``title``, as in the post's address: "Ça va? Oui" -> "ça-va-oui"."""
    return site_blog().slugify(title)


def shown(path: Path) -> str:
    """``path`` relative to the project, as an editor finds it."""
    return str(path.relative_to(PROJECT)) if path.is_relative_to(PROJECT) else str(path)


def allowed_categories() -> list[str]:
    return site_blog().categories


def new_post(title: str, today: datetime.date | None = None, posts: Path = POSTS) -> Path:
    title = " ".join(title.split())
    blog = site_blog()
    today = today or datetime.date.today()
    try:
        # The file name is the ASCII fold of the blog's slug (post_files explains why ASCII).
        path = posts / post_file_name(today, blog.slugify(title))
    except ValueError:
        raise SystemExit("new-post: the title needs at least one letter a-z or digit for the file name") from None
    if path.exists():
        raise SystemExit(f"new-post: {shown(path)} already exists: choose another title")
    text = TEMPLATE.format(
        date=today.isoformat(),
        author=blog.authors[0] if blog.authors else "spineiq",
        category=blog.categories[0] if blog.categories else "Exercise",
        title=title.replace("#", ""),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    title = " ".join(argv).strip()
    if not title:
        if not sys.stdin.isatty():
            print('new-post: give a title: make new-post TITLE="Your title"', file=sys.stderr)
            return 2
        title = input("Title of the new post: ").strip()
    path = new_post(title)
    print(f"Wrote {shown(path)}: change the description, author and category, then `make serve`.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Start a new Back Blog post: ``make new-post TITLE="Manual therapy for neck pain"``.

Writes ``docs/blog/posts/YYYY-MM-<slug>.md`` dated today, with front matter
that passes the build's checks (first author and first allowed category as
placeholders to change), an excerpt cut, and citation examples (as code, so
the new post builds before any real key is written).
Never overwrites a file.  Without a title it asks for one.
"""

from __future__ import annotations

import datetime
import re
import sys
import unicodedata
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
POSTS = PROJECT / "docs" / "blog" / "posts"
AUTHORS = PROJECT / "docs" / "blog" / ".authors.yml"
CONFIG = PROJECT / "mkdocs.yml"

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


def slugify(title: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Ça va? Oui" -> "ca-va-oui"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")


def shown(path: Path) -> str:
    """``path`` relative to the project, as an editor finds it."""
    return str(path.relative_to(PROJECT)) if path.is_relative_to(PROJECT) else str(path)


def allowed_categories() -> list[str]:
    class _IgnoreTags(yaml.SafeLoader):
        pass

    _IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "blog" in plugin:
            return list(plugin["blog"].get("categories_allowed") or [])
    return []


def new_post(title: str, today: datetime.date | None = None, posts: Path = POSTS) -> Path:
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise SystemExit("new-post: the title needs at least one letter or digit")
    today = today or datetime.date.today()
    path = posts / f"{today:%Y-%m}-{slug}.md"
    if path.exists():
        raise SystemExit(f"new-post: {shown(path)} already exists: choose another title")
    authors = list((yaml.safe_load(AUTHORS.read_text(encoding="utf-8")) or {}).get("authors", {}))
    categories = allowed_categories()
    text = TEMPLATE.format(
        date=today.isoformat(),
        author=authors[0] if authors else "spineiq",
        category=categories[0] if categories else "Exercise",
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

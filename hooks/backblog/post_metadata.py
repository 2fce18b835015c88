"""A post as something to cite: "Cite this post", Highwire tags and JSON-LD."""

from __future__ import annotations

import re

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from pybtex.database import Entry

from . import exports
from .latest_posts import post_title, publication_date
from .rendering import render
from .settings import BackBlogSettings


def post_reference(page: Page, markdown: str, config: MkDocsConfig, options: BackBlogSettings) -> exports.PostReference:
    """The post's own reference: authors' names, title, date and address."""
    blog = config.plugins["material/blog"]
    names = {author_id: author.name for author_id, author in blog.authors.items()}  # type: ignore[attr-defined]
    published = publication_date(page.meta["date"]["created"])
    title = post_title(markdown, page.meta, page.file.src_uri)
    url = page.canonical_url or page.file.url
    slug = re.sub(r"[^a-z0-9]+", "-", page.file.url.strip("/").rsplit("/", 1)[-1].lower())
    return exports.PostReference(
        key=f"backblog-{published:%Y-%m-%d}-{slug}"[:64].rstrip("-"),
        authors=tuple(names.get(author, author) for author in page.meta.get("authors", [])),
        title=title,
        blog_title=options.blog_title,
        publisher=options.publisher,
        published=published,
        url=url,
    )


def cite_this_post_markdown(reference: exports.PostReference) -> str:
    """The "Cite this post" box: the reference and its BibTeX, each with a copy button."""
    return render("cite_this_post.md",
        text=reference.vancouver(), bibtex=reference.bibtex().strip()
    )


def head_metadata(
    reference: exports.PostReference, description: str, cited: list[Entry], highwire: list[str]
) -> Markup:
    """Highwire Press ``citation_*`` tags and a JSON-LD ``BlogPosting`` for the page head.

    ``highwire`` holds each cited entry's ``citation_reference``
    (:func:`exports.highwire_reference`, kept with the formatted entry).
    """
    published = reference.published.isoformat()
    html = render("head_metadata.html",
        reference=reference,
        publication_date=published.replace("-", "/"),
        references=highwire,
        json_ld=Markup(
            exports.json_ld(
                headline=reference.title,
                authors=reference.authors,
                published=published,
                description=description,
                url=reference.url,
                publisher=reference.publisher,
                citations=cited,
            )
        ),
    )
    return Markup(html)

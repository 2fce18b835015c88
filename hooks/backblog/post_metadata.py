"""A post as something to cite: "Cite this post", Highwire tags and JSON-LD.

The post's own reference is a :class:`~backblog.model.Reference` (a blog
post, CSL's ``post-weblog``), formatted by the same house style as every
cited source and written to BibTeX by the same writer, so that one rule
change changes both.
"""

from __future__ import annotations

import datetime

from markupsafe import Markup
from pybtex.backends.plaintext import Backend as TextBackend

from . import model
from .bibtex_export import entry_bibtex
from .dates import DateParts
from .metadata import is_organisation, json_ld
from .model import Reference
from .names import Name, NameList
from .rendering import render
from .style import format_reference

_TEXT = TextBackend()


def post_reference(
    *, slug: str, title: str, authors: list[str], published: datetime.date, url: str, blog_title: str, publisher: str
) -> Reference:
    """The post's own reference: authors' names, title, date and address.

    The blog's authors are named as written in its authors file, as
    organisations are (a name is not split into parts it may not have).
    """
    return Reference(
        key=f"backblog-{published:%Y-%m-%d}-{slug}",
        type=model.BLOG_POST,
        title=title,
        container_title=blog_title,
        author=NameList(tuple(Name(literal=name) for name in authors)),
        issued=DateParts(year=str(published.year), month=published.month, day=published.day),
        publisher=publisher,
        url=url,
    )


def cite_this_post_markdown(reference: Reference, files: list[dict[str, str]]) -> str:
    """The "Cite this post" box: the reference and its BibTeX, each with a copy button,
    and the reference as RIS and BibTeX files (``files``: links relative to the post's URL)."""
    return render(
        "cite_this_post.md",
        text=format_reference(reference).render(_TEXT),
        bibtex=entry_bibtex(reference).strip(),
        files=files,
    )


def highwire_author(name: Name, publisher: str) -> str:
    """A post's author as a ``citation_author`` tag: an organisation (the publisher)
    ends with a comma, so that Zotero keeps "Spine IQ" whole (as "Iq, Spine" otherwise)."""
    return name.literal + "," if is_organisation(name, publisher) else name.literal


def head_metadata(post: Reference, description: str, cited: list[Reference], highwire: list[str]) -> Markup:
    """Highwire Press ``citation_*`` tags, Open Graph and Zotero's ``z:itemType``, and a
    JSON-LD ``BlogPosting`` for the page head.

    ``highwire`` holds each cited entry's ``citation_reference``, kept with
    its formatted entry.
    """
    html = render(
        "head_metadata.html",
        reference=post,
        authors=[highwire_author(name, post.publisher) for name in post.author],
        publication_date=post.issued.iso().replace("-", "/") if post.issued else "",
        published=post.issued.iso() if post.issued else "",
        description=description,
        references=highwire,
        json_ld=Markup(json_ld(post, description, cited, post.publisher)),
    )
    return Markup(html)


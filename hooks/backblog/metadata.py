"""References as the machine-readable metadata of pages: COinS, Highwire tags, JSON-LD, CSL-JSON.

Each reads the normalized :class:`~backblog.model.Reference`.  The OpenURL
of COinS is encoded by ``urllib.parse.urlencode``; JSON by ``json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from . import model
from .model import Reference
from .names import Name
from .pages import pages_text


def _first_and_last_page(reference: Reference) -> tuple[str, str]:
    """The first page and, for one range, its last page."""
    if not reference.pages:
        return "", ""
    first = reference.pages[0]
    last = first.last if len(reference.pages) == 1 and not first.written else ""
    return first.first, last


def coins(reference: Reference) -> str:
    """The OpenURL ContextObject (Z39.88-2004, KEV) of a COinS ``span.Z3988``'s title."""
    kind = reference.type
    values: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    if kind == model.ARTICLE:
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        values += [("rft.atitle", reference.title)]
        values += [("rft.jtitle", reference.container_title or reference.container_title_short)]
        values += [("rft.stitle", reference.container_title_short)]
    elif kind in (model.BOOK, model.CHAPTER):
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book")]
        if kind == model.BOOK:
            values += [("rft.genre", "book"), ("rft.btitle", reference.title)]
        else:
            values += [("rft.genre", "bookitem"), ("rft.atitle", reference.title)]
            values += [("rft.btitle", reference.container_title)]
        values += [("rft.pub", reference.publisher), ("rft.place", reference.publisher_place)]
    elif kind == model.REPORT:
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "report")]
        values += [("rft.btitle", reference.title), ("rft.pub", reference.publisher)]
    else:
        values += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "webpage")]
        values += [("rft.title", reference.title)]
    date = reference.issued.iso() if reference.issued else ""
    values += [("rft.date", date), ("rft.volume", reference.volume), ("rft.issue", reference.issue)]
    first, last = _first_and_last_page(reference)
    values += [("rft.spage", first), ("rft.epage", last)]
    if len(reference.pages) > 1:
        values.append(("rft.pages", pages_text(reference.pages)))
    # A group author as "<name>,": Zotero's COinS reader takes a name without a
    # comma for "Given Family" ("Physicians, Clinical Guidelines Committee of
    # the American College of"), and puts every rft.aucorp first.
    values += [("rft.au", name.inverted() + ("," if name.is_organisation else "")) for name in reference.author]
    if reference.doi:
        values.append(("rft_id", f"info:doi/{reference.doi}"))
    # Zotero's context-object reader keeps info:doi, urn:isbn and http(s)
    # identifiers only: a PubMed ID goes as its PubMed address (before the
    # entry's own URL, so that Zotero keeps that one as the item's URL).
    if reference.pmid:
        values.append(("rft_id", f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"))
    if reference.url:
        values.append(("rft_id", reference.url))
    return urlencode([(name, value) for name, value in values if value])


def highwire_reference(reference: Reference) -> str:
    """One ``citation_reference`` tag's content, as Google Scholar reads it."""
    first, last = _first_and_last_page(reference)
    date = reference.issued.iso() if reference.issued else ""
    parts = [("citation_title", reference.title)]
    parts += [("citation_author", name.inverted()) for name in reference.author]
    parts += [
        ("citation_journal_title", reference.container_title if reference.type == model.ARTICLE else ""),
        ("citation_publication_date", date.replace("-", "/")),
        ("citation_volume", reference.volume),
        ("citation_issue", reference.issue),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", reference.doi),
        ("citation_pmid", reference.pmid),
    ]
    return "; ".join(f"{name}={value.replace(';', ',')}" for name, value in parts if value)


def is_organisation(name: Name, publisher: str) -> bool:
    """Whether a post's author is an organisation: the blog's publisher (the blog's
    authors file gives names only, not whether a person or a group bears them)."""
    return bool(name.literal) and name.literal == publisher


def cited_work(reference: Reference) -> dict[str, object]:
    """A cited reference as a schema.org ``CreativeWork`` of a post's JSON-LD."""
    item: dict[str, object] = {"@type": "CreativeWork", "name": reference.title}
    if reference.doi:
        item["identifier"] = f"https://doi.org/{reference.doi}"
        item["sameAs"] = f"https://doi.org/{reference.doi}"
    return item


def json_ld(post: Reference, description: str, citations: Iterable[Reference], publisher: str) -> str:
    """A schema.org ``BlogPosting``, safe to put inside a ``<script>`` element."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "author": [
            {"@type": "Organization" if is_organisation(name, publisher) else "Person", "name": name.inverted()}
            for name in post.author
        ],
        "datePublished": post.issued.iso() if post.issued else "",
        "description": description,
        "url": post.url,
        "mainEntityOfPage": post.url,
        "publisher": {"@type": "Organization", "name": publisher},
        "citation": [cited_work(reference) for reference in citations],
    }
    return script_json(data)


def script_json(data: object) -> str:
    """JSON safe inside ``<script>``: "</" could end the element, so "<" is escaped as JSON allows."""
    return json.dumps(data, ensure_ascii=False, indent=2).replace("<", "\\u003c")


def csl_item(reference: Reference) -> str:
    """A reference as an item of a CSL-JSON file (:func:`csl_file`), indented as it stands there."""
    return "  " + json.dumps(reference.to_csl(), ensure_ascii=False, indent=2).replace("\n", "\n  ")


def csl_file(items: Iterable[str]) -> Iterator[str]:
    """A CSL-JSON file, an array of :func:`csl_item`'s items, in pieces: what
    ``json.dumps(items, ensure_ascii=False, indent=2)`` and a newline write (JSON strings
    hold no line break, so an item is indented by indenting its lines)."""
    first = True
    for item in items:
        yield "[\n" if first else ",\n"
        first = False
        yield item
    yield "[]\n" if first else "\n]\n"

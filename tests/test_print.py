"""Printing a post: Chromium's print-to-PDF, read back with pypdf (pure Python, pinned).

A printed post has its title, byline (authors, date), text, citations and the
whole reference list with its DOIs and PubMed IDs, and none of the site around
it (docs/assets/stylesheets/print.css). The PDF and a picture of its print
layout go to ``artifacts/print/`` for people to look at.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browser import JUNE_POST, JUNE_POST_TITLE, OpenPage, artifact_dir

pytest_plugins = ["browser"]

# Text of the site around a post, which paper does not need.
SCREEN_ONLY = [
    "Skip to content",
    "Back Blog Group exercise",  # the header's title bar
    "Search",
    "Type to start searching",
    "Back to index",
    "Table of contents",
    "Made with",
    "Material for MkDocs",
    "Copy to clipboard",
    "In the library",
    "RIS file of",
    "BibTeX file of",
    "Download these references",
    "Download this post",
    "↩",
    "¶",
    "Writing a post",  # the site navigation
    "Reference library",
    "Previous",
    "Next",
]


def one_line(text: str) -> str:
    """Text with its line breaks and hyphenation at line ends undone, spaces collapsed."""
    return " ".join(text.split())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_printed_post_has_the_text_and_references_and_nothing_else(open_page: OpenPage, scheme: str) -> None:
    page = open_page(JUNE_POST, color_scheme=scheme)
    page.wait_for_load_state("networkidle")
    entries = page.locator("article .bb-references .bb-reference__text").all_inner_texts()
    identifiers = page.locator("article .bb-references .bb-reference__link").all_inner_texts()
    assert len(entries) == 6 and "doi:10.7326/M16-2367" in identifiers and "PMID: 28192789" in identifiers

    folder = artifact_dir("print")
    pdf = page.pdf(format="A4", path=str(folder / f"june-post-{scheme}.pdf"))
    if scheme == "light":
        page.emulate_media(media="print")
        page.screenshot(path=str(folder / "june-post-print-layout.png"), full_page=True)
        page.emulate_media(media="screen")

    reader = PdfReader(io.BytesIO(pdf))
    assert 1 < len(reader.pages) <= 4, f"{len(reader.pages)} pages"
    text = one_line("\n".join(pdf_page.extract_text() for pdf_page in reader.pages))
    # Words split at a line end ("guideline-\nsupported") come back joined by a space.
    joined = re.sub(r"(\w[–-]) (\w)", r"\1\2", text)

    def printed(expected: str) -> bool:
        return one_line(expected) in text or one_line(expected) in joined

    assert printed(JUNE_POST_TITLE)
    assert printed("By Spine IQ · 2 June 2025"), "the byline (authors and date)"
    assert printed("This month we turn to exercise delivered in groups")
    assert printed("and exercise is one of the first-line options they name (1)")
    assert printed("with one-to-one care (2–4)")
    assert printed("chances for social contact (5)")
    assert printed("good value for money (6)")
    assert printed("References")
    for entry in entries:
        assert printed(entry), f"reference not printed in full: {entry}"
    for identifier in identifiers:
        assert printed(identifier), f"{identifier} not printed"
    # "Cite this post": the house-style reference, written out.
    assert printed("Spine IQ. Group exercise for low back pain: what the evidence says. Back Blog [Internet].")

    leftovers = [chrome for chrome in SCREEN_ONLY if chrome in text]
    assert leftovers == [], f"screen-only text printed: {leftovers}"

"""A post's reading time, counted over what its editor wrote.

Material's blog counts a post's reading time over the page's whole HTML in
its ``on_page_content``, unless the front matter sets ``readtime``.  The
hooks add a reference list and "Cite this post" to every post: nobody reads
them through, yet they are half a post's HTML, so Material counted minutes
that are not there and spent half its time on them.  :func:`count` runs
first and hands Material's own count the page without those two blocks;
an editor's ``readtime`` stays as written.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import material_blog
from .citation_tree import REFERENCES_ID
from .html_fragments import element_end

# The blocks as the hooks write them: the list's heading (Python-Markdown's
# serializer writes its one attribute so) and block, and "Cite this post"
# (cite_this_post.md).  Everything inside them is ours, every value escaped.
_REFERENCES_START = f'<h2 id="{REFERENCES_ID}">'
_REFERENCES_BLOCK = '<div class="bb-references-block">'
_CITE_THIS_POST = '<section class="bb-cite-post" id="cite-this-post">'


def count(page: Page, html: str, config: MkDocsConfig) -> None:
    """Set a post's reading time, as Material would count it without our blocks."""
    material_blog.set_readtime(page, config, lambda: reader_text(html))


def reader_text(html: str) -> str:
    """``html`` without the reference list and "Cite this post"."""
    start = html.find(_REFERENCES_START)
    block = html.find(_REFERENCES_BLOCK, start) if start >= 0 else -1
    if block >= 0:
        html = html[:start] + html[element_end(html, block, "div"):]
    start = html.find(_CITE_THIS_POST)
    if start >= 0:
        html = html[:start] + html[element_end(html, start, "section"):]
    return html


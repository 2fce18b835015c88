"""LaTeX in bibliography fields, decoded into the text readers see.

Decoding is pybtex's own (:meth:`pybtex.richtext.Text.from_latex`, which reads
braces and hands the rest to latexcodec).  The reader (``reader.py``) decodes
every field of an entry once, when it reads the entry; nothing downstream
sees LaTeX again.  The text keeps the source's characters and case: the house
typography (curly apostrophes, en dashes in ranges) is the style's business,
not the model's, so exports carry the data as the source has it.
"""

from __future__ import annotations

import re

from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

_LEFTOVER_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*?\s*")
_LEFTOVER_SPACE_RE = re.compile(r"\\[,;:! ]")
_SPACES_RE = re.compile(r"[ \t\r\n]+")
# What latexcodec and pybtex change in a text: commands, braces, comments, ties
# and ligatures (`` '' ,, -- ...).  A text without any is decoded unchanged.
LATEX_MARKUP_RE = re.compile(r"[\\{}%~`]|''|,,|--")


def decode(latex: str) -> str:
    """Rule: "LaTeX markup in the source is decoded (``{\\"u}`` → ``ü``,
    ``\\&`` → ``&``); braces are dropped."

    LaTeX ligatures are decoded as LaTeX prints them, so ``--`` becomes an en
    dash and ``---`` an em dash, while a single ``-`` stays a hyphen.
    Commands that have no text of their own and that latexcodec leaves in
    place (``\\emph``, ``\\textit``...) are dropped, keeping their argument; a
    LaTeX spacing command (``\\,``) becomes a space.  Runs of whitespace become
    one space.  Nothing is re-cased.
    """
    if not LATEX_MARKUP_RE.search(latex):
        # Most names, journals and numbers: latexcodec's character-by-character
        # lexer (most of the cost of reading an entry) would return them unchanged.
        return _SPACES_RE.sub(" ", latex).strip()
    return decode_markup(latex)


def decode_markup(latex: str) -> str:
    """:func:`decode` by pybtex and latexcodec, for any text (no fast path)."""
    text = _from_latex(latex)
    text = _LEFTOVER_SPACE_RE.sub(" ", text)
    text = _LEFTOVER_COMMAND_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()


def _from_latex(latex: str) -> str:
    """pybtex's decoding; text it cannot read loses what stops it, never the rest.

    The bibliography check reports such text (``bibliography.py``); this keeps
    a build without the check from crashing on it.
    """
    try:
        return str(Text.from_latex(latex))
    except PybtexSyntaxError:  # unbalanced braces: drop them all, then decode
        return _from_latex(latex.replace("{", "").replace("}", ""))
    except UnicodeDecodeError:  # a backslash latexcodec cannot read (at the end: "title \\")
        if "\\" not in latex:
            raise
        stripped = latex.rstrip("\\ ")
        return _from_latex(stripped if stripped != latex else latex.replace("\\", ""))


def is_fully_braced(token: str) -> bool:
    """Whether ``token`` is one brace group: ``{Clinical Guidelines Committee}``."""
    if not (token.startswith("{") and token.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(token):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index == len(token) - 1
    return False

"""LaTeX in bibliography fields, decoded into the text readers see.

Decoding is pybtex's own (:meth:`pybtex.richtext.Text.from_latex`, which reads
braces and hands the rest to latexcodec).  A few things exporters write that
pybtex does not read are set right around it, each for a reason seen in real
exported libraries: escaped braces and dollars (which pybtex's brace parser
takes for real ones), math (``$E$4``, ``1{$\\cdot$}8``), spacing commands with
an argument (``\\hspace{0pt}``), a handful of text symbols latexcodec leaves
as commands (``\\textgreater``), and commands that keep their argument
(``\\emph{ in }``, whose spaces are part of the text).

The reader (``reader.py``) decodes every field of an entry once, when it
reads the entry; nothing downstream sees LaTeX again.  The text keeps the
source's characters and case: the house typography (curly apostrophes, en
dashes in ranges) is the style's business, not the model's.
"""

from __future__ import annotations

import functools
import re

from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

# Characters that are never text: C0 controls but tab, line feed and carriage
# return, DEL, and the noncharacters U+FFFE and U+FFFF.
UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# What latexcodec and pybtex change in a text: commands, braces, comments, ties,
# math and ligatures (`` '' ,, -- ...).  A text without any is decoded unchanged.
LATEX_MARKUP_RE = re.compile(r"[\\{}%~`$]|''|,,|--")

# Set aside before pybtex reads the braces, put back after: private-use characters.
_ESCAPES = {"\\{": "\ue000", "\\}": "\ue001", "\\$": "\ue002"}
_ESCAPES_RE = re.compile(r"\\[{}$]")
_RESTORED = {value: key[1] for key, value in _ESCAPES.items()}
_RESTORED_RE = re.compile("[\ue000-\ue002]")
# Spacing and reference commands whose argument is not text.
_SPACING_COMMANDS = r"\\(?:[hv]space\*?|label|index|kern|phantom)"
_DROPPED_RE = re.compile(_SPACING_COMMANDS + r"\s*(?:\{[^{}]*\}|\S+)")
# Math: its content is text: latexcodec decodes its commands (``$\\beta$``),
# super- and subscript marks are dropped, and so are the dollars it leaves.
_MATH_RE = re.compile(r"\$([^$]*)\$")
_SCRIPT_RE = re.compile(r"[\^_]")
# Text symbols latexcodec leaves as commands.
_SYMBOLS = {
    "textgreater": ">",
    "textless": "<",
    "textbar": "|",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textquotesingle": "'",
    "textunderscore": "_",
}
_SYMBOLS_RE = re.compile(r"\\(" + "|".join(_SYMBOLS) + r")(?![A-Za-z])(?:\{\})?")
# A command latexcodec left in place (it has no text of its own): dropped with
# the one space that ends its name, so that an argument's own spaces stay.
_LEFTOVER_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*? ?")
_LEFTOVER_SPACE_RE = re.compile(r"\\[,;:! ]")
_SPACES_RE = re.compile(r"[ \t\r\n\u00a0]+")


def decode(latex: str) -> str:
    """Rule: "LaTeX markup in the source is decoded (``{\\"u}`` → ``ü``,
    ``\\&`` → ``&``); braces are dropped."

    LaTeX ligatures are decoded as LaTeX prints them, so ``--`` becomes an en
    dash and ``---`` an em dash, while a single ``-`` stays a hyphen.  Ties
    (``~``) and spacing commands (``\\,``) become spaces; runs of whitespace
    one space.  Characters that are never text are removed (the bibliography
    check reports them).  Nothing is re-cased.
    """
    latex = UNPRINTABLE_RE.sub("", latex)
    if not LATEX_MARKUP_RE.search(latex):
        # Most names, journals and numbers: latexcodec's character-by-character
        # lexer (most of the cost of reading an entry) would return them unchanged.
        return _SPACES_RE.sub(" ", latex).strip()
    words = _words(latex)
    if words is None:
        return decode_markup(latex)
    # A title word by word: its plain words as they are, the others each decoded once
    # per build (a library writes "{MRI}" and "na{\"i}ve" again and again).
    decoded = (_decoded(word) if LATEX_MARKUP_RE.search(word) else word for word in words)
    return _SPACES_RE.sub(" ", " ".join(decoded)).strip()


# Where a space may not part words decoded alike: a comment (to the end of the
# text), math, escaped braces, a backslash that starts a line break, a spacing
# command (dropped with its argument, it leaves the command before it at the
# space); and, at a word's end, a command, which takes the space (``\c c``,
# ``\em text``).
_NOT_WORD_BY_WORD_RE = re.compile(r"[%$]|\\[{}\\]|" + _SPACING_COMMANDS)
_ENDS_WITH_COMMAND_RE = re.compile(r"\\(?:[A-Za-z]+|.)?$")
_WORD_SPACES_RE = re.compile(r"([ \t\r\n]+)")
_BRACES_RE = re.compile(r"[{}]")


def _words(latex: str) -> list[str] | None:
    """``latex`` cut at the spaces outside braces that do not follow a command, such that
    decoding it word by word gives what decoding it whole gives (tested on every field of
    the real libraries); None if it cannot be (see above), or its braces do not balance."""
    if _NOT_WORD_BY_WORD_RE.search(latex):
        return None
    words: list[str] = []
    depth = 0
    parts = _WORD_SPACES_RE.split(latex)  # words, each space between them kept
    for index in range(0, len(parts), 2):
        part = parts[index]
        if words and (depth > 0 or _ENDS_WITH_COMMAND_RE.search(words[-1])):
            words[-1] += parts[index - 1] + part  # the space as written: a backslash takes a tab otherwise than a space
        else:
            words.append(part)
        for brace in _BRACES_RE.findall(part):
            depth += 1 if brace == "{" else -1
            if depth < 0:
                return None
    return words if depth == 0 else None


def decode_markup(latex: str) -> str:
    """:func:`decode` by pybtex and latexcodec, for any text, whole (no fast path)."""
    return _SPACES_RE.sub(" ", _decoded(latex)).strip()


@functools.lru_cache(maxsize=16384)
def _decoded(latex: str) -> str:
    """``latex`` decoded, its spaces as they come out (:func:`decode_markup` tidies them).

    Kept per text: a library names the same authors, journals and words again and again."""
    latex = _ESCAPES_RE.sub(lambda match: _ESCAPES[match.group()], UNPRINTABLE_RE.sub("", latex))
    latex = _DROPPED_RE.sub("", latex)
    latex = _MATH_RE.sub(lambda match: "$" + _SCRIPT_RE.sub("", match.group(1)) + "$", latex)
    latex = _SYMBOLS_RE.sub(lambda match: _SYMBOLS[match.group(1)], latex)
    text = _from_latex(latex)
    text = _LEFTOVER_SPACE_RE.sub(" ", text)
    text = _LEFTOVER_COMMAND_RE.sub("", text).replace("$", "")
    return _RESTORED_RE.sub(lambda match: _RESTORED[match.group()], text)


def _from_latex(latex: str) -> str:
    """pybtex's decoding; text it cannot read loses what stops it, never the rest.

    The bibliography check reports such text (``bib_rules.py``); this keeps a
    build without the check from crashing on it.
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

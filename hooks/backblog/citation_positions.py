"""Where each citation is in a page's source, though Python-Markdown keeps no positions.

Once fenced code is set aside (and before raw HTML is), :class:`MarkPositions`
puts an invisible position marker before every ``@`` that may start a
citation: an entry of Python-Markdown's own HTML stash holding nothing, which
its postprocessor removes wherever the marker ends up (text, code,
attributes).  The marker says which line of the page's source the ``@`` is on,
so nothing searches the page's text again.  :class:`RecordLines` keeps the
lines as they were before fenced code collapsed, to align the two.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import HTML_PLACEHOLDER, INLINE_PLACEHOLDER_PREFIX, STX

_ANY_MARK_RE = re.compile(HTML_PLACEHOLDER % r"(\d+)")
# Python-Markdown's placeholders: stashed HTML and nodes ("\x02wzxhzdk:3\x03",
# "\x02klzzwxh:0001\x03"), and escaped characters ("\x0291\x03" for "[").
_STASHED_RE = re.compile(re.escape(STX) + r"[a-z]+:\d+\x03")
_ESCAPED_RE = re.compile(re.escape(STX) + r"(\d+)\x03")
INLINE_RE = re.compile(re.escape(INLINE_PLACEHOLDER_PREFIX) + r"\d+\x03")
# Where a marker goes: before a "[" that opens a citation (not an escaped
# one), before an "@" that may start a key (at the start of a line or after a
# space, ";", "(" or "-"), and before a stray "\bibliography".
_MARK_AT_RE = re.compile(
    r"(?<!\\)(?=\[\s*@)"
    r"|(?:^|(?<=[\s;(\-]))(?=@\w)"
    r"|(?=\\(?:full_)?bibliography\b)"
)
MARKS = HTML_PLACEHOLDER % r"\d+"
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}\s")


@dataclass
class SourcePositions:
    """What the position preprocessors found in one conversion."""

    lines: list[str] = field(default_factory=list)
    """The page's lines before fenced code is set aside."""
    marks: dict[int, int] = field(default_factory=dict)
    """Stash index of a position marker -> the source line it marks."""
    headings: list[tuple[int, str]] = field(default_factory=list)
    """Each ATX heading line (``## ...``) outside fenced code: its source line and text."""

    def clean(self, text: str) -> str:
        """``text`` as the editor wrote it: no markers or stashed nodes, escaped characters restored."""
        return _ESCAPED_RE.sub(lambda m: chr(int(m.group(1))), _STASHED_RE.sub("", text))

    def line_of(self, text: str) -> int | None:
        """The line of the first position marker in ``text``."""
        for match in _ANY_MARK_RE.finditer(text):
            line = self.marks.get(int(match.group(1)))
            if line is not None:
                return line
        return None


class RecordLines(Preprocessor):
    """Keeps the page's lines as they are before fenced code is set aside."""

    def __init__(self, md: Markdown, positions: SourcePositions) -> None:
        super().__init__(md)
        self.positions = positions

    def run(self, lines: list[str]) -> list[str]:
        self.positions.lines = list(lines)
        self.positions.marks.clear()
        self.positions.headings.clear()
        return lines


class MarkPositions(Preprocessor):
    """Puts a position marker before every ``@`` that may start a citation.

    ``first_line`` gives the line of the file the converted Markdown starts on.
    """

    def __init__(self, md: Markdown, positions: SourcePositions, first_line: Callable[[], int]) -> None:
        super().__init__(md)
        self.positions = positions
        self.first_line = first_line

    def run(self, lines: list[str]) -> list[str]:
        first = self.first_line()
        source_index = _align(self.positions.lines, lines)
        for index, line in enumerate(lines):
            if _HEADING_RE.match(line) and index in source_index:
                self.positions.headings.append((first + source_index[index], line))
        if not any("@" in line or "bibliography" in line for line in lines):
            return lines
        marked = []
        for index, line in enumerate(lines):
            if ("@" in line or "bibliography" in line) and index in source_index:
                line_number = first + source_index[index]
                line = _MARK_AT_RE.sub(functools.partial(self._marker, line_number), line)
            marked.append(line)
        return marked

    def _marker(self, line: int, _match: re.Match[str] | None = None) -> str:
        placeholder = self.md.htmlStash.store("")
        self.positions.marks[self.md.htmlStash.html_counter - 1] = line
        return placeholder


def _align(before: list[str], after: list[str]) -> dict[int, int]:
    """Which line of ``before`` each unchanged line of ``after`` is (fenced
    code collapses into one placeholder line, so lines shift).

    The lines before the first change and after the last are paired directly:
    only what lies between goes to difflib, whose cost grows with the square of
    its input (a post's "Cite this post" code blocks are at its end)."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    found = {index: index for index in range(head)}
    middle_before, middle_after = before[head:len(before) - tail], after[head:len(after) - tail]
    if middle_before and middle_after:
        matcher = difflib.SequenceMatcher(None, middle_before, middle_after, autojunk=False)
        for block in matcher.get_matching_blocks():
            for offset in range(block.size):
                found[head + block.b + offset] = head + block.a + offset
    for offset in range(1, tail + 1):
        found[len(after) - offset] = len(before) - offset
    return found

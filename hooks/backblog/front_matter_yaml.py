"""The YAML of a post's front matter, read into values with the line of every field.

The YAML is composed into nodes first (with a ``SafeLoader`` subclass) and the
values are built from the nodes, so every key keeps its line (the node's
``start_mark``), a key written twice is seen (plain YAML keeps the last value
and says nothing), and nothing an editor never writes gets constructed:

- **no aliases** (``*name``): refused while composing, so the node tree is never
  larger than the text and a "billion laughs" bomb costs no time or memory.
  Counting expansions would also bound it, but would accept a feature no post
  needs and that makes a field's value come from another line;
- **no tags** beyond the plain ones (text, numbers, dates, true/false, null,
  lists, mappings): ``!!python/object``, ``!!binary``, ``!!set``, ``<<`` merges and
  custom ``!tags`` are reported, never constructed;
- **nesting at most** :data:`MAX_DEPTH` deep, checked while composing (PyYAML's
  composer recurses, so a deep ``[[[[...`` would otherwise end in RecursionError).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: How deep lists and mappings may nest (a post needs 2: ``date:`` → ``created:``).
MAX_DEPTH = 20

_CORE = "tag:yaml.org,2002:"
#: The tags a front-matter value may resolve to; anything else is refused.
PLAIN_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@dataclass(frozen=True)
class FrontMatterProblem:
    """One problem in a post, at a line of its file (1 is the opening ``---``)."""

    line: int
    message: str


@dataclass
class YamlFields:
    """What :func:`read_yaml_fields` found."""

    values: dict[str, Any] = field(default_factory=dict)
    #: ``"title"`` → its line; nested keys and list items too: ``"date.created"``, ``"authors.0"``.
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[FrontMatterProblem] = field(default_factory=list)
    #: Top-level fields already reported here, which later checks leave alone.
    reported: set[str] = field(default_factory=set)
    #: False when the YAML could not be read as 'name: value' lines at all.
    readable: bool = True


@dataclass(frozen=True)
class YamlSubject:
    """Whose YAML it is, as the messages name it."""

    #: What the messages call it: "front matter".
    name: str = "front matter"
    #: Who may not use an alias or a tag in it: "a post's front matter".
    owner: str = "a post's front matter"
    #: A line it could start with, for the message on a file that is not 'name: value' lines.
    example: str = "description: One plain sentence that sums up the post."


FRONT_MATTER = YamlSubject()


class _Refused(yaml.MarkedYAMLError):
    """Something the loader refuses to compose: an alias, or nesting too deep."""


class _FrontMatterLoader(yaml.SafeLoader):
    """A ``SafeLoader`` that composes no alias and no deeply nested node."""

    def __init__(self, stream: str, subject: YamlSubject) -> None:
        super().__init__(stream)
        self._depth = 0
        self._subject = subject

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(problem=(
                f"'*{event.anchor}' is a YAML alias, which {self._subject.owner} may not use: "
                "write the value out in full"
            ), problem_mark=event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(problem=(
                f"{self._subject.name} is nested more than {MAX_DEPTH} levels deep: "
                "write plain 'name: value' lines and short lists"
            ), problem_mark=self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml_fields(text: str, first_line: int, subject: YamlSubject = FRONT_MATTER) -> YamlFields:
    """The fields of the YAML ``text``, whose first line is line ``first_line`` of the file."""
    found = YamlFields()
    try:
        loader = _FrontMatterLoader(text, subject)  # checks every character first
    except yaml.YAMLError as error:
        found.problems.append(_syntax_problem(error, text, first_line, subject))
        found.readable = False
        return found
    try:
        root = loader.get_single_node()
    except _Refused as refused:
        line = refused.problem_mark.line + first_line if refused.problem_mark else first_line
        found.problems.append(FrontMatterProblem(line, str(refused.problem)))
        found.readable = False
        return found
    except yaml.YAMLError as error:
        found.problems.append(_syntax_problem(error, text, first_line, subject))
        found.readable = False
        return found
    finally:
        loader.dispose()
    if root is None:  # only blank lines or comments
        return found
    if not isinstance(root, MappingNode) or root.tag != _CORE + "map":
        found.problems.append(FrontMatterProblem(root.start_mark.line + first_line, (
            f"{subject.name} must be 'name: value' lines: start each line with a field name, "
            f"such as '{subject.example}'"
        )))
        found.readable = False
        return found
    found.values = _Walk(loader, found, first_line, subject).mapping(root, "")
    return found


class _Walk:
    """Builds values from composed nodes, recording lines and problems on the way."""

    def __init__(self, loader: yaml.SafeLoader, found: YamlFields, first_line: int, subject: YamlSubject) -> None:
        self.loader, self.found, self.first_line = loader, found, first_line
        self.subject = subject

    def line(self, node: Node) -> int:
        return int(node.start_mark.line) + self.first_line

    def problem(self, node: Node, message: str, path: str) -> None:
        self.found.problems.append(FrontMatterProblem(self.line(node), message))
        self.found.reported.add(path.split(".", 1)[0])

    def value(self, node: Node, path: str) -> Any:
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace(_CORE, "!!")
            where = f"{self.subject.name} field '{path}'" if path else self.subject.name
            self.problem(node, (
                f"{where} uses the YAML tag '{tag}', which {self.subject.owner} may not use: remove it "
                f"({self.subject.name} holds only text, numbers, dates, true or false, and lists)"
            ), path)
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.found.lines[f"{path}.{index}"] = self.line(item)
                items.append(self.value(item, path))
            return items
        return self.scalar(node, path)

    def scalar(self, node: ScalarNode, path: str) -> Any:
        try:
            return self.loader.construct_object(node)
        except (ValueError, OverflowError) as error:
            if node.tag != _CORE + "timestamp":
                return node.value  # e.g. an integer too long to convert: keep the text as written
            name = path.split(".", 1)[0]
            self.problem(node, (
                f"{self.subject.name} field '{name}': not a real date ({error}): write YYYY-MM-DD, "
                "for example created: 2025-06-02"
            ), path)
            return node.value

    def mapping(self, node: MappingNode, path: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        seen: dict[str, list[int]] = {}
        for key, item in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in PLAIN_TAGS:
                self.problem(key, (
                    f"{self.subject.name} has a field name that is not a plain word: write 'name: value' lines, "
                    f"such as '{self.subject.example}'"
                ), path)
                continue
            name = f"{path}.{key.value}" if path else str(key.value)
            seen.setdefault(name, []).append(self.line(key))
            self.found.lines[name] = self.line(key)  # a key given twice: YAML keeps the last value
            values[str(key.value)] = self.value(item, name)
        for name, lines in seen.items():
            if len(lines) > 1:
                times = "twice" if len(lines) == 2 else f"{len(lines)} times"
                listed = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
                self.found.problems.append(FrontMatterProblem(lines[-1], (
                    f"{self.subject.name} field '{name}' is given {times} (lines {listed}): keep one"
                )))
        return values


def _syntax_problem(error: yaml.YAMLError, text: str, first_line: int, subject: YamlSubject) -> FrontMatterProblem:
    """A YAML syntax error, at its line."""
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        line = mark.line + first_line
    elif isinstance(error, yaml.reader.ReaderError):  # a character YAML does not accept
        line = text.count("\n", 0, error.position) + first_line
        return FrontMatterProblem(line, (
            f"{subject.name} has a character YAML does not accept (#x{error.character:04x}): remove it"
            if isinstance(error.character, int) else f"{subject.name} is not readable text: remove the odd characters"
        ))
    else:
        line = first_line
    problem = getattr(error, "problem", None) or str(error)
    return FrontMatterProblem(line, (
        f"{subject.name} is not valid YAML ({problem}): check the indentation and that "
        "every value with a ':' is in quotes"
    ))

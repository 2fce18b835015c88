"""Formatted references kept on disk between builds, by the digest of their content.

One JSON line per entry in ``.cache/backblog/references-<fingerprint>.jsonl``,
where the fingerprint changes with the house style's version, this package's
code, pybtex and latexcodec: a cached entry is never stale.  The cache only
saves time: a file that cannot be read or written is ignored, and a line that
cannot be read is skipped.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import types
import typing
from collections.abc import Container
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pybtex.database import BibliographyData, Entry

if TYPE_CHECKING:
    from .references import FormattedReference


def _format_fingerprint() -> str:
    """What formatted entries depend on besides the entries: every module of
    this package (the style and its version among them), pybtex and latexcodec."""
    digest = hashlib.sha256()
    for package in ("pybtex", "latexcodec", "rispy"):
        digest.update(f"{package} {version(package)}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    return digest.hexdigest()[:16]


#: Changes whenever formatted entries may change: part of every digest.
FORMAT_FINGERPRINT = _format_fingerprint()


def entry_digest(entry: Entry) -> str | None:
    """A digest of everything an entry's formatted text depends on: its key,
    type, fields and names, and :data:`FORMAT_FINGERPRINT`.

    None for an entry that takes fields from another (``crossref``, ``xdata``),
    whose text depends on that other entry too: such entries are not cached by content.
    """
    if "crossref" in entry.fields or "xdata" in entry.fields:
        return None
    persons = {
        role: [[p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names] for p in people]
        for role, people in entry.persons.items()
    }
    content = [FORMAT_FINGERPRINT, str(entry.key), entry.type, list(entry.fields.items()), persons]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


@functools.cache
def _field_types(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the JSON line, without its deep copy of every value (a
    third of writing the cache): frozen dataclasses, tuples and lists of them, plain values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def _rebuild(kind: Any, data: Any) -> Any:
    """A value of type ``kind`` from its JSON form (nested frozen dataclasses, tuples)."""
    origin = typing.get_origin(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind) and isinstance(data, dict):
        hints = _field_types(kind)
        return kind(**{name: _rebuild(hints[name], value) for name, value in data.items()})
    if origin is tuple:
        (item,) = {arg for arg in typing.get_args(kind) if arg is not Ellipsis}
        return tuple(_rebuild(item, value) for value in data)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return None if data is None else _rebuild(options[0], data)
    return data


class ReferenceCache:
    """Formatted entries on disk: one JSON line per entry, keyed by its digest.

    One file per :data:`FORMAT_FINGERPRINT` (files of other versions are
    deleted); new entries are appended in batches (:meth:`flush`, which the
    build calls at its end); a file grown to more than twice the bibliography
    is rewritten with its entries only.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / f"references-{FORMAT_FINGERPRINT}.jsonl"
        self._pending: list[str] = []

    def load(self, bib_data: BibliographyData, known: Container[str] = ()) -> dict[str, FormattedReference]:
        """The cached entries but those ``known`` (already in memory: a ``serve`` rebuild);
        drops other versions' files and compacts this one."""
        from .references import FormattedReference

        try:
            for other in self.folder.glob("references-*.jsonl"):
                if other != self.path:
                    other.unlink(missing_ok=True)
            lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        except OSError:
            return {}
        found: dict[str, FormattedReference] = {}
        compact = len(lines) > 2 * len(bib_data.entries) + 256
        skipped = () if compact else known  # a compacted file keeps every current entry
        for line in lines:
            try:
                record = json.loads(line)
                if record["digest"] not in skipped:
                    found[record["digest"]] = _rebuild(FormattedReference, record["reference"])
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
        if compact:
            current = {entry_digest(entry) for entry in bib_data.entries.values()}
            found = {digest: ref for digest, ref in found.items() if digest in current}
            self._rewrite(found)
        return found

    def add(self, digest: str, reference: FormattedReference) -> None:
        """Keep a new entry, written with others by :meth:`flush` (one file open per batch)."""
        self._pending.append(self._line(digest, reference))
        if len(self._pending) >= 256:
            self.flush()

    def flush(self) -> None:
        """Append the entries kept since the last flush to the file."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write("".join(pending))
        except OSError:
            pass

    def _rewrite(self, references: dict[str, FormattedReference]) -> None:
        partial = self.path.with_suffix(".tmp")
        try:
            partial.write_text("".join(self._line(d, r) for d, r in references.items()), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass

    @staticmethod
    def _line(digest: str, reference: FormattedReference) -> str:
        return json.dumps({"digest": digest, "reference": _plain(reference)}, ensure_ascii=False) + "\n"

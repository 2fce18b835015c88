"""Check bibliography.bib and every page without building the site.

Usage: ``python tools/check_content.py [path/to/mkdocs.yml]`` (``make lint`` runs
it; so can a pre-commit hook).  Prints one line per problem, as
``path:line: what to do``, then the entries that no page cites, and exits
with 1 if there is any error or warning.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "hooks"))

from backblog.content_check import check_content  # noqa: E402 (needs the path above)


def main(argv: list[str]) -> int:
    config_file = Path(argv[0]) if argv else PROJECT / "mkdocs.yml"
    report = check_content(config_file)
    for line in report.errors:
        print(f"error: {line}")
    for line in report.warnings:
        print(f"warning: {line}")
    for line in report.notes:
        print(f"note: {line}")
    for line in report.unused:
        print(f"unused: {line}")
    problems = len(report.errors) + len(report.warnings)
    print(
        f"{problems} problem(s) in {report.pages} page(s) and {report.entries} reference(s); "
        f"{len(report.unused)} reference(s) not cited"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

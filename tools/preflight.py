"""The Makefile's checks and values computed before a target runs, one line each.

``python3 tools/preflight.py address HOST:PORT`` prints why ``make serve`` cannot
listen there (the port is taken, or the address is not this machine's), or
nothing when it can: the Makefile turns that line into its one error message,
before MkDocs builds for ten seconds and then fails with a traceback.

``python3 tools/preflight.py source-date-epoch`` prints the time of the last
commit (``git log -1 --format=%ct``), or outside git the newest modification
time of the site's sources, for ``SOURCE_DATE_EPOCH`` (reproducible builds);
nothing if neither can be read.
"""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# What a build reads: an exported tree without .git dates itself by these.
SOURCES = ["mkdocs.yml", "bibliography.bib", "CONTRIBUTING.md", "docs", "hooks", "overrides"]


def address_problem(address: str) -> str | None:
    """Why ``make serve ADDR=address`` cannot listen, or None."""
    host, colon, port_text = address.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not colon or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return f"make serve: ADDR must be host:port, such as ADDR=127.0.0.1:8123 (got '{address}')"
    port = int(port_text)
    other = f"{'[' + host + ']' if ':' in host else host}:{port + 1 if port < 65535 else 8000}"
    try:
        family, kind, protocol, _, where = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        return f"make serve: cannot serve on {address}: '{host}' is not an address of this machine"
    with socket.socket(family, kind, protocol) as probe:
        # As MkDocs' server does: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(where)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"make serve: port {port} on {host} is already in use (another make serve?): "
                    f"stop it, or serve elsewhere with make serve ADDR={other}"
                )
            return f"make serve: cannot serve on {address}: {error.strerror}; try make serve ADDR=127.0.0.1:8000"
    return None


def source_date_epoch(project: Path = PROJECT) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(project), "log", "-1", "--format=%ct"], capture_output=True, text=True
        )
    except OSError:
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip().isdigit():
        return result.stdout.strip()
    times = [
        path.stat().st_mtime
        for name in SOURCES
        for path in ([project / name] if (project / name).is_file() else (project / name).rglob("*"))
        if path.is_file()
    ]
    return str(int(max(times))) if times else None


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["address"] and len(arguments) == 2:
        problem = address_problem(arguments[1])
    elif arguments == ["source-date-epoch"]:
        problem = source_date_epoch()
    else:
        sys.exit("usage: preflight.py address HOST:PORT | preflight.py source-date-epoch")
    if problem:
        print(problem)


if __name__ == "__main__":
    main(sys.argv[1:])

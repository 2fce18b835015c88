"""Make or repair the project's environment (.venv) from hash-locked requirement files.

Usage: ``python3 tools/make_venv.py .venv requirements/site.txt [requirements/dev.txt]``
(the Makefile runs it before every target that needs the environment).

Why not ``python3 -m venv .venv && .venv/bin/pip install -r ...`` alone: the
standard library's ``venv`` (with ``ensurepip``, Debian's ``python3-venv``)
creates an environment well, but it cannot tell whether an existing ``.venv`` is
still the one asked for. A ``.venv`` made by another Python, or left behind by an
interrupted or failed install, looks as usable as a good one, and reusing it
fails in ways that never name the cause. So this script keeps a record,
``.venv/backblog-env.json``: the Python that made it, and the digest of each
lock file installed. Before each target it checks that record and

- creates ``.venv`` when there is none;
- rebuilds it from scratch, saying why in one line, when it has no record (made by
  hand or by an older Makefile, or its creation was interrupted), when its Python
  no longer runs, when it was made by another Python (another version, or another
  installation), when an install into it did not finish (interrupted or failed),
  or when a lock file it holds has changed since;
- installs a set that is missing on top of the others (``make test`` adds the
  development set to the site set that ``make serve`` installed);
- does nothing, and prints nothing, when all is as asked.

Installs are ``pip install --require-hashes --only-binary :all:``: exactly the
locked files, no source builds (which would fetch unhashed build tools).
Python 3.11 or newer is required; the Makefile says so in one line before this
script runs (this file's syntax needs 3.7, so it cannot speak for older ones).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

MINIMUM = (3, 11)
RECORD = "backblog-env.json"


def interpreter() -> dict[str, str]:
    """The Python running this script: version (major.minor) and its real executable."""
    executable = getattr(sys, "_base_executable", sys.executable)
    return {
        "version": "{}.{}".format(*sys.version_info[:2]),
        "executable": os.path.realpath(executable),
    }


def describe(python: dict[str, str]) -> str:
    return f"Python {python['version']} ({python['executable']})"


def env_python(env: Path) -> dict[str, str] | None:
    """The Python inside ``env``, as :func:`interpreter` reports it; None if it does not run."""
    code = (
        "import os, sys; print('%d.%d' % sys.version_info[:2]); "
        "print(os.path.realpath(getattr(sys, '_base_executable', sys.executable)))"
    )
    try:
        result = subprocess.run(
            [str(env / "bin" / "python"), "-c", code], capture_output=True, text=True, timeout=60
        )
    except OSError:
        return None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != 2:
        return None
    return {"version": lines[0], "executable": lines[1]}


def digest(lock: Path) -> str:
    return hashlib.sha256(lock.read_bytes()).hexdigest()


def read_record(env: Path) -> dict | None:
    try:
        record = json.loads((env / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("sets"), dict) else None


def write_record(env: Path, record: dict) -> None:
    """Replace the record in one step, so that it is never seen half-written."""
    temporary = env / (RECORD + ".tmp")
    temporary.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(env / RECORD)


def why_rebuild(env: Path, locks: list[Path], python: dict[str, str]) -> str | None:
    """Why the existing ``env`` cannot be used as it is, or None if it can."""
    record = read_record(env)
    if record is None:
        return "it has no record of a finished install (made by hand or by an older Makefile, or interrupted)"
    if record.get("installing"):
        return f"installing {record['installing']} into it did not finish (interrupted or failed)"
    inside = env_python(env)
    if inside is None:
        return "its Python no longer runs (was the Python that made it removed or upgraded?)"
    if inside != python:
        return f"it was made by {describe(inside)}, and make is using {describe(python)}"
    for lock in locks:
        held = record["sets"].get(str(lock))
        if held is not None and held != digest(lock):
            return f"{lock} has changed since it was installed"
    return None


def create(env: Path, python: dict[str, str]) -> None:
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
    except subprocess.CalledProcessError:
        shutil.rmtree(env, ignore_errors=True)
        sys.exit(
            f"make: {describe(python)} cannot give a virtual environment pip (ensurepip is missing). "
            "On Debian or Ubuntu: sudo apt-get install python3-venv"
        )
    write_record(env, {"python": python, "sets": {}})


def install(env: Path, lock: Path, record: dict) -> None:
    record["installing"] = str(lock)
    write_record(env, record)
    command = [
        str(env / "bin" / "python"), "-m", "pip", "install",
        "--disable-pip-version-check", "--no-input", "--quiet",
        "--require-hashes", "--only-binary", ":all:", "--requirement", str(lock),
    ]  # fmt: skip
    if subprocess.run(command).returncode != 0:
        sys.exit(f"make: installing {lock} into {env} failed (see above); the next make rebuilds {env}")
    del record["installing"]
    record["sets"][str(lock)] = digest(lock)
    write_record(env, record)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One environment change at a time (a `make test` beside a starting `make serve`)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def ensure(env: Path, locks: list[Path]) -> None:
    python = interpreter()
    if sys.version_info < MINIMUM:
        sys.exit(f"make: found {describe(python)}; the Back Blog needs Python 3.11 or newer")
    for lock in locks:
        if not lock.is_file():
            sys.exit(f"make: {lock} is missing")
    with locked(env.resolve().parent):
        if env.exists() or env.is_symlink():
            reason = why_rebuild(env, locks, python)
            if reason is not None:
                print(f"make: rebuilding {env}: {reason}", flush=True)
                shutil.rmtree(env, ignore_errors=True)
                if env.is_symlink() or env.exists():
                    env.unlink()
        if not env.exists():
            print(f"make: creating {env} with {describe(python)}", flush=True)
            create(env, python)
        record = read_record(env)
        assert record is not None
        for lock in locks:
            if str(lock) not in record["sets"]:
                print(f"make: installing {lock} into {env}", flush=True)
                install(env, lock, record)


def main(arguments: list[str]) -> None:
    if len(arguments) < 2:
        sys.exit("usage: python3 tools/make_venv.py .venv requirements/site.txt [requirements/dev.txt]")
    ensure(Path(arguments[0]), [Path(name) for name in arguments[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])

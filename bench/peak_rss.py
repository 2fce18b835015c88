"""Run a command; write its own peak resident set size (KiB) to the file named first.

``python bench/peak_rss.py OUT COMMAND...``: the benchmark's launcher for each
measured build.  Linux counts in a process's ``ru_maxrss`` the memory of the
process it was forked from, at the moment it calls ``exec``: a build started
straight from the benchmark (which holds a whole corpus) was charged with the
benchmark's own size.  This small process forks the command, so the figure is
the command's own (plus this launcher's few MB at the fork).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    out, command = argv[0], argv[1:]
    pid = os.fork()
    if pid == 0:
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    with open(out, "w", encoding="utf-8") as file:
        file.write(str(usage.ru_maxrss))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

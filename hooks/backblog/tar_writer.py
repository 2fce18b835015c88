"""A build's download files, written by ``tar`` while MkDocs builds the pages.

A site has thousands of small downloads: each post's three lists and its own
two files, each cited reference's two (3,663 at 300 posts).  MkDocs writes
generated files one by one, in the build's only thread, before any page.
Creating a file is the file system's work, not Python's, and on a disk that
is busy (or has just deleted the last build's files) it takes up to a
millisecond: seconds of a build, and most of its spread between runs.

So in a build (``mkdocs build``, ``gh-deploy``) the downloads go, as MkDocs
copies its files, into one tar archive in a temporary file (a sequential
write, into the page cache), and at the first page a ``tar`` process unpacks
it into the site folder, on the other core, while this one builds the pages.
The build waits for it at its end (``on_post_build``) and fails, naming
``tar``'s own message, if it did not write every file.  Why ``tar`` and not a
thread: a thread would take Python's lock back after every system call, while
this thread holds it, and in measurement it gained less than half of what a process does.

Each file is added as it is made, piece by piece (the library's lists are
megabytes at a thousand posts): a header with a size of 0, the pieces, then
the header again with the size, written over the first (its length does not
depend on the size).  The archive is GNU tar's format, which GNU tar and
bsdtar (macOS, Windows, the BSDs) read; another ``tar`` (BusyBox) or none at
all, and the files are written in this process, as before.  ``tar`` gets no
owner, permissions or times from the archive (``--no-same-owner``,
``--no-same-permissions``, ``-m``): a file it writes is what ``open`` would
have made.
"""

from __future__ import annotations

import functools
import os
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from typing import IO

from mkdocs.exceptions import PluginError

#: What ``tar`` is told: unpack the archive on its standard input into ``-C``'s folder,
#: with the times, owner and permissions a file written by this process would get.
TAR_OPTIONS = ("-x", "-f", "-", "-m", "--no-same-owner", "--no-same-permissions")
_BLOCK = tarfile.BLOCKSIZE
# Less the umask, as open() and os.makedirs() make them (--no-same-permissions).
_FILE_MODE, _FOLDER_MODE = 0o666, 0o777


def _header(member: tarfile.TarInfo) -> bytes:
    """A member's header, in the one format of the archive (a file's first header and the one
    written over it, with its size, must be alike in length)."""
    return member.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape")


@functools.lru_cache(maxsize=1)
def tar_program() -> str | None:
    """The ``tar`` on the PATH, if it is GNU tar or bsdtar (which read GNU archives and take
    :data:`TAR_OPTIONS`); None otherwise."""
    program = shutil.which("tar")
    if program is None:
        return None
    try:
        version = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return program if version.returncode == 0 and ("GNU tar" in version.stdout or "bsdtar" in version.stdout) else None


class TarWriter:
    """Files added while MkDocs copies its files, unpacked into ``site_dir`` by ``tar``."""

    def __init__(self, site_dir: str, program: str) -> None:
        self.site_dir, self.program = site_dir, program
        self._archive: IO[bytes] | None = None  # a temporary file, from the first file added to finish()
        self._files = 0
        self._folders: set[str] = set()
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def for_build(cls, site_dir: str) -> TarWriter | None:
        """A writer for a build of ``site_dir``, or None where there is no ``tar`` to use."""
        program = tar_program()
        return cls(site_dir, program) if program is not None else None

    def add(self, dest_uri: str, pieces: Iterable[str]) -> None:
        """The file at ``dest_uri`` (relative to the site folder) holds the pieces joined,
        encoded as UTF-8 (as ``File.copy_file`` writes a text)."""
        if self._process is not None:
            raise RuntimeError(f"{dest_uri}: the downloads are already being unpacked")
        if self._archive is None:
            self._archive = tempfile.TemporaryFile()  # noqa: SIM115 (open until tar has read it: finish)
        archive = self._archive
        self._add_folders(archive, posixpath.dirname(dest_uri))
        member = tarfile.TarInfo(dest_uri)
        member.mode = _FILE_MODE
        header = _header(member)
        start = archive.tell()
        archive.write(header)
        size = 0
        for piece in pieces:
            data = piece.encode("utf-8")
            archive.write(data)
            size += len(data)
        archive.write(bytes(-size % _BLOCK))
        end = archive.tell()
        member.size = size
        archive.seek(start)
        archive.write(_header(member))
        archive.seek(end)
        self._files += 1

    def _add_folders(self, archive: IO[bytes], folder: str) -> None:
        """``folder`` and those above it, each before the first file in it. GNU tar, finding a
        file's folder missing, would make it; but it gives up on the file if it then finds the
        folder made (by MkDocs, writing the page beside it) and made none itself. A folder of
        the archive that exists is no error."""
        if not folder or folder in self._folders:
            return
        self._add_folders(archive, posixpath.dirname(folder))
        member = tarfile.TarInfo(folder)
        member.type, member.mode = tarfile.DIRTYPE, _FOLDER_MODE
        archive.write(_header(member))
        self._folders.add(folder)

    def start(self) -> None:
        """Close the archive and start ``tar`` on it (once; nothing to do without a file)."""
        archive = self._archive
        if archive is None or self._process is not None:
            return
        archive.write(bytes(2 * _BLOCK))  # the end of an archive
        archive.flush()
        archive.seek(0)
        os.makedirs(self.site_dir, exist_ok=True)
        self._process = subprocess.Popen(
            [self.program, *TAR_OPTIONS, "-C", self.site_dir],
            stdin=archive, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def finish(self) -> None:
        """Every file added is written (``tar`` is started if it was not): else a PluginError."""
        self.start()
        process, archive = self._process, self._archive
        self._process = self._archive = None
        if process is None or archive is None:
            return
        try:
            _, errors = process.communicate()
        finally:
            archive.close()
        if process.returncode != 0:
            message = errors.decode("utf-8", "replace").strip() or f"exit status {process.returncode}"
            raise PluginError(
                f"{self.site_dir}: tar could not write the site's {self._files} download files: {message}. "
                "Check that the folder can be written and the disk has room, then build again."
            )

    def abandon(self) -> None:
        """The build failed: ``tar`` is stopped, the archive let go."""
        process, archive = self._process, self._archive
        self._process = self._archive = None
        if process is not None:
            process.kill()
            process.communicate()
        if archive is not None:
            archive.close()

"""``make serve``: MkDocs' own preview server, showing an edited post in well under a second.

``mkdocs serve`` rebuilds the whole site on every save: about 10 s at 300 posts
and 40 s at 1000. This command serves the same site, built by MkDocs' own
``build`` with every plugin and hook, and adds one shortcut for the common case:

1. **Full build.** ``build`` writes the site into a staging folder; its files
   are then copied into the served folder, each one whole (written beside it
   and renamed over it), so a reader never gets half a page; files the build no
   longer writes are removed. The build's objects (configuration, files,
   navigation, template environment) are kept for step 2.
2. **A post's text edited.** When every changed file is a post that was there
   before, with the same front matter, and its title comes out the same, each
   such post is rendered again alone, with the kept objects, through every
   plugin's page events, by the two functions ``build`` itself uses for a page
   (``_populate_page`` and ``_build_page``), and published at once: the
   browsers reload.
3. **Entries edited.** When only the bibliography changed, with the same keys
   and no problem in a cited entry, it is read again into the last build
   (``hooks/back_blog.py``'s ``pages_with_changed_entries``, which builds again
   only the entries whose text changed) and the pages citing an entry that
   changed are rendered alone, as in step 2.
4. **The pages that show them follow** in the background, rendered alone the
   same way, as the hook names them (``dependents``): the page of each blog
   view (index, archive, category) where the post's excerpt falls, the home
   page, and, if what a post cites or an entry changed, the library and the
   downloads of the posts, the library and the entries. The search index gets
   those pages' new entries in their places and is written again. All are
   published together and the browsers reload again. Tag pages, feeds and the
   sitemap show a post's title, front matter and dates only, which steps 2 and
   3 never change. When this cannot be done (a second change arrived before it
   ran, the entries cited anywhere came or went, a page warns or fails), a full
   build (step 1) brings every page instead.
5. **Anything else** (a post added, deleted or renamed, front matter, a title,
   a key added, removed or renamed, ``mkdocs.yml``, hooks, templates, any other
   page): a full build at once, as ``mkdocs serve`` does.

A page rendered alone that logs a warning, or fails, is not published: the full
build runs and reports it as ``mkdocs serve`` would, and the served site stays
as it was until it passes. Changes are found by content (a hash of every file
MkDocs watches), not by modification times. ``mkdocs serve`` itself still works:
every save is then a full build.

Why not ``mkdocs serve --dirty``: it skips the other pages' events, so the blog
index, tags, search and our downloads come out wrong (issue 15). Why MkDocs'
private ``_populate_page``/``_build_page``: a page rendered alone must go through
exactly what ``build`` does for it; both exist in the pinned MkDocs 1.6.1, and
without them every save is a full build.

Usage: ``python tools/serve.py [--config-file mkdocs.yml] [--dev-addr HOST:PORT]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

try:
    from material.plugins.blog.structure import Post
    from mkdocs.commands.build import _build_page, _populate_page
except ImportError:  # another MkDocs or Material: every save is a full build
    Post = _build_page = _populate_page = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.backblog.serve")
# How often the server looks for changed files (MkDocs' default is 0.5 s).
POLLING_INTERVAL = 0.1


class _Keep(BasePlugin):
    """The objects of a full build, kept for rendering one page again."""

    files: Files | None = None
    nav: Navigation | None = None
    env: Any = None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.env, self.files = env, files
        return env


@dataclass
class Built:
    """A full build that passed: its objects, and the sources it was built from."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    sources: dict[str, str]  # path -> hash of its content
    front_matter: dict[str, str]  # a post's path -> its front matter as written


@dataclass
class Pending:
    """Posts rendered alone, with what the pages cited and how long the search index was
    before: what their follow-up needs to render the pages that show them."""

    posts: list[File]
    cited: dict[str, tuple[str, ...]]
    search_mark: int | None


def bibliography_paths(config: MkDocsConfig) -> list[Path]:
    """mkdocs-bibtex's ``bib_file`` and ``bib_dir``, as paths (not URLs)."""
    bibtex = config.plugins.get("bibtex")
    project = Path(config.config_file_path or ".").parent
    paths = []
    for name in ("bib_file", "bib_dir"):
        value = bibtex.config.get(name) if bibtex is not None else None
        if value and "://" not in str(value):
            paths.append(project / str(value))
    return paths


def back_blog_hook(config: MkDocsConfig) -> Any:
    """The Back Blog's hook module (``hooks/back_blog.py``), if this site has it."""
    return next((p for p in config.plugins.values() if hasattr(p, "pages_with_changed_entries")), None)


def watched_paths(config: MkDocsConfig) -> list[Path]:
    """What ``mkdocs serve`` watches (docs, mkdocs.yml, ``watch:``), the theme overrides
    and the bibliography files (``mkdocs serve`` only if ``watch:`` names them)."""
    paths = [Path(config.docs_dir), *(Path(item) for item in config.watch)]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    paths += bibliography_paths(config)
    custom_dir = config.theme.custom_dir
    if custom_dir:
        paths.append(Path(custom_dir))
    return paths


def scan(paths: list[Path]) -> dict[str, str]:
    """Every watched file's content hash, by absolute path."""
    found: dict[str, str] = {}
    for root in paths:
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            with contextlib.suppress(OSError):
                found[str(path.resolve())] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter, body) as Material's blog reads a post, or None without front matter."""
    match = YAML_RE.match(text)
    if not match:
        return None
    return match.group(1), text[match.end():].lstrip("\n")


def publish(staging: Path, served: Path, names: list[str] | None = None) -> None:
    """Copy files from ``staging`` into ``served``, each replaced whole; with no ``names``,
    every file, and the served files the staging folder no longer has are removed."""
    if names is None:
        names = [p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()]
        wanted = set(names)
        for path in sorted(served.rglob("*"), reverse=True):
            relative = path.relative_to(served).as_posix()
            if path.is_file() and relative not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for name in names:
        source, target = staging / name, served / name
        content = source.read_bytes()
        if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
        temporary.write_bytes(content)
        os.replace(temporary, target)


@contextlib.contextmanager
def warnings_logged() -> Iterator[list[logging.LogRecord]]:
    """The warnings and errors MkDocs and its plugins log meanwhile (as ``--strict`` counts them)."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


class Preview:
    """The served site and how it is brought up to date."""

    def __init__(self, config_file: str | None, dev_addr: str | None) -> None:
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.temporary = Path(tempfile.mkdtemp(prefix="backblog-serve-"))
        self.staging, self.served, self.signal = (self.temporary / name for name in ("staging", "site", "signal"))
        for folder in (self.staging, self.served, self.signal):
            folder.mkdir()
        self.lock = threading.Lock()
        self.built: Built | None = None
        self.config = self.load()
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.serve_url = _serve_url(host, port, self.mount_path)
        self.config.site_url = self.serve_url
        self.follow_up: threading.Thread | None = None
        #: How the last change was shown: "alone" (then a follow-up) or "full".
        self.shown: str | None = None
        #: Changes shown alone whose other pages are still to follow.
        self.pending: list[Pending] = []
        #: Whether the last follow-up rendered those pages alone (else: a full build).
        self.dependents_shown = False

    def load(self) -> MkDocsConfig:
        options = {"dev_addr": self.dev_addr} if self.dev_addr else {}
        return load_config(config_file=self.config_file, site_dir=str(self.staging), **options)

    # --- building --------------------------------------------------------------

    def full_build(self, config: MkDocsConfig | None = None) -> bool:
        """A full build, published; False (and the served site unchanged) if it failed."""
        if config is None:
            config = self.load()
            config.site_url = self.serve_url
        keep = _Keep()
        config.plugins["backblog/serve"] = keep
        # What the build reads, taken before it starts: a save during the build is a change after it.
        sources = scan(watched_paths(config))
        front_matter = {}
        for path in Path(config.docs_dir).rglob("*.md"):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                parts = split_front_matter(path.read_text(encoding="utf-8-sig"))
                if parts:
                    front_matter[str(path.resolve())] = parts[0]
        self.built = None
        self.pending = []  # this build brings every change so far
        gc.unfreeze()  # the last build's objects can go now (see below)
        try:
            build(config, serve_url=self.serve_url)
        except (Abort, BuildError, ConfigurationError, PluginError) as error:
            log.error(f"{error}\nThe preview stays as it was until the build passes.")
            return False
        publish(self.staging, self.served)
        # The kept build is millions of objects, which Python's cycle collector would go
        # through again and again while a page is rendered alone (0.3 to 0.5 s each time at
        # 300 posts): they are set aside from it until the next full build.
        gc.collect()
        gc.freeze()
        assert keep.files is not None and keep.nav is not None
        posts = {
            str(Path(file.abs_src_path).resolve())
            for file in keep.files.documentation_pages()
            if Post is not None and isinstance(file.page, Post) and file.abs_src_path
        }
        front_matter = {path: text for path, text in front_matter.items() if path in posts}
        self.built = Built(config, keep.files, keep.nav, keep.env, sources, front_matter)
        return True

    def quick_pages(self, changed: list[str]) -> list[File] | None:
        """The pages to render alone for these changes, or None if a full build is needed:
        posts whose text changed, or the pages citing entries of the bibliography that changed."""
        built = self.built
        if built is None or _populate_page is None or not changed:
            return None
        bibliographies = {str(path.resolve()) for path in bibliography_paths(built.config)}
        if all(path in bibliographies or any(path.startswith(b + os.sep) for b in bibliographies)
               for path in changed):
            return self.pages_citing_changed_entries()
        return self.quick_posts(changed)

    def pages_citing_changed_entries(self) -> list[File] | None:
        built = self.built
        assert built is not None
        hook = back_blog_hook(built.config)
        editor_paths = hook.pages_with_changed_entries() if hook is not None else None
        if editor_paths is None:
            return None
        return [file for file in built.files.documentation_pages() if hook.editor_path(file) in editor_paths]

    def quick_posts(self, changed: list[str]) -> list[File] | None:
        built = self.built
        assert built is not None
        by_path = {str(Path(f.abs_src_path).resolve()): f for f in built.files if f.abs_src_path}
        posts = []
        for path in changed:
            file = by_path.get(path)
            if file is None or path not in built.front_matter or not Path(path).is_file():
                return None
            parts = split_front_matter(Path(path).read_text(encoding="utf-8-sig"))
            if parts is None or parts[0] != built.front_matter[path]:
                return None
            posts.append(file)
        return posts

    def render_alone(self, posts: list[File]) -> bool:
        """Each post rendered again with the last full build's objects and published;
        False (nothing published) if any logs a warning or fails, or its title changes."""
        pages = [file.page for file in posts if file.page is not None]
        if len(pages) != len(posts) or not self.render(pages):
            return False
        publish(self.staging, self.served, [file.dest_uri for file in posts])
        return True

    def render(self, pages: list[Page], read: Callable[[], None] | None = None) -> bool:
        """Pages rendered again with the last full build's objects, as ``build`` renders them:
        each read (``_populate_page``), then ``read()``, then each built (``_build_page``);
        False if any logs a warning or fails, or its title changes."""
        built = self.built
        assert built is not None
        config, files, nav = built.config, built.files, built.nav
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        with warnings_logged() as problems:
            try:
                for page in pages:
                    assert page.file.abs_src_path
                    title = page.title
                    if isinstance(page, Post):
                        # What Material's Post reads in its constructor (its read_source does
                        # nothing), and what its blog plugin adds to it again: the authors,
                        # and a reading time it computes only when none is set.
                        parts = split_front_matter(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
                        assert parts is not None
                        page.markdown = parts[1]
                        page.authors = []
                        page.config.readtime = page.meta.get("readtime")
                    _populate_page(page, config, files)
                    if page.title != title:
                        return False
                if read is not None:
                    read()
                for page in pages:
                    _build_page(page, config, doc_files, nav, built.env, excluded=page.file.inclusion.is_excluded())
                    page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            except Exception:  # the full build reports it, as mkdocs serve would
                return False
        return not problems

    def render_dependents(self, pending: Pending) -> bool:
        """After posts were rendered alone: the pages and files that show them, rendered
        alone too, and the search index written again, all published together; False
        (nothing published) if the hook cannot say which they are, or any fails."""
        built = self.built
        hook = back_blog_hook(built.config) if built is not None else None
        if built is None or hook is None or pending.search_mark is None:
            return False
        posts = [file.page for file in pending.posts if file.page is not None]
        plan = hook.dependents(posts, pending.cited, built.files)
        if plan is None:
            return False
        pages, downloads = plan
        if not self.render(pages, lambda: hook.dependents_read(pages, built.files)):
            return False
        with warnings_logged() as problems:
            try:
                for file in downloads:
                    file.copy_file()
                index = hook.search_reindexed(pending.search_mark, posts + pages)
            except Exception:  # the full build reports it
                return False
        if problems or index is None:
            return False
        names = [page.file.dest_uri for page in pages] + [file.dest_uri for file in downloads]
        publish(self.staging, self.served, [*names, index])
        return True

    def rebuild(self) -> None:
        """What the server runs after files changed."""
        with self.lock:
            built = self.built
            sources = scan(watched_paths(built.config if built else self.config))
            if built is not None and sources == built.sources:
                return  # the follow-up published, or nothing that is built changed
            changed = sorted(
                path for path in {*sources, *(built.sources if built else {})}
                if built is None or sources.get(path) != built.sources.get(path)
            )
            posts = self.quick_pages(changed)
            self.follow_up = None
            if built is not None and posts is not None:
                # What the follow-up needs, from before the posts are rendered again.
                hook = back_blog_hook(built.config)
                pending = Pending(posts, hook.cited_keys() if hook else {}, hook.search_mark() if hook else None)
                if self.render_alone(posts):
                    self.shown = "alone"
                    built.sources = sources  # what is shown now: the next change is one from here
                    self.pending.append(pending)
                    names = ", ".join(os.path.relpath(f.abs_src_path or "", self.config.docs_dir) for f in posts)
                    log.info(f"Rendered {names or 'no page'} alone; the rest follows")
                    self.follow_up = threading.Thread(target=self._follow_up, daemon=True)
                    self.follow_up.start()
                    return
            self.shown = "full"
            self.full_build()

    def _follow_up(self) -> None:
        """The pages that show what was rendered alone: rendered alone too, if this is the
        only change since (``render_dependents``), else (or if that fails) a full build."""
        with self.lock:
            pending, self.pending = self.pending, []
            if not pending:
                return  # a full build since has brought everything
            self.dependents_shown = len(pending) == 1 and self.render_dependents(pending[0])
            published = self.dependents_shown or self.full_build()
        if published:
            # Any file in a watched folder wakes the server, which then reloads the browsers
            # (a failed build published nothing, and is not tried again until a file changes).
            (self.signal / "built").write_text(str(time.time_ns()), encoding="utf-8")

    # --- serving ---------------------------------------------------------------

    def serve(self) -> None:
        self.config.plugins.on_startup(command="serve", dirty=False)
        host, port = self.config.dev_addr
        server = LiveReloadServer(
            builder=self.rebuild, host=host, port=port, root=str(self.served), mount_path=self.mount_path,
            polling_interval=POLLING_INTERVAL,
        )

        def error_page(code: int) -> bytes | None:
            page = self.served / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        try:
            with self.lock:
                if not self.full_build(self.config):
                    raise SystemExit(1)
            for path in watched_paths(self.config):
                if path.exists():
                    server.watch(str(path))
            server.watch(str(self.signal))
            server = self.config.plugins.on_serve(server, config=self.config, builder=self.rebuild)
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            self.config.plugins.on_shutdown()
            shutil.rmtree(self.temporary, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", help="mkdocs.yml (default: the one in this folder)")
    parser.add_argument("-a", "--dev-addr", help="HOST:PORT to serve on (default: mkdocs.yml's dev_addr)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    logging.getLogger("mkdocs").propagate = True
    Preview(args.config_file, args.dev_addr).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

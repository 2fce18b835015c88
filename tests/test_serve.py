"""``make serve`` (``tools/serve.py``): after any sequence of changes, every served
file equals what a fresh full build of the same sources writes.

The fresh build runs in its own process, as ``mkdocs serve``'s first build does
(``on_startup(command="serve")``, the serve address); both honour one
``SOURCE_DATE_EPOCH``, so the feeds and the sitemap carry the same dates.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from sitebuilder import PROJECT, forget_plugin_instances, write_full_project

sys.path.insert(0, str(PROJECT / "tools"))

import serve

EPOCH = "1735689600"
SERVE_URL = "http://127.0.0.1:8765/"
FRESH_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2], dev_addr="127.0.0.1:8765")
config.site_url = sys.argv[3]
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=sys.argv[3])
config.plugins.on_shutdown()
"""


def post(title: str, created: str, category: str, tags: list[str], body: str, intro: str = "Intro without citations.") -> str:
    tag_lines = "".join(f"  - {tag}\n" for tag in tags)
    return (
        f"---\ndate:\n  created: {created}\nauthors:\n  - testauthor\ncategories:\n  - {category}\n"
        f"tags:\n{tag_lines}description: A synthetic post for tests.\n---\n\n# {title}\n\n{intro}\n\n"
        f"<!-- more -->\n\n{body}\n"
    )


POSTS = {
    "2025-01-first.md": post("Synthetic first post", "2025-01-15", "Exercise", ["low back pain"], "Body [@alpha2020]."),
    "2025-02-second.md": post("Synthetic second post", "2025-02-10", "Education", ["neck pain"], "Body [@beta2021; @alpha2020]."),
    "2025-03-third.md": post("Synthetic third post", "2025-03-05", "Imaging", ["imaging"], "Body [@gamma2022]."),
}


def fresh_build(config_file: Path, site: Path) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_BUILD, str(config_file), str(site), SERVE_URL],
        capture_output=True, text=True, env=env, cwd=config_file.parent, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def differences(served: Path, fresh: Path) -> list[str]:
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    mine, theirs = files(served), files(fresh)
    return sorted(
        [f"only served: {name}" for name in mine.keys() - theirs.keys()]
        + [f"only in a fresh build: {name}" for name in theirs.keys() - mine.keys()]
        + [f"differs: {name}" for name in mine.keys() & theirs.keys() if mine[name] != theirs[name]]
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changes(root: Path) -> list[tuple[str, str, Callable[[], None]]]:
    """(what, how it must be shown: "alone" first, a "full" build, or a build that "fails"; the change)."""
    posts = root / "docs" / "blog" / "posts"
    first, second, third = (posts / name for name in POSTS)
    bib = root / "bibliography.bib"
    return [
        ("a post's body edited, citing an entry another post cites", "alone",
         lambda: edit(first, "Body [@alpha2020].", "Body [@alpha2020]. More [@beta2021].")),
        # Its library entry and files do not exist yet: the page alone would link to nothing.
        ("a post citing an entry no page cited", "full",
         lambda: edit(first, "More [@beta2021].", "More [@beta2021; @delta2023].")),
        ("a post's introduction edited (its excerpt)", "alone",
         lambda: edit(second, "Intro without citations.", "Intro, edited.")),
        # The last change was shown alone, with no full build since: this one alone too.
        ("an entry two posts cite edited", "alone", lambda: edit(bib, "Synthetic title two", "Synthetic title two, edited")),
        ("a post's title edited", "full", lambda: edit(third, "# Synthetic third post", "# Synthetic renamed post")),
        ("tags changed", "full", lambda: edit(first, "  - low back pain", "  - guidelines")),
        ("a category changed", "full", lambda: edit(second, "  - Education", "  - Imaging")),
        ("a date changed", "full", lambda: edit(third, "created: 2025-03-05", "created: 2025-03-20")),
        ("a post made a draft", "full", lambda: edit(second, "description:", "draft: true\ndescription:")),
        ("a post added", "full", lambda: (posts / "2025-04-fourth.md").write_text(
            post("Synthetic fourth post", "2025-04-02", "Exercise", ["imaging"], "Body [@delta2023]."), encoding="utf-8")),
        ("a post deleted", "full", lambda: first.unlink()),
        ("an entry edited", "alone", lambda: edit(bib, "Synthetic title three", "Synthetic title three, edited")),
        ("an entry no page cites edited", "alone", lambda: edit(bib, "Synthetic title five", "Synthetic title 5")),
        # The build fails: the served site stays as the last build that passed left it.
        ("an entry given a mistake", "fails", lambda: edit(bib, "  volume = {2},", "  volume = {2},\n  pmid = {x12},")),
        ("the mistake mended", "full", lambda: edit(bib, "  pmid = {x12},\n", "")),
        ("an entry renamed", "full", lambda: (
            edit(bib, "@article{gamma2022,", "@article{gamma2022renamed,"),
            edit(third, "[@gamma2022]", "[@gamma2022renamed]"),
        )),
        ("a post's body edited again", "alone",
         lambda: edit(third, "Body [@gamma2022renamed].", "Body [@gamma2022renamed], and more words.")),
    ]


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> serve.Preview:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("SITE_URL", raising=False)
    config_file = write_full_project(tmp_path / "project", POSTS)
    forget_plugin_instances()
    shown = serve.Preview(str(config_file), "127.0.0.1:8765")
    shown.config.plugins.on_startup(command="serve", dirty=False)
    assert shown.full_build(shown.config)
    yield shown
    shown.config.plugins.on_shutdown()
    forget_plugin_instances()


def test_every_served_file_equals_a_fresh_build_after_each_change(preview: serve.Preview, tmp_path: Path) -> None:
    config_file = Path(preview.config.config_file_path)
    root = config_file.parent
    last = fresh_build(config_file, tmp_path / "fresh-0")
    assert differences(preview.served, last) == []
    for number, (what, how, change) in enumerate(changes(root), start=1):
        change()
        preview.rebuild()
        if how == "fails":
            assert preview.shown == "full" and preview.built is None, what
            assert differences(preview.served, last) == [], what
            continue
        assert preview.shown == how, what
        if preview.follow_up is not None:
            preview.follow_up.join()
            # The pages that show the change were rendered alone too, without a full build.
            assert preview.dependents_shown, what
        last = fresh_build(config_file, tmp_path / f"fresh-{number}")
        assert differences(preview.served, last) == [], what


def test_a_post_rendered_alone_is_the_page_a_full_build_writes(
    preview: serve.Preview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page shown at once, before the pages that show it follow, is already the final page."""
    monkeypatch.setattr(serve.Preview, "_follow_up", lambda self: None)
    root = Path(preview.config.config_file_path).parent
    edit(root / "docs/blog/posts/2025-01-first.md", "Body [@alpha2020].", "Body [@alpha2020], a sentence more.")
    preview.rebuild()
    assert preview.shown == "alone"
    fresh = fresh_build(Path(preview.config.config_file_path), tmp_path / "fresh")
    page = "blog/2025/01/15/synthetic-first-post/index.html"
    assert (preview.served / page).read_bytes() == (fresh / page).read_bytes()
    # Only the follow-up brings the rest: the search index still has the old text.
    assert "a sentence more" not in (preview.served / "search/search_index.json").read_text(encoding="utf-8")


def test_the_posts_citing_an_edited_entry_rendered_alone_are_the_pages_a_full_build_writes(
    preview: serve.Preview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve.Preview, "_follow_up", lambda self: None)
    root = Path(preview.config.config_file_path).parent
    edit(root / "bibliography.bib", "Synthetic title one", "Synthetic title one, edited")
    preview.rebuild()
    assert preview.shown == "alone"
    fresh = fresh_build(Path(preview.config.config_file_path), tmp_path / "fresh")
    for page in ("blog/2025/01/15/synthetic-first-post/index.html", "blog/2025/02/10/synthetic-second-post/index.html"):
        assert "Synthetic title one, edited" in (preview.served / page).read_text(encoding="utf-8")
        assert (preview.served / page).read_bytes() == (fresh / page).read_bytes(), page
    # The third post does not cite it: it was not rendered again.
    third = "blog/2025/03/05/synthetic-third-post/index.html"
    assert (preview.served / third).read_bytes() == (fresh / third).read_bytes()


def test_an_edited_introduction_reaches_the_page_of_each_view_that_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """23 posts: the blog's index and the archive have three pages of ten, each category
    two; the post edited is the 16th newest, on the second page of the index."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("SITE_URL", raising=False)
    posts = {
        f"2024-{n // 2 + 1:02d}-post-{n:02d}.md": post(
            f"Synthetic post {n}", f"2024-{n // 2 + 1:02d}-{n % 2 * 10 + 5:02d}", ("Exercise", "Imaging")[n % 2],
            ["imaging"], f"Body {n} [@alpha2020].", intro=f"Introduction of post {n}.",
        )
        for n in range(23)
    }
    config_file = write_full_project(tmp_path / "project", posts)
    forget_plugin_instances()
    shown = serve.Preview(str(config_file), "127.0.0.1:8765")
    shown.config.plugins.on_startup(command="serve", dirty=False)
    try:
        assert shown.full_build(shown.config)
        edit(config_file.parent / "docs/blog/posts/2024-04-post-07.md", "Introduction of post 7", "Introduction, edited")
        shown.rebuild()
        assert shown.shown == "alone" and shown.follow_up is not None
        shown.follow_up.join()
        assert shown.dependents_shown
        fresh = fresh_build(config_file, tmp_path / "fresh")
        assert differences(shown.served, fresh) == []
        showing = sorted(
            page.relative_to(fresh).as_posix() for page in fresh.rglob("index.html")
            if "Introduction, edited" in page.read_text(encoding="utf-8")
        )
        # The post, home (the five newest: not this one), and one page of each view.
        assert showing == [
            "blog/2024/04/15/synthetic-post-7/index.html", "blog/archive/2024/page/2/index.html",
            "blog/category/imaging/index.html", "blog/page/2/index.html",
        ], showing
    finally:
        shown.config.plugins.on_shutdown()
        forget_plugin_instances()


def test_two_saves_before_the_follow_up_are_followed_by_a_full_build(
    preview: serve.Preview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second save shown alone before the first one's pages followed: the search index
    and the kept build have both since, so one full build brings every page."""
    follow_up = serve.Preview._follow_up
    monkeypatch.setattr(serve.Preview, "_follow_up", lambda self: None)
    root = Path(preview.config.config_file_path).parent
    edit(root / "docs/blog/posts/2025-01-first.md", "Intro without citations.", "Intro, first save.")
    preview.rebuild()
    edit(root / "docs/blog/posts/2025-02-second.md", "Intro without citations.", "Intro, second save.")
    preview.rebuild()
    assert preview.shown == "alone" and len(preview.pending) == 2
    follow_up(preview)
    assert not preview.dependents_shown and preview.pending == []
    fresh = fresh_build(Path(preview.config.config_file_path), tmp_path / "fresh")
    assert differences(preview.served, fresh) == []


def test_a_post_with_a_mistake_is_not_shown_alone(preview: serve.Preview) -> None:
    root = Path(preview.config.config_file_path).parent
    before = (preview.served / "blog/2025/01/15/synthetic-first-post/index.html").read_bytes()
    edit(root / "docs/blog/posts/2025-01-first.md", "Body [@alpha2020].", "Body [@nosuchkey2020].")
    preview.rebuild()
    assert preview.shown == "full" and preview.built is None  # the full build failed, as it must
    assert (preview.served / "blog/2025/01/15/synthetic-first-post/index.html").read_bytes() == before


def test_publishing_replaces_each_file_whole(tmp_path: Path) -> None:
    staging, served = tmp_path / "staging", tmp_path / "served"
    (staging / "a").mkdir(parents=True)
    (served / "gone").mkdir(parents=True)
    (staging / "a" / "index.html").write_text("new", encoding="utf-8")
    (served / "a").mkdir()
    (served / "a" / "index.html").write_text("old", encoding="utf-8")
    (served / "gone" / "index.html").write_text("stale", encoding="utf-8")
    old_inode = (served / "a" / "index.html").stat().st_ino
    serve.publish(staging, served)
    assert (served / "a" / "index.html").read_text(encoding="utf-8") == "new"
    # A new file renamed over the old one: a reader has either the old page or the new one.
    assert (served / "a" / "index.html").stat().st_ino != old_inode
    assert sorted(p.relative_to(served).as_posix() for p in served.rglob("*")) == ["a", "a/index.html"]


def test_make_serve_shows_an_edit(tmp_path: Path) -> None:
    """The real server, as ``make serve`` runs it: an edited post is served with the change,
    with MkDocs' live-reload script."""
    config_file = write_full_project(tmp_path / "project", POSTS)
    with __import__("socket").socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, str(PROJECT / "tools" / "serve.py"), "-f", str(config_file), "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=config_file.parent, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/blog/2025/01/15/synthetic-first-post/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            if text in (shown := page()):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"never served {text!r}:\n{log.read_text(encoding='utf-8')[-3000:]}")

    try:
        assert "livereload" in wait_for("Synthetic first post")
        edit(config_file.parent / "docs/blog/posts/2025-01-first.md", "Body [@alpha2020].", "Body [@alpha2020], Servedword.")
        assert re.search(r"Servedword", wait_for("Servedword"))
    finally:
        server.terminate()
        server.wait(timeout=30)

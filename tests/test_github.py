"""The GitHub set-up: workflows that lint clean and keep their safety properties.

actionlint checks the workflows' syntax, expressions and action inputs; the
tests below read the YAML and pin the properties a careless edit could lose:
no ``pull_request_target``, read-only pull request runs, a strict build that is
never quiet, the offline link check, and code owners for what builds the site.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitebuilder import PROJECT

GITHUB = PROJECT / ".github"
WORKFLOWS = GITHUB / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
CODEOWNERS = GITHUB / "CODEOWNERS"
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflows in {WORKFLOWS}"
    return files


def load_workflow(path: Path) -> dict[Any, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict), path
    return workflow


def triggers(workflow: dict[Any, Any]) -> set[str]:
    """The event names a workflow runs on.

    YAML 1.1 reads the bare key ``on`` as the boolean True, so look for both.
    """
    on = workflow["on"] if "on" in workflow else workflow.get(True)
    if isinstance(on, str):
        return {on}
    if isinstance(on, list | dict):
        return {str(event) for event in on}
    raise AssertionError(f"cannot read the triggers of {workflow.get('name')!r}: {on!r}")


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow.get("jobs", {}).values() for step in job.get("steps", [])]


def run_scripts(workflow: dict[Any, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def commands(script: str) -> list[list[str]]:
    """The simple commands of a ``run:`` script, as word lists."""
    joined = re.sub(r"\\\n", " ", script)
    pieces = re.split(r"\n|&&|\|\||;|\|", joined)
    return [words for piece in pieces if (words := shlex.split(piece, comments=True))]


def runs_mkdocs(words: list[str]) -> bool:
    """``mkdocs ...``, ``.venv/bin/mkdocs ...`` or ``python -m mkdocs ...``."""
    names = ("mkdocs", "properdocs")
    module = words.index("-m") + 1 if "-m" in words else len(words)
    return Path(words[0]).name in names or (module < len(words) and words[module] in names)


def is_quiet_flag(word: str) -> bool:
    """``--quiet``, ``-q`` or short flags combined with ``q`` (``-sq``)."""
    return word == "--quiet" or bool(re.fullmatch(r"-[a-zA-Z]*q[a-zA-Z]*", word))


def quiet_mkdocs_commands(scripts: list[str]) -> list[str]:
    return [
        shlex.join(words)
        for script in scripts
        for words in commands(script)
        if runs_mkdocs(words) and any(is_quiet_flag(word) for word in words)
    ]


def make_recipe(target: str) -> list[str]:
    """The recipe lines of one Makefile target."""
    lines = (PROJECT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(target)}\s*:", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def index_of_command(scripts: list[str], wanted: list[str]) -> int | None:
    """Index of the first script with a command starting with ``wanted``."""
    for index, script in enumerate(scripts):
        if any(words[: len(wanted)] == wanted for words in commands(script)):
            return index
    return None


def lychee_commands(scripts: list[str]) -> list[tuple[int, list[str]]]:
    return [
        (index, words)
        for index, script in enumerate(scripts)
        for words in commands(script)
        if words and Path(words[0]).name == "lychee"
    ]


def codeowners() -> dict[str, list[str]]:
    """Pattern → owners; a later line for the same pattern wins, as on GitHub."""
    owners: dict[str, list[str]] = {}
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            owners[words[0]] = words[1:]
    return owners


# --- actionlint ---------------------------------------------------------------


def test_actionlint_passes_on_every_workflow() -> None:
    # shellcheck and pyflakes are switched off so that the result is the same on
    # every machine (GitHub's runners have shellcheck; ours need not).
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, workflow_files())],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the helpers can see what the tests look for ------------------------------


def test_helpers_read_the_triggers_and_find_quiet_builds() -> None:
    assert triggers(yaml.safe_load("on: [push, pull_request_target]")) == {"push", "pull_request_target"}
    assert triggers(yaml.safe_load("on:\n  pull_request:\n    branches: [main]\n")) == {"pull_request"}
    assert quiet_mkdocs_commands(["make setup && .venv/bin/mkdocs build -sq"]) == [".venv/bin/mkdocs build -sq"]
    assert quiet_mkdocs_commands(["python -m mkdocs build --strict \\\n  --quiet"]) != []
    assert quiet_mkdocs_commands(["mkdocs build --strict", "pip install -q mkdocs"]) == []


# --- the workflows' properties --------------------------------------------------


def test_no_workflow_triggers_on_pull_request_target() -> None:
    # pull_request_target runs with the base repository's secrets and write token
    # on code a stranger controls.
    offenders = [path.name for path in workflow_files() if "pull_request_target" in triggers(load_workflow(path))]
    assert offenders == []


def test_pull_request_workflow_runs_on_pull_requests_to_main() -> None:
    workflow = load_workflow(PULL_REQUEST)
    assert "pull_request" in triggers(workflow)
    on = workflow.get("on", workflow.get(True))
    assert on["pull_request"]["branches"] == ["main"]


def test_pull_request_workflow_is_read_only() -> None:
    workflow = load_workflow(PULL_REQUEST)
    assert workflow.get("permissions") == {"contents": "read"}
    widened = {
        name: job["permissions"]
        for name, job in workflow["jobs"].items()
        if "permissions" in job and job["permissions"] != {"contents": "read"}
    }
    assert widened == {}


def test_pull_request_checkout_keeps_no_credentials() -> None:
    checkouts = [s for s in steps(load_workflow(PULL_REQUEST)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def test_no_workflow_builds_quietly() -> None:
    # MkDocs 1.6 drops warnings under --quiet before --strict counts them.
    quiet = {path.name: quiet_mkdocs_commands(run_scripts(load_workflow(path))) for path in workflow_files()}
    assert {name: found for name, found in quiet.items() if found} == {}


def test_make_build_that_the_workflows_run_is_strict_and_not_quiet() -> None:
    builds = [line for line in make_recipe("build") if "mkdocs" in line]
    assert builds, "make build runs no mkdocs command"
    assert all("--strict" in shlex.split(line) for line in builds), builds
    assert quiet_mkdocs_commands(builds) == []


def test_pull_request_workflow_runs_the_tests_and_the_strict_build() -> None:
    scripts = run_scripts(load_workflow(PULL_REQUEST))
    test, build = index_of_command(scripts, ["make", "test"]), index_of_command(scripts, ["make", "build"])
    assert test is not None, "no 'make test' step"
    assert build is not None, "no 'make build' step"


def test_pull_request_workflow_checks_the_built_sites_links_offline() -> None:
    scripts = run_scripts(load_workflow(PULL_REQUEST))
    build = index_of_command(scripts, ["make", "build"])
    checks = lychee_commands(scripts)
    assert checks, "no lychee step"
    for index, words in checks:
        assert build is not None and index > build, "lychee runs before the site is built"
        for flag in ("--offline", "--include-fragments", "--index-files"):
            assert flag in words, f"lychee without {flag}: {shlex.join(words)}"


def test_deploy_workflow_has_exactly_the_pages_permissions() -> None:
    workflow = load_workflow(DEPLOY)
    assert workflow.get("permissions") == {"contents": "read", "pages": "write", "id-token": "write"}
    assert [name for name, job in workflow["jobs"].items() if "permissions" in job] == []


def test_deploy_workflow_deploys_main_one_at_a_time() -> None:
    workflow = load_workflow(DEPLOY)
    assert "push" in triggers(workflow)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


@pytest.mark.parametrize("pattern", ["/hooks/", "/mkdocs.yml", "/.github/"])
def test_codeowners_cover_what_builds_and_publishes_the_site(pattern: str) -> None:
    owners = codeowners().get(pattern, [])
    assert owners, f"{pattern} has no code owner in {CODEOWNERS.relative_to(PROJECT)}"
    assert all(owner.startswith("@") or "@" in owner for owner in owners), owners


def test_no_workflow_requires_the_shared_folder() -> None:
    # GitHub's runners have no ../shared beside the clone; only .ci/run does.
    setting = [
        path.name
        for path in workflow_files()
        if "REQUIRE_SHARED" in path.read_text(encoding="utf-8")
    ]
    assert setting == []


# --- supported Pythons and the two dependency sets ------------------------------


def jobs_running(workflow: dict[Any, Any], wanted: list[str]) -> list[dict[str, Any]]:
    """The jobs with a step whose script runs a command starting with ``wanted``."""
    return [
        job
        for job in workflow["jobs"].values()
        if index_of_command([s["run"] for s in job.get("steps", []) if "run" in s], wanted) is not None
    ]


def test_pull_request_tests_run_on_every_supported_python() -> None:
    [job] = jobs_running(load_workflow(PULL_REQUEST), ["make", "test"])
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    [setup] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
    # make uses that Python, not whichever python3 comes first on the PATH.
    for step in job["steps"]:
        if "run" in step and any(words[:1] == ["make"] for words in commands(step["run"])):
            assert step["env"]["PYTHON"] == f"${{{{ steps.{setup['id']}.outputs.python-path }}}}", step["name"]
            assert 'PYTHON="$PYTHON"' in step["run"], step["name"]


def test_a_matrix_uploads_the_built_site_once() -> None:
    # Artifact names must be unique within a run.
    for path in workflow_files():
        for job in load_workflow(path)["jobs"].values():
            uploads = [s for s in job.get("steps", []) if s.get("uses", "").startswith("actions/upload-artifact@")]
            if uploads and "matrix" in job.get("strategy", {}):
                assert all("matrix.python-version ==" in s.get("if", "") for s in uploads), path.name


def test_deploy_workflow_installs_the_site_set_only() -> None:
    workflow = load_workflow(DEPLOY)
    scripts = run_scripts(workflow)
    assert index_of_command(scripts, ["make", "build"]) is not None
    dev_targets = [["make", target] for target in ("test", "setup-dev", "lint", "bench")]
    assert [target for target in dev_targets if index_of_command(scripts, target) is not None] == []
    assert not [words for script in scripts for words in commands(script) if "pip" in words or "uv" in words]
    text = DEPLOY.read_text(encoding="utf-8")
    assert "requirements/dev" not in text
    [setup] = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["cache-dependency-path"] == "requirements/site.txt"
    # ...and `make build` installs the site set only.
    assert make_recipe("setup") == ["@$(ENV_FOR) $(SITE_SET)"]
    assert re.search(r"^build:\s*setup\s", (PROJECT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)


def test_every_workflow_build_names_its_address_and_deploy_uses_the_pages_address() -> None:
    # `make build` refuses without SITE_URL: a published site never carries the
    # preview address by default.
    for path in workflow_files():
        for step in steps(load_workflow(path)):
            if "run" in step and index_of_command([step["run"]], ["make", "build"]) is not None:
                assert step.get("env", {}).get("SITE_URL"), f"{path.name}: {step['name']} sets no SITE_URL"
    [deploy_build] = [s for s in steps(load_workflow(DEPLOY)) if "make build" in s.get("run", "")]
    assert deploy_build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"

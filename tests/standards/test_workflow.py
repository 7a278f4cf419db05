"""The nightly rebuild: a GitHub Actions workflow that is valid and runs when it should."""
from __future__ import annotations

import re
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


def test_the_nightly_build_keeps_the_content_cache_between_runs():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".cache"
    assert cache["with"]["restore-keys"] == "content-cache-"          # the newest one
    assert steps.index(cache) < next(i for i, s in enumerate(steps) if "make site" in s.get("run", ""))


# --------------------------------------------------------------------------- hardening
WORKFLOWS = sorted(WORKFLOW.parent.glob("*.yml"))


def steps_of(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def test_every_action_is_pinned_by_a_full_commit_and_the_container_by_its_digest():
    """A tag can be moved to other code; a commit cannot. The tag stays in a comment."""
    assert len(WORKFLOWS) >= 2
    for file in WORKFLOWS:
        text = file.read_text(encoding="utf-8")
        flow = yaml.safe_load(text)
        for step in steps_of(flow):
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert re.fullmatch(r"[0-9a-f]{40}", ref), (file.name, step["uses"])
                assert re.search(re.escape(step["uses"]) + r"\s+# v\d", text), (file.name, step["uses"])
        for name, job in flow["jobs"].items():
            image = job.get("container")
            if image is not None:
                image = image["image"] if isinstance(image, dict) else image
                assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), (file.name, name)


def test_checkout_leaves_no_credentials_and_no_expression_is_part_of_a_script():
    """A value from a step's outputs (or an event) inside `run:` is script text: one with a
    quote in it runs as code. It goes through `env:` instead."""
    for file in WORKFLOWS:
        flow = yaml.safe_load(file.read_text(encoding="utf-8"))
        for step in steps_of(flow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, file.name
            assert "${{" not in step.get("run", ""), (file.name, step.get("run"))


def test_only_main_is_deployed_to_pages():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    deploy = flow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"

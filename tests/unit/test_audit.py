"""scripts/audit.py (`make audit`) reads Lighthouse's results right: what fails a page, what
it lists, and which pages run again. Lighthouse itself runs only in `make audit`."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import PROJECT


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("vigil_audit_script", PROJECT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module            # dataclasses look their module up
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True    # no scripts/__pycache__/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    yield module
    del sys.modules[spec.name]


def lighthouse_result(scores: dict[str, float], audits: dict[str, dict] | None = None) -> dict:
    """The parts of a Lighthouse result (its JSON) the script reads."""
    audits = audits or {}
    categories = {category: {"score": score, "auditRefs": []} for category, score in scores.items()}
    for audit_id, audit in audits.items():
        categories[audit.pop("category")]["auditRefs"].append({"id": audit_id, "weight": 1})
    return {"categories": categories, "audits": audits, "runWarnings": []}


PERFECT = {"performance": 1, "accessibility": 1, "best-practices": 1, "seo": 1}


def test_a_page_at_100_everywhere_passes(audit):
    target = audit.Target("profile", "ru", "mobile")
    report = audit.report_of(target, lighthouse_result(PERFECT))
    assert report.passed and report.findings == ()
    assert target.path == "/ru/prisoners/alexey-pichugin/"


def test_a_failed_audit_fails_the_page_and_names_the_elements(audit):
    result = lighthouse_result({**PERFECT, "accessibility": 0.96}, {
        "color-contrast": {"category": "accessibility", "score": 0, "scoreDisplayMode": "binary",
                           "title": "Background and foreground colors do not have a sufficient contrast ratio.",
                           "details": {"items": [{"node": {"selector": "p.counter-note"}},
                                                 {"node": {"selector": "a.search-link"}}]}},
        "aria-allowed-role": {"category": "accessibility", "score": 0, "scoreDisplayMode": "notApplicable",
                              "title": "not applicable here"},
        "document-title": {"category": "accessibility", "score": 1, "scoreDisplayMode": "binary",
                           "title": "Document has a title"},
    })
    report = audit.report_of(audit.Target("home", "en", "desktop"), result)
    assert not report.passed
    assert report.scores["accessibility"] == 96
    assert [f.audit for f in report.findings] == ["color-contrast"]
    assert report.findings[0].detail == "p.counter-note; a.search-link"
    listed = audit.shortfalls({report.target: audit.Outcome(report, (100,))})
    assert listed == ["/ (desktop): accessibility: color-contrast (0.00) Background and foreground colors "
                      "do not have a sufficient contrast ratio.: p.counter-note; a.search-link"]


def test_a_page_short_in_performance_alone_runs_again_and_keeps_its_best_run(audit, monkeypatch):
    runs = iter([95, 99, 100])

    def run(target, origin, reports, attempt):
        return audit.report_of(target, lighthouse_result({**PERFECT, "performance": next(runs) / 100}))
    monkeypatch.setattr(audit, "run_lighthouse", run)
    target = audit.Target("list", "en", "mobile")
    outcome = audit.audit_page(target, "http://127.0.0.1:1", PROJECT, reruns=2)
    assert outcome.performance_runs == (95, 99, 100)
    assert outcome.report.passed
    assert "| list | en | 100* | 100 | 100 | 100 |" in audit.table({target: outcome}, ["list"], ["en"], ["mobile"])


def test_a_page_short_elsewhere_runs_once_and_fails(audit, monkeypatch):
    calls = []

    def run(target, origin, reports, attempt):
        calls.append(attempt)
        return audit.report_of(target, lighthouse_result({**PERFECT, "performance": 0.9, "seo": 0.92}))
    monkeypatch.setattr(audit, "run_lighthouse", run)
    outcome = audit.audit_page(audit.Target("post", "uk", "desktop"), "http://127.0.0.1:1", PROJECT, reruns=2)
    assert calls == [1]
    assert not outcome.report.passed


def test_a_run_that_failed_to_load_the_page_fails(audit):
    result = {"runtimeError": {"code": "NO_FCP", "message": "The page did not paint any content."}}
    report = audit.report_of(audit.Target("search", "en", "mobile"), result)
    assert not report.passed and report.problem.startswith("NO_FCP")
    assert audit.score_cell(audit.Outcome(report, (0,)), "seo") == "error"

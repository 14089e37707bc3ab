"""End to end in headless Chromium: a shared workspace over the real Neo4j, with accounts.

``ecograph serve --store bolt://... --users FILE`` as a user starts it. Anna and Ben sign in
from two browsers and open the same case from the database; Anna adds an actor and records an
encounter; Ben, still on the old version, adds another actor and is refused with the message
that the case changed. The database then holds Anna's changes only, the encounter says it was
recorded by anna, and the audit log in the database names her. Screenshots in
tests/workspace/_screenshots/store/.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli import app as cli
from ecograph.io.casefile import load_case
from ecograph.store.neo4j import Neo4jStore
from tests.conftest import EXAMPLES
from tests.workspace.conftest import served

pytestmark = [pytest.mark.browser, pytest.mark.neo4j, pytest.mark.slow]
SHOTS = Path(__file__).parent / "_screenshots" / "store"
PASSWORDS = {"anna": "anna-password-1", "ben": "ben-password-22"}


def _until(page: Any, predicate: str, timeout: float = 30.0) -> None:
    """Poll ``predicate`` in the page (its CSP forbids Playwright's wait_for_function)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => !!document.body && ({predicate})()"):
        if time.monotonic() > deadline:
            raise AssertionError(f"the page never got there: {predicate}")
        time.sleep(0.05)


def _sign_in(chromium: Any, url: str, name: str, errors: list[str]) -> tuple[Any, Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("#login-name")
    if name == "anna":  # a wrong password first: refused, the page says so
        page.fill("#login-name", name)
        page.fill("#login-password", "not-the-password")
        with page.expect_navigation():
            page.click("#login-submit")
        assert page.inner_text("#login-message") == "wrong name or password"
        page.screenshot(path=str(SHOTS / "00-wrong-password.png"))
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORDS[name])
    with page.expect_navigation():
        page.click("#login-submit")
    try:
        _until(page, "() => !!document.body.dataset.analysisVersion")
    except AssertionError:
        page.screenshot(path=str(SHOTS / f"failed-sign-in-{name}.png"))
        raise AssertionError(f"{page.url}: {page.content()[:2000]}") from None
    return context, page


def _version(page: Any) -> str:
    return str(page.evaluate("() => document.body.dataset.version"))


def _saved(page: Any, before: str) -> str:
    _until(
        page,
        f"() => document.body.dataset.version && document.body.dataset.version !== '{before}'"
        " && document.body.dataset.analysisVersion === document.body.dataset.version",
    )
    return _version(page)


def test_two_accounts_edit_a_neo4j_case_in_the_browser(chromium, neo4j_server, tmp_path: Path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    case_id = f"browser-{uuid.uuid4().hex[:8]}"
    with Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password) as s:
        s.save(load_case(EXAMPLES / "housing-advocacy.yaml").model_copy(update={"id": case_id}))
    users = tmp_path / "users.yaml"
    for name in PASSWORDS:
        r = CliRunner().invoke(
            cli,
            ["users", "add", name, "--users", str(users), "--case", f"{case_id}:edit"],
            env={"ECOGRAPH_USER_PASSWORD": PASSWORDS[name]},
        )
        assert r.exit_code == 0, r.output
    env = {"NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
    errors: list[str] = []
    with served(None, "--store", neo4j_server.uri, "--users", str(users), env=env) as url:
        assert "token=" not in url
        anna_ctx, anna = _sign_in(chromium, url, "anna", errors)
        ben_ctx, ben = _sign_in(chromium, url, "ben", errors)
        assert anna.input_value("#case-select") == case_id
        assert anna.inner_text("#sign-out") == "Sign out anna"
        v = _version(anna)
        assert v == _version(ben) == "1"
        anna.screenshot(path=str(SHOTS / "01-opened-from-neo4j.png"))
        # Anna adds a GP to the action system, then records an encounter on a relationship
        anna.click("#add-actor")
        anna.fill("#actor-name", "GP")
        anna.click("#system-action")
        anna.click("#actor-save")
        v = _saved(anna, v)
        assert v == "2"
        rel = load_case(EXAMPLES / "housing-advocacy.yaml").relationships[0]
        done = anna.evaluate(
            "([a, b]) => { const e = window.ecographCy.edges().filter(x =>"
            " (x.data('source') === a && x.data('target') === b) ||"
            " (x.data('source') === b && x.data('target') === a)); e.emit('tap'); return e.length; }",
            [rel.source, rel.target],
        )
        assert done >= 1
        anna.wait_for_selector("#record-date")
        anna.fill("#record-date", "2026-11-02")
        anna.click("#record-conflict")
        v = _saved(anna, v)
        anna.screenshot(path=str(SHOTS / "02-anna-edited.png"))
        # Ben still shows version 1: his edit is refused, and nothing of Anna's is lost
        ben.click("#add-actor")
        ben.fill("#actor-name", "Nursery")
        ben.click("#system-action")
        ben.click("#actor-save")
        ben.wait_for_selector("#problems:not([hidden])", timeout=30000)
        refusal = ben.inner_text("#problems-title") + "\n" + ben.inner_text("#problems-text")
        ben.screenshot(path=str(SHOTS / "03-ben-refused.png"))
        _until(ben, "() => document.body.dataset.version === '3'")  # reloaded: sees the change
        anna_ctx.close()
        ben.click("#problems-close")
        ben.click("#sign-out")
        ben.wait_for_selector("#login-name")
        ben_ctx.close()
    assert "changed since you opened it" in refusal, refusal
    assert errors == [], errors
    with Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password) as s:
        case, version = s.load_versioned(case_id)
        audit = s.read(
            lambda tx: [
                (r["user"], r["action"], r["version"])
                for r in tx.run(
                    "MATCH (e:AuditEntry {case_id: $c}) RETURN e.user AS user, "
                    "e.action AS action, e.version AS version ORDER BY e.at, e.version",
                    c=case_id,
                )
            ]
        )
    assert version == 3
    ids = {a.id for a in case.actors}
    assert "gp" in ids and "nursery" not in ids
    recorded = [
        o
        for r in case.relationships
        if {r.source, r.target} == {rel.source, rel.target}
        for o in r.history
        if str(o.date) == "2026-11-02"
    ]
    assert [o.recorded_by for o in recorded] == ["anna"]
    assert audit == [("anna", "edit", "2"), ("anna", "edit", "3")]

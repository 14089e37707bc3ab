"""End to end in headless Chromium: the parts of a case a social worker edits without YAML.

On the housing example, at 1024x768 (a laptop; the analysis beside the map is long):

1. She clicks the landlord: the form's **Save** is in sight, without scrolling. She clicks the
   worker's relationship with the landlord: the buttons that record an encounter are in sight,
   and the numbers of a mix only when the type is a mix.
2. She records an encounter "as seen by" the landlord alone, with her name, as a mix of
   agreement and conflict; and says that the landlord sees the relationship as an agreement
   (each side's own view). The case file holds both.
3. The case panel lists the agreements (parties, basis, status). She adds one -- the worker and
   the family, what each gives and gets, M. Horn's basis, terms, dates, status -- and sets the
   broken repairs promise to "ended". The case file holds both, as ``ecograph validate`` reads it.
4. What if…: each of the six interventions, tried with the choices the menu offers first, gives
   a before/after answer (no refusal because the first actor in the list is not a client),
   before and after side by side in a table, pair by pair.
5. Dragging the worker into the client system is refused with the change-agent rule, and the
   message carries no programmer's path such as ``actors[1].roles``.

Screenshots: tests/workspace/_screenshots/ux/ (looked at by hand).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ecograph.io.casefile import load_case
from ecograph.workspace.view import INTERVENTIONS
from tests.conftest import EXAMPLES
from tests.workspace.conftest import served, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).parent / "_screenshots" / "ux"
CASE = "housing-advocacy.yaml"


def _at(page: Any, actor: str) -> tuple[float, float]:
    """Return where ``actor`` is drawn on the screen."""
    x, y = page.evaluate(
        """(id) => { const n = window.ecographCy.getElementById(id), p = n.renderedPosition();
        const r = document.getElementById('cy').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }""",
        actor,
    )
    return x, y


def _in_sight(page: Any, selector: str) -> bool:
    """Whether ``selector`` is drawn whole inside the side panel's form, as it is scrolled."""
    return bool(
        page.evaluate(
            """(sel) => { const e = document.querySelector(sel).getBoundingClientRect();
            const box = document.getElementById('editor').getBoundingClientRect();
            return e.height > 0 && e.top >= box.top && e.bottom <= box.bottom
              && e.bottom <= window.innerHeight; }""",
            selector,
        )
    )


def _saved(page: Any, before: str) -> None:
    page.wait_for_function("(v) => document.body.dataset.version !== v", arg=before)


def _version(page: Any) -> str:
    return str(page.evaluate("document.body.dataset.version"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / CASE, tmp_path / CASE)
    return tmp_path


@pytest.fixture
def page(chromium: Any, folder: Path) -> Any:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with served(folder / CASE) as url, watched_page(chromium, url, (1024, 768)) as p:
        p.wait_for_selector("body[data-analysis-version]")
        yield p
        assert p.elsewhere == []


def test_the_form_and_the_record_buttons_are_in_sight_at_1024x768(page):
    page.mouse.click(*_at(page, "landlord"))
    page.wait_for_selector("#actor-save")
    page.screenshot(path=SHOTS / "1-actor.png")
    assert _in_sight(page, "#actor-save"), "Save is below the fold of a squeezed form"
    page.evaluate("window.ecographCy.getElementById('rel:worker~landlord').emit('tap')")
    page.wait_for_selector("#record-conflict")
    page.screenshot(path=SHOTS / "1-relationship.png")
    assert _in_sight(page, "#record-conflict")
    # a plain type shows no mix numbers, and the encounter's mix only when asked for
    assert page.is_hidden("#mix-conflict") and page.is_hidden("#record-mix-conflict")
    page.select_option("#rel-type", "mix")
    assert page.is_visible("#mix-conflict")


def test_each_sides_view_and_whose_view_an_encounter_is(page, folder: Path):
    page.evaluate("window.ecographCy.getElementById('rel:worker~landlord').emit('tap')")
    page.wait_for_selector("#record-seen-by")
    page.fill("#record-date", "2026-07-10")
    page.select_option("#record-seen-by", "landlord")
    page.fill("#record-by", "Ruth")
    page.click("#record-mix")  # the first click shows the mix
    page.fill("#record-mix-agreement", "0.6")
    page.fill("#record-mix-conflict", "0.4")
    v = _version(page)
    page.click("#record-mix")
    _saved(page, v)
    page.select_option("#view-type-landlord", "agreement")
    page.fill("#view-strength-landlord", "0.7")
    v = _version(page)
    page.click("#rel-save")
    _saved(page, v)
    page.screenshot(path=SHOTS / "2-views.png")
    rel = next(
        r
        for r in load_case(folder / CASE).relationships
        if {r.source, r.target} == {"worker", "landlord"}
    )
    last = rel.history[-1]
    assert (str(last.date), last.perceived_by, last.recorded_by) == (
        "2026-07-10",
        "landlord",
        "Ruth",
    )
    assert last.mix is not None and last.mix.conflict == pytest.approx(0.4)
    (view,) = rel.perceptions
    assert (view.by, view.type.value, view.strength) == ("landlord", "agreement", 0.7)
    assert page.errors == []


def test_agreements_listed_added_and_changed(page, folder: Path):
    listed = page.inner_text("#editor")
    assert "Agreements" in listed and "law, concluded" in listed and "compromise, broken" in listed
    page.click("#agreement-add")
    parties = page.locator("#agreement-parties .party")
    parties.nth(0).locator("select").select_option("worker")
    parties.nth(0).locator("input").nth(0).fill("weekly visits")
    parties.nth(0).locator("input").nth(1).fill("the diary of the calls")
    parties.nth(1).locator("select").select_option("family")
    parties.nth(1).locator("input").nth(0).fill("keeps the diary")
    parties.nth(1).locator("input").nth(1).fill("support at the hearing")
    page.select_option("#agreement-basis", "exchange")
    page.fill("#agreement-terms", "Support plan")
    page.fill("#agreement-start", "2026-03-01")
    page.fill("#agreement-end", "2026-09-01")
    page.select_option("#agreement-status", "kept")
    page.screenshot(path=SHOTS / "3-agreement.png")
    v = _version(page)
    page.click("#agreement-save")
    _saved(page, v)
    page.click("#agreement-back")
    page.click("#agreement-edit-repairs-promise")
    page.select_option("#agreement-status", "ended")
    v = _version(page)
    page.click("#agreement-save")
    _saved(page, v)
    case = load_case(folder / CASE)
    new = next(a for a in case.agreements if a.terms == "Support plan")
    assert [(p.actor, p.gives, p.gets) for p in new.parties] == [
        ("worker", "weekly visits", "the diary of the calls"),
        ("family", "keeps the diary", "support at the hearing"),
    ]
    assert (new.basis.value, new.status.value, str(new.start), str(new.end)) == (
        "exchange",
        "kept",
        "2026-03-01",
        "2026-09-01",
    )
    assert next(a for a in case.agreements if a.id == "repairs-promise").status.value == "ended"
    assert page.errors == []


@pytest.mark.parametrize("kind", INTERVENTIONS)
def test_every_whatif_with_the_first_choices_gives_an_answer(page, kind: str):
    page.click("#whatif")
    page.select_option("#whatif-kind", kind)
    page.click("#whatif-try")
    page.wait_for_selector("#whatif-keep, #problems:not([hidden])")
    page.screenshot(path=SHOTS / f"4-whatif-{kind}.png")
    assert page.is_hidden("#problems"), page.inner_text("#problems-text")
    # before and after side by side, pair by pair
    rows = page.locator(".whatif-table tr.whatif-pair")
    if kind == "add_advocate":
        assert rows.count() >= 1
    if rows.count():
        assert page.locator(".whatif-table th").all_inner_texts() == ["Pair", "Before", "After"]
        assert rows.first.locator("td").count() == 3


def test_the_worker_dragged_into_the_client_system_is_refused_in_the_models_words(page):
    x, y = _at(page, "worker")
    tx, ty = _at(page, "kofi")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(tx, ty + 30, steps=8)
    page.mouse.up()
    page.wait_for_selector("#problems:not([hidden])")
    page.screenshot(path=SHOTS / "5-drag-refused.png")
    said = page.inner_text("#problems-text")
    assert "never becomes part of any of these systems" in said
    assert "actors[" not in said and ".roles" not in said


def test_a_stance_and_a_goal_are_removed_from_the_case_panel(page, folder: Path):
    v = _version(page)
    page.click("#stance-remove-repairs-landlord")
    _saved(page, v)
    repairs = next(g for g in load_case(folder / CASE).goals if g.id == "repairs")
    assert "landlord" not in {s.actor for s in repairs.stances}
    v = _version(page)
    page.click("#goal-remove-repairs")
    _saved(page, v)
    assert "repairs" not in {g.id for g in load_case(folder / CASE).goals}
    page.click("#undo")
    page.wait_for_function("() => document.querySelector('#goal-remove-repairs') !== null")
    assert "repairs" in {g.id for g in load_case(folder / CASE).goals}


def test_present_mode_keeps_the_small_systems_names_apart_at_1024x768(page):
    """Three small systems side by side: their names neither overlap nor leave their system."""
    page.keyboard.press("p")
    page.wait_for_function("() => window.ecographPresent && window.ecographPresent.drawn > 0")
    page.screenshot(path=SHOTS / "6-present.png")
    seen = page.evaluate(
        """() => { const cy = window.ecographPresent.cy, H = window.innerHeight;
        return cy.nodes('.title').map(t => ({ id: t.id().slice(6),
          px: parseFloat(t.style('font-size')) * cy.zoom(),
          box: t.renderedBoundingBox({ includeNodes: false, includeLabels: true }),
          room: cy.getElementById('region:' + t.id().slice(6)).renderedBoundingBox() }))
          .concat([{ height: H }]); }"""
    )
    height = seen.pop()["height"]
    assert {"professional", "problem_identification", "other"} <= {t["id"] for t in seen}
    for t in seen:
        assert t["px"] >= 0.025 * height - 0.01, t["id"]
        assert t["box"]["x1"] >= t["room"]["x1"] - 1 and t["box"]["x2"] <= t["room"]["x2"] + 1, (
            f"the name of the {t['id']} system runs out of it"
        )
    for i, a in enumerate(seen):
        for b in seen[i + 1 :]:
            p, q = a["box"], b["box"]
            apart = min(p["x2"], q["x2"]) - max(p["x1"], q["x1"]) <= 1 or (
                min(p["y2"], q["y2"]) - max(p["y1"], q["y1"]) <= 1
            )
            assert apart, f"the names of {a['id']} and {b['id']} overlap"


def test_an_actor_in_two_groups_keeps_both_memberships(page, folder: Path):
    page.mouse.click(*_at(page, "abena"))
    page.wait_for_selector("#member-family")
    assert page.is_checked("#member-family") and not page.is_checked("#member-advice-centre")
    page.check("#member-advice-centre")
    v = _version(page)
    page.click("#actor-save")
    _saved(page, v)
    abena = next(a for a in load_case(folder / CASE).actors if a.id == "abena")
    assert set(abena.member_of) == {"family", "advice-centre"}
    page.fill("#actor-power", "0.2")  # another change: both memberships stay
    v = _version(page)
    page.click("#actor-save")
    _saved(page, v)
    abena = next(a for a in load_case(folder / CASE).actors if a.id == "abena")
    assert set(abena.member_of) == {"family", "advice-centre"} and abena.power == 0.2


def test_an_empty_folder_offers_a_new_case_and_nothing_that_needs_one(chromium, tmp_path: Path):
    with served(tmp_path) as url, watched_page(chromium, url, (1024, 768)) as page:
        page.wait_for_selector("#new-case-name")
        page.screenshot(path=SHOTS / "7-empty-folder.png")
        for button in ("#undo", "#redo", "#duplicate-case", "#files", "#add-actor", "#whatif"):
            assert page.is_disabled(button), f"{button} is offered with no case open"
        assert page.is_enabled("#new-case-create")
        page.fill("#new-case-name", "family-b")
        page.click("#new-case-create")
        page.wait_for_selector("body[data-version]:not([data-version=''])")
        assert page.is_enabled("#add-actor") and page.is_disabled("#undo")
        assert (tmp_path / "family-b.yaml").exists()
        assert page.errors == []

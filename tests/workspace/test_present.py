"""Present mode, for a class: what a teacher presses, and what the room sees (headless Chromium).

The teacher opens the workspace on a case and, with the keyboard only (a projector, no mouse):

1. presses **P**: the map fills the screen and shows the four systems, empty;
2. **Right**: the actors appear, each in its system;
3. **Right** three times: the relationships appear by type -- cooperation, then agreement,
   then conflict;
4. **Right**: where conflict is likely, each pair numbered on the map and listed with one
   reason in plain words (the analysis's own words: ``ecograph analyze`` says the same);
5. **Right** at the end stays there; **Left** goes back one step;
6. **4**: the four systems only (other systems and their actors leave the picture), **4** again
   brings them back;
7. **Esc**: back to the workspace as it was.

At every step, every label on screen -- Cytoscape's labels (font size times zoom) and the
page's text -- is at least 2.5% of the screen's height, no two actor labels overlap, and every
label lies inside the screen. Screenshots of each step go to
``tests/workspace/_screenshots/present-<case>-<size>/``; look at them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.workspace.conftest import served, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).parent / "_screenshots"
CASES = {
    "family-a": Path(__file__).parent / "data" / "family-a.yaml",
    "child-protection": ROOT / "examples" / "child-protection.yaml",
}
FOUR = {"change_agent", "client", "target", "action"}

# What the room sees, in the page: the step's title, what the map shows, how big the type is.
SEEN = """() => {
  const P = window.ecographPresent, cy = P.cy, z = cy.zoom(), H = window.innerHeight;
  const W = cy.width(), Hc = cy.height();
  const shown = cy.elements(':visible');
  const labels = shown.filter(e => (e.style('label') || '').trim() !== '' && e.style('text-opacity') > 0)
    .map(e => ({ id: e.id(), px: parseFloat(e.style('font-size')) * z,
                 box: e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) }));
  const text = [];
  document.querySelectorAll('#present *').forEach(n => {
    const own = Array.from(n.childNodes).some(c => c.nodeType === 3 && c.textContent.trim());
    const r = n.getBoundingClientRect();
    if (own && r.width > 0 && r.height > 0)
      text.push({ text: n.textContent.trim().slice(0, 40), px: parseFloat(getComputedStyle(n).fontSize),
                  inside: r.left >= -1 && r.top >= -1 && r.right <= window.innerWidth + 1 && r.bottom <= H + 1 });
  });
  return {
    step: P.step(), title: document.querySelector('#present-title').textContent,
    regions: shown.filter('.region').map(n => n.id().slice(7)),
    actors: shown.filter('.actor').map(n => n.id()),
    rels: shown.filter('.rel').map(e => e.data('type')),
    likely: shown.filter('.likely').map(e => [e.data('source'), e.data('target')]),
    listed: Array.from(document.querySelectorAll('#present-side .conflict')).map(d => d.textContent),
    labels: labels, text: text, height: H, canvas: [W, Hc],
  };
}"""


def _until(page: Any, predicate: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"the page never got there: {predicate}")
        time.sleep(0.05)


def _press(page: Any, key: str) -> dict[str, Any]:
    before = page.evaluate("() => window.ecographPresent ? window.ecographPresent.drawn : 0")
    page.keyboard.press(key)
    _until(page, f"() => window.ecographPresent && window.ecographPresent.drawn > {before}")
    return dict(page.evaluate(SEEN))


def _readable(seen: dict[str, Any], what: str) -> None:
    """Every label at least 2.5% of the screen height, inside the screen; none on another."""
    least = 0.025 * seen["height"]
    small = [(x["id"], round(x["px"], 1)) for x in seen["labels"] if x["px"] < least - 0.01]
    assert not small, f"{what}: map labels under {least:.1f}px: {small}"
    small = [(x["text"], x["px"]) for x in seen["text"] if x["px"] < least - 0.01]
    assert not small, f"{what}: text under {least:.1f}px: {small}"
    assert all(x["inside"] for x in seen["text"]), f"{what}: text off screen: {seen['text']}"
    w, h = seen["canvas"]
    for x in seen["labels"]:
        b = x["box"]
        assert b["x1"] >= -1 and b["y1"] >= -1 and b["x2"] <= w + 1 and b["y2"] <= h + 1, (
            f"{what}: the label of {x['id']} is cut off at the edge of the screen"
        )
    boxes = [x for x in seen["labels"] if x["id"] in seen["actors"]]
    titles = [x for x in seen["labels"] if x["id"].startswith("title:")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :] + titles:
            p, q = a["box"], b["box"]
            overlap = (
                min(p["x2"], q["x2"]) - max(p["x1"], q["x1"]),
                min(p["y2"], q["y2"]) - max(p["y1"], q["y1"]),
            )
            assert overlap[0] <= 1 or overlap[1] <= 1, (
                f"{what}: the labels of {a['id']} and {b['id']} overlap"
            )


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_teacher_presents_a_case_with_the_keyboard(chromium, tmp_path: Path, case, size):
    shutil.copy(CASES[case], tmp_path / f"{case}.yaml")
    shots = SHOTS / f"present-{case}-{size[0]}x{size[1]}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    with served(tmp_path) as url, watched_page(chromium, url, size) as page:
        _until(page, "() => !!document.body.dataset.analysisVersion")
        as_of = page.get_attribute("#analysis-body", "data-as-of")
        # what the analysis says, from the command line: the likely conflicts and their main reason
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "ecograph",
                "analyze",
                str(tmp_path / f"{case}.yaml"),
                "--json",
                "--as-of",
                as_of,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(out.stdout)
        likely = report["params"]["thresholds"]["likely"]
        expected = [h for h in report["sections"]["hotspots"] if h["conflict"] >= likely]
        n = 0

        def look(seen: dict[str, Any], name: str) -> dict[str, Any]:
            nonlocal n
            n += 1
            page.screenshot(path=str(shots / f"{n:02d}-{name}.png"))
            _readable(seen, name)
            return seen

        # 1. P: full screen, the four systems, empty
        seen = look(_press(page, "p"), "four-systems")
        assert page.is_visible("#present") and not page.is_visible("#bar")
        assert seen["title"] == "The four systems"
        assert FOUR <= set(seen["regions"]) and seen["actors"] == [] and seen["rels"] == []
        # 2. Right: the actors, in their systems
        seen = look(_press(page, "ArrowRight"), "actors")
        assert len(seen["actors"]) == len(report_actors(tmp_path / f"{case}.yaml"))
        assert seen["rels"] == []
        # 3. Right x3: cooperation, then agreement, then conflict
        shown: list[set[str]] = []
        for kind in ("cooperation", "agreement", "conflict"):
            seen = look(_press(page, "ArrowRight"), kind)
            assert seen["title"].lower().startswith(kind)
            shown.append(set(seen["rels"]))
        assert shown[0] <= {"cooperation"} and shown[1] <= {"cooperation", "agreement"}
        assert "conflict" in shown[2] or case != "family-a"
        # 4. Right: where conflict is likely, one reason each, in the analysis's words
        seen = look(_press(page, "ArrowRight"), "likely-conflicts")
        assert seen["title"] == "Where conflict is likely"
        assert len(seen["listed"]) == len(expected) > 0
        names = {a["id"]: a["name"] for a in _case(tmp_path / f"{case}.yaml")["actors"]}
        for text, h in zip(seen["listed"], expected, strict=True):
            assert names[h["a"]] in text and names[h["b"]] in text
            main = next(d for d in h["reasons"] if d["rule"] != "current_state")
            assert main["says"].split(" (")[0] in text, text
            assert "likely" in text and f"{h['conflict']:.2f}" in text
        assert sorted(map(sorted, seen["likely"])) == sorted(
            sorted((h["a"], h["b"])) for h in expected
        )
        # 5. Right at the end stays; Left goes back one step
        assert _press(page, "ArrowRight")["step"] == seen["step"]
        back = _press(page, "ArrowLeft")
        assert back["title"].lower().startswith("conflict") and back["listed"] == []
        # 6. 4: the four systems only, and back
        four = look(_press(page, "4"), "four-systems-only")
        assert set(four["regions"]) == FOUR
        others = _press(page, "4")
        assert set(others["regions"]) >= FOUR
        if case == "child-protection":  # it has a problem-identification system
            assert len(others["regions"]) > 4 and len(others["actors"]) > len(four["actors"])
        # 7. Esc: back to the workspace, as it was
        page.keyboard.press("Escape")
        _until(page, "() => document.querySelector('#present').hidden")
        assert page.is_visible("#bar") and page.is_visible("#cy")
        assert page.evaluate("() => window.ecographCy.nodes('.actor').length") == len(
            report_actors(tmp_path / f"{case}.yaml")
        )
        errors, elsewhere = page.errors, page.elsewhere
    assert elsewhere == [], elsewhere
    assert errors == [], errors


def _case(path: Path) -> dict[str, Any]:
    from ecograph.io.casefile import load_case

    return load_case(path).model_dump(mode="json")


def report_actors(path: Path) -> list[str]:
    """The actors the map draws (every actor of the case)."""
    return [a["id"] for a in _case(path)["actors"]]


def test_present_button_and_key_are_there_for_a_keyboard_user(chromium, tmp_path: Path):
    """The Present button is reachable with Tab and Enter; P does not fire while typing."""
    shutil.copy(CASES["family-a"], tmp_path / "family-a.yaml")
    with served(tmp_path) as url, watched_page(chromium, url, (1024, 768)) as page:
        _until(page, "() => !!document.body.dataset.analysisVersion")
        # typing a P into a field types it; it does not start present mode
        page.click("#add-actor")
        page.keyboard.type("Pat")
        assert page.input_value("#actor-name") == "Pat"
        assert page.evaluate("() => document.querySelector('#present').hidden")
        page.focus("#present-open")
        page.keyboard.press("Enter")
        _until(page, "() => !document.querySelector('#present').hidden")
        assert page.inner_text("#present-title") == "The four systems"
        assert "Esc" in page.inner_text("#present-keys")
        page.keyboard.press("Escape")
        _until(page, "() => document.querySelector('#present').hidden")
        assert page.errors == [] and page.elsewhere == []

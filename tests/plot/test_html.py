"""The interactive HTML map: self-contained, escaped, and working in headless Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph import load_graph
from ecograph.cli import app
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Goal, Observation, Relationship, Stance
from ecograph.plot.html import TYPE_COLOURS, map_data, render_html, write_html

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "child-protection.yaml"
SHOTS = Path(__file__).resolve().parents[2] / "tests" / "plot" / "_screenshots"

HOSTILE = [
    "</script><script>window.__pwned = 1</script>",
    "<!-- <script>window.__pwned = 2</script>",
    '<img src="http://example.invalid/x.png" onerror="window.__pwned = 3">',
    '"]}\u2028\u2029 & &amp; \\u003c',
]


def hostile_graph() -> EcoGraph:
    """A case whose every free text tries to break out of the page."""
    g = EcoGraph("hostile-</script>", "Title </script><script>window.__pwned=9</script>")
    g.add_actor(Actor(id="w", name=HOSTILE[0], roles=["change_agent"], notes=HOSTILE[1]))
    g.add_actor(Actor(id="c", name=HOSTILE[1], roles=["client"]))
    g.add_actor(Actor(id="t", name=HOSTILE[2], roles=["target"], attributes={"x": HOSTILE[3]}))
    g.add_actor(Actor(id="a", name=HOSTILE[3], roles=["action"]))
    g.add_relationship(
        Relationship(
            source="w",
            target="c",
            history=[
                Observation(date="2026-01-01", type="cooperation", note=HOSTILE[0]),
                Observation(date="2026-02-01", type="conflict", note=HOSTILE[2]),
            ],
        )
    )
    g.add_relationship(Relationship(source="c", target="t", type="conflict", notes=HOSTILE[1]))
    g.add_relationship(Relationship(source="w", target="a", type="agreement", terms=HOSTILE[2]))
    g.add_goal(Goal(id="g", description=HOSTILE[0], stances=[Stance(actor="w", stance=1)]))
    return g


# ---------------------------------------------------------------- without a browser
def test_page_is_self_contained_and_data_round_trips() -> None:
    g = load_graph(str(EXAMPLE))
    page = render_html(g)
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert "<link" not in page and "@import" not in page and "@font-face" not in page
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", page)
    m = re.search(r'<script type="application/json" id="ecograph-data">(.*?)</script>', page, re.S)
    assert m is not None
    data = json.loads(m.group(1))
    assert data == json.loads(json.dumps(map_data(g)))
    assert {a["id"] for a in data["actors"]} == {a.id for a in g.actors()}
    assert len(data["rels"]) == len(g.relationships())


def test_hostile_text_cannot_leave_the_data_element() -> None:
    g = hostile_graph()
    page = render_html(g)
    # exactly the three script elements of the page, whatever the names say
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert page.count("<!--") == 0
    m = re.search(r'<script type="application/json" id="ecograph-data">(.*?)</script>', page, re.S)
    assert m is not None
    blob = m.group(1)
    assert "<" not in blob and ">" not in blob and "&" not in blob and "\u2028" not in blob
    data = json.loads(blob)
    assert [a["name"] for a in data["actors"]] == HOSTILE  # nothing lost or mangled
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<script>" not in title.group(1)


def test_steps_replay_the_history() -> None:
    data = map_data(load_graph(str(EXAMPLE)), factions=False, analysis="none")
    rels = {(r["source"], r["target"]): r for r in data["rels"]}
    sr = rels[("susan", "roberta")]["steps"]
    assert sr[0][:2] == ["2026-01-05", "conflict"]
    assert sr[-1][0] == "2026-10-27" and sr[-1][1] == "agreement"  # a one-sided view does not win
    assert rels[("susan", "police")]["steps"] == [
        [None, "agreement", 0.5, {"cooperation": 0.0, "agreement": 1.0, "conflict": 0.0}]
    ]
    assert data["dates"][0] == "2026-01-05" and data["dates"] == sorted(data["dates"])


def test_colours_match_the_static_figures() -> None:
    from ecograph.plot._common import TYPE_STYLE

    for kind, style in TYPE_STYLE.items():
        assert TYPE_COLOURS[kind.value]["colour"].lower() == style.colour.lower()


def test_view_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    res = CliRunner().invoke(app, ["view", str(EXAMPLE), "-o", str(out), "--as-of", "2026-03-09"])
    assert res.exit_code == 0, res.output
    assert "14 actors" in res.output
    data = json.loads(
        re.search(r'id="ecograph-data">(.*?)</script>', out.read_text(), re.S).group(1)  # type: ignore[union-attr]
    )
    assert data["case"]["as_of"] == "2026-03-09" and data["analysis"]["as_of"] == "2026-03-09"
    assert "2026-03-09" in data["dates"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--as-of", "yesterday"], "'yesterday' is not a date"),
        (["--analysis", "most"], "'most' is not a kind of analysis"),
    ],
)
def test_view_command_rejects_bad_options(tmp_path: Path, args: list[str], words: str) -> None:
    res = CliRunner().invoke(app, ["view", str(EXAMPLE), "-o", str(tmp_path / "m.html"), *args])
    assert res.exit_code == 2
    assert words in res.output and "Traceback" not in res.output
    assert not (tmp_path / "m.html").exists()


def test_view_command_names_a_missing_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["view", str(EXAMPLE), "-o", str(tmp_path / "no" / "m.html")])
    assert res.exit_code == 2
    assert "does not exist" in res.output and "Traceback" not in res.output


def test_write_html_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    out.write_text("old")
    write_html(load_graph(str(EXAMPLE)), out, analysis="none", factions=False)
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]  # no temporary file left


# ---------------------------------------------------------------- in headless Chromium
@dataclass
class Opened:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def settle(self) -> None:
        """Let the page finish what the last event started (two animation frames)."""
        self.js("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def visible_edges(self, type_: str | None = None) -> int:
        self.settle()
        sel = "edge.rel" + (f'[type = "{type_}"]' if type_ else "")
        return int(self.js(f"() => ecographMap.cy.$('{sel}').filter(e => e.visible()).length"))

    def visible_actors(self) -> list[str]:
        self.settle()
        return list(
            self.js(
                "() => ecographMap.cy.$('node.actor').filter(n => n.visible())"
                ".map(n => ecographMap.data.actors[n.data('idx')].id)"
            )
        )


def open_map(browser: Any, path: Path) -> Opened:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    opened = Opened(page)
    page.on(
        "console",
        lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("requestfailed", lambda r: opened.errors.append(f"request failed: {r.url}"))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return opened


@pytest.fixture(scope="module")
def example_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("map") / "child-protection.html"
    write_html(load_graph(str(EXAMPLE)), out)
    return out


@pytest.mark.browser
def test_page_loads_offline_with_no_errors_and_no_requests(
    chromium: Any, example_map: Path
) -> None:
    m = open_map(chromium, example_map)
    assert m.errors == []
    assert m.requests == [example_map.resolve().as_uri()]
    assert m.js("() => document.getElementById('title').textContent") == (
        "Child protection - a mother and a new baby"
    )
    assert len(m.visible_actors()) == 14
    assert m.js("() => typeof ecographTiming.firstRender") == "number"
    m.page.context.close()


@pytest.mark.browser
def test_filters_change_what_is_visible(chromium: Any, example_map: Path) -> None:
    m = open_map(chromium, example_map)
    conflicts = m.visible_edges("conflict")
    total = m.visible_edges()
    assert conflicts > 0
    m.page.get_by_label("conflict", exact=True).uncheck()
    assert m.visible_edges("conflict") == 0
    assert m.visible_edges() == total - conflicts
    m.page.get_by_label("conflict", exact=True).check()
    assert m.visible_edges() == total, (
        m.js(
            "() => [document.getElementById('counts').textContent, document.querySelector('input[value=conflict]').checked]"
        ),
        m.errors,
    )

    # systems: hiding the action system hides the police, and its ties
    assert "police" in m.visible_actors()
    m.page.locator("input[name=system][value=action]").uncheck()
    shown = m.visible_actors()
    assert "police" not in shown, (
        shown,
        m.js("() => ecographMap.cy.$('node.actor.hidden').length"),
        m.errors,
    )
    assert "health-visitor" not in shown and "susan" in shown
    assert m.visible_edges() < total
    m.page.locator("input[name=system][value=action]").check()

    # factions: hiding one faction hides exactly its members
    groups = m.js("() => ecographMap.data.factions.groups")
    assert groups, "the example has factions"
    first = sorted(set(groups.values()))[0]
    m.page.locator(f"input[name=faction][value='{first}']").uncheck()
    shown = set(m.visible_actors())
    assert shown and all(groups.get(a) != first for a in shown)
    assert {a for a, f in groups.items() if f == first}.isdisjoint(shown)
    assert m.errors == []
    m.page.context.close()


def _click_actor(m: Opened, actor_id: str) -> None:
    box = m.page.locator("#cy").bounding_box()
    pos = m.js(
        """(id) => { const i = ecographMap.data.actors.findIndex(a => a.id === id);
                     return ecographMap.cy.getElementById('n' + i).renderedPosition(); }""",
        actor_id,
    )
    m.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


@pytest.mark.browser
def test_clicking_an_actor_shows_its_likelihoods_and_reasons(
    chromium: Any, example_map: Path
) -> None:
    m = open_map(chromium, example_map)
    _click_actor(m, "roberta")
    details = m.page.locator("#details-body")
    details.locator("h3").wait_for()
    assert details.locator("h3").inner_text() == "Roberta (mother)"
    assert m.js("() => document.getElementById('details-body').dataset.actor") == "roberta"
    assert "Likelihoods and their reasons" in details.inner_text()
    pairs = details.locator(".pair")
    assert pairs.count() >= 3
    # reasons in the model's words, with the numbers the rule saw
    quotes = details.locator(".reason q").all_inner_texts()
    assert quotes and all(len(q) > 20 for q in quotes)
    said = details.locator(".reason .nums").all_inner_texts()
    assert said and all("saw:" not in s and "moved:" not in s and "_" not in s for s in said)
    assert any("toward" in s for s in said)
    # the numbers shown are the analysis's
    analysis = m.js(
        "() => ecographMap.data.analysis.pairs.filter(p => p.a === 'roberta' || p.b === 'roberta')"
    )
    assert pairs.count() == min(len(analysis), 40)
    worst = max(analysis, key=lambda p: p["likelihood"]["conflict"])
    first = pairs.first.inner_text()
    score = worst["likelihood"]["conflict"]
    word = "likely" if score >= 0.5 else ("unlikely" if score < 0.2 else "possible")
    assert "rule scores: " in first and f"conflict {word} {round(score, 2):g}" in first
    assert details.locator(".tactic").count() == len(
        m.js("() => ecographMap.data.analysis.tactics.filter(t => t.actor === 'roberta')")
    )
    assert m.errors == []
    m.page.context.close()


@pytest.mark.browser
def test_time_slider_replays_the_history(chromium: Any, example_map: Path) -> None:
    m = open_map(chromium, example_map)

    def edge(a: str, b: str) -> Any:
        m.settle()
        return m.js(
            """([a, b]) => { const i = ecographMap.data.rels.findIndex(r => r.source === a && r.target === b);
                 const e = ecographMap.cy.getElementById('e' + i);
                 return {visible: e.visible(), type: e.data('type')}; }""",
            [a, b],
        )

    latest = m.visible_edges()
    assert edge("susan", "roberta") == {"visible": True, "type": "agreement"}
    assert edge("advocate", "roberta")["visible"]
    slider = m.page.locator("#time")
    slider.fill("0")  # the first dated observation
    assert m.page.locator("#time-label").inner_text() == "as of 2026-01-05"
    assert edge("susan", "roberta") == {"visible": True, "type": "conflict"}
    assert not edge("advocate", "roberta")["visible"]  # appointed in September
    assert m.visible_edges() < latest
    n = int(m.js("() => ecographMap.data.dates.length"))
    slider.fill(str(n))
    assert m.visible_edges() == latest
    assert m.errors == []
    m.page.context.close()


@pytest.mark.browser
def test_search_finds_an_actor(chromium: Any, example_map: Path) -> None:
    m = open_map(chromium, example_map)
    m.page.locator("#search").fill("grandmo")
    m.page.locator("#search").press("Enter")
    assert m.page.locator("#search-result").inner_text() == "1 found"
    assert m.page.locator("#details-body h3").inner_text() == "Grandmother"
    m.settle()
    assert m.js("() => ecographMap.cy.$('node:selected').map(n => n.data('label'))") == [
        "Grandmother"
    ]
    m.page.locator("#search").fill("nobody like this")
    m.page.locator("#search").press("Enter")
    assert m.page.locator("#search-result").inner_text() == "not found"
    assert m.errors == []
    m.page.context.close()


@pytest.mark.browser
def test_export_png_and_screenshot(chromium: Any, example_map: Path, tmp_path: Path) -> None:
    m = open_map(chromium, example_map)
    with m.page.expect_download() as info:
        m.page.locator("#export-png").click()
    saved = tmp_path / "export.png"
    info.value.save_as(saved)
    head = saved.read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n" and saved.stat().st_size > 10_000
    assert info.value.suggested_filename == "child-protection-roberta.png"
    _click_actor(m, "susan")
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / "child-protection.png"
    m.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert m.requests == [example_map.resolve().as_uri()]
    assert m.errors == []
    m.page.context.close()


@pytest.mark.browser
def test_hostile_names_are_shown_as_text(chromium: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    write_html(hostile_graph(), out)
    m = open_map(chromium, out)
    assert m.js("() => window.__pwned === undefined")
    assert m.requests == [out.resolve().as_uri()]  # the <img> in a name fetched nothing
    assert m.js("() => document.querySelectorAll('img, iframe').length") == 0
    m.js("(q) => ecographMap.search(q)", HOSTILE[2])
    assert m.page.locator("#details-body h3").inner_text() == HOSTILE[2]
    assert m.js("() => document.getElementById('title').textContent").startswith("Title </script>")
    assert m.errors == []
    m.page.context.close()


def test_analysis_scope_follows_the_size_of_the_case(monkeypatch: pytest.MonkeyPatch) -> None:
    from ecograph.plot import html as H

    g = load_graph(str(EXAMPLE))
    full = map_data(g, factions=False)["analysis"]
    assert full["scope"] == "full" and full["tactics"]
    present = sum(1 for _ in g.states())
    related = map_data(g, factions=False, analysis="related")["analysis"]
    assert related["scope"] == "related" and len(related["pairs"]) == present
    assert len(full["pairs"]) > present  # likely-but-absent pairs too
    monkeypatch.setattr(H, "FULL_ANALYSIS_LIMIT", 5)
    assert map_data(g, factions=False)["analysis"]["scope"] == "related"
    monkeypatch.setattr(H, "RELATED_ANALYSIS_LIMIT", 5)
    left_out = map_data(g, factions=False)["analysis"]
    assert left_out["scope"] == "none" and left_out["pairs"] == []
    assert "14 actors" in left_out["note"] and "--analysis related" in left_out["note"]


@pytest.mark.browser
def test_clicking_a_relationship_shows_its_history_and_reasons(
    chromium: Any, example_map: Path
) -> None:
    m = open_map(chromium, example_map)
    box = m.page.locator("#cy").bounding_box()
    pos = m.js(
        """() => { const i = ecographMap.data.rels.findIndex(r => r.source === 'susan' && r.target === 'roberta');
                   return ecographMap.cy.getElementById('e' + i).renderedMidpoint(); }"""
    )
    m.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    details = m.page.locator("#details-body")
    details.locator("h3").wait_for()
    assert details.locator("h3").inner_text() == "Susan (social worker) \u2014 Roberta (mother)"
    rows = details.locator("table").nth(1).locator("tr")
    assert rows.count() == 1 + 9  # header + the nine observations, oldest first
    assert rows.nth(1).inner_text().startswith("2026-01-05")
    assert "Still feels watched" in details.inner_text()
    assert details.locator(".pair .reason").count() >= 1
    assert m.errors == []
    m.page.context.close()


def test_any_text_is_safe_inside_the_script_element() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ecograph.plot.html import _safe_json

    @settings(max_examples=200, deadline=None)
    @given(st.text())
    def check(text: str) -> None:
        blob = _safe_json({"name": text, "notes": [text, "</script>" + text]})
        assert not any(c in blob for c in "<>&\u2028\u2029")
        assert json.loads(blob) == {"name": text, "notes": [text, "</script>" + text]}

    check()


# ------------------------------------------- issue 13 item 6: the analysis follows the slider
def _stop(m: Opened, day: str) -> None:
    i = m.js("(d) => ecographMap.data.dates.indexOf(d)", day)
    assert i >= 0, f"{day} is not a stop of the slider"
    m.page.locator("#time").fill(str(i))
    assert m.page.locator("#time-label").inner_text() == f"as of {day}"


def _show_rel(m: Opened, a: str, b: str) -> str:
    m.js(
        """([a, b]) => { const i = ecographMap.data.rels.findIndex(r => r.source === a && r.target === b);
             ecographMap.cy.getElementById('e' + i).emit('tap'); }""",
        [a, b],
    )
    m.settle()
    return str(m.page.locator("#details-body").inner_text())


@pytest.mark.browser
def test_the_card_agrees_with_the_line_at_every_stop(chromium: Any, example_map: Path) -> None:
    """At 2026-05-11 the Susan-Roberta line is conflict; the card below it said agreement."""
    m = open_map(chromium, example_map)
    _stop(m, "2026-05-11")
    card = _show_rel(m, "susan", "roberta")
    assert "as of 2026-05-11\tconflict (strength 0.8)" in card
    assert "most likely conflict · now conflict" in card, card
    assert "Analysis as of 2026-05-11" in card
    # the latest state: the line is agreement, and so is the card
    m.page.locator("#time").fill(str(m.js("() => ecographMap.data.dates.length")))
    card = _show_rel(m, "susan", "roberta")
    assert "now\tagreement" in card and "now agreement" in card
    assert m.errors == []
    m.page.context.close()


@pytest.mark.browser
def test_tactics_warnings_and_factions_follow_the_slider(chromium: Any, example_map: Path) -> None:
    m = open_map(chromium, example_map)
    _stop(m, "2026-05-11")
    # the advocate joins on 2026-09-21: no tactic toward it, no pair with it, yet
    assert m.js("() => ecographMap.tactics().filter(t => t.actor === 'advocate').length") == 0
    warnings = m.page.locator("#warnings").inner_text()
    assert "as of 2026-05-11" in warnings and "Parents' advocate" not in warnings
    assert "sustained hostility: Susan (social worker) — Roberta (mother)" in warnings
    may_factions = m.js("() => Object.assign({}, ecographMap.data.factions.groups)")
    _stop(m, "2026-10-26")
    assert m.js("() => ecographMap.tactics().filter(t => t.actor === 'advocate').length") == 1
    warnings = m.page.locator("#warnings").inner_text()
    assert "already has an advocate" in warnings
    # factions are recomputed for the date, numbered from 1, and the filter follows them
    from ecograph.analysis.report import case_factions

    g = load_graph(str(EXAMPLE))
    for day, shown in (("2026-05-11", may_factions),):
        fac = case_factions(g, as_of=dt.date.fromisoformat(day))
        assert shown == {a: c + 1 for a, c in fac.groups.items()}
    boxes = m.page.locator("input[name=faction]").count()
    assert boxes == m.js("() => ecographMap.data.factions.k") + (
        1 if m.js("() => ecographMap.data.actors.some(a => a.faction === null)") else 0
    )
    assert m.errors == []
    m.page.context.close()


@pytest.mark.browser
def test_actors_not_yet_in_the_case_are_faded(chromium: Any, example_map: Path) -> None:
    m = open_map(chromium, example_map)
    faded = "() => ecographMap.cy.$('node.actor.not-joined').map(n => ecographMap.data.actors[n.data('idx')].id).sort()"
    _stop(m, "2026-05-11")
    m.settle()
    assert m.js(faded) == ["advocate", "fgc"]  # joined 2026-09-21 and 2026-10-12
    _stop(m, "2026-10-26")
    m.settle()
    assert m.js(faded) == []
    assert m.errors == []
    m.page.context.close()


# ------------------------------------------------ issue 13 item 3: names never overlap on the map
LABEL_BOXES_JS = """() => {
  const cy = ecographMap.cy;
  const shown = cy.nodes('.actor').filter(n => n.visible() && n.style('label') !== '');
  return {
    boxes: shown.map(n => { const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false,
                                                              includeLabels: true});
                            return [n.id(), b.x1, b.y1, b.x2, b.y2]; }),
    bodies: cy.nodes('.actor').filter(n => n.visible()).map(n => {
      const b = n.renderedBoundingBox({includeLabels: false}); return [n.id(), b.x1, b.y1, b.x2, b.y2]; }),
    hidden: cy.nodes('.actor.nolabel').length,
    note: document.getElementById('hidden-names').textContent,
  };
}"""


def _overlapping(boxes: list[list[Any]], others: list[list[Any]]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for a in boxes
        for b in others
        if a[0] != b[0] and a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_names_on_a_dense_map_do_not_overlap(
    chromium: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    out = write_html(load_graph(str(EXAMPLE.parent / "community-40.yaml")), tmp_path / "m.html")
    page = chromium.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(out.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        got = page.evaluate(LABEL_BOXES_JS)
        pairs = _overlapping(got["boxes"], got["boxes"])
        assert pairs == [], pairs
        assert _overlapping(got["boxes"], got["bodies"]) == []  # no name covers an actor
        assert got["boxes"], "some names are shown"
        # the rule is said on the page, with the count
        assert got["note"].startswith(f"{got['hidden']} names hidden where they would overlap")
        # zoomed in, there is room for more names, and still none overlap
        page.evaluate(
            "() => { const cy = ecographMap.cy; cy.zoom({level: cy.zoom() * 3, "
            "renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}); }"
        )
        page.wait_for_timeout(400)  # the page places the names again once the zoom settles
        closer = page.evaluate(LABEL_BOXES_JS)
        on_screen = [b for b in closer["boxes"] if b[3] > 0 and b[4] > 0]
        assert _overlapping(on_screen, on_screen) == []
        assert closer["hidden"] < got["hidden"]
        # a clicked actor shows its name whatever the rule
        page.evaluate("() => ecographMap.search('Rosa')")
        assert page.evaluate(
            "() => ecographMap.cy.$('node.actor:selected').style('label')"
        ).startswith("Rosa")
    finally:
        page.close()

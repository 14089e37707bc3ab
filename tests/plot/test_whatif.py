import pytest

from ecograph import load_graph
from ecograph.analysis.whatif import what_if
from ecograph.io.scenario import load_scenario
from ecograph.plot.whatif import plot_whatif


@pytest.fixture(scope="module")
def result():
    g = load_graph("examples/child-protection.yaml")
    return what_if(g, load_scenario("examples/scenarios/advocate.yaml", g))


def edges(ax, kind):
    return [c for c in ax.collections if c.get_gid() == f"edges:{kind}"]


def test_before_and_after_panels_show_the_new_ties(result):
    fig = plot_whatif(result)
    before, after = fig.axes
    assert before.get_gid() == "whatif:before" and after.get_gid() == "whatif:after"
    assert "2026-06-30" in before.get_title(loc="left")
    assert "advocate" in after.get_title(loc="left").lower()
    # the advocate's cooperative tie and her agreement tie appear only after
    n_coop = [
        len(c.get_segments()) for c in (edges(before, "cooperation") + edges(after, "cooperation"))
    ]
    n_agr_b = sum(len(c.get_segments()) for c in edges(before, "agreement"))
    n_agr_a = sum(len(c.get_segments()) for c in edges(after, "agreement"))
    assert n_coop[1] == n_coop[0] + 1
    assert n_agr_a == n_agr_b + 1


def test_notes_list_the_overall_changes(result):
    fig = plot_whatif(result, max_notes=3)
    notes = [t.get_text() for t in fig.texts if (t.get_gid() or "").startswith("whatif:note")]
    assert len(notes) == 3 and notes[0].startswith("balance:")


def test_changed_ties_are_highlighted_and_notes_ranked(result):
    from ecograph.plot.whatif import changed_ties, key_changes

    assert sorted(changed_ties(result)) == [("advocate", "roberta"), ("advocate", "susan")]
    fig = plot_whatif(result)
    (glow,) = [c for c in fig.axes[1].collections if c.get_gid() == "whatif:changed"]
    assert len(glow.get_segments()) == 2
    assert not [c for c in fig.axes[0].collections if c.get_gid() == "whatif:changed"]
    notes = key_changes(result, 5)
    assert notes[0].startswith("balance:")
    assert any("roberta -- susan" in n for n in key_changes(result, 9))

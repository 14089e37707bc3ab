"""Time to draw the factions figure of a generated 300-actor case (it used to take minutes).

The figure finds the factions (:func:`ecograph.analysis.report.case_factions`), places each
faction's actors, routes every tie around the actors that are not its ends
(:func:`ecograph.plot.layout.route_ties`) and places the names. Measured against a baseline in
the same run: a plain NetworkX drawing of the same graph (spring layout, nodes, edges and names
with ``networkx.draw_networkx`` on a figure of the same size), saved to PNG at the same
resolution -- the plainest picture one could make of it.

Measured (wall clock and CPU time, median of ``--runs`` runs after a first drawing, in this process;
CPU time is what a busy shared machine does not inflate):

* ``factions``: ``plot_factions(graph)`` then ``save_figure(fig, "x.png", dpi=100)``;
* ``routing``: ``route_ties`` alone, on the positions and clearances of that figure;
* ``baseline``: ``nx.spring_layout(g, seed=0)`` + ``nx.draw_networkx`` + the same PNG save.

Goal (issue 13, item 4): under 20 s wall on the reference machine. Before this benchmark, on
the same machine at load average 13, the figure took 209 s (routing 199 s of it).
Writes ``benchmarks/results/factions_figure.json``. Run from the repository root::

    python benchmarks/bench_factions_figure.py [--runs 2] [--actors 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # ecograph from this tree

try:  # run as a script (python benchmarks/bench_...py) or as a module
    from _common import ROOT, summary, timed_wall_cpu, write_results
    from synthetic_case import synthetic_case
except ImportError:  # pragma: no cover
    from benchmarks._common import ROOT, summary, timed_wall_cpu, write_results
    from benchmarks.synthetic_case import synthetic_case

GOAL_S = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="timed runs (default 2)")
    parser.add_argument("--actors", type=int, default=300, help="case size (default 300)")
    args = parser.parse_args()

    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import ecograph.plot.factions as factions_module
    from ecograph.plot import plot_factions, save_figure
    from ecograph.plot.layout import route_ties

    graph = synthetic_case(args.actors, seed=0)
    captured: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def capture(*a: Any, **k: Any) -> Any:
        captured.append((a, k))
        return route_ties(*a, **k)

    factions_module.route_ties = capture  # type: ignore[assignment]
    probe = plot_factions(graph)
    factions_module.route_ties = route_ties  # type: ignore[assignment]
    size = (probe.get_figwidth(), probe.get_figheight())
    (route_args, route_kwargs), *_ = captured

    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "x.png"

        def ours() -> None:
            save_figure(plot_factions(graph), png, dpi=100)

        def routing() -> None:
            route_ties(*route_args, **route_kwargs)

        def baseline() -> None:
            fig = Figure(figsize=size, dpi=100)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            pos = nx.spring_layout(graph.nx, seed=0)
            labels = {a.id: a.name for a in graph.actors()}
            nx.draw_networkx(graph.nx, pos, ax=ax, labels=labels, node_size=80, font_size=7)
            fig.savefig(png, dpi=100)

        # the probe above drew the figure once already: it was the warm-up
        t_ours, c_ours = timed_wall_cpu(ours, args.runs, warm_up=False)
        t_route, c_route = timed_wall_cpu(routing, args.runs, warm_up=False)
        t_base, c_base = timed_wall_cpu(baseline, args.runs)
    s_ours, s_route, s_base = summary(t_ours), summary(t_route), summary(t_base)
    out = {
        "actors": len(graph),
        "relationships": len(graph.relationships()),
        "ties_routed": len(route_args[1]),
        "figure_inches": [round(size[0], 2), round(size[1], 2)],
        "factions": s_ours,
        "routing": s_route,
        "baseline_networkx_spring_draw": s_base,
        "ratio_to_baseline": round(s_ours["median_s"] / s_base["median_s"], 3),
        "cpu_factions_median_s": round(statistics.median(c_ours), 3),
        "cpu_routing_median_s": round(statistics.median(c_route), 3),
        "cpu_baseline_median_s": round(statistics.median(c_base), 3),
        "cpu_ratio_to_baseline": round(statistics.median(c_ours) / statistics.median(c_base), 3),
        "goal_s": GOAL_S,
        "meets_goal": s_ours["median_s"] < GOAL_S,
        "before": "209 s wall (routing 199 s) at load average 13, this machine, before the fix",
    }
    print(
        f"factions figure, {len(graph)} actors: {s_ours['median_s']:.2f} s (routing "
        f"{s_route['median_s']:.2f} s), baseline {s_base['median_s']:.2f} s, ratio "
        f"{out['ratio_to_baseline']}; CPU {out['cpu_factions_median_s']} s vs "
        f"{out['cpu_baseline_median_s']} s (goal < {GOAL_S:g} s wall)"
    )
    path = write_results("factions_figure", out)
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

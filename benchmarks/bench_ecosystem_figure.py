"""Time to draw the ecosystem figure: the 40-actor example and a generated 500-actor case.

Each figure is measured against a baseline in the same run: a plain NetworkX drawing of the
same graph (spring layout, nodes, edges and names with ``networkx.draw_networkx`` on a figure of
the same size), saved to PNG at the same resolution. The ratio says what the textbook layout,
the typed edge styles, the collision-free labels, legend and caption cost over the plainest
picture one could make.

Measured (wall clock and CPU time, median of several runs after a warm-up, in this process;
the goals are judged on wall clock, CPU time shows what a busy shared machine added):

* ``ecosystem``: ``plot_ecosystem(graph)`` then ``save_figure(fig, "x.png", dpi=100)``;
* ``baseline``: ``nx.spring_layout(g, seed=0)`` + ``nx.draw_networkx`` + the same PNG save;
* ``cli_cold``: ``ecograph plot FILE -o x.png`` as a subprocess (start-up, loading the case,
  drawing, writing; 40-actor case only), the figure a user waits for.

Goals (issue 5): under 2 s for the 40-actor example, under 10 s for 500 actors.
Writes ``benchmarks/results/ecosystem_figure.json``. Run from the repository root::

    python benchmarks/bench_ecosystem_figure.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # ecograph from this tree

try:  # run as a script (python benchmarks/bench_...py) or as a module
    from _common import ROOT, summary, time_command, timed_wall_cpu, write_results
    from synthetic_case import synthetic_case
except ImportError:  # pragma: no cover
    from benchmarks._common import ROOT, summary, time_command, timed_wall_cpu, write_results
    from benchmarks.synthetic_case import synthetic_case

EXAMPLE = ROOT / "examples" / "community-40.yaml"
GOALS = {"community-40": 2.0, "synthetic-500": 10.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (default 5)")
    args = parser.parse_args()

    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import ecograph
    from ecograph.plot import plot_ecosystem, save_figure

    cases = {
        "community-40": ecograph.load_graph(str(EXAMPLE)),
        "synthetic-500": synthetic_case(500, seed=0),
    }
    out: dict[str, object] = {"goals_s": GOALS}
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "x.png"
        for name, graph in cases.items():
            runs = args.runs if len(graph) <= 100 else max(2, args.runs // 2)
            probe = plot_ecosystem(graph)
            size = (probe.get_figwidth(), probe.get_figheight())
            hidden = next(t for t in probe.texts if t.get_gid() == "caption").get_text()

            def ours(graph: ecograph.EcoGraph = graph) -> None:
                save_figure(plot_ecosystem(graph), png, dpi=100)

            def baseline(
                graph: ecograph.EcoGraph = graph, size: tuple[float, float] = size
            ) -> None:
                fig = Figure(figsize=size, dpi=100)
                FigureCanvasAgg(fig)
                ax = fig.add_subplot()
                g = graph.nx
                pos = nx.spring_layout(g, seed=0)
                labels = {a.id: a.name for a in graph.actors()}
                nx.draw_networkx(g, pos, ax=ax, labels=labels, node_size=80, font_size=7)
                fig.savefig(png, dpi=100)

            t_ours, c_ours = timed_wall_cpu(ours, runs)
            t_base, c_base = timed_wall_cpu(baseline, runs)
            s_ours, s_base = summary(t_ours), summary(t_base)
            out[name] = {
                "actors": len(graph),
                "relationships": len(graph.relationships()),
                "figure_inches": [round(size[0], 2), round(size[1], 2)],
                "ecosystem": s_ours,
                "baseline_networkx_spring_draw": s_base,
                "ratio_to_baseline": round(s_ours["median_s"] / s_base["median_s"], 3),
                "cpu_ecosystem_median_s": round(statistics.median(c_ours), 4),
                "cpu_baseline_median_s": round(statistics.median(c_base), 4),
                "cpu_ratio_to_baseline": round(
                    statistics.median(c_ours) / statistics.median(c_base), 3
                ),
                "goal_s": GOALS[name],
                "meets_goal": s_ours["median_s"] < GOALS[name],
                "labels_left_out": "left out" in " ".join(hidden.split()),
            }
            print(
                f"{name}: ecosystem {s_ours['median_s']:.3f} s, baseline "
                f"{s_base['median_s']:.3f} s, ratio {out[name]['ratio_to_baseline']} "  # type: ignore[index]
                f"(goal < {GOALS[name]:g} s); CPU {statistics.median(c_ours):.3f} s vs "
                f"{statistics.median(c_base):.3f} s"
            )
        exe = Path(sys.executable).with_name("ecograph")
        argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "ecograph"]
        cold = time_command(
            [*argv, "plot", str(EXAMPLE), "-o", str(png), "--dpi", "100"],
            repeat=max(3, args.runs // 2),
            env={"PYTHONPATH": str(ROOT)},
        )
        out["cli_cold_community-40"] = summary(cold)
        print(f"ecograph plot community-40 (cold, subprocess): {summary(cold)['median_s']:.3f} s")
    path = write_results("ecosystem_figure", out)
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

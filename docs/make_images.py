"""Regenerate the pictures under docs/images/ (the README's figures) from the examples.

Run from the repository root::

    python docs/make_images.py            # every picture, and its fingerprint
    python docs/make_images.py --check    # exit 1 if a picture is missing or out of date

Each picture is exactly what ``ecograph plot`` (or ``ecograph whatif --plot``) writes; the
equivalent command is printed beside it. Beside the pictures, ``fingerprints.json`` keeps a hash
of what each figure *draws* -- its texts, the vertices, colours and widths of its lines,
markers and patches, rounded -- not of its pixels, so a new font renderer or compressor does
not make a picture "stale", but a changed layout, colour, label or caption does. ``--check``
redraws every figure (without writing it) and compares the hashes; CI runs it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DPI = 110
FINGERPRINTS = "fingerprints.json"


def _kind(stem: str, kind: str, **options: Any) -> Callable[[], Any]:
    def draw() -> Any:
        import ecograph
        from ecograph.plot import KINDS

        return KINDS[kind](ecograph.load_graph(str(ROOT / "examples" / f"{stem}.yaml")), **options)

    return draw


def _whatif(stem: str, scenario: str) -> Callable[[], Any]:
    def draw() -> Any:
        import ecograph
        from ecograph.analysis.whatif import what_if
        from ecograph.io.scenario import load_scenario
        from ecograph.plot.whatif import plot_whatif

        g = ecograph.load_graph(str(ROOT / "examples" / f"{stem}.yaml"))
        return plot_whatif(
            what_if(g, load_scenario(str(ROOT / "examples" / "scenarios" / scenario), g))
        )

    return draw


def _focus(actor: str | None = None, types: tuple[str, ...] = ()) -> Any:
    from ecograph.plot.focus import Focus

    return Focus(actor=actor, types=types)


#: output file -> (how to draw it, the equivalent command)
PICTURES: dict[str, tuple[Callable[[], Any], str]] = {
    "ecosystem-child-protection.png": (
        _kind("child-protection", "ecosystem"),
        "ecograph plot examples/child-protection.yaml --kind ecosystem -o {out} --dpi 110",
    ),
    "ecosystem-child-protection-overlay.png": (
        _kind("child-protection", "ecosystem", overlay_conflicts=True),
        "ecograph plot examples/child-protection.yaml --kind ecosystem --overlay-conflicts "
        "-o {out} --dpi 110",
    ),
    "ecosystem-community-40.png": (
        _kind("community-40", "ecosystem"),
        "ecograph plot examples/community-40.yaml --kind ecosystem -o {out} --dpi 110",
    ),
    "ecosystem-community-40-focus.png": (
        _kind("community-40", "ecosystem", focus=_focus("worker-tomas")),
        "ecograph plot examples/community-40.yaml --focus worker-tomas -o {out} --dpi 110",
    ),
    "ecosystem-community-40-conflict.png": (
        _kind("community-40", "ecosystem", focus=_focus(types=("conflict",))),
        "ecograph plot examples/community-40.yaml --only-ties conflict -o {out} --dpi 110",
    ),
    "timeline-child-protection.png": (
        _kind("child-protection", "timeline"),
        "ecograph plot examples/child-protection.yaml --kind timeline -o {out} --dpi 110",
    ),
    "matrix-child-protection.png": (
        _kind("child-protection", "matrix"),
        "ecograph plot examples/child-protection.yaml --kind matrix -o {out} --dpi 110",
    ),
    "power-child-protection.png": (
        _kind("child-protection", "power"),
        "ecograph plot examples/child-protection.yaml --kind power -o {out} --dpi 110",
    ),
    "factions-child-protection.png": (
        _kind("child-protection", "factions"),
        "ecograph plot examples/child-protection.yaml --kind factions -o {out} --dpi 110",
    ),
    "whatif-advocate.png": (
        _whatif("child-protection", "advocate.yaml"),
        "ecograph whatif examples/child-protection.yaml examples/scenarios/advocate.yaml "
        "--plot {out}",
    ),
}


def _r(values: Any) -> Any:
    """Round numbers (nested lists too) to 2 decimals, so float noise does not count."""
    import numpy as np

    arr = np.asarray(values, dtype=float)
    return np.round(arr, 2).tolist()


def fingerprint(fig: Any) -> str:
    """Return a hash of what ``fig`` draws (texts, geometry, colours), not of its pixels."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    fig.canvas.draw()

    def describe(artist: Any) -> Any:
        if not artist.get_visible():
            return None
        if isinstance(artist, Text):
            return [
                "text",
                artist.get_gid(),
                artist.get_text(),
                _r(artist.get_position()),
                round(float(artist.get_fontsize()), 1),
            ]
        if isinstance(artist, Line2D):
            return [
                "line",
                artist.get_gid(),
                _r(artist.get_xydata()),
                str(artist.get_color()),
                round(float(artist.get_linewidth()), 2),
            ]
        if isinstance(artist, Collection):
            return [
                "coll",
                artist.get_gid(),
                [_r(p.vertices) for p in artist.get_paths()],
                _r(artist.get_offsets()),
                _r(artist.get_facecolor()),
                _r(artist.get_edgecolor()),
                _r(artist.get_linewidths()),
            ]
        if isinstance(artist, Patch):
            return [
                "patch",
                artist.get_gid(),
                _r(artist.get_extents().bounds),
                _r(artist.get_facecolor()),
            ]
        if isinstance(artist, AxesImage):
            return [
                "image",
                artist.get_gid(),
                hashlib.sha256(bytes(str(_r(artist.get_array())), "utf-8")).hexdigest(),
            ]
        return None

    parts: list[Any] = [_r(fig.get_size_inches())]
    parts += [describe(t) for t in fig.texts]
    for ax in fig.axes:
        parts.append(["axes", ax.get_gid(), _r(ax.get_position().bounds)])
        parts += [describe(a) for a in ax.get_children()]
        legend = ax.get_legend()
        if legend is not None:
            parts += [describe(t) for t in legend.get_texts()]
    blob = json.dumps([p for p in parts if p is not None], sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def stale(out_dir: Path = ROOT / "docs" / "images") -> list[str]:
    """Return the pictures that are missing or whose drawing changed since they were made."""
    known = {}
    path = out_dir / FINGERPRINTS
    if path.exists():
        known = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for name, (draw, _) in PICTURES.items():
        if not (out_dir / name).exists() or known.get(name) != fingerprint(draw()):
            out.append(name)
    return out


def main() -> int:
    """Write (or with --check, compare) every picture; return the exit status."""
    parser = argparse.ArgumentParser(description="Regenerate docs/images/ from the examples.")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a picture is missing or out of date"
    )
    args = parser.parse_args()
    out_dir = ROOT / "docs" / "images"
    if args.check:
        bad = stale(out_dir)
        for name in bad:
            print(f"out of date or missing: docs/images/{name} (run: python docs/make_images.py)")
        return 1 if bad else 0

    from ecograph.plot import save_figure

    out_dir.mkdir(parents=True, exist_ok=True)
    prints = {}
    for name, (draw, cli) in PICTURES.items():
        fig = draw()
        prints[name] = fingerprint(fig)
        save_figure(fig, out_dir / name, dpi=DPI)
        print(f"docs/images/{name}  ({cli.format(out='docs/images/' + name)})")
    text = json.dumps(prints, indent=2, sort_keys=True) + "\n"
    (out_dir / FINGERPRINTS).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

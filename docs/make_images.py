"""Regenerate the pictures under docs/images/ (the README's figures) from the examples.

Run from the repository root::

    python docs/make_images.py            # every picture
    python docs/make_images.py --check    # exit 1 if a committed picture is missing

Each picture is exactly what ``ecograph plot`` writes; the equivalent command is printed beside
it. The figures are deterministic, so a rerun with the same library versions gives the same
pictures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: (output file, example stem, figure kind, extra keyword arguments, extra CLI flags)
PICTURES: list[tuple[str, str, str, dict[str, object], list[str]]] = [
    ("ecosystem-child-protection.png", "child-protection", "ecosystem", {}, []),
    (
        "ecosystem-child-protection-overlay.png",
        "child-protection",
        "ecosystem",
        {"overlay_conflicts": True},
        ["--overlay-conflicts"],
    ),
    ("ecosystem-community-40.png", "community-40", "ecosystem", {}, []),
    ("timeline-child-protection.png", "child-protection", "timeline", {}, []),
    ("matrix-child-protection.png", "child-protection", "matrix", {}, []),
    ("power-child-protection.png", "child-protection", "power", {}, []),
    ("factions-child-protection.png", "child-protection", "factions", {}, []),
]
DPI = 110


def main() -> int:
    """Write (or with --check, look for) every picture; return the exit status."""
    parser = argparse.ArgumentParser(description="Regenerate docs/images/ from the examples.")
    parser.add_argument("--check", action="store_true", help="only check every picture exists")
    args = parser.parse_args()
    out_dir = ROOT / "docs" / "images"
    if args.check:
        missing = [name for name, *_ in PICTURES if not (out_dir / name).exists()]
        for name in missing:
            print(f"missing: docs/images/{name}")
        return 1 if missing else 0

    import ecograph
    from ecograph.plot import KINDS, save_figure

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, stem, kind, options, flags in PICTURES:
        graph = ecograph.load_graph(str(ROOT / "examples" / f"{stem}.yaml"))
        fig = KINDS[kind](graph, **options)
        save_figure(fig, out_dir / name, dpi=DPI)
        cli = " ".join(
            ["ecograph plot", f"examples/{stem}.yaml", "--kind", kind, *flags]
            + ["-o", f"docs/images/{name}", "--dpi", str(DPI)]
        )
        print(f"docs/images/{name}  ({cli})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

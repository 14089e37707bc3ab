"""Every example case renders in every kind to PNG, SVG and PDF, each with title, legend, caption."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecograph
from ecograph.plot import KINDS, save_figure

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_renders_in_every_format(example: Path, kind: str, tmp_path: Path):
    fig = KINDS[kind](ecograph.load_graph(str(example)))
    ax = fig.axes[0]
    assert ax.get_title(loc="left").strip()
    assert ax.get_legend() is not None and ax.get_legend().get_texts()
    caption = [t for t in fig.texts if t.get_gid() == "caption"]
    assert len(caption) == 1 and len(caption[0].get_text()) > 40
    for fmt, magic in MAGIC.items():
        out = save_figure(fig, tmp_path / f"{example.stem}-{kind}.{fmt}", dpi=60)
        data = out.read_bytes()
        assert data.startswith(magic), fmt
        assert len(data) > 5000
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_at_least_one_example():
    assert EXAMPLES


def test_saved_figures_get_ordinary_permissions_and_bad_suffix_is_refused(tmp_path: Path):
    import os
    import stat

    from ecograph.errors import InputError
    from ecograph.plot import plot_power

    fig = plot_power(ecograph.load_graph(str(EXAMPLES[0])))
    out = save_figure(fig, tmp_path / "p.png", dpi=40)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
    with pytest.raises(InputError, match=r"\.png, \.svg or \.pdf"):
        save_figure(fig, tmp_path / "p.gif")


def test_readme_pictures_are_committed():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    r = subprocess.run(
        [sys.executable, str(root / "docs" / "make_images.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout

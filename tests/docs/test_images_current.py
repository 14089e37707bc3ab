"""The docs pictures are current: what each figure draws matches the committed fingerprint."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _make_images() -> Any:
    spec = importlib.util.spec_from_file_location("make_images", ROOT / "docs" / "make_images.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_docs_picture_is_current() -> None:
    mk = _make_images()
    assert mk.stale() == [], "run: python docs/make_images.py"


def test_a_changed_drawing_changes_the_fingerprint(tmp_path: Path) -> None:
    mk = _make_images()
    draw, _ = mk.PICTURES["ecosystem-child-protection.png"]
    fig = draw()
    before = mk.fingerprint(fig)
    assert mk.fingerprint(draw()) == before  # deterministic
    fig.axes[0].texts[0].set_text("something else")
    assert mk.fingerprint(fig) != before
    # a picture whose fingerprint is not recorded counts as out of date
    (tmp_path / "ecosystem-child-protection.png").write_bytes(b"")
    assert "ecosystem-child-protection.png" in mk.stale(tmp_path)

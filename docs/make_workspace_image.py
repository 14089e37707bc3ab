"""Write docs/images/workspace.png: the workspace on the child-protection example (Chromium).

Run from the repository root: ``.venv/bin/python docs/make_workspace_image.py``. Serves a copy
of examples/ (nothing in examples/ is changed), opens the case and selects a relationship.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.workspace.conftest import served  # noqa: E402


def main() -> None:
    """Serve a copy of the example, open it on 2026-08-31, select a relationship, save."""
    folder = Path(tempfile.mkdtemp())
    shutil.copy(ROOT / "examples" / "child-protection.yaml", folder / "child-protection.yaml")
    with served(folder) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 1440, "height": 860})
        page.goto(url)
        deadline = time.monotonic() + 60
        while not page.evaluate("() => !!document.body.dataset.analysisVersion"):
            if time.monotonic() > deadline:
                raise SystemExit("the workspace did not load")
            time.sleep(0.1)
        page.fill("#as-of", "2026-08-31")
        page.keyboard.press("Tab")
        while page.evaluate("() => document.querySelector('#analysis-body').dataset.asOf") != (
            "2026-08-31"
        ):
            time.sleep(0.1)
        box = page.locator("#cy").bounding_box()
        a = page.evaluate("() => window.ecographCy.getElementById('susan').renderedPosition()")
        b = page.evaluate("() => window.ecographCy.getElementById('roberta').renderedPosition()")
        page.mouse.click(
            box["x"] + a["x"] + (b["x"] - a["x"]) * 0.4, box["y"] + a["y"] + (b["y"] - a["y"]) * 0.4
        )
        time.sleep(0.5)
        out = ROOT / "docs" / "images" / "workspace.png"
        page.screenshot(path=str(out))
        browser.close()
    shutil.rmtree(folder)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""End to end in headless Chromium: a social worker's case files, in and out of the page.

What she clicks, and what she sees:

1. The workspace opens on her case (roberta.yaml). She clicks **Duplicate**: the case list
   now shows roberta-copy.yaml, open, a byte-for-byte copy of her file.
2. She clicks **Files…**: the panel offers every format of ``ecograph export``. She picks
   *GraphML* and clicks **Download**: she gets roberta's map as a .graphml file that
   ``ecograph`` reads back with the same actors.
3. Under *Redacted copy* she types a file name and the team's key and clicks **Write redacted
   copy**: a new case appears in the list, where actors are called by their role ("Social
   worker", "Client family") and no name or note of hers is left.
4. She sets the date to 1 June 2026 and clicks **Summary (PDF)**: one page, with the map on
   that date, the top early warnings and the tactics in plain words. **Map (PNG)** gives the
   map on that date.
5. Under *Import CSV* she uploads an actors.csv with a mistake: the page says which file and
   line is wrong, and nothing is written. With the file fixed, the new case opens.

Screenshots of each step: tests/workspace/_screenshots/cases-io/ (1024x768). The PDF's page is
also drawn to PNG there when ``pdftoppm`` is installed, to be looked at.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.workspace.conftest import served
from tests.workspace.test_browser_e2e import User

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).parent / "_screenshots" / "cases-io"


def pdf_pages_and_text(data: bytes) -> tuple[int, str]:
    """Return the number of pages of a PDF Matplotlib wrote, and the text it draws.

    Matplotlib writes each text as ``[(C) -0.5 (h) ...] TJ`` (kerned glyph by glyph) in Flate
    streams; the strings of each TJ/Tj are joined (one line of the page a line here).
    """
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    lines = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            body = zlib.decompress(m.group(1))
        except zlib.error:
            continue  # an image
        for op in re.finditer(rb"\[(.*?)\]\s*TJ|(\((?:\\.|[^\\)])*\))\s*Tj", body, re.S):
            chunk = op.group(1) or op.group(2)
            parts = re.findall(rb"\(((?:\\.|[^\\)])*)\)", chunk, re.S)
            text = b"".join(parts)
            text = re.sub(rb"\\([()\\])", rb"\1", text)
            lines.append(text.decode("latin-1"))
    return pages, "\n".join(lines)


def png_size(data: bytes) -> tuple[int, int]:
    """Return (width, height) of a PNG file, checking its signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


class Worker(User):
    """Drives the page as a social worker would; writes a screenshot after each step."""

    def download(self, selector: str, folder: Path) -> Path:
        with self.page.expect_download(timeout=120_000) as info:
            self.page.click(selector)
        d = info.value
        path = folder / d.suggested_filename
        d.save_as(str(path))
        return path

    def opened(self, name: str) -> None:
        self.until(
            "n => document.querySelector('#case-select').value === n"
            " && window.ecographWorkspace.state().name === n"
            " && !!document.body.dataset.analysisVersion"
            " && document.body.dataset.analysisVersion === document.body.dataset.version",
            name,
        )


def test_a_social_worker_duplicates_exports_redacts_and_prints(chromium, tmp_path: Path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy("examples/child-protection.yaml", cases / "roberta.yaml")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with served(cases) as url:
        context = chromium.new_context(
            viewport={"width": 1024, "height": 768}, accept_downloads=True
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        base = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
        elsewhere: list[str] = []
        page.on(
            "request",
            lambda r: None if r.url.startswith((base, "blob:")) else elsewhere.append(r.url),
        )
        page.goto(url)
        w = Worker(page, SHOTS)
        w.opened("roberta.yaml")

        # 1. duplicate, twice: the second copy takes the next free name
        page.click("#duplicate-case")
        w.opened("roberta-copy.yaml")
        assert (cases / "roberta-copy.yaml").read_bytes() == (cases / "roberta.yaml").read_bytes()
        page.select_option("#case-select", "roberta.yaml")
        w.opened("roberta.yaml")
        page.click("#duplicate-case")
        w.opened("roberta-copy-2.yaml")
        assert (cases / "roberta-copy-2.yaml").read_bytes() == (cases / "roberta.yaml").read_bytes()
        w.shot("duplicated")

        # 2. export to GraphML: every format of `ecograph export` is offered
        page.click("#files")
        page.wait_for_selector("#export-format")
        offered = page.eval_on_selector_all("#export-format option", "os => os.map(o => o.value)")
        from ecograph.io.export import EXPORT_FORMATS

        assert offered == [f.value for f in EXPORT_FORMATS]
        page.select_option("#export-format", "graphml")
        w.shot("files-panel")
        graphml = w.download("#export-download", downloads)
        assert graphml.name == "child-protection-roberta.graphml"
        from ecograph.io.casefile import load_case
        from ecograph.io.graphfiles import read_graphml

        original = load_case(cases / "roberta.yaml")
        assert read_graphml(graphml).actors == original.actors

        # 3. a redacted copy with the team's key
        page.fill("#redact-name", "roberta-teaching.yaml")
        page.fill("#redact-key", "our-team-key-for-teaching-2026")
        page.click("#redact-write")
        w.opened("roberta-teaching.yaml")
        w.shot("redacted-copy")
        text = (cases / "roberta-teaching.yaml").read_text()
        for a in original.actors:
            assert a.name not in text
        assert "Social worker" in text
        assert "our-team-key" not in text
        labels = page.evaluate("() => window.ecographCy.nodes('.actor').map(n => n.data('label'))")
        assert "Social worker 1" in labels and "Client family" in labels
        # the same name again: the page asks before replacing the copy; "no" writes nothing
        asked: list[str] = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        before = (cases / "roberta-teaching.yaml").read_bytes()
        page.click("#files")
        page.fill("#redact-name", "roberta-teaching.yaml")
        page.click("#redact-write")
        w.until("() => !document.querySelector('#problems').hidden")
        assert asked == ["A case named roberta-teaching.yaml exists already. Replace it?"]
        assert (cases / "roberta-teaching.yaml").read_bytes() == before
        page.click("#problems-close")

        # 4. the date on screen, then the one-page summary and the map as PNG
        page.select_option("#case-select", "roberta.yaml")
        w.opened("roberta.yaml")
        page.fill("#as-of", "2026-06-01")
        page.keyboard.press("Tab")
        w.until("() => document.querySelector('#analysis-body').dataset.asOf === '2026-06-01'")
        page.click("#files")
        page.wait_for_selector("#summary-pdf")
        w.shot("files-on-a-date")
        pdf = w.download("#summary-pdf", downloads)
        assert pdf.name == "child-protection-roberta-summary-2026-06-01.pdf"
        pages, drawn = pdf_pages_and_text(pdf.read_bytes())
        assert pages == 1
        assert "Early warnings on 2026-06-01" in drawn
        assert "sustained hostility: Olivia (team manager) -- Roberta (mother)" in drawn
        assert "Roberta's family: bargaining (law), for Children's services team" in drawn
        png = w.download("#map-png", downloads)
        assert png.name == "child-protection-roberta-map-2026-06-01.png"
        width, height = png_size(png.read_bytes())
        assert width > 1000 and 0.5 < height / width < 1.0
        if shutil.which("pdftoppm"):  # to look at the page as a reader sees it
            subprocess.run(
                ["pdftoppm", "-png", "-r", "66", "-singlefile", str(pdf), str(SHOTS / "summary")],
                check=True,
            )

        # 5. import CSV: a mistake is shown by file and line, nothing is written
        from ecograph.io.export import export_files

        tables = export_files(original, "csv")
        bad = tables["actors.csv"].replace(",0.85,", ",lots,", 1)
        (tmp_path / "actors.csv").write_text(bad)
        (tmp_path / "relationships.csv").write_text(tables["relationships.csv"])
        page.fill("#import-name", "roberta-from-csv.yaml")
        page.fill("#import-id", "roberta-csv")
        page.fill("#import-title", "Roberta, from the spreadsheet")
        page.set_input_files("#import-actors", str(tmp_path / "actors.csv"))
        page.set_input_files("#import-relationships", str(tmp_path / "relationships.csv"))
        page.click("#import-csv")
        page.wait_for_selector("#problems:not([hidden])", timeout=60_000)
        shown = page.inner_text("#problems-text")
        w.shot("import-refused")
        # the same words as `ecograph import` on the same files
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "ecograph",
                "import",
                "actors.csv",
                "relationships.csv",
                "-o",
                "out.yaml",
                "--id",
                "x",
                "--title",
                "x",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert cli.returncode == 2
        said = [ln.strip() for ln in cli.stderr.splitlines()[1:]]
        assert said and all(line in shown for line in said), (said, shown)
        assert "actors.csv:2:5: Power: not a number" in shown
        assert not (cases / "roberta-from-csv.yaml").exists()
        page.click("#problems-close")
        (tmp_path / "actors.csv").write_text(tables["actors.csv"])
        page.set_input_files("#import-actors", str(tmp_path / "actors.csv"))
        page.click("#import-csv")
        w.opened("roberta-from-csv.yaml")
        w.shot("imported")
        assert len(load_case(cases / "roberta-from-csv.yaml").actors) == len(original.actors)
        context.close()
    # the refusals are the browser's own notes of HTTP 409 and 422: nothing else went wrong
    assert [e for e in errors if "422" not in e and "409" not in e] == [], errors
    assert elsewhere == [], elsewhere

"""Names in scripts matplotlib's default font (DejaVu Sans) lacks: drawn with an installed font
that has them, or one warning that says what to install -- not one warning per character."""

from __future__ import annotations

import warnings
from pathlib import Path

from matplotlib import font_manager
from matplotlib.text import Text

from ecograph.graph import EcoGraph
from ecograph.io.casefile import load_case
from ecograph.plot import plot_ecosystem, save_figure
from ecograph.plot.fonts import MissingGlyphsWarning

ROOT = Path(__file__).resolve().parents[2]


def _graph(tmp_path: Path, mother: str, worker: str) -> EcoGraph:
    text = (ROOT / "examples" / "child-protection.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Roberta (mother)", f"name: {mother}")
    text = text.replace("name: Susan (social worker)", f"name: {worker}")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return EcoGraph.from_case(load_case(path))


def _label(fig, words: str) -> Text:
    return next(t for t in fig.findobj(Text) if words in t.get_text())


def _draw(graph: EcoGraph, out: Path) -> tuple[object, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plot_ecosystem(graph)
        save_figure(fig, out)
    return fig, caught


def test_a_name_the_default_font_lacks_is_drawn_with_an_installed_font_that_has_it(tmp_path):
    # HIRAGANA LETTER NO is not in DejaVu Sans but is in STIXGeneral, which matplotlib ships.
    fig, caught = _draw(_graph(tmp_path, "Mori \u306e mother", "Susan"), tmp_path / "a.png")
    assert [str(w.message) for w in caught] == []
    families = _label(fig, "Mori").get_fontfamily()
    assert "STIXGeneral" in families
    assert (tmp_path / "a.png").stat().st_size > 0


def _cjk_font() -> str | None:
    from matplotlib.ft2font import FT2Font

    for face in font_manager.fontManager.ttflist:
        if face.name.startswith("Last Resort"):
            continue
        try:
            if ord("\u8d75") in FT2Font(face.fname).get_charmap():
                return face.name
        except (OSError, RuntimeError):
            continue
    return None


def test_chinese_names_without_a_chinese_font_give_one_warning_not_one_per_glyph(tmp_path):
    graph = _graph(tmp_path, "\u8d75\u94b1\u5b59 mother", "\u674e\u5468\u5434 worker")
    fig, caught = _draw(graph, tmp_path / "b.png")
    font = _cjk_font()
    glyph_warnings = [w for w in caught if "missing from font" in str(w.message)]
    assert glyph_warnings == []
    ours = [w for w in caught if issubclass(w.category, MissingGlyphsWarning)]
    if font is None:
        assert len(ours) == 1, [str(w.message) for w in caught]
        message = str(ours[0].message)
        assert "no installed font has 6 of the characters" in message
        assert "Noto Sans CJK" in message
    else:  # a machine with a Chinese font: it is used, and nothing to warn about
        assert ours == []
        assert font in _label(fig, "mother").get_fontfamily()
    # the same names drawn again: no new warning
    _, again = _draw(graph, tmp_path / "c.png")
    assert [w for w in again if issubclass(w.category, MissingGlyphsWarning)] == []
    assert [w for w in again if "missing from font" in str(w.message)] == []


def test_the_plot_command_says_it_in_one_plain_line(tmp_path):
    from typer.testing import CliRunner

    from ecograph.cli import app

    text = (ROOT / "examples" / "child-protection.yaml").read_text(encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("name: Roberta (mother)", "name: \u732a\u516b\u6212"), "utf-8")
    r = CliRunner().invoke(app, ["plot", str(case), "-o", str(tmp_path / "p.png")])
    assert r.exit_code == 0, r.output
    assert "Glyph" not in r.output and "MissingGlyphsWarning" not in r.output
    lines = [line for line in r.output.splitlines() if line.startswith("warning: ")]
    if _cjk_font() is None:
        assert len(lines) == 1 and "no installed font has 3 of the characters" in lines[0]
    else:
        assert lines == []

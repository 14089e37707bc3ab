"""The formats ``ecograph export`` writes, in one table, and the files each makes of a case.

The command line (``ecograph export --to``) and the workspace's downloads both read
:data:`EXPORT_FORMATS`; the text of every file comes from the format's own writer
(:mod:`ecograph.io.csvfiles`, :mod:`ecograph.io.graphfiles`).

Examples
--------
>>> from ecograph.model import Actor, Case
>>> case = Case(id="demo", title="Demo", actors=[Actor(id="w", name="Worker")])
>>> sorted(export_files(case, ExportFormat.GRAPHML))
['demo.graphml']
>>> sorted(export_files(case, "csv"))[:2]
['actors.csv', 'agreements.csv']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ecograph.errors import InputError

if TYPE_CHECKING:
    from ecograph.model import Case

__all__ = ["ExportFormat", "ExportSpec", "EXPORT_FORMATS", "export_files", "export_notes"]


class ExportFormat(StrEnum):
    """Formats ``ecograph export`` writes."""

    CSV = "csv"
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"


@dataclass(frozen=True)
class ExportSpec:
    """What a format is for, and how its files are named and sent.

    Attributes
    ----------
    name : str
        The format's name as people write it (``GraphML``).
    label : str
        What it is for, with the programs that read it.
    suffix : str
        The suffix of its one file (empty for CSV: five files, named by
        :data:`ecograph.io.csvfiles.FILE_NAMES`).
    media_type : str
        Its media type, for a download.
    """

    name: str
    label: str
    suffix: str
    media_type: str


#: Every export format, in the order the help and the workspace list them.
EXPORT_FORMATS: dict[ExportFormat, ExportSpec] = {
    ExportFormat.CSV: ExportSpec("CSV", "five tables (spreadsheets, Kumu)", "", "text/csv"),
    ExportFormat.GRAPHML: ExportSpec(
        "GraphML",
        "carries everything (Gephi, Cytoscape, yEd)",
        ".graphml",
        "application/graphml+xml",
    ),
    ExportFormat.GEXF: ExportSpec("GEXF", "Gephi", ".gexf", "application/gexf+xml"),
    ExportFormat.JSON: ExportSpec(
        "JSON", "node-link (d3 and other web tools)", ".json", "application/json"
    ),
}


def _format(fmt: ExportFormat | str) -> ExportFormat:
    try:
        return ExportFormat(fmt)
    except ValueError:
        raise InputError(
            f"{str(fmt)[:40]!r} is not an export format",
            field="to",
            expected=", ".join(f.value for f in EXPORT_FORMATS),
        ) from None


def export_files(case: Case, fmt: ExportFormat | str) -> dict[str, str]:
    """Return the files an export of ``case`` in ``fmt`` makes: name -> text.

    CSV gives the five tables by their file names; the other formats one file named after the
    case's id.

    Raises
    ------
    InputError
        If ``fmt`` is not one of :data:`EXPORT_FORMATS`.
    """
    kind = _format(fmt)
    if kind is ExportFormat.CSV:
        from ecograph.io.csvfiles import dumps_csv

        return dumps_csv(case)
    from ecograph.io.graphfiles import dumps_gexf, dumps_graphml, dumps_node_link

    dump = {
        ExportFormat.GRAPHML: dumps_graphml,
        ExportFormat.GEXF: dumps_gexf,
        ExportFormat.JSON: dumps_node_link,
    }[kind]
    return {case.id + EXPORT_FORMATS[kind].suffix: dump(case)}


def export_notes(case: Case, fmt: ExportFormat | str) -> list[str]:
    """Return what an export of ``case`` in ``fmt`` leaves behind, in words (CSV only)."""
    if _format(fmt) is not ExportFormat.CSV:
        return []
    from ecograph.io.csvfiles import not_carried

    left = not_carried(case)
    if not left:
        return []
    return ["CSV does not carry " + "; ".join(left) + " (GraphML carries everything)"]

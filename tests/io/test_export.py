"""The table of export formats: the command line and the workspace read the same one."""

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import InputError
from ecograph.io.casefile import load_case
from ecograph.io.csvfiles import FILE_NAMES
from ecograph.io.export import EXPORT_FORMATS, ExportFormat, export_files, export_notes
from ecograph.io.graphfiles import loads_graphml


def test_every_format_of_the_table_is_a_choice_of_export_to():
    out = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    for fmt, spec in EXPORT_FORMATS.items():
        assert fmt.value in out.output and spec.name in out.output


def test_the_files_of_each_format():
    case = load_case("examples/child-protection.yaml")
    assert sorted(export_files(case, ExportFormat.CSV)) == sorted(FILE_NAMES)
    ((name, text),) = export_files(case, "graphml").items()
    assert name == "child-protection-roberta.graphml"
    assert loads_graphml(text) == case
    assert list(export_files(case, "json")) == ["child-protection-roberta.json"]
    assert export_notes(case, "graphml") == []
    assert "author" in export_notes(case, "csv")[0]


def test_an_unknown_format_names_the_known_ones():
    case = load_case("examples/child-protection.yaml")
    with pytest.raises(InputError) as err:
        export_files(case, "xlsx")
    assert err.value.problem.expected == "csv, graphml, gexf, json"

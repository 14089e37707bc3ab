"""CSV interchange: round trips, Kumu-style input, located errors, privacy of cells."""

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ecograph.errors import CaseFileError, InputError
from ecograph.io.casefile import load_case
from ecograph.io.csvfiles import dumps_csv, loads_csv, not_carried, read_csv, write_csv
from ecograph.model import Actor, Case, Relationship
from tests.conftest import EXAMPLES as EXAMPLES_DIR
from tests.conftest import example_files
from tests.strategies import cases


def carried(case: Case) -> Case:
    """What CSV carries of a case: everything but perceptions and the case's metadata."""
    return case.model_copy(
        update={
            "description": None,
            "author": None,
            "start": None,
            "end": None,
            "relationships": [r.model_copy(update={"perceptions": []}) for r in case.relationships],
        }
    )


def round_trip(case: Case) -> Case:
    t = dumps_csv(case)
    return loads_csv(
        t["actors.csv"], t["relationships.csv"], t["relationship-history.csv"], goals=t["goals.csv"],
        agreements=t["agreements.csv"], case_id=case.id, title=case.title,
    )


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_examples_round_trip_through_csv_files(path: Path, tmp_path: Path):
    case = load_case(path)
    write_csv(case, tmp_path / "out")
    back = read_csv(
        tmp_path / "out/actors.csv",
        tmp_path / "out/relationships.csv",
        tmp_path / "out/relationship-history.csv",
        goals=tmp_path / "out/goals.csv",
        agreements=tmp_path / "out/agreements.csv",
        case_id=case.id,
        title=case.title,
    )
    assert back == carried(case)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(goals=True))
def test_round_trip_loses_nothing_csv_can_carry(case: Case):
    assert round_trip(case) == carried(case)


def test_kumu_style_files_without_ids_use_labels_and_pipe_lists():
    actors = "Label,Type,Tags,Description,age\nAnna,individual,client|target,,34\nAgency,Organization,Action,,\n"
    rels = "From,To,Type,Strength\nAnna,Agency,Conflict,0.7\n"
    case = loads_csv(actors, rels, case_id="k", title="Kumu")
    assert [a.id for a in case.actors] == ["Anna", "Agency"]
    assert [r.value for r in case.actors[0].roles] == ["client", "target"]
    assert case.actors[1].kind.value == "organization"  # case-insensitive vocabulary
    assert case.actors[0].attributes == {"age": 34}
    assert case.relationships[0].type.value == "conflict" and case.relationships[0].strength == 0.7


def test_semicolon_files_with_decimal_commas_and_a_bom_are_read():
    actors = "\ufeffID;Label;Power\na;A;0,8\nb;B;0.2\n"
    rels = "From;To;Type;Strength\na;b;cooperation;0,5\n"
    case = loads_csv(actors, rels, case_id="c", title="T")
    assert case.actors[0].power == 0.8 and case.relationships[0].strength == 0.5


def test_every_problem_has_file_row_column_expectation_and_suggestion():
    actors = textwrap.dedent(
        """\
        ID,Label,Type,Tags,Power
        w,Worker,individual,change_agent,0.5
        f,Family,famly,clent,1.5
        x,X,individual,,lots
        """
    )
    rels = "From,To,Type\nw,f,cooperaton\n"
    with pytest.raises(CaseFileError) as err:
        loads_csv(actors, rels, case_id="c", title="T", sources=["a.csv", "r.csv", "h.csv"])
    got = {(p.source, p.line, p.column, p.field): p for p in err.value.problems}
    assert set(got) == {
        ("a.csv", 3, 3, "Type"),
        ("a.csv", 3, 4, "Tags"),
        ("a.csv", 3, 5, "Power"),
        ("a.csv", 4, 5, "Power"),
        ("r.csv", 2, 3, "Type"),
    }
    assert got["a.csv", 3, 3, "Type"].suggestion == "family"
    assert got["a.csv", 3, 4, "Tags"].suggestion == "client"
    assert got["r.csv", 2, 3, "Type"].suggestion == "cooperation"
    assert "less than or equal to 1" in got["a.csv", 3, 5, "Power"].message
    assert "not a number" in got["a.csv", 4, 5, "Power"].message
    assert "a.csv:3:3: Type:" in str(err.value)


def test_dangling_reference_is_placed_at_its_cell_with_a_suggestion():
    actors = "ID,Label,Member Of\nfamily,Family,\nmum,Mum,famly\n"
    rels = "From,To,Type\nmum,familly,cooperation\n"
    with pytest.raises(CaseFileError) as err:
        loads_csv(actors, rels, case_id="c", title="T", sources=["a.csv", "r.csv", "h.csv"])
    got = {(p.source, p.line, p.column): p.suggestion for p in err.value.problems}
    assert got == {("a.csv", 3, 3): "family", ("r.csv", 2, 2): "family"}


def test_unknown_relationship_column_and_near_miss_actor_column_are_errors():
    with pytest.raises(CaseFileError) as err:
        loads_csv("ID,Label,Powr\na,A,1\n", "From,To,Typ\n", case_id="c", title="T")
    found = {p.field: p.suggestion for p in err.value.problems}
    assert found == {"Powr": "Power", "Typ": "Type"}


def test_history_rows_become_the_relationship_history_even_without_a_relationship_row():
    actors = "ID,Label\na,A\nb,B\n"
    hist = "From,To,Date,Type,Strength,Ended\na,b,2026-01-02,cooperation,0.5,\nb,a,2026-03-01,conflict,0.4,yes\n"
    case = loads_csv(actors, "From,To,Type\n", hist, case_id="c", title="T")
    (rel,) = case.relationships
    assert [o.date.month for o in rel.history] == [1, 3] and rel.history[1].ended
    assert rel.state().ended


def test_history_error_points_at_the_history_row():
    hist = "From,To,Date,Type,Perceived By\na,b,2026-01-02,conflict,c\n"
    with pytest.raises(CaseFileError) as err:
        loads_csv("ID,Label\na,A\nb,B\n", "From,To\n", hist, case_id="c", title="T",
                  sources=["a.csv", "r.csv", "h.csv"])
    (p,) = err.value.problems
    assert p.source == "h.csv" and p.line == 2


def test_ragged_rows_empty_file_and_bad_quotes_are_clear():
    with pytest.raises(CaseFileError, match="the file is empty"):
        loads_csv("", "From,To\n", case_id="c", title="T")
    with pytest.raises(CaseFileError, match="3 cells but the header names 2"):
        loads_csv("ID,Label\na,A,extra\n", "From,To\n", case_id="c", title="T")


def test_cell_text_is_never_echoed_for_free_text_columns():
    actors = "ID,Label,Description\na,A,\n" + "b," + "Secret Person" * 50 + ",private note\n"
    with pytest.raises(CaseFileError) as err:
        loads_csv(actors, "From,To\n", case_id="c", title="T")
    assert "Secret" not in str(err.value) and "Label" in str(err.value)


def test_ids_with_the_list_separator_cannot_be_written_silently():
    case = Case(id="c", title="T", actors=[Actor(id="a|b", name="A"), Actor(id="c", name="C", member_of=["a|b"])])
    with pytest.raises(InputError, match="contains '|'"):
        dumps_csv(case)


def test_not_carried_lists_perceptions_and_metadata():
    case = load_case(example_files()[0])
    left = " ".join(not_carried(case))
    assert ("start" in left) == bool(case.start) and "goal" not in left


def test_goals_and_agreements_rows_grouped_by_id_with_located_problems():
    actors = "ID,Label\nw,W\nc,C\np,P\n"
    goals = "Goal,Description,Actor,Stance\ng1,Keep the flat,c,1\ng1,,p,-0.5\ng2,Quiet street,,\n"
    case = loads_csv(actors, "From,To\n", goals=goals, case_id="c", title="T")
    assert [(g.id, g.description, [(s.actor, s.stance) for s in g.stances]) for g in case.goals] == [
        ("g1", "Keep the flat", [("c", 1.0), ("p", -0.5)]),
        ("g2", "Quiet street", []),
    ]
    agreements = "Agreement,Basis,Party,Gives\na1,law,w,visits\na1,lw,c,\na1,law,cc,\n"
    with pytest.raises(CaseFileError) as err:
        loads_csv(actors, "From,To\n", agreements=agreements, case_id="c", title="T",
                  sources=["a.csv", "r.csv", "h.csv", "g.csv", "ag.csv"])
    got = {(p.source, p.line, p.column, p.field) for p in err.value.problems}
    assert got == {("ag.csv", 3, 2, "Basis")}  # differs from line 2 (and is misspelt)
    with pytest.raises(CaseFileError) as err:
        loads_csv(actors, "From,To\n", agreements=agreements.replace(",lw,", ",law,"),
                  case_id="c", title="T", sources=["a.csv", "r.csv", "h.csv", "g.csv", "ag.csv"])
    (p,) = err.value.problems
    assert (p.source, p.line, p.column, p.suggestion) == ("ag.csv", 4, 3, "c")


def test_write_csv_refuses_a_file_as_folder(tmp_path: Path):
    f = tmp_path / "x.csv"
    f.write_text("x")
    case = Case(id="c", title="T", relationships=[], actors=[])
    with pytest.raises(InputError, match="must be a folder"):
        write_csv(case, f)
    _ = Relationship


# ------------------------------------------------------------ issue 14, point 6: Kumu sheets
@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_every_relationship_row_has_an_id_for_kumu(path: Path):
    import csv
    import io

    case = load_case(path)
    rows = list(csv.DictReader(io.StringIO(dumps_csv(case)["relationships.csv"])))
    assert len(rows) == len(case.relationships)
    assert all(row["ID"] for row in rows)
    assert len({row["ID"] for row in rows}) == len(rows)


def test_history_sheet_is_named_and_headed_so_it_is_not_a_connections_sheet():
    tables = dumps_csv(load_case(EXAMPLES_DIR / "child-protection.yaml"))
    assert "history.csv" not in tables
    header = tables["relationship-history.csv"].splitlines()[0].split(",")
    assert header[0] == "Relationship"
    assert "From" not in header and "To" not in header


def test_history_rows_are_matched_by_relationship_id_and_old_from_to_still_reads():
    actors = "ID,Label\na,A\nb,B\n"
    rels = "ID,From,To,Type\nab,a,b,conflict\n"
    by_id = "Relationship,Source Actor,Target Actor,Date,Type,Strength\nab,,,2026-01-05,conflict,0.5\n"
    old = "From,To,Date,Type,Strength\na,b,2026-01-05,conflict,0.5\n"
    one = loads_csv(actors, rels, by_id, case_id="t", title="T")
    two = loads_csv(actors, rels, old, case_id="t", title="T")
    assert one == two
    (r,) = one.relationships
    assert r.id == "ab" and len(r.history) == 1 and r.history[0].strength == 0.5

"""Spelling variants of vocabulary words are read and normalised (issue 14, point 9)."""

import pytest

from ecograph.cli.time import parse_mix
from ecograph.errors import CaseFileError
from ecograph.io.casefile import dumps_case, loads_case
from ecograph.io.csvfiles import loads_csv
from ecograph.model import ActorKind, RelationType, Role

CASE = """
ecograph: 1
id: t
title: T
actors:
  - {id: a, name: A, kind: Organisation, roles: [Change agent system]}
  - {id: b, name: B, roles: [client system, target]}
relationships:
  - {source: a, target: b, type: co-operation, strength: 0.5, basis: authority-redistribution}
"""


def test_case_file_reads_british_spellings_and_saves_the_standard_ones():
    case = loads_case(CASE)
    assert case.actors[0].kind is ActorKind.ORGANIZATION
    assert case.actors[0].roles == [Role.CHANGE_AGENT]
    assert case.actors[1].roles == [Role.CLIENT, Role.TARGET]
    assert case.relationships[0].type is RelationType.COOPERATION
    text = dumps_case(case)
    assert "organization" in text and "cooperation" in text and "co-operation" not in text
    assert loads_case(text) == case


def test_csv_reads_the_variants():
    actors = "ID,Label,Type,Tags\na,A,organisation,change agent\nb,B,,client\n"
    rels = "From,To,Type,Strength\na,b,Co-operation,0.5\n"
    case = loads_csv(actors, rels, case_id="t", title="T")
    assert case.actors[0].kind is ActorKind.ORGANIZATION
    assert case.relationships[0].type is RelationType.COOPERATION


def test_errors_echo_the_word_as_written_never_a_mangled_form():
    rels = "From,To,Type,Strength\na,b,Co-opperation,0.5\n"
    with pytest.raises(CaseFileError) as err:
        loads_csv("ID,Label\na,A\nb,B\n", rels, case_id="t", title="T")
    text = str(err.value)
    assert "'Co-opperation' is not a relationship type" in text
    assert "co_opperation" not in text
    assert "did you mean 'cooperation'" in text


def test_the_command_line_reads_the_variants_too():
    assert parse_mix("co-operation=0.4,conflict=0.6") == {"cooperation": 0.4, "conflict": 0.6}

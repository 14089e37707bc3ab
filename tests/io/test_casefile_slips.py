"""More slips a user makes in a case file, and the whole message each one gets.

Each test pins the complete text a user reads (file, line and column, field, what is wrong,
what is expected), or the case a file gives, for slips the other case-file tests do not
make: a character YAML does not allow, a date that does not exist when the format is not
given, keys given twice deep inside a list, an alias used inside the file.
"""

from __future__ import annotations

import pytest

from ecograph.errors import CaseFileError
from ecograph.io.casefile import loads_case, parse_document

HEAD = "ecograph: 1\nid: d\ntitle: T\n"


def message(text: str, **kwargs: str) -> str:
    with pytest.raises(CaseFileError) as err:
        loads_case(text, **kwargs)  # type: ignore[arg-type]
    return str(err.value)


def test_a_control_character_is_named_with_where_it_is():
    assert message(HEAD + "actors:\n  - {id: a\x01, name: A}\n") == (
        "<input>: 1 problem found\n"
        "<input>: not valid YAML: unacceptable character #x0001: special characters are not "
        'allowed\n  in "<unicode string>", position 45'
    )


def test_a_date_that_does_not_exist_is_located_when_the_format_is_not_given():
    # YAML is the default format, read with positions
    assert message(HEAD + "start: 2026-02-30\n") == (
        "<input>: 1 problem found\n"
        "<input>:4:8: start: not a real date (day is out of range for month) "
        "(expected a date as YYYY-MM-DD)"
    )
    with pytest.raises(CaseFileError) as err:
        parse_document(HEAD + "start: 2026-02-30\n", source="c.yaml")
    assert str(err.value) == (
        "c.yaml: 1 problem found\n"
        "c.yaml:4:8: start: not a real date (day is out of range for month) "
        "(expected a date as YYYY-MM-DD)"
    )


YAML_FORM = "(expected indentation with spaces, 'key: value' pairs, '- ' list items)"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        # the field is named as written, capitals included
        (
            "    Notes: Met her: went badly",
            "6:19: not valid YAML: a ':' inside the text of 'Notes', which is not in quotes: put "
            'the text in quotes (expected Notes: "text with: a colon")',
        ),
        # no field before the colon on that line: the general words, not a field's
        (
            '    "quoted key": Met her: went badly',
            "6:26: not valid YAML: a ':' where no field can start (put text with ': ' in quotes) "
            f"[mapping values are not allowed here] {YAML_FORM}",
        ),
        # a slip that is not a colon in text is not blamed on the field before it
        (
            "    name: 'A' B",
            "6:15: not valid YAML: this line's indentation does not match the lines above "
            f"[expected <block end>, but found '<scalar>'] {YAML_FORM}",
        ),
    ],
)
def test_a_colon_in_unquoted_text_is_blamed_on_the_right_field(line: str, said: str):
    text = HEAD + "actors:\n  - id: a\n" + line + "\n"
    assert message(text, source="c.yaml") == "c.yaml: 1 problem found\nc.yaml:" + said


def test_a_json_key_given_twice_is_named_whole_up_to_40_characters():
    def twice(key: str) -> str:
        # U+FFFE: JSON allows it, YAML does not, so the JSON parser reads this file
        return f'{{"ecograph": 1, "id": "d", "title": "T\ufffe", "{key}": 1, "{key}": 2}}'

    k40, k41 = "k" * 40, "k" * 41
    assert message(twice(k40), fmt="json", source="c.json") == (
        f"c.json: 1 problem found\nc.json: {k40}: the field '{k40}' is given twice "
        "(expected each field once)"
    )
    assert message(twice(k41), fmt="json", source="c.json") == (
        f"c.json: 1 problem found\nc.json: the field '{'k' * 37}...' is given twice "
        "(expected each field once)"
    )


def test_a_scenario_file_gets_the_case_files_located_messages():
    from ecograph.io.scenario import loads_scenario

    text = (
        "ecograph-scenario: 2\nid: s\nid: t\ntitle: T\ninterventions:\n"
        "  - change_stance: {actor: a, goal: g, stance: 2}\n"
    )
    with pytest.raises(CaseFileError) as err:
        loads_scenario(text, source="s.yaml")
    assert str(err.value) == (
        "s.yaml: 3 problems found\n"
        "s.yaml:1:20: ecograph-scenario: this file was written by a newer ecograph (format 2) "
        "(expected format 1 or older: upgrade ecograph to read it)\n"
        "s.yaml:3:1: id: the field 'id' is given twice (expected each field once)\n"
        "s.yaml:6:48: interventions[0].change_stance.stance: Input should be less than or equal "
        "to 1 (got 2)"
    )
    with pytest.raises(CaseFileError) as err:
        loads_scenario(text.replace("ecograph-scenario: 2\n", ""), source="s.yaml")
    assert str(err.value).splitlines()[1] == (
        "s.yaml:1:1: ecograph-scenario: the format version is missing "
        "(expected 'ecograph-scenario: 1' as the first line)"
    )


def test_text_with_a_line_break_character_is_written_so_it_reads_back():
    # NEL (U+0085) is a line break to a YAML reader: a case file quotes such text, with either
    # emitter PyYAML may use, so a name or note comes back as it was written
    import yaml

    from ecograph.io.casefile import case_dumper, yaml_text

    for emitter in (yaml.SafeDumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
        dumper = case_dumper(emitter)
        for text in ("a\x85b", "Zoë\x85Smith: notes", "plain"):
            written = yaml_text({"name": text}, dumper)
            assert yaml.safe_load(written) == {"name": text}, written


def test_a_folder_given_as_a_case_file_is_called_a_folder(tmp_path):
    from ecograph.errors import InputError
    from ecograph.io.casefile import load_case

    folder = tmp_path / "case.yaml"
    folder.mkdir()
    with pytest.raises(InputError) as err:
        load_case(folder)
    assert str(err.value) == f"{folder}: is a folder, not a case file"


def test_a_json_case_file_is_read_as_json(tmp_path):
    # U+FFFE may stand in JSON text and not in YAML: a .json file is read by the JSON rules
    from ecograph.io.casefile import load_case

    path = tmp_path / "c.json"
    path.write_text('{"ecograph": 1, "id": "d", "title": "T\ufffe"}', encoding="utf-8")
    assert load_case(path).title == "T\ufffe"


def test_an_actor_written_as_plain_text_is_told_to_be_a_mapping():
    assert message(HEAD + "actors:\n  - just a name\n", source="c.yaml") == (
        "c.yaml: 1 problem found\n"
        "c.yaml:5:5: actors[0]: Input should be a valid dictionary or instance of Actor "
        "(got a text of 11 characters)"
    )


def test_a_saved_case_file_keeps_names_as_written_fields_in_order_and_folds_at_100():
    from ecograph.io.casefile import dumps_case
    from ecograph.model import Actor, Case

    words = (
        "Met Zoë at the school gate with her mother and the head teacher who asked about the "
        "attendance plan again"
    )
    note = "xxxxxxxx " + words + " " + words
    case = Case(
        id="c", title="Zoë", actors=[Actor(id="z", name="Zoë Smith", roles=["client"], notes=note)]
    )
    text = dumps_case(case)
    assert text == (
        "ecograph: 1\nid: c\ntitle: Zoë\nactors:\n- id: z\n  name: Zoë Smith\n  roles:\n"
        "  - client\n"
        "  notes: xxxxxxxx Met Zoë at the school gate with her mother and the head teacher who "
        "asked about the\n"
        "    attendance plan again Met Zoë at the school gate with her mother and the head "
        "teacher who asked about\n"
        "    the attendance plan again\n"
    )
    assert loads_case(text) == case


def test_a_misspelt_field_does_not_hide_a_stance_by_someone_not_in_the_case():
    text = HEAD + (
        "actors:\n  - {id: w, name: W, roles: [change_agent], powr: 0.5}\n"
        "goals:\n  - id: g\n    description: Safe home\n    stances:\n"
        "      - {actor: robertta, stance: 1}\n"
    )
    assert message(text, source="c.yaml") == (
        "c.yaml: 2 problems found\n"
        "c.yaml:5:51: actors[0].powr: unknown field 'powr' (expected one of: id, name, kind, "
        "roles, power, voluntariness, member_of, joined, expects_moderate_demands, attributes, "
        "notes, position); did you mean 'power'?\n"
        "c.yaml:10:17: goals[0].stances[0].actor: stance by 'robertta' is not an actor of this "
        "case (expected the id of an actor listed under actors)"
    )

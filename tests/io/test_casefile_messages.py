"""What a user reads when a case file cannot be loaded: the whole message, pinned.

Each error names the file, the line and column of the slip, the field, what is wrong and what
would be accepted. A wrong column sends the user to the wrong character; a lost field name or
expectation leaves them guessing. So these tests compare the complete text, not a fragment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecograph.errors import CaseFileError, InputError
from ecograph.io.casefile import dumps_case, format_of, load_case, loads_case, save_case
from ecograph.model import Actor, Case

HEAD = "ecograph: 1\nid: d\ntitle: T\n"
LONG_KEY = "k" * 45
KEY_40 = "k" * 40
PLAIN = "expected a plain case file (anchors and aliases used sparingly, without loops)"
YAML_FORM = "expected indentation with spaces, 'key: value' pairs, '- ' list items"
BIG_INT = "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"

CASES = {
    "key-twice": (
        HEAD + "actors:\n  - {id: a, name: A, name: B}\n"
        "  - id: b\n    name: B\n    roles: [client]\n    roles: [target]\n",
        "yaml",
        "c.yaml: 2 problems found\n"
        "c.yaml:5:22: actors[0].name: the field 'name' is given twice (expected each field once)\n"
        "c.yaml:9:5: actors[1].roles: the field 'roles' is given twice (expected each field once)",
    ),
    # U+FFFE is allowed in JSON text but not in YAML: the JSON parser reads it, and still
    # refuses a key given twice (it gives no position, so the message names the key)
    "json-key-twice": (
        '{"ecograph": 1, "id": "d", "title": "T\ufffe", "' + KEY_40 + '": 1, "' + KEY_40 + '": 2}',
        "json",
        "c.json: 1 problem found\n"
        f"c.json: {KEY_40}: the field '{KEY_40}' is given twice (expected each field once)",
    ),
    "json-long-key-twice": (
        '{"ecograph": 1, "id": "d", "title": "T\ufffe", "'
        + LONG_KEY
        + '": 1, "'
        + LONG_KEY
        + '": 2}',
        "json",
        "c.json: 1 problem found\n"
        f"c.json: the field '{'k' * 37}...' is given twice (expected each field once)",
    ),
    "json-syntax": (
        '{"ecograph": 1,\n  "id": }',
        "json",
        "c.json: 1 problem found\nc.json:2:9: not valid JSON: Expecting value",
    ),
    "json-huge-number": (
        '{"ecograph": 1, "x": ' + "9" * 5000 + "}",
        "json",
        f"c.json: 1 problem found\nc.json: not valid JSON: {BIG_INT} "
        "(expected numbers of reasonable size)",
    ),
    "json-deep": (
        "[" * 100000 + "]" * 100000,
        "json",
        "c.json: 1 problem found\n"
        "c.json: not valid JSON: nested too deeply (expected at most 64 levels)",
    ),
    "colon-in-notes": (
        HEAD + "actors:\n  - id: a\n    name: A\n    notes: Met her: went badly\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:7:19: not valid YAML: a ':' inside the text of 'notes', which is not in quotes: "
        'put the note in quotes (expected notes: "text with: a colon")',
    ),
    "colon-in-other-field": (
        HEAD + "actors:\n  - id: a\n    name: A\n    remark: Met her: went badly\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:7:20: not valid YAML: a ':' inside the text of 'remark', which is not in quotes: "
        'put the text in quotes (expected remark: "text with: a colon")',
    ),
    "colon-in-one-line-mapping": (
        HEAD + "actors:\n  - {id: a, name: A, notes: Met her: badly}\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:5:36: not valid YAML: a ':' inside the text of 'notes', which is not in quotes: "
        'put the note in quotes (expected notes: "text with: a colon")',
    ),
    "tab": (
        HEAD + "actors:\n\t- id: a\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:5:1: not valid YAML: a tab character (indent with spaces) "
        f"[found character '\\t' that cannot start any token] ({YAML_FORM})",
    ),
    "impossible-date": (
        HEAD + "actors: []\nstart: 2026-02-30\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:5:8: start: not a real date (day is out of range for month) "
        "(expected a date as YYYY-MM-DD)",
    ),
    "impossible-date-after-an-alias": (
        HEAD + "actors: &v []\ngoals: *v\nstart: 2026-02-30\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:6:8: start: not a real date (day is out of range for month) "
        "(expected a date as YYYY-MM-DD)",
    ),
    "impossible-date-as-a-key": (
        HEAD + "2026-02-30: x\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml: not valid YAML: a value cannot be read (day is out of range for month) "
        "(expected real dates as YYYY-MM-DD and numbers of reasonable size)",
    ),
    "huge-number": (
        HEAD + "actors:\n  - {id: a, name: A, power: " + "9" * 5000 + "}\n",
        "yaml",
        f"c.yaml: 1 problem found\nc.yaml:5:29: actors[0].power: not a real number ({BIG_INT}) "
        "(expected a number of reasonable size)",
    ),
    "alias-loop": (
        HEAD + "actors: &b [*b]\n",
        "yaml",
        f"c.yaml: 1 problem found\nc.yaml:4:9: an alias refers to itself (a loop) ({PLAIN})",
    ),
    "too-deep": (
        HEAD + "x: " + "[" * 200 + "]" * 200 + "\n",
        "yaml",
        f"c.yaml: 1 problem found\nc.yaml:4:139: the document nests deeper than 64 levels ({PLAIN})",
    ),
    "too-deep-to-parse": (
        HEAD + "x: " + "[" * 3000 + "]" * 3000 + "\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml: not valid YAML: nested too deeply (expected at most 64 levels)",
    ),
    "not-a-mapping": (
        "- 1\n- 2\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml: a case file must be a mapping of fields "
        "(expected 'ecograph: 1', 'id:', 'title:', 'actors:' ... at the top level)",
    ),
    "version-missing": (
        "id: d\ntitle: T\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml:1:1: ecograph: the format version is missing "
        "(expected 'ecograph: 1' as the first line)",
    ),
    "version-yes": (
        "ecograph: true\nid: d\ntitle: T\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml:1:11: ecograph: the format version True is not a number "
        "(expected ecograph: 1)",
    ),
    "version-no": (
        "ecograph: false\nid: d\ntitle: T\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml:1:11: ecograph: the format version False is not a "
        "number (expected ecograph: 1)",
    ),
    "version-text": (
        "ecograph: 'one'\nid: d\ntitle: T\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml:1:11: ecograph: the format version 'one' is not a number "
        "(expected ecograph: 1)",
    ),
    "version-newer": (
        "ecograph: 2\nid: d\ntitle: T\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml:1:11: ecograph: this file was written by a newer "
        "ecograph (format 2) (expected format 1 or older: upgrade ecograph to read it)",
    ),
    "version-zero": (
        "ecograph: 0\nid: d\ntitle: T\n",
        "yaml",
        "c.yaml: 1 problem found\nc.yaml:1:11: ecograph: unknown format version 0 "
        "(expected ecograph: 1)",
    ),
    # a misspelt word does not hide a dangling reference elsewhere, and each is reported at
    # its own relationship, counted as in the file
    "misspelt-and-dangling": (
        HEAD + "actors:\n  - {id: a, name: A}\n  - {id: b}\nrelationships:\n"
        "  - {source: a, target: b, type: cooperatoin}\n"
        "  - {source: a, target: bb, type: conflict}\n",
        "yaml",
        "c.yaml: 3 problems found\n"
        "c.yaml:6:5: actors[1].name: this required field is missing\n"
        "c.yaml:8:34: relationships[0].type: 'cooperatoin' is not a relationship type "
        "(expected one of: cooperation, agreement, conflict); did you mean 'cooperation'?\n"
        "c.yaml:9:25: relationships[1].target: target 'bb' is not an actor of this case "
        "(expected the id of an actor listed under actors); did you mean 'b'?",
    ),
    "deep-in-a-history": (
        HEAD + "actors:\n  - {id: a, name: A}\n  - {id: b, name: B}\nrelationships:\n"
        "  - source: a\n    target: b\n    history:\n"
        "      - {date: 2026-01-01, type: conflict}\n"
        "      - {date: 2026-01-02, type: wrong}\n",
        "yaml",
        "c.yaml: 1 problem found\n"
        "c.yaml:12:34: relationships[0].history[1].type: 'wrong' is not a relationship type "
        "(expected one of: cooperation, agreement, conflict)",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_whole_error_message_points_to_the_slip(name: str):
    text, fmt, expected = CASES[name]
    with pytest.raises(CaseFileError) as err:
        loads_case(text, fmt=fmt, source="c." + fmt)
    assert str(err.value) == expected


def test_text_without_a_source_is_called_input():
    with pytest.raises(CaseFileError) as err:
        loads_case("id: d\ntitle: T\n")
    assert str(err.value).splitlines()[1].startswith("<input>:1:1: ecograph:")


def test_nesting_up_to_64_levels_is_read():
    def deepest(levels: int) -> str:
        # the document, the mapping of fields, then lists inside lists
        inner = levels - 1
        return HEAD + "x: " + "[" * inner + "]" * inner + "\n"

    with pytest.raises(CaseFileError) as ok:
        loads_case(deepest(64), source="c.yaml")
    assert "unknown field" in str(ok.value) or "not expected" in str(ok.value)
    assert "nests deeper" not in str(ok.value)
    with pytest.raises(CaseFileError, match="nests deeper than 64 levels"):
        loads_case(deepest(65), source="c.yaml")


def test_a_large_file_whose_aliases_expand_it_eightfold_still_loads_its_structure():
    # 30,000 values written once and used 8 times: 240,000 items read, more than the guard's
    # 200,000, but only 8 times what was written, which is no "billion laughs"
    values = ", ".join(["1"] * 30000)
    text = HEAD + f"a: &v [{values}]\n" + "".join(f"b{i}: *v\n" for i in range(7))
    with pytest.raises(CaseFileError) as err:
        loads_case(text, source="c.yaml")
    assert "expands to more than" not in str(err.value)
    assert "a: " in str(err.value) or "'a'" in str(err.value)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("case.yaml", "yaml"), ("case.YML", "yaml"), ("case.yml", "yaml"), ("case.Json", "json")],
)
def test_the_format_is_read_from_the_suffix(name: str, fmt: str):
    assert format_of(name) == fmt


@pytest.mark.parametrize(
    ("name", "said"), [("case.txt", "the suffix '.txt'"), ("case", "the suffix '(none)'")]
)
def test_an_unknown_suffix_is_a_clear_error(name: str, said: str):
    with pytest.raises(InputError) as err:
        format_of(name)
    assert str(err.value) == (
        f"{name}: cannot tell the format from {said} "
        "(expected a file ending in .yaml, .yml or .json)"
    )


def test_a_json_case_file_is_written_readably_and_read_back(tmp_path: Path):
    case = Case(
        id="c",
        title="Zoë's case",
        actors=[Actor(id="w", name="Zoë", roles=["change_agent"])],
    )
    path = tmp_path / "case.json"
    save_case(case, path)
    text = path.read_text(encoding="utf-8")
    assert text == dumps_case(case, "json")
    # two-space indents, names as written (not \u escapes), defaults left out, one final newline
    assert text.startswith('{\n  "ecograph": 1,\n  "id": "c",\n  "title": "Zoë\'s case",\n')
    assert json.loads(text)["actors"] == [{"id": "w", "name": "Zoë", "roles": ["change_agent"]}]
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert load_case(path) == case
    yaml_path = tmp_path / "case.YML"
    save_case(case, yaml_path)
    assert yaml_path.read_text(encoding="utf-8").startswith("ecograph: 1\nid: c\n")
    assert load_case(yaml_path) == case

"""Fuzz every command's options, output paths and config files: no input gives a traceback.

Each command of the command line (found from the app itself, so a new command is fuzzed too) is
run in-process with options drawn from a pool of hostile values: numbers at and beyond their
bounds, nan and infinity, dates at the edges of the calendar, names and long text, store URIs
with credentials or bad ports, and paths that are missing, folders, binary files, bad config
files, existing outputs, outputs in missing folders or over the input. Every run must end with
exit status 0, 1, 2 or 3 and, unless 0, a message -- never a traceback.

``neo4j start`` is left out (it would build and start a real server), and so is ``view
--open`` (it would open a browser). With ``CI=true`` the inputs are derandomized; the budget,
``ECOGRAPH_FUZZ_CLI_EXAMPLES`` runs per command (default 6, so about 130 runs and under a
minute on two shared cores), can be raised locally.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ecograph.cli import app
from tests.conftest import EXAMPLES

EXAMPLES_PER_COMMAND = int(os.environ.get("ECOGRAPH_FUZZ_CLI_EXAMPLES", "6"))
FUZZ = settings(
    max_examples=EXAMPLES_PER_COMMAND,
    deadline=None,  # pytest's timeout bounds a hang; two shared cores make times vary
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("CI") == "true",
)
pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(600)]
DATA = Path(__file__).parents[1] / "data"

#: Commands never run by the fuzzer, and options never given (see the module notes).
SKIP_COMMANDS = {("neo4j", "start")}
SKIP_OPTIONS = {"--open"}
#: Commands whose --to/--from/--store name a store (a password there is never repeated).
STORE_COMMANDS = {"push", "pull", "query", "analyze"}


def _commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    def walk(c: Any, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        if hasattr(c, "commands"):
            for name, sub in sorted(c.commands.items()):
                yield from walk(sub, (*prefix, name))
        else:
            yield prefix, c

    yield from walk(typer.main.get_command(app), ())


COMMANDS = [(path, cmd) for path, cmd in _commands() if path not in SKIP_COMMANDS]

#: Values given to options and arguments; {tmp} is the run's own folder.
VALUES = [
    # numbers at and beyond their bounds
    "0", "-1", "1", "2", "0.5", "nan", "inf", "-inf", "1e309", "99999999999", "1000000000",
    "0,5", "true",
    # dates at the edges
    "9999-12-31", "0001-01-01", "2026-02-30", "2026-01-05", "1900-01-01", "2199-12-31",
    # words, names, text
    "", " ", "x", "Roberta Jones", "roberta", "susan", "conflict", "cooperation", "matrix",
    "timeline", "factions", "csv", "graphml", "json", "gexf", "coop=0.4,conflict=0.6",
    "coop=nan", "balance", "z" * 300, "\x00", "é😀",
    # store URIs
    "memory:", "bolt://127.0.0.1:1", "bolt://127.0.0.1:notaport", "bolt://127.0.0.1:70000",
    "bolt://127.0.0.1:1?password=s3cr3t", "bolt://neo4j:s3cr3t@127.0.0.1:1", "ftp://x",
    # paths: inputs
    "{tmp}/case.yaml", "{tmp}/case.json", "{tmp}/scenario.yaml", "{tmp}/edges.csv",
    "{tmp}/groups.csv", "{tmp}/bad-config.yaml", "{tmp}/deep-config.yaml", "{tmp}/binary.yaml",
    "{tmp}/utf16.yaml", "{tmp}", "{tmp}/missing.yaml", "{tmp}/key", "{tmp}/actors.csv",
    "{tmp}/relationships.csv",
    # paths: outputs
    "{tmp}/out.yaml", "{tmp}/out.json", "{tmp}/out.png", "{tmp}/out.svg", "{tmp}/out.html",
    "{tmp}/out.graphml", "{tmp}/out", "{tmp}/missing-dir/out.yaml", "{tmp}/missing-dir/out.png",
    "{tmp}/existing.yaml", "{tmp}/out.txt", "{tmp}/case.yaml/out.yaml",
]  # fmt: skip


def _setup(tmp: Path) -> None:
    shutil.copy(EXAMPLES / "child-protection.yaml", tmp / "case.yaml")
    shutil.copy(EXAMPLES / "child-protection.yaml", tmp / "existing.yaml")
    shutil.copy(EXAMPLES / "scenarios" / "advocate.yaml", tmp / "scenario.yaml")
    shutil.copy(DATA / "highland_tribes_edges.csv", tmp / "edges.csv")
    shutil.copy(DATA / "highland_tribes_groups.csv", tmp / "groups.csv")
    (tmp / "case.json").write_text('{"ecograph": 1, "id": "j", "id": "k", "title": "\x7f"}')
    (tmp / "bad-config.yaml").write_text("weights: {power_gap: .inf, power_gap: yes}\n")
    (tmp / "deep-config.yaml").write_text("a: " + "[" * 5000 + "]" * 5000)
    (tmp / "binary.yaml").write_bytes(b"\xff\xfe\x00\x01\x80")
    (tmp / "utf16.yaml").write_bytes("ecograph: 1".encode("utf-16"))
    (tmp / "key").write_text("a key of enough length for redaction\n")
    (tmp / "actors.csv").write_text("Label,Type,Roles\nRoberta Jones,persn,clent\n")
    (tmp / "relationships.csv").write_text("From,To,Type\nRoberta Jones,x,conflit\n")


def _is_flag(param: Any) -> bool:
    return "bool" in str(param.display_type).lower()


@st.composite
def invocation(draw: st.DrawFn, path: tuple[str, ...], cmd: Any) -> list[str]:
    args: list[str] = list(path)
    value = st.sampled_from(VALUES)
    for param in cmd.params:
        if param.name == "help" or (param.opts and param.opts[0] in SKIP_OPTIONS):
            continue
        n = max(param.nargs, 1)
        if param.param_type_name == "argument":
            count = draw(st.integers(1, 2)) if param.nargs == -1 else n
            args += [draw(value) for _ in range(count)]
            continue
        if not draw(st.booleans()) and not param.required:
            continue
        if _is_flag(param):
            args.append(param.opts[0])
        else:
            args += [param.opts[0], *(draw(value) for _ in range(n))]
    return args


runner = CliRunner()


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_no_option_value_gives_a_traceback(
    path: tuple[str, ...], cmd: Any, tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    monkeypatch.setenv("NEO4J_USERNAME", "neo4j")

    @FUZZ
    @given(st.data())
    def run(data: st.DataObject) -> None:
        tmp = tmp_path_factory.mktemp("fuzz-cli")
        _setup(tmp)
        monkeypatch.chdir(tmp)
        args = [a.replace("{tmp}", str(tmp)) for a in data.draw(invocation(path, cmd))]
        r = runner.invoke(app, args)
        shown = " ".join(repr(a) for a in args)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise AssertionError(f"ecograph {shown}: {r.exception!r}") from r.exception
        assert r.exit_code in (0, 1, 2, 3), f"ecograph {shown}: exit {r.exit_code}\n{r.output}"
        assert "Traceback" not in r.output, f"ecograph {shown}\n{r.output}"
        if r.exit_code in (2, 3):
            assert r.output.strip(), f"ecograph {shown}: exit {r.exit_code} without a message"
        stores = {"--to", "--from", "--store"} if path[0] in STORE_COMMANDS else set()
        pairs = list(zip(args, args[1:], strict=False))
        secret_args = sum("s3cr3t" in a for a in args)
        uri_given = secret_args > 0 and secret_args == sum(
            a in stores and "s3cr3t" in b for a, b in pairs
        )  # only as a store: elsewhere it is an argument echoed by the usage message
        assert not (uri_given and "s3cr3t" in r.output), f"ecograph {shown} repeated a password"

    run()

"""Tests of ecograph.io.signed_csv: the signed edge list and group formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecograph.errors import InputError
from ecograph.io.signed_csv import read_groups, read_signed_edges

DATA = Path(__file__).resolve().parents[1] / "data"


def write(tmp_path: Path, text: str, name: str = "e.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_highland_tribes_reads_undirected() -> None:
    g = read_signed_edges(DATA / "highland_tribes_edges.csv")
    assert not g.is_directed()
    assert (g.number_of_nodes(), g.number_of_edges()) == (16, 58)
    signs = [d["sign"] for _, _, d in g.edges(data=True)]
    assert signs.count(1) == 29 and signs.count(-1) == 29
    assert all(d["weight"] == 1.0 for _, _, d in g.edges(data=True))
    groups = read_groups(DATA / "highland_tribes_groups.csv")
    assert len(groups) == 16 and groups["MASIL"] == "2"


def test_bitcoin_reads_directed_with_magnitudes(bitcoin_csv: Path) -> None:
    g = read_signed_edges(bitcoin_csv)
    assert g.is_directed()
    assert (g.number_of_nodes(), g.number_of_edges()) == (5881, 35592)
    d = g["6"]["2"]
    assert d == {"sign": 1, "weight": 4.0, "time": 1289241911.72836}
    neg = [d for _, _, d in g.edges(data=True) if d["sign"] < 0]
    assert len(neg) == 3563 and all(d["weight"] > 0 for d in neg)


def test_direction_auto_and_forced(tmp_path: Path) -> None:
    p = write(tmp_path, "source,target,sign\na,b,1\nb,a,-1\n")
    assert read_signed_edges(p).is_directed()
    q = write(tmp_path, "source,target,sign\na,b,1\nb,c,-1\n", "q.csv")
    assert not read_signed_edges(q).is_directed()
    assert read_signed_edges(q, directed=True).is_directed()
    with pytest.raises(InputError, match="duplicate pair") as info:
        read_signed_edges(p, directed=False)
    assert info.value.line == 3


def test_bom_blank_lines_extra_columns_and_plus_sign(tmp_path: Path) -> None:
    p = tmp_path / "e.csv"
    p.write_bytes("\ufeffsource,target,sign,note\n\na,b,+1,x\n".encode())
    g = read_signed_edges(p)
    assert g["a"]["b"] == {"sign": 1, "weight": 1.0}


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [
        ("source,target\na,b\n", 1, "sign", "missing column sign"),
        ("source,target,sign\na,b,2\n", 2, "sign", "sign is '2'"),
        ("source,target,sign\na,b,1\nc,d,pos\n", 3, "sign", "expected 1 or -1"),
        ("source,target,sign,weight\na,b,1,heavy\n", 2, "weight", "weight is 'heavy'"),
        ("source,target,sign,weight\na,b,1,-3\n", 2, "weight", "negative but sign is +1"),
        ("source,target,sign,weight\na,b,-1,-3\nb,c,-1,2\n", 3, "weight", "positive but sign"),
        ("source,target,sign,time\na,b,1,yesterday\n", 2, "time", "time is 'yesterday'"),
        ("source,target,sign\na,a,1\n", 2, "target", "self-loop"),
        ("source,target,sign\n,b,1\n", 2, "source", "empty source"),
        ("source,target,sign\na,b\n", 2, "sign", "the row has 2 fields"),
        ("source,target,sign\na,b,1\na,b,-1\n", 3, "target", "first on line 2"),
        ("source,source,target,sign\na,a,b,1\n", 1, "source", "appears 2 times"),
    ],
)
def test_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, field: str, fragment: str
) -> None:
    p = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_signed_edges(p)
    err = info.value
    assert (err.source, err.line, err.field) == (str(p), line, field)
    assert fragment in str(err)
    assert str(p) in str(err)


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_signed_edges(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="empty"):
        read_signed_edges(write(tmp_path, "\n\n"))
    bad = tmp_path / "latin.csv"
    bad.write_bytes(b"source,target,sign\n\xe9,b,1\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_signed_edges(bad)
    with pytest.raises(InputError, match="listed twice"):
        read_groups(write(tmp_path, "node,group\na,1\na,2\n", "g.csv"))
    with pytest.raises(InputError, match="missing column group"):
        read_groups(write(tmp_path, "node,grp\na,1\n", "g2.csv"))

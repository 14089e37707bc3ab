"""The wheel holds the package and the one copy of the Cypher questions (queries/)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_the_build_configuration() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "ecograph").rglob("__init__.py")
    }
    # folders that hold only data files are listed too (else setuptools warns on every install)
    data = {"ecograph.data", "ecograph.plot.assets", "ecograph.workspace.assets"}
    assert found | {"ecograph.queries"} | data == listed


def test_the_wheel_ships_the_top_level_queries(tmp_path: Path) -> None:
    # build from a copy of the repository's files, so the build leaves nothing in the tree
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    src = tmp_path / "src"
    for name in filter(None, files.stdout.decode().split("\0")):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "-o", str(tmp_path), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (wheel,) = tmp_path.glob("ecograph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.endswith(".cypher"))
    expected = sorted(f"ecograph/queries/{p.name}" for p in (ROOT / "queries").glob("*.cypher"))
    assert expected and shipped == expected
    assert "ecograph/analysis/rulebook.py" in names

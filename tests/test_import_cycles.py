"""No two modules of the package import each other (at module level or inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ecograph"


def _imports() -> dict[str, set[str]]:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    found: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in modules:
                        found[name].add(f"{node.module}.{alias.name}")
                if node.module in modules:
                    found[name].add(node.module)
            elif isinstance(node, ast.Import):
                found[name].update(a.name for a in node.names if a.name in modules)
    return found


def test_no_two_modules_import_each_other() -> None:
    imports = _imports()
    assert "ecograph.cli.db_render" in imports and "ecograph.store.neo4j" in imports
    mutual = sorted(
        (a, b) for a, targets in imports.items() for b in targets if a < b and a in imports[b]
    )
    assert mutual == []


def test_no_private_name_is_imported_from_another_module() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ecograph.cli"):
                assert not [a.name for a in node.names if a.name.startswith("_")], path.name

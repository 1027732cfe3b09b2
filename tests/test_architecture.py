"""The README's module table is the architecture: imports go one way, down the table; and
the types the modules declare hold."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from sitekit import REPO


def _table_order() -> list[str]:
    rows = (re.match(r"\| `(\w+)(?:\.py|/)`", line) for line in
            (REPO / "README.md").read_text(encoding="utf-8").splitlines())  # fmt: skip
    return [row.group(1) for row in rows if row]


def test_every_module_is_in_the_table_and_imports_only_those_above_it() -> None:
    order = _table_order()
    place = {name: n for n, name in enumerate(order)}
    modules = sorted(p.stem for p in (REPO / "newsgen").glob("*.py") if p.stem != "__init__")
    assert [m for m in modules if m not in place] == []
    upward = []
    for name in modules:
        tree = ast.parse((REPO / "newsgen" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            parts = node.module.split(".")
            used = parts[1:2] if parts[0] == "newsgen" and len(parts) > 1 else []
            if node.module == "newsgen":
                used = [alias.name for alias in node.names]
            upward += [(name, u) for u in used if u in place and place[u] > place[name]]
    assert upward == []


def test_the_package_passes_its_type_checks() -> None:
    """`mypy --strict` (pyproject.toml): the types the modules declare hold."""
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "newsgen"], cwd=REPO, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

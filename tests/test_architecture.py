"""The module table of docs/architecture.md is the architecture: every module is in it, and
imports go one way, down the table (so no stage imports the cache, which is listed below
them all); and the types the modules declare hold."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from sitekit import REPO

PACKAGE = REPO / "newsgen"


def _table_order() -> list[str]:
    text = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    section = text.split("## Modules", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([\w/]+(?:\.py|/))` \|", section, re.M)


def _module_of(path: str) -> str:
    """The table's name of a module: `content/load.py`; a subpackage's row covers its files."""
    return "importers/" if path.startswith("importers/") else path


def _imports(relative: str) -> set[str]:
    """The package's modules a module imports from, as the table names them."""
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsgen."):
            path = node.module.removeprefix("newsgen.").replace(".", "/")
            is_folder = (PACKAGE / path).is_dir()
            for alias in node.names if is_folder else [None]:
                name = f"{path}/{alias.name}.py" if alias else f"{path}.py"
                found.add(_module_of(name))
    return found


def test_every_module_is_in_the_table_and_imports_only_those_above_it() -> None:
    order = _table_order()
    place = {name: n for n, name in enumerate(order)}
    modules = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" or p.parent.name == "importers"
    )
    assert [m for m in modules if _module_of(m) not in place] == []
    assert [m for m in order if m not in map(_module_of, modules)] == []
    upward = set()
    for relative in modules:
        name = _module_of(relative)
        upward |= {(name, u) for u in _imports(relative) if u != name and place[u] > place[name]}
    # The cache is listed below every stage: a stage never imports it.
    assert upward == set()


def test_the_package_passes_its_type_checks() -> None:
    """`mypy --strict` (pyproject.toml): the types the modules declare hold."""
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "newsgen"], cwd=REPO, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

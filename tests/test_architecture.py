"""Flows stay transport- and SQL-free; SQL lives in storage/ only; strings come from catalogues."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_FLOWS = ("telegram", "sqlite3", "aiosqlite", "sqlalchemy", "bot", "storage", "aiohttp")
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_flows_import_no_transport_and_no_storage() -> None:
    for path in (ROOT / "flows").rglob("*.py"):
        bad = imported_modules(path) & set(FORBIDDEN_IN_FLOWS)
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_sql_only_in_storage() -> None:
    for package in ("bot", "flows"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not SQL.search(node.value), f"SQL in {path.relative_to(ROOT)}"


def test_catalogues_have_the_same_placeholders() -> None:
    from flows.text.i18n import en, fr

    field = re.compile(r"{(\w+)}")
    for key, english in en.MESSAGES.items():
        assert key in fr.MESSAGES, f"{key} only in English"
        assert set(field.findall(english)) == set(field.findall(fr.MESSAGES[key])), key


def test_every_message_key_used_in_flows_exists() -> None:
    from flows.text.i18n import fr

    literal = re.compile(r"""ctx\.t\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    for path in (ROOT / "flows").rglob("*.py"):
        for key in literal.findall(path.read_text(encoding="utf-8")):
            assert key in fr.MESSAGES, f"{key} used in {path.name} but missing from fr"


def test_every_command_has_a_handler() -> None:
    from flows.core.commands import COMMANDS
    from flows.dispatch import COMMAND_HANDLERS

    assert set(COMMAND_HANDLERS) == set(COMMANDS)

"""The house plan, checked over the whole import graph.

- `flows/domain/` is beneath everything; `flows/text/` and `flows/core/` stand on it; the feature
  rooms (members, cases, rcp, indicators) on those; `flows/dispatch.py` wires them all.
- `flows/` imports no transport, no SQL, nothing of `storage/` or `bot/`.
- `storage/` imports `flows.domain` only, never the rest of `flows/`, never `bot/`.
- Transports reach the runtime through their contract only, never the engine or the outbox
  (the console alone also reads the members' directory, for the demo's identities).
- No import cycle (through a package's __init__ too), no import inside a function (the way a
  cycle gets hidden), no relative or dynamic import (the way a rule gets dodged).
- No private API of a dependency. No test module imports another.
- SQL lives in `storage/`; strings come from the catalogues; every command and event is handled.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from flows.core.commands import COMMANDS
from flows.dispatch import BUS, COMMAND_HANDLERS
from flows.domain import events
from flows.text.i18n import en, fr

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "flows", "storage")
# Third-party or standard modules that would tie a flow to a channel or a database.
TRANSPORT_OR_SQL = {
    "telegram",
    "sqlite3",
    "aiosqlite",
    "sqlalchemy",
    "psycopg",
    "aiohttp",
    "httpx",
    "aiosmtplib",
    "aiosmtpd",
    "smtplib",
    "imaplib",
}
FEATURES = ("flows.members", "flows.cases", "flows.rcp", "flows.indicators")
# Which internal packages each layer may import (a prefix matches the package and its modules).
ALLOWED: list[tuple[str, tuple[str, ...]]] = [
    ("flows.domain", ("flows.domain",)),
    ("flows.text", ("flows.domain", "flows.text")),
    ("flows.core", ("flows.domain", "flows.text", "flows.core")),
    *((feature, ("flows.domain", "flows.text", "flows.core", *FEATURES)) for feature in FEATURES),
    ("flows.dispatch", ("flows",)),
    ("flows", ("flows",)),
    ("storage", ("storage", "flows.domain")),
]
# What a transport may import of rexbot: its contract and its own helpers, the neutral domain,
# the catalogues and command parsing. The console alone also reads the members' directory (to
# switch identities in the demo), through storage.
TRANSPORT_MAY = ("bot.transports", "flows.domain", "flows.text", "flows.core.commands")
CONSOLE_MAY_ALSO = ("storage.database", "storage.members", "storage.outbox")
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules() -> dict[str, Path]:
    return {
        module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


MODULES = product_modules()


def _is_inside(prefix: str, name: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def imports_of(path: Path) -> Iterator[tuple[str, ast.stmt]]:
    """Every module an import statement names, resolved to a module where one exists:
    `from flows.cases import casework` is an import of flows.cases.casework."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                yield (candidate if candidate in MODULES else node.module), node


def internal_graph(*, packages: bool = False) -> dict[str, set[str]]:
    """Module → the modules it imports; with `packages`, also the packages Python runs on the
    way (importing a.b.c runs a and a.b first), which is what a cycle may go through."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _ in imports_of(path):
            if target.split(".")[0] not in PACKAGES:
                continue
            parts = target.split(".")
            graph[name].add(target)
            if packages:
                graph[name].update(
                    prefix
                    for prefix in (".".join(parts[:i]) for i in range(1, len(parts)))
                    if prefix in MODULES and prefix != name
                )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a self-import."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_cycle_and_resolves_imports() -> None:
    # The rules below are only as good as the graph: it must see modules named by
    # `from package import module` and report a cycle when there is one.
    assert "flows.cases.casework" in internal_graph()["flows.dispatch"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    assert cycles(internal_graph(packages=True)) == []


def test_layers() -> None:
    graph = internal_graph()
    broken = []
    for name, targets in graph.items():
        rule = next((allowed for layer, allowed in ALLOWED if _is_inside(layer, name)), None)
        if rule is None:
            continue
        broken += [
            f"{name} → {target}"
            for target in targets
            if not any(_is_inside(prefix, target) for prefix in rule)
        ]
    assert broken == []


def test_flows_import_no_transport_and_no_sql() -> None:
    for name, path in MODULES.items():
        if _is_inside("flows", name):
            bad = {t for t, _ in imports_of(path) if t.split(".")[0] in TRANSPORT_OR_SQL}
            assert not bad, f"{name} imports {bad}"


def test_transports_reach_the_runtime_through_their_contract() -> None:
    graph = internal_graph()
    for name in MODULES:
        if _is_inside("bot.transports", name):
            allowed = TRANSPORT_MAY + (CONSOLE_MAY_ALSO if name == "bot.transports.console" else ())
            bad = {t for t in graph[name] if not any(_is_inside(p, t) for p in allowed)}
            assert not bad, f"{name} imports {bad}"


def test_imports_are_absolute_and_static() -> None:
    """Relative imports, __import__ and importlib would slip past every rule above."""
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                found.append(f"{name}:{node.lineno} relative import")
            elif isinstance(node, ast.Call) and ast.unparse(node.func) in (
                "__import__",
                "importlib.import_module",
                "import_module",
            ):
                found.append(f"{name}:{node.lineno} {ast.unparse(node.func)}")
    assert found == []


def test_no_import_inside_a_function() -> None:
    nested = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                nested += [
                    f"{name}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert nested == []


def test_no_private_api_of_a_dependency() -> None:
    private = []
    for name, path in MODULES.items():
        for target, node in imports_of(path):
            parts = target.split(".")
            if parts[0] not in PACKAGES and any(p.startswith("_") for p in parts[1:]):
                private.append(f"{name}:{node.lineno} imports {target}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.split(".")[0] not in PACKAGES
                and any(a.name.startswith("_") and a.name != "__version__" for a in node.names)
            ):
                private.append(f"{name}:{node.lineno} imports a private name of {node.module}")
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func) in ("getattr", "setattr", "hasattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and str(node.args[1].value).startswith("_")
                and not str(node.args[1].value).startswith("__")
            ):
                private.append(f"{name}:{node.lineno} reaches {ast.unparse(node)}")
            # Our own objects reach their private attributes through self or cls only; any
            # other `x._y` is someone else's internals.
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                private.append(f"{name}:{node.lineno} uses {ast.unparse(node)}")
    assert private == []


def test_no_test_module_imports_another() -> None:
    """Tests share helpers through tests/support only; a benchmark may also use another's."""
    crossed = []
    for path in (ROOT / "tests").rglob("*.py"):
        bench = path.is_relative_to(ROOT / "tests" / "bench")
        allowed = ("tests.support", "tests.bench") if bench else ("tests.support",)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level:
                modules = ["(relative import)"]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            crossed += [
                f"{path.relative_to(ROOT)} imports {m}"
                for m in modules
                if (m == "tests" or m.startswith(("tests.", "(")))
                and not any(_is_inside(p, m) for p in allowed)
            ]
    assert crossed == []


def test_sql_only_in_storage() -> None:
    for package in ("bot", "flows"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not SQL.search(node.value), f"SQL in {path.relative_to(ROOT)}"


def test_catalogues_have_the_same_placeholders() -> None:
    field = re.compile(r"{(\w+)}")
    for key, english in en.MESSAGES.items():
        assert key in fr.MESSAGES, f"{key} only in English"
        assert set(field.findall(english)) == set(field.findall(fr.MESSAGES[key])), key


def test_every_message_key_used_in_flows_exists() -> None:
    literal = re.compile(r"""ctx\.t\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    for path in (ROOT / "flows").rglob("*.py"):
        for key in literal.findall(path.read_text(encoding="utf-8")):
            assert key in fr.MESSAGES, f"{key} used in {path.name} but missing from fr"


def test_every_command_has_a_handler() -> None:
    assert set(COMMAND_HANDLERS) == set(COMMANDS)


def test_every_domain_event_has_a_handler() -> None:
    declared = {
        kind
        for kind in vars(events).values()
        if isinstance(kind, type) and issubclass(kind, events.Event) and kind is not events.Event
    }
    assert declared and declared == BUS.subscribed()

"""Every sentence exists in every language, with the same placeholders."""

from __future__ import annotations

import ast
import string
from collections import Counter
from pathlib import Path

from flows.text.i18n import CATALOGUES, fr

I18N = Path(__file__).resolve().parents[2] / "flows" / "i18n"


def fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    for language, catalogue in CATALOGUES.items():
        assert set(catalogue) == set(fr.MESSAGES), language
        wrong = [k for k in fr.MESSAGES if fields(catalogue[k]) != fields(fr.MESSAGES[k])]
        assert wrong == [], f"{language}: {wrong}"


def test_no_key_is_written_twice() -> None:
    """A second entry silently replaces the first in a dict literal."""
    for path in I18N.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        keys = [
            k.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Dict)
            for k in node.keys
            if isinstance(k, ast.Constant)
        ]
        twice = [key for key, count in Counter(keys).items() if count > 1]
        assert twice == [], f"{path.name}: {twice}"

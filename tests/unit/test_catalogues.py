"""Every sentence exists in every language, with the same placeholders."""

from __future__ import annotations

import ast
import string
from collections import Counter
from pathlib import Path

import pytest

from flows.text.i18n import CATALOGUES, format_thousands, fr

I18N = Path(__file__).resolve().parents[2] / "flows" / "text" / "i18n"


def fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    for language, catalogue in CATALOGUES.items():
        assert set(catalogue) == set(fr.MESSAGES), language
        wrong = [k for k in fr.MESSAGES if fields(catalogue[k]) != fields(fr.MESSAGES[k])]
        assert wrong == [], f"{language}: {wrong}"


def test_no_key_is_written_twice() -> None:
    """A second entry silently replaces the first in a dict literal."""
    paths = sorted(I18N.glob("*.py"))
    # The catalogues moved once already, and a glob over a missing folder checks nothing.
    assert {p.name for p in paths} >= {"fr.py", "en.py"}
    for path in paths:
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


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (1000, "1\u202f000", "1,000"),
        (12345, "12\u202f345", "12,345"),
        (1234567, "1\u202f234\u202f567", "1,234,567"),
    ],
)
def test_thousands_as_cldr_writes_them(value: int, french: str, english: str) -> None:
    """Babel's format_decimal gives the same for fr and en (a narrow no-break space in French)."""
    assert format_thousands(value, "fr") == french
    assert format_thousands(value, "en") == english

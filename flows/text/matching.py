"""Typed answers to a list of choices: a number, a label, a prefix, or a label with a typo."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from flows.domain.messages import Choice

_SPACES = re.compile(r"\s+")
_NOISE = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """Lowercase, no accents, punctuation or repeated spaces ("Aujourd'hui" → "aujourd hui")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _NOISE.sub(" ", bare)).strip()


def match_choice(text: str, choices: Sequence[Choice]) -> Choice | None:
    """The choice the person meant, or None when it is unclear."""
    typed = normalise(text)
    if not typed:
        return None
    labels = {normalise(c.label): c for c in choices}
    if typed in labels:
        # Before numbers: "3" among buttons labelled 3, 5, 8 means the one that says 3.
        return labels[typed]
    if typed.isdigit():
        index = int(typed) - 1
        return choices[index] if 0 <= index < len(choices) else None
    aliased = [c for c in choices if typed in (normalise(a) for a in c.aliases)]
    if len(aliased) == 1:
        return aliased[0]
    prefixed = [c for label, c in labels.items() if label.startswith(typed)]
    if len(prefixed) == 1 and len(typed) >= 2:
        return prefixed[0]
    # A distinctive word of one label ("anonyme" for "Rester anonyme").
    worded = [c for label, c in labels.items() if f" {typed} " in f" {label} "]
    if len(worded) == 1 and len(typed) >= 3:
        return worded[0]
    close = difflib.get_close_matches(typed, list(labels), n=2, cutoff=0.75)
    if len(close) == 1 or (len(close) == 2 and _clearly_better(typed, close)):
        return labels[close[0]]
    return None


def _clearly_better(typed: str, close: list[str]) -> bool:
    first, second = (difflib.SequenceMatcher(None, typed, c).ratio() for c in close)
    return first - second > 0.1

"""Typed answers to buttons: numbers, labels, typos, distinctive words, aliases."""

from __future__ import annotations

import pytest

from flows.domain.messages import Choice
from flows.text.matching import match_choice

CONTACT = [Choice("phone", "Par téléphone"), Choice("message", "Par message uniquement")]
IDENTITY = [
    Choice("reveal", "Révéler mon identité", ("oui",)),
    Choice("anonymous", "Rester anonyme", ("non",)),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", "phone"),
        ("2", "message"),
        ("par telephone", "phone"),
        ("Par téléphne", "phone"),
        ("message", "message"),
        ("telephone", "phone"),
        ("PAR MESSAGE UNIQUEMENT", "message"),
    ],
)
def test_contact(typed: str, expected: str) -> None:
    picked = match_choice(typed, CONTACT)
    assert picked is not None and picked.id == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("oui", "reveal"), ("Non", "anonymous"), ("anonyme", "anonymous"), ("révéler", "reveal")],
)
def test_identity(typed: str, expected: str) -> None:
    picked = match_choice(typed, IDENTITY)
    assert picked is not None and picked.id == expected


@pytest.mark.parametrize("typed", ["", "3", "0", "peut-être", "par"])
def test_unclear_answers_are_not_guessed(typed: str) -> None:
    assert match_choice(typed, CONTACT) is None

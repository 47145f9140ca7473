"""Conversations the flow tests and the console test share: a declaration, a cell, a date."""

from __future__ import annotations

from datetime import date, timedelta

from flows.domain.model import Role
from tests.support.harness import Harness, Person

FACTS = "Sortie d'hospitalisation un vendredi soir, aucune ordonnance transmise à la pharmacie."


async def fill_until_recap(
    person: Person,
    *,
    kind: str = "Événement indésirable",
    gravity: str = "Non",
    contact: str | None = None,
    learned: str | None = None,
) -> None:
    """Answer every question of a new declaration with buttons, up to the recap. With a
    `contact`, the declarant reveals their identity (anonymous people are reached by message)."""
    await person.send("/declarer")
    await person.press(kind)
    await person.press("Aujourd'hui")
    await person.send(FACTS)
    await person.press("Passer")
    if learned is None:
        await person.press("Passer")
    else:
        await person.send(learned)
    if kind != "Presqu'accident":
        await person.press(gravity)
    if contact is None:
        await person.press("Rester anonyme")
    else:
        await person.press("Révéler mon identité")
        await person.press(contact)
        if contact == "Par téléphone":
            await person.send("06 12 34 56 78")
            await person.press("Peu importe")
    assert person.last.text.startswith("Récapitulatif")


async def declare(person: Person, *, gravity: str = "Non") -> str:
    await fill_until_recap(person, gravity=gravity)
    texts = await person.press("Confirmer")
    return texts[0]


async def cell(harness: Harness) -> tuple[Person, Person, Person, Person]:
    """A declarant, two cell members (Sophie, Lucas) and the pilot (Nadia)."""
    camille = await harness.enrolled("Camille Durand", "100")
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    lucas = await harness.enrolled("Lucas Petit", "201", Role.CELL)
    nadia = await harness.enrolled("Nadia Roux", "300", Role.PILOT)
    return camille, sophie, lucas, nadia


def later(days: int) -> str:
    """A day to come, as people type it (the console runs on the real clock)."""
    return f"{date.today() + timedelta(days=days):%d/%m/%Y}"

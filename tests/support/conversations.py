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


async def create_meeting(coordinator: Person) -> None:
    """« RCP sorties d'hospitalisation » on Thursday 3 December at 12:30, open to everyone."""
    await coordinator.send("/rcp")
    await coordinator.press("Nouvelle réunion")
    await coordinator.send("RCP sorties d'hospitalisation")
    await coordinator.send("3/12")
    await coordinator.send("12h30")
    await coordinator.press("90 min")
    await coordinator.send("Maison de santé de Vif, salle 2")
    await coordinator.press("Tous les membres")
    await coordinator.send("27/11")
    await coordinator.send("1/12")
    await coordinator.press("5")
    await coordinator.press("Passer")
    await coordinator.press("Confirmer")


async def propose_item(person: Person, title: str, description: str) -> None:
    """Propose an item for the meeting whose call for proposals `person` received last."""
    await person.press("Proposer un sujet")
    await person.send(title)
    await person.send(description)
    await person.press("Pratique professionnelle")
    await person.press("15 min")
    texts = await person.press("Confirmer")
    assert "est proposé pour" in texts[0], texts

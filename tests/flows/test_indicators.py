"""The yearly indicators, for a scripted set of cases whose figures are computed by hand."""

from __future__ import annotations

from datetime import timedelta

from flows.domain.model import Role
from tests.support.conversations import declare
from tests.support.harness import START, Harness, Person


async def claim_and_contact(sophie: Person, number: int) -> None:
    header = f"Nouveau cas pour vous : REX-2026-000{number}"
    card = next(d for d in sophie.inbox if d.text.startswith(header))
    await sophie.press("Je prends en charge", card)
    await sophie.press("Message envoyé")


async def rate(person: Person, reactivity: str, help_score: str) -> None:
    await person.press(reactivity)
    await person.press(help_score)
    await person.press("Non merci")


async def test_a_scripted_year(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    paul = await harness.enrolled("Paul Girard", "101")
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    lucas = await harness.enrolled("Lucas Petit", "201", Role.CELL)
    nadia = await harness.enrolled("Nadia Roux", "300", Role.PILOT)
    await lucas.send("/absent du 22/11 au 31/12")  # Sophie gets every case
    clock = harness.clock

    # REX-0001, level 1: taken after 1 h, closed at once; satisfaction 4 and 5.
    await declare(camille)
    clock.set(START + timedelta(hours=1))
    await claim_and_contact(sophie, 1)
    await sophie.press("Niveau 1 — réglé")
    await sophie.send("Réglé au téléphone avec la pharmacie.")
    await rate(camille, "4", "5")
    # REX-0002, level 2: taken after 2 h; the check-in (15 days later) says yes.
    await declare(paul)
    clock.set(START + timedelta(hours=3))
    await claim_and_contact(sophie, 2)
    await sophie.press("Niveau 2 — orienter")
    await sophie.send("Dr Lefèvre, pharmacien")
    # REX-0003, level 2, and REX-0004: both taken after 1 h 30 (19:30 in Paris: the check-in
    # of REX-0003 will wait for a working morning); REX-0004 is then withdrawn by Paul.
    await declare(camille)
    await declare(paul)
    clock.set(START + timedelta(hours=4, minutes=30))
    await claim_and_contact(sophie, 3)
    await sophie.press("Niveau 2 — orienter")
    await sophie.send("L'équipe mobile de gériatrie")
    await claim_and_contact(sophie, 4)
    await paul.send("/retirer REX-2026-0004")
    await paul.send("Réglé directement avec le collègue.")
    # REX-0005: declared, never taken.
    await declare(camille)

    clock.set(START + timedelta(days=15, hours=3))  # Monday 7 December, 18:00 in Paris
    await harness.scheduler.run_due()
    await paul.press("Oui")
    await rate(paul, "5", "5")
    clock.set(START + timedelta(days=15, hours=17))  # Tuesday 8 December, 08:00 in Paris
    await harness.scheduler.run_due()
    await camille.press("Non")
    await rate(camille, "2", "3")
    holder_choices = next(d for d in reversed(sophie.inbox) if "n'est pas résolu" in d.text)
    await sophie.press("Clore non résolu", holder_choices)
    await sophie.send("Pas de solution dans le territoire pour l'instant.")

    texts = await nadia.send("/indicateurs")
    report = texts[0]
    # By hand: 5 declarations; levels 1 / 2 / none: 1 / 2 / 2 (withdrawn and never taken).
    assert "Déclarations : 5" in report
    assert "N1 1 · N2 2 · N3 0 · N4 0 · sans niveau 2" in report
    # Two declarants; one cell member acted (Lucas was away).
    assert "2 déclarant·s, 1 membre·s de la cellule" in report
    # Resolved 2 (0001, 0002) of 3 closed (0003 unresolved) = 67 %; 1 withdrawn, 1 open.
    assert "Taux de résolution : 67 % (2 résolus sur 3 clos) · retirés 1 · en cours 1" in report
    # Check-ins: one "Oui" of two answers.
    assert "50 % de « Oui » (1 sur 2 réponses)" in report
    # Reactivity (4 + 5 + 2) / 3 = 3.7; help (5 + 5 + 3) / 3 = 4.3; scores 2, 3, 4 once, 5 thrice.
    assert "Satisfaction (3 réponses) : réactivité 3,7/5, aide 4,3/5" in report
    assert "1★ 0 · 2★ 1 · 3★ 1 · 4★ 1 · 5★ 3" in report
    # Acknowledgement after 1, 2, 1.5 and 1.5 h: median 1 h 30. Closure after 1 h (0001),
    # 15 d 2 h (0002), 15 d 14 h (0003) and 1 h 30 (0004): median (1.5 h + 362 h) / 2 = 7.6 d.
    assert "prise en charge : 1 h 30" in report
    assert "jusqu'à la clôture : 7,6 j" in report

    texts = await nadia.send("/indicateurs 2025")
    assert "Déclarations : 0" in texts[0]

"""RCP: the coordinator creates a meeting, the audience is called for proposals, members
propose and withdraw items."""

from __future__ import annotations

from flows.model import Role
from tests.support.harness import Harness, Person


async def coordinator_creates(julie: Person, *, quorum: str = "Passer") -> list[str]:
    """A meeting on Thursday 3 December at 12:30, proposals until Friday 27 November (noon),
    votes until Tuesday 1 December (noon)."""
    await julie.send("/rcp")
    await julie.press("Nouvelle réunion")
    await julie.send("RCP sorties d'hospitalisation")
    await julie.send("3/12")
    await julie.send("12h30")
    await julie.press("90 min")
    await julie.send("Maison de santé de Vif, salle 2")
    await julie.press("Tous les membres")
    await julie.send("27/11")
    await julie.send("1/12")
    await julie.press("5")
    texts = await julie.press(quorum)
    assert texts[-1].startswith("Récapitulatif de la réunion")
    return await julie.press("Confirmer")


async def test_a_meeting_is_created_and_the_audience_called(harness: Harness) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    texts = await camille.send("/rcp")
    assert "Aucune réunion à venir" in texts[0]
    assert "Nouvelle réunion" not in camille.buttons()
    texts = await coordinator_creates(julie)
    assert "L'appel à sujets part vers 2 personne·s" in texts[-1]
    call = camille.last
    assert "RCP « RCP sorties d'hospitalisation » le jeudi 3 décembre 2026 à 12:30" in call.text
    assert "Propositions jusqu'au vendredi 27 novembre 2026 à 12:00" in call.text
    assert [c.label for c in call.choices] == ["Proposer un sujet"]
    assert "Proposer un sujet" in [c.label for c in sophie.last.choices]
    rows = await harness.sql(
        "SELECT title, duration_min, audience, max_items, quorum, status FROM rcp_meetings"
    )
    assert rows == [("RCP sorties d'hospitalisation", 90, "all", 5, None, "proposals")]
    kinds = await harness.sql("SELECT kind FROM reminders WHERE kind LIKE 'rcp_%' ORDER BY due_at")
    assert kinds == [("rcp_vote_open",), ("rcp_vote_close",)]


async def test_dates_in_the_past_or_in_the_wrong_order_are_refused(harness: Harness) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    await julie.send("/rcp")
    await julie.press("Nouvelle réunion")
    await julie.send("RCP protocoles")
    texts = await julie.send("20/11")
    assert "déjà passée" in texts[0]
    await julie.send("3/12")
    await julie.send("12h30")
    await julie.press("60 min")
    await julie.send("Visio : https://visio.example/rcp")
    await julie.press("La cellule qualité")
    texts = await julie.send("4/12")
    assert "avant la réunion" in texts[0]
    await julie.send("27/11")
    texts = await julie.send("26/11")
    assert "après la fin des propositions" in texts[0]


async def test_members_propose_and_withdraw_items(harness: Harness) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    await coordinator_creates(julie)
    await camille.press("Proposer un sujet")
    await camille.send("Sorties du vendredi soir")
    texts = await camille.send("Patient né le 12/03/1950, Mme Dupont, sorti sans ordonnance.")
    assert "rien n'a été enregistré" in texts[0] or "patient" in texts[0].lower()
    await camille.send("Ordonnances de sortie absentes le vendredi soir.")
    await camille.press("Pratique professionnelle")
    texts = await camille.press("15 min")
    assert texts[-1].startswith("Votre proposition")
    texts = await camille.press("Confirmer")
    assert "est proposé pour « RCP sorties d'hospitalisation »" in texts[0]
    texts = await camille.send("/rcp")
    assert "votre proposition : Sorties du vendredi soir" in texts[0]
    await camille.press("Retirer : Sorties du vendredi soir")
    assert await harness.sql("SELECT state FROM rcp_items") == [("withdrawn",)]


async def test_proposals_after_the_deadline_are_refused(harness: Harness) -> None:
    from datetime import timedelta

    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    await coordinator_creates(julie)
    call = camille.last
    harness.clock.advance(timedelta(days=5))  # Friday 27 November, 15:00
    texts = await camille.press("Proposer un sujet", call)
    assert "Les propositions pour « RCP sorties d'hospitalisation » sont closes" in texts[0]


async def test_only_the_coordinator_creates_meetings(harness: Harness) -> None:
    await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await sophie.send("/rcp")
    assert "Nouvelle réunion" not in sophie.buttons()

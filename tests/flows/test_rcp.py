"""RCP: the coordinator creates a meeting, the audience is called for proposals, members
propose and withdraw items."""

from __future__ import annotations

from flows.domain.model import Role
from tests.support.harness import Harness, Person


async def tick(harness: Harness) -> None:
    """Fire what is due, and let the outbox deliver it."""
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()


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


async def propose(person: Person, title: str, minutes: str = "15 min") -> None:
    await person.send("/rcp")
    await person.press(next(b for b in person.buttons() if b.startswith("Proposer un sujet")))
    await person.send(title)
    await person.send(f"Description de : {title}.")
    await person.press("Protocole")
    await person.press(minutes)
    if person.buttons() == ["Passer"]:  # cell members may link a level-3 case
        await person.press("Passer")
    await person.press("Confirmer")


async def test_vote_ranking_with_ties_and_the_draft_agenda(harness: Harness) -> None:
    from datetime import timedelta

    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    paul = await harness.enrolled("Paul Girard", "101")
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await coordinator_creates(julie, quorum="50 %")
    await propose(camille, "Sorties du vendredi")
    harness.clock.advance(timedelta(minutes=1))
    await propose(paul, "Protocole AVK")
    harness.clock.advance(timedelta(minutes=1))
    await propose(sophie, "Plaies chroniques", "30 min")
    harness.clock.advance(timedelta(minutes=1))
    await propose(camille, "Dossier partagé")
    # Friday noon: the vote opens, one message per person with one button per item.
    harness.clock.set(harness.clock.now().replace(day=27, hour=11, minute=0))
    await tick(harness)
    ballot = camille.last
    assert "Vote pour l'ordre du jour" in ballot.text
    assert [c.label for c in ballot.choices] == [
        "▫️ 1. Sorties du vendredi",
        "▫️ 2. Protocole AVK",
        "▫️ 3. Plaies chroniques",
        "▫️ 4. Dossier partagé",
    ]
    await camille.press("▫️ 2. Protocole AVK", ballot)
    edit = harness.transport.edits["100"][-1]
    assert "✅ 2. Protocole AVK" in [c.label for c in edit.choices]
    # Camille and Paul approve item 2; Sophie items 1 and 3; Paul takes item 4 back.
    await camille.press("▫️ 1. Sorties du vendredi", ballot)
    await camille.press("▫️ 1. Sorties du vendredi", ballot)  # and takes it back
    await paul.press("▫️ 2. Protocole AVK")
    await paul.press("▫️ 4. Dossier partagé")
    await paul.press("▫️ 4. Dossier partagé")
    await sophie.press("▫️ 1. Sorties du vendredi")
    await sophie.press("▫️ 3. Plaies chroniques")
    texts = await sophie.send("/rcp")
    assert "vous soutenez 2 sujet·s" in texts[0]
    # A day before the close: Julie has not voted (she is reminded); quorum 3 of 4 is met.
    harness.clock.set(harness.clock.now().replace(day=30, hour=11, minute=30))
    await tick(harness)
    assert "pas encore voté" in julie.inbox[-1].text
    assert not any("quorum" in d.text for d in julie.inbox[-2:])
    # Tuesday noon: the vote closes. Votes: 1 → 1, 2 → 2, 3 → 1, 4 → 0. Ties (1 and 3)
    # keep the earlier proposal first; all fit in 90 minutes and 5 items.
    harness.clock.set(harness.clock.now().replace(day=1, month=12, hour=11, minute=0))
    await tick(harness)
    draft = julie.last
    assert "Projet d'ordre du jour" in draft.text and "(3 votant·s)" in draft.text
    assert "1. Protocole AVK — 2 voix" in draft.text
    assert "2. Sorties du vendredi — 1 voix" in draft.text
    assert "3. Plaies chroniques — 1 voix" in draft.text
    assert "4. Dossier partagé — 0 voix" in draft.text
    # Voting after the close is refused; the coordinator reorders and drops.
    texts = await camille.press("✅ 2. Protocole AVK", edit)
    assert "Le vote pour « RCP sorties d'hospitalisation » est clos" in texts[0]
    await julie.press("Monter le n°3")
    texts = await julie.press("Retirer le n°4")
    assert "2. Plaies chroniques" in texts[-1] and "Non retenus" in texts[-1]
    texts = await camille.press("Ajouter : Dossier partagé", julie.last)
    assert "réservé" in texts[0] or "Seule la coordination" in texts[0]


async def test_ranking_cuts_to_the_number_of_items_and_the_duration() -> None:
    from datetime import UTC, datetime

    from flows.domain.model import AgendaItem
    from flows.rcp.vote import rank

    def item(number: int, minutes: int) -> AgendaItem:
        at = datetime(2026, 11, 22, 10, number, tzinfo=UTC)
        return AgendaItem(
            number, 1, 1, f"Sujet {number}", "", "other", minutes, None, "proposed", at
        )

    items = [item(1, 30), item(2, 60), item(3, 15), item(4, 15)]
    approvals = {1: 3, 2: 3, 3: 1, 4: 1}
    assert rank(items, approvals, max_items=5, minutes=90) == [1, 2]
    assert rank(items, approvals, max_items=5, minutes=60) == [1, 3, 4]
    assert rank(items, approvals, max_items=2, minutes=240) == [1, 2]


async def meeting_with_agenda(harness: Harness) -> tuple[Person, Person, Person]:
    """Julie's meeting, two items proposed and voted, the vote closed (draft agenda)."""
    from datetime import timedelta

    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    paul = await harness.enrolled("Paul Girard", "101")
    await coordinator_creates(julie)
    await propose(camille, "Sorties du vendredi")
    harness.clock.advance(timedelta(minutes=1))
    await propose(paul, "Protocole AVK")
    harness.clock.set(harness.clock.now().replace(day=27, hour=11, minute=0))
    await tick(harness)
    await paul.press("▫️ 2. Protocole AVK")
    harness.clock.set(harness.clock.now().replace(day=1, month=12, hour=11, minute=0))
    await tick(harness)
    return julie, camille, paul


async def test_publication_with_invitation_presence_reminders_and_report(
    harness: Harness,
) -> None:
    import icalendar

    julie, camille, paul = await meeting_with_agenda(harness)
    texts = await paul.press("Publier l'ordre du jour", julie.last)
    assert "Seule la coordination" in texts[0]
    texts = await julie.press("Publier l'ordre du jour")
    assert "en cours d'envoi à 3 personne·s" in texts[-1]
    agenda, invitation = camille.inbox[-2], camille.inbox[-1]
    assert "1. Protocole AVK (15 min)" in agenda.text and "2. Sorties du vendredi" in agenda.text
    assert invitation.attachment is not None
    assert invitation.attachment.filename.endswith(".ics")
    event = next(iter(icalendar.Calendar.from_ical(invitation.attachment.content).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "RCP sorties d'hospitalisation"
    assert "1. Protocole AVK" in str(event["DESCRIPTION"])
    await camille.press("Je serai présent·e", invitation)
    await paul.press("Absent·e")
    # The delivery report, once nothing is pending.
    from datetime import timedelta

    harness.clock.advance(timedelta(minutes=2))
    await tick(harness)
    report = julie.last.text
    assert "3 personne·s servie·s, 0 échec·s, 0 injoignable·s" in report
    assert "Présences : 1 oui, 1 non" in report
    # Publishing twice is refused; reminders go the day before and an hour before, not to Paul.
    texts = await julie.press(
        "Publier l'ordre du jour",
        next(
            d
            for d in reversed(julie.inbox)
            if "Publier l'ordre du jour" in [c.label for c in d.choices]
        ),
    )
    assert "déjà publié" in texts[0]
    harness.clock.set(harness.clock.now().replace(day=2, hour=17, minute=5))  # 18:05 in Paris
    await tick(harness)
    assert "RCP « RCP sorties d'hospitalisation » demain" in camille.last.text
    assert "demain" not in paul.last.text
    harness.clock.set(harness.clock.now().replace(day=3, hour=10, minute=31))
    await tick(harness)
    assert "dans une heure" in camille.last.text


async def test_an_empty_agenda_cannot_be_published(harness: Harness) -> None:
    julie, _, _ = await meeting_with_agenda(harness)
    await julie.press("Retirer le n°1")
    texts = await julie.press("Retirer le n°1")
    assert "Publier l'ordre du jour" not in julie.buttons()
    draft = next(
        d for d in julie.inbox if "Publier l'ordre du jour" in [c.label for c in d.choices]
    )
    texts = await julie.press("Publier l'ordre du jour", draft)
    assert "est vide" in texts[0]


async def test_minutes_and_decisions_followed_up(harness: Harness) -> None:
    from datetime import timedelta

    julie, camille, paul = await meeting_with_agenda(harness)
    await julie.press("Publier l'ordre du jour")
    invitation = camille.inbox[-1]
    await camille.press("Je serai présent·e", invitation)
    # Before the meeting, the minutes cannot be written.
    await julie.send("/rcp")
    assert not any(b.startswith("Compte rendu") for b in julie.buttons())
    # Three days after the meeting without minutes: the coordinator is reminded.
    harness.clock.set(harness.clock.now().replace(day=6, hour=12, minute=0))  # Sunday
    await tick(harness)
    harness.clock.set(harness.clock.now().replace(day=7, hour=9, minute=0))
    await tick(harness)
    assert "n'est pas encore publié (3 jours après la réunion)" in julie.last.text
    await julie.press("Écrire le compte rendu")
    assert "Camille Durand" in julie.inbox[-2].text
    await julie.send("Dr Martin (invitée)")
    await julie.send("Les sorties du vendredi posent problème ; un protocole est à écrire.")
    await julie.press("Ajouter une décision")
    await julie.send("Rédiger un protocole de sortie du vendredi")
    texts = await julie.send("Personne Inconnue")
    assert "Je ne trouve pas ce membre" in texts[0]
    await julie.send("Paul Girard")
    await julie.send("15/12")
    await julie.press("Sujet suivant")
    await julie.send("Point reporté à la prochaine RCP.")
    texts = await julie.press("Sujet suivant")
    assert "Compte rendu — RCP sorties d'hospitalisation" in texts[-1]
    assert "Présents : Camille Durand, Dr Martin (invitée)" in texts[-1]
    assert "➜ Décision : Rédiger un protocole de sortie du vendredi — Paul Girard" in texts[-1]
    assert julie.buttons() == ["Publier le compte rendu", "Tout reprendre"]
    await julie.press("Publier le compte rendu")
    assert "Compte rendu — RCP sorties" in camille.last.text
    given = paul.last
    assert "Décision de la RCP" in given.text
    assert [c.label for c in given.choices] == ["Fait", "Pas encore"]
    texts = await camille.press("Fait", given)
    assert "n'est pas à votre nom" in texts[0]
    await paul.press("Pas encore", given)
    # Two days before the due date, Paul is reminded; he marks it done.
    harness.clock.set(harness.clock.now().replace(day=13, hour=9, minute=0))
    await tick(harness)
    assert "est à mener pour le mardi 15 décembre 2026" in paul.last.text
    await paul.press("Fait")
    assert await harness.sql("SELECT state FROM rcp_decisions") == [("done",)]
    # The overdue alert planned before it was done does not come; nor the 7-day reminder.
    harness.clock.advance(timedelta(days=5))
    await tick(harness)
    assert not any("en retard" in d.text for d in julie.inbox)
    assert not any("(7 jours après la réunion)" in d.text for d in julie.inbox)


async def minutes_started(harness: Harness, julie: Person) -> None:
    """The agenda published, the meeting held (Friday 4 December), the minutes begun."""
    await julie.press("Publier l'ordre du jour")
    harness.clock.set(harness.clock.now().replace(day=4, hour=9, minute=0))
    await julie.send("/rcp")
    await julie.press("Compte rendu : RCP sorties d'hospitalisation")
    await julie.press("Passer")


async def test_an_overdue_decision_alerts_the_coordinator_and_is_listed_next_time(
    harness: Harness,
) -> None:
    julie, camille, _ = await meeting_with_agenda(harness)
    await minutes_started(harness, julie)
    await julie.send("Protocole AVK validé.")
    await julie.press("Ajouter une décision")
    await julie.send("Diffuser le protocole AVK")
    await julie.send("Camille")
    await julie.send("lundi")  # 7 December
    await julie.press("Sujet suivant")
    await julie.send("Reporté.")
    await julie.press("Sujet suivant")
    await julie.press("Publier le compte rendu")
    harness.clock.set(harness.clock.now().replace(day=8, hour=9, minute=0))
    await tick(harness)
    assert "devait être menée le lundi 7 décembre 2026" in camille.last.text
    assert "confiée à Camille Durand est en retard" in julie.last.text
    texts = await coordinator_creates_later(julie)
    assert any("Décisions des réunions précédentes encore ouvertes (1)" in t for t in texts)


async def coordinator_creates_later(julie: Person) -> list[str]:
    await julie.send("/rcp")
    await julie.press("Nouvelle réunion")
    await julie.send("RCP de janvier")
    await julie.send("14/01/2027")
    await julie.send("12h30")
    await julie.press("60 min")
    await julie.send("Salle 2")
    await julie.press("Tous les membres")
    await julie.send("5/01/2027")
    await julie.send("8/01/2027")
    await julie.press("5")
    await julie.press("Passer")
    return await julie.press("Confirmer")


async def test_the_coordinator_rejects_and_merges_proposals(harness: Harness) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    paul = await harness.enrolled("Paul Girard", "101")
    await coordinator_creates(julie)
    await propose(camille, "Sorties du vendredi")
    await propose(paul, "Sorties le week-end")
    await propose(paul, "Tarifs des consultations")
    await julie.send("/rcp")
    texts = await julie.press("Propositions : RCP sorties d'hospitalisation")
    assert "3. Tarifs des consultations" in texts[0]
    await julie.press("Rejeter n°3")
    await julie.send("Hors du champ de la RCP (voir l'assemblée générale).")
    assert "n'est pas retenue : Hors du champ de la RCP" in paul.last.text
    await julie.press("Fusionner n°2")
    await julie.press("Sorties du vendredi")
    assert "est regroupée avec « Sorties du vendredi »" in paul.last.text
    items = await harness.query(
        lambda repos: repos.rcp.items(1, ("proposed", "merged", "rejected"))
    )
    assert [(item.title, item.state) for item in items] == [
        ("Sorties du vendredi", "proposed"),
        ("Sorties le week-end", "merged"),
        ("Tarifs des consultations", "rejected"),
    ]
    texts = await paul.press("Rejeter n°1", julie.last)
    assert "Seule la coordination" in texts[0]


async def test_editing_and_cancelling_a_meeting(harness: Harness) -> None:
    import icalendar

    julie, camille, paul = await meeting_with_agenda(harness)
    claire = await harness.enrolled("Claire Morel", "401", Role.COORDINATOR)
    await julie.press("Publier l'ordre du jour")
    # Two coordinators edit at once: the second to confirm is told, nothing of theirs applies.
    await julie.send("/rcp")
    await julie.press("Modifier : RCP sorties d'hospitalisation")
    julie_recap = julie.last
    assert julie_recap.text.startswith("La réunion telle qu'elle est")
    await claire.send("/rcp")
    await claire.press("Modifier : RCP sorties d'hospitalisation")
    await claire.press("Modifier")
    await claire.press("Lieu")
    await claire.send("Salle du conseil, mairie de Vif")
    await claire.press("Confirmer")
    changed = camille.inbox[-1]
    assert "désormais le jeudi 3 décembre 2026 à 12:30, Salle du conseil" in changed.text
    assert changed.attachment is not None
    event = next(iter(icalendar.Calendar.from_ical(changed.attachment.content).walk("VEVENT")))
    assert int(event["SEQUENCE"]) == 2 and str(event["LOCATION"]).startswith("Salle du conseil")
    await julie.press("Modifier", julie_recap)
    await julie.press("Heure")
    await julie.send("14h")
    texts = await julie.press("Confirmer")
    assert "modifiée entre-temps" in texts[0]
    assert await harness.sql("SELECT place FROM rcp_meetings") == [
        ("Salle du conseil, mairie de Vif",)
    ]
    # Cancelled: everyone hears it, with a cancelling invitation; reminders are dropped.
    await julie.send("/rcp")
    await julie.press("Annuler : RCP sorties d'hospitalisation")
    await julie.press("Oui, annuler la réunion")
    notice = paul.inbox[-1]
    assert "est annulée" in notice.text and notice.attachment is not None
    assert "METHOD:CANCEL" in notice.attachment.content
    pending = await harness.sql(
        "SELECT COUNT(*) FROM reminders WHERE subject = 'rcp:1' AND status = 'pending'"
    )
    assert pending == [(0,)]
    texts = await julie.send("/rcp")
    assert "Aucune réunion à venir" in texts[0]


async def test_recap_checks_dates_again_and_durations_read_as_people_write_them(
    harness: Harness,
) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    await julie.send("/rcp")
    await julie.press("Nouvelle réunion")
    await julie.send("RCP plaies")
    await julie.send("10/12")
    await julie.send("12h30")
    texts = await julie.send("1h30")
    assert "Où ?" in texts[0]
    await julie.send("Salle 2")
    await julie.press("Tous les membres")
    await julie.send("1/12")
    await julie.send("4/12")
    texts = await julie.send("3")  # typed, not the third button
    await julie.press("Passer")
    recap = julie.last.text
    assert "Durée : 90 min" in recap and "Sujets au plus : 3" in recap
    # The day moved before the vote's end: refused at the recap, answers kept.
    await julie.press("Modifier")
    await julie.press("Jour")
    await julie.send("3/12")
    texts = await julie.press("Confirmer")
    assert "doit tomber avant la réunion" in texts[0]
    assert texts[0].count("Titre : RCP plaies") == 1
    assert await harness.sql("SELECT COUNT(*) FROM rcp_meetings") == [(0,)]


async def test_an_edit_that_changes_nothing_disturbs_nobody(harness: Harness) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    await coordinator_creates(julie)
    before = len(camille.inbox)
    await julie.send("/rcp")
    await julie.press("Modifier : RCP sorties d'hospitalisation")
    texts = await julie.press("Confirmer")
    assert "Rien n'a changé" in texts[0]
    assert len(camille.inbox) == before


async def test_an_audience_of_several_groups(harness: Harness) -> None:
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")  # infirmier
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await julie.send("/rcp")
    await julie.press("Nouvelle réunion")
    await julie.send("RCP mixte")
    await julie.send("10/12")
    await julie.send("12h30")
    await julie.press("60 min")
    await julie.send("Salle 2")
    texts = await julie.send("la cellule, astronautes")
    assert "Je ne reconnais pas « astronautes »" in texts[0]
    await julie.send("la cellule qualité, pharmacien")
    await julie.send("1/12")
    await julie.send("4/12")
    await julie.press("5")
    texts = await julie.press("Passer")
    assert "Public : La cellule qualité, Pharmacien" in texts[-1]
    await julie.press("Confirmer")
    assert "Quels sujets voulez-vous" in sophie.last.text
    assert not any("Quels sujets voulez-vous" in d.text for d in camille.inbox)
    assert await harness.sql("SELECT audience FROM rcp_meetings") == [
        ("cell,profession:pharmacien",)
    ]


async def test_a_ballot_answered_with_item_numbers(harness: Harness) -> None:
    """As a reply by e-mail would: "1 et 3" approves those items and no others."""
    from datetime import timedelta

    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    camille = await harness.enrolled("Camille Durand", "100")
    await coordinator_creates(julie)
    for title in ("Sujet un", "Sujet deux", "Sujet trois"):
        await propose(camille, title)
        harness.clock.advance(timedelta(minutes=1))
    harness.clock.set(harness.clock.now().replace(day=27, hour=11, minute=0))
    await tick(harness)
    await camille.send("2")  # one number: a press on item 2
    texts = await camille.send("1 et 3")
    assert "vous soutenez 2 sujet·s" in texts[-1]
    voted = [row[0] for row in await harness.sql("SELECT item_id FROM rcp_votes ORDER BY 1")]
    items = await harness.query(lambda repos: [repos.rcp.item(item_id) for item_id in voted])
    assert [item.title for item in items if item] == ["Sujet un", "Sujet trois"]
    texts = await camille.send("1, 7")
    assert await harness.sql("SELECT COUNT(*) FROM rcp_votes") == [(2,)]


async def test_minutes_can_be_written_again_before_publishing(harness: Harness) -> None:
    julie, _, paul = await meeting_with_agenda(harness)
    await minutes_started(harness, julie)
    await julie.send("Première version.")
    await julie.press("Ajouter une décision")
    await julie.send("Une décision à oublier")
    await julie.send("Paul Girard")
    await julie.send("15/12")
    await julie.press("Sujet suivant")
    await julie.send("Reporté.")
    await julie.press("Sujet suivant")
    await julie.press("Tout reprendre")
    await julie.press("Passer")
    await julie.send("Version corrigée.")
    await julie.press("Sujet suivant")
    await julie.send("Reporté.")
    texts = await julie.press("Sujet suivant")
    assert "Version corrigée." in texts[-1] and "Une décision à oublier" not in texts[-1]
    await julie.press("Publier le compte rendu")
    assert await harness.sql("SELECT COUNT(*) FROM rcp_decisions") == [(0,)]
    assert not any("Décision de la RCP" in d.text for d in paul.inbox)

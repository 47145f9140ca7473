"""Casework by level: what the member, the declarant and the pilot see from the claim to the
closure, with a controllable clock."""

from __future__ import annotations

from datetime import timedelta

from flows.domain.model import Role
from tests.support.conversations import cell, declare
from tests.support.harness import Harness, Person


async def taken(harness: Harness, gravity: str = "Non") -> tuple[Person, Person, Person, Person]:
    """A case declared by Camille, taken by Sophie, first contact made."""
    camille, sophie, lucas, nadia = await cell(harness)
    await declare(camille, gravity=gravity)
    await sophie.press("Je prends en charge")
    contact = next(d for d in sophie.inbox if "Message envoyé" in [c.label for c in d.choices])
    await sophie.press("Message envoyé", contact)
    return camille, sophie, lucas, nadia


async def status(harness: Harness) -> tuple[object, ...]:
    """(status, level, outcome, reason of the last closure) of the first case."""
    case = await harness.case()
    closings = [n for n in await harness.notes() if n and n.startswith("closed: ")]
    reason = closings[-1].removeprefix("closed: ") if closings else None
    return case.status.value, case.level, case.outcome, reason


async def test_level_1_closes_with_an_outcome_and_asks_satisfaction(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    assert "Quel niveau pour ce cas ?" in sophie.last.text
    assert sophie.buttons() == [
        "Niveau 1 — réglé",
        "Niveau 2 — orienter",
        "Niveau 3 — réunion de cellule",
        "Niveau 4 — EIGS",
    ]
    await sophie.press("Niveau 1 — réglé")
    texts = await sophie.send("Le pharmacien a rappelé le médecin, l'ordonnance est corrigée.")
    assert "clos comme résolu (niveau 1)" in texts[-1]
    assert await status(harness) == (
        "resolved",
        1,
        "Le pharmacien a rappelé le médecin, l'ordonnance est corrigée.",
        "level 1",
    )
    told = [d.text for d in camille.inbox[-3:]]
    assert any("l'ordonnance est corrigée" in text for text in told)
    assert any("vous pouvez le rouvrir pendant 30 jours" in text for text in told)
    assert "réagi assez vite" in camille.last.text
    await camille.press("4")
    await camille.press("5")
    assert camille.buttons() == ["Écrire un commentaire", "Non merci"]
    await camille.press("Écrire un commentaire")
    await camille.send("Très réactif, merci.")
    survey = await harness.query(lambda repos: repos.casework.survey_by_id(1))
    assert survey is not None
    answer = (survey.audience, survey.reactivity, survey.help, survey.comment)
    assert answer == ("declarant", 4, 5, "Très réactif, merci.")
    history = await harness.query(lambda repos: repos.cases.history(1))
    assert await harness.sql("SELECT level FROM incident_history WHERE level = 1") != []
    assert "level 1" in [note for _, _, _, note in history]
    assert ("case.level",) in await harness.sql("SELECT action FROM audit_log")


async def test_satisfaction_cannot_be_answered_twice(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 1 — réglé")
    await sophie.send("Réglé au téléphone avec l'infirmière.")
    question = camille.last_with_choices
    await camille.press("3", question)
    texts = await camille.press("1", question)
    assert "déjà répondu" in texts[0]
    assert await harness.sql("SELECT reactivity FROM satisfaction") == [(3,)]


async def test_level_2_check_in_yes_closes_resolved(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 2 — orienter")
    texts = await sophie.send("Dr Lefèvre, pharmacien à Vif")
    assert "Je demanderai au déclarant le lundi 7 décembre 2026" in texts[-1]
    assert "vous oriente vers : Dr Lefèvre" in camille.last.text
    # Fifteen days later (a Monday), at the opening hour of that day.
    harness.clock.set(harness.clock.now() + timedelta(days=15))
    assert await harness.scheduler.run_due() == 1
    assert "Votre problème est-il résolu ?" in camille.last.text
    assert camille.buttons() == ["Oui", "En partie", "Non"]
    assert "j'ai demandé au déclarant" in sophie.last.text
    await camille.press("Oui")
    assert await status(harness) == ("resolved", 2, None, "checkin: yes")
    assert "réagi assez vite" in camille.last.text
    assert await harness.sql("SELECT answer FROM checkins") == [("yes",)]
    # The reminder planned for no answer does not fire.
    harness.clock.advance(timedelta(days=10))
    assert await harness.scheduler.run_due() == 0


async def test_level_2_without_answer_reminds_then_asks_the_member(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 2 — orienter")
    await sophie.send("Le centre de santé de Vif")
    harness.clock.set(harness.clock.now() + timedelta(days=15))
    await harness.scheduler.run_due()
    harness.clock.advance(timedelta(days=3))
    await harness.scheduler.run_due()
    assert "petit rappel" in camille.last.text
    harness.clock.advance(timedelta(days=3))  # Sunday: the member is not asked at the weekend
    await harness.scheduler.run_due()
    assert "petit rappel" in camille.last.text
    harness.clock.advance(timedelta(days=1))
    await harness.scheduler.run_due()
    assert "n'a pas répondu au point à 15 jours" in sophie.last.text
    assert sophie.buttons() == [
        "Résolu : clore",
        "Clore non résolu",
        "Réorienter",
        "Passer au niveau 3",
    ]
    await sophie.press("Clore non résolu")
    await sophie.send("Pas de nouvelles malgré deux messages.")
    assert (await status(harness))[0] == "unresolved"
    # An answer arriving after the closure is refused clearly.
    question = next(d for d in reversed(camille.inbox) if d.choices and "résolu ?" in d.text)
    texts = await camille.press("Non", question)
    assert "déjà clos" in texts[0]


async def test_level_2_no_lets_the_member_reorient(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 2 — orienter")
    await sophie.send("Le centre de santé de Vif")
    harness.clock.set(harness.clock.now() + timedelta(days=15))
    await harness.scheduler.run_due()
    old_question = camille.last_with_choices
    await camille.press("Non")
    assert "n'est pas résolu" in sophie.last.text
    await sophie.press("Réorienter")
    texts = await sophie.send("L'équipe mobile de gériatrie")
    assert "nouvelle orientation" in texts[-1]
    texts = await camille.press("Oui", old_question)
    assert "déjà répondu" in texts[0] or "plus d'actualité" in texts[0]
    harness.clock.set(harness.clock.now() + timedelta(days=15))
    await harness.scheduler.run_due()
    await camille.press("Oui")
    assert (await status(harness))[0] == "resolved"
    assert await harness.sql("SELECT answer FROM checkins ORDER BY id") == [("no",), ("yes",)]
    # Satisfaction is asked once per case, at the first check-in that did not close it.
    assert await harness.sql("SELECT COUNT(*) FROM satisfaction") == [(1,)]


async def test_a_restart_between_orientation_and_check_in_fires_once(
    harness: Harness, tmp_path: object
) -> None:
    _, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 2 — orienter")
    await sophie.send("Le centre de santé de Vif")
    await harness.stop()
    second = Harness(harness.db.path)  # type: ignore[attr-defined]
    await second.start()
    try:
        # Down when the check-in fell due (Monday 15:00); back at 23:00: it waits for the
        # morning instead of waking the declarant, then fires once.
        second.clock.set(harness.clock.now() + timedelta(days=15, hours=8))
        assert await second.scheduler.run_due() == 1
        assert await second.sql("SELECT COUNT(*) FROM checkins") == [(0,)]
        rows = await second.sql("SELECT due_at FROM reminders WHERE kind = 'checkin'")
        assert rows[0][0].startswith("2026-12-08T07:00")
        second.clock.set(second.clock.now() + timedelta(hours=9))
        assert await second.scheduler.run_due() == 1
        assert await second.scheduler.run_due() == 0
        assert await second.sql("SELECT COUNT(*) FROM checkins") == [(1,)]
    finally:
        await second.stop()
        await harness.start()


async def test_level_change_is_for_the_member_or_the_pilot(harness: Harness) -> None:
    _, sophie, lucas, nadia = await taken(harness)
    texts = await lucas.send("/cas REX-2026-0001")
    assert "Seul le membre qui suit REX-2026-0001, ou le pilote" in texts[0]
    card = sophie.last_with_choices
    choice = next(c for c in card.choices if c.label == "Niveau 3 — réunion de cellule")
    lucas.inbox.append(card)  # Lucas presses a button he saw forwarded
    texts = await lucas.press(choice.label, card)
    assert "Seul le membre qui suit" in texts[0]
    texts = await nadia.send("/cas REX-2026-0001")
    assert "Niveau : à choisir" in texts[0]
    await nadia.press("Niveau 3 — réunion de cellule")
    assert (await status(harness))[1] == 3


async def test_withdraw_and_reopen(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 1 — réglé")
    await sophie.send("Réglé au téléphone avec l'infirmière.")
    texts = await camille.send("/rouvrir REX-2026-0001")
    assert "rouvert" in texts[0]
    assert (await status(harness))[0] == "in_progress"
    assert "rouvert par la personne" in sophie.last.text
    texts = await sophie.send("/retirer REX-2026-0001")
    assert "Seule la personne qui a déclaré" in texts[0]
    await camille.send("/retirer REX-2026-0001")
    texts = await camille.send("Finalement réglé entre nous.")
    assert "est retiré" in texts[0]
    assert (await status(harness))[0] == "withdrawn"
    assert "a été retiré" in sophie.last.text
    texts = await camille.send("/rouvrir REX-2026-0001")
    assert "ne peut plus être rouvert" in texts[0]


async def test_a_case_reopened_after_its_member_left_is_offered_again(harness: Harness) -> None:
    camille, sophie, lucas, _ = await taken(harness)
    await sophie.press("Niveau 1 — réglé")
    await sophie.send("Réglé au téléphone avec l'infirmière.")
    await harness.db.transaction(
        lambda c: c.execute("UPDATE members SET active = 0 WHERE name = 'Sophie Martin'")
    )
    before = len(sophie.inbox)
    texts = await camille.send("/rouvrir REX-2026-0001")
    assert "rouvert" in texts[0]
    # Routed again like a new case: the other cell member gets the card, Sophie nothing.
    assert "REX-2026-0001" in lucas.last.text
    assert "Je prends en charge" in lucas.buttons()
    assert len(sophie.inbox) == before
    lucas_id = await harness.sql("SELECT id FROM members WHERE name = 'Lucas Petit'")
    assert await harness.sql("SELECT status, assigned_to FROM incidents") == [
        ("assigned", lucas_id[0][0])
    ]
    assert ("case.reopened",) in await harness.sql("SELECT action FROM audit_log")


async def test_reopen_is_limited_in_time(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 1 — réglé")
    await sophie.send("Réglé au téléphone avec l'infirmière.")
    harness.clock.advance(timedelta(days=31))
    closure = next(d for d in camille.inbox if "Rouvrir le cas" in [c.label for c in d.choices])
    texts = await camille.press("Rouvrir le cas", closure)
    assert "ne peut plus être rouvert (plus de 30 jours" in texts[0]


async def test_dossiers_lists_level_and_next_deadline(harness: Harness) -> None:
    _, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 2 — orienter")
    await sophie.send("Le centre de santé de Vif")
    texts = await sophie.send("/dossiers")
    assert "REX-2026-0001 — niveau 2" in texts[0]
    assert "prochaine échéance : point avec le déclarant, lundi 7 décembre 2026 à 15:00" in texts[0]
    assert sophie.buttons()[:2] == ["Ouvrir REX-2026-0001", "Écrire sur REX-2026-0001"]


async def test_indicators_are_for_pilot_and_coordinator(harness: Harness) -> None:
    _, sophie, _, nadia = await taken(harness)
    texts = await sophie.send("/indicateurs")
    assert "réservés au pilote" in texts[0]
    texts = await nadia.send("/indicateurs 2026")
    assert "Déclarations : 1" in texts[0]
    texts = await nadia.send("/indicateurs deux mille")
    assert "Indiquez une année" in texts[0]
    claire = await harness.enrolled("Claire Morel", "400", Role.COORDINATOR)
    texts = await claire.send("/indicateurs")
    assert "Déclarations : 1" in texts[0]
    assert "REX-2026-0001" not in texts[0]  # figures, never case contents


async def test_level_3_checklist_actions_report_and_closure(harness: Harness) -> None:
    camille, sophie, lucas, nadia = await taken(harness)
    await sophie.press("Niveau 3 — réunion de cellule")
    assert "analysée en réunion" in camille.last.text
    assert "fixez la réunion" in nadia.last.text
    # The pilot sets the meeting: every cell member is invited, reminded the day before.
    await nadia.press("Fixer la réunion")
    texts = await nadia.send("hier")
    assert "déjà passée" in texts[0]
    await nadia.send("jeudi")
    texts = await nadia.send("12h30")
    assert "fixée au jeudi 26 novembre 2026 à 12:30" in texts[-1]
    assert "Réunion de la cellule qualité pour REX-2026-0001" in lucas.last.text
    # N1, N2 (a dated fact), N3 (a factor), N4 (an action for Lucas).
    await sophie.send("/cas REX-2026-0001")
    await sophie.press("N1 fait")
    texts = await sophie.press("N2 fait")
    assert "ajoutez d'abord au moins un fait daté" in texts[0]
    await sophie.press("Ajouter un fait daté")
    await sophie.send("20/11 16h30")
    texts = await sophie.send("Sortie d'hospitalisation sans ordonnance de sortie transmise.")
    assert "20/11/2026 16:30 — Sortie d'hospitalisation" in texts[-1]
    await sophie.press("N2 fait")
    await sophie.press("Ajouter un facteur")
    await sophie.press("Organisation")
    await sophie.send("Pas de circuit pour les sorties du vendredi soir.")
    await sophie.press("N3 fait")
    await sophie.press("Ajouter une action")
    await sophie.send("Fiche de liaison pour les sorties du vendredi")
    await sophie.press("Lucas Petit")
    texts = await sophie.send("20/11/2026")
    assert "déjà passée" in texts[0]
    await sophie.send("10/12")
    assert "une action vous est confiée" in lucas.last.text
    await sophie.press("N4 fait")
    # The day before the meeting, everyone invited is reminded.
    harness.clock.set(harness.clock.now() + timedelta(days=3, hours=-6))  # Wednesday 09:00
    await harness.scheduler.run_due()
    assert "réunion de la cellule qualité pour REX-2026-0001 demain" in lucas.last.text
    # Two days before the action's due date, Lucas is reminded; he marks it done.
    harness.clock.set(harness.clock.now() + timedelta(days=13))  # Tuesday 8 December
    await harness.scheduler.run_due()
    assert "est à faire pour le jeudi 10 décembre 2026" in lucas.last.text
    await lucas.press("C'est fait")
    await lucas.send("Fiche diffusée aux trois pharmacies et au service.")
    assert "est faite" in sophie.last.text
    # N5: the declarant and the action owner are surveyed; N6: report, approved by the pilot.
    await sophie.send("/cas REX-2026-0001")
    texts = await sophie.press("N5 Envoyer l'enquête")
    assert "envoyée à 2 personne·s" in texts[-1]
    await sophie.press("N6 Rapport final")
    await sophie.send(
        "Sortie du vendredi sans ordonnance : une fiche de liaison est désormais jointe."
    )
    assert "rapport final à valider" in nadia.last.text
    assert (await status(harness))[0] == "in_progress"
    await nadia.press("Valider le rapport")
    assert await status(harness) == ("resolved", 3, None, "analysis complete")
    assert await harness.sql("SELECT step FROM case_steps ORDER BY step") == [
        (1,),
        (2,),
        (3,),
        (4,),
        (5,),
        (6,),
    ]
    assert "est clos" in sophie.last.text or "est clos" in sophie.inbox[-2].text
    # The late-action alert, planned before it was done, does not fire.
    harness.clock.set(harness.clock.now() + timedelta(days=5))
    await harness.scheduler.run_due()
    assert not any("en retard" in d.text for d in sophie.inbox)


async def test_level_3_action_overdue_and_owner_who_left(harness: Harness) -> None:
    _, sophie, lucas, nadia = await taken(harness)
    await sophie.press("Niveau 3 — réunion de cellule")
    await sophie.press("Ajouter une action")
    await sophie.send("Réunion avec le service de cardiologie")
    await sophie.press("Lucas Petit")
    await sophie.send("mardi")  # 24 November
    harness.clock.set(harness.clock.now() + timedelta(days=2, hours=-5))  # Tuesday 10:00
    await harness.scheduler.run_due()  # the notice was already inside the two days: none
    harness.clock.advance(timedelta(days=1))  # Wednesday 10:00: late
    await harness.scheduler.run_due()
    assert "devait être faite le mardi 24 novembre 2026" in lucas.last.text
    assert "est en retard" in sophie.last.text
    # Lucas leaves the CPTS: the next reminder about his action asks to reassign it.
    await harness.db.transaction(lambda c: c.execute("UPDATE members SET active = 0 WHERE id = 3"))
    await sophie.send("/cas REX-2026-0001")
    assert "a quitté la CPTS" in sophie.last.text
    await sophie.press("Réattribuer l'action")
    assert "Lucas Petit" not in sophie.buttons()
    await sophie.press("Nadia Roux")
    assert "une action vous est confiée" in nadia.last.text
    assert await harness.sql("SELECT owner_id FROM case_actions") == [(4,)]


async def test_level_4_from_a_possible_eigs(harness: Harness) -> None:
    camille, sophie, _, nadia = await taken(harness, gravity="Oui")
    assert (await status(harness))[1] == 4
    assert any("signalement.social-sante.gouv.fr" in d.text for d in sophie.inbox[-4:])
    assert "événement indésirable grave" in camille.last.text
    # Part 1: reminded at once, then every working day until it is recorded.
    assert await harness.scheduler.run_due() == 1
    assert "n'est pas encore notée" in sophie.last.text
    harness.clock.set(harness.clock.now() + timedelta(days=1))  # Monday
    assert await harness.scheduler.run_due() == 1
    await sophie.press("Partie 1 déclarée")
    texts = await sophie.send("demain")
    assert "dans le futur" in texts[0]
    texts = await sophie.press("Aujourd'hui")
    assert "au plus tard le mardi 23 février 2027" in texts[-1]
    harness.clock.advance(timedelta(days=2))
    assert await harness.scheduler.run_due() == 0  # part 1 recorded: no more reminders
    # Part 2: reminders 30 and 7 days before the deadline, then the pilot when overdue.
    harness.clock.set(harness.clock.now() + timedelta(days=61))  # Monday 25 January 2027
    await harness.scheduler.run_due()
    assert "avant le mardi 23 février 2027 (dans 30 jours)" in sophie.last.text
    harness.clock.set(harness.clock.now() + timedelta(days=23))
    await harness.scheduler.run_due()
    assert "(dans 7 jours)" in sophie.last.text
    harness.clock.set(harness.clock.now() + timedelta(days=8))
    await harness.scheduler.run_due()
    assert "est en retard (échéance le mardi 23 février 2027)" in nadia.last.text
    await sophie.send("/cas REX-2026-0001")
    await sophie.press("Partie 2 déclarée")
    await sophie.press("Aujourd'hui")
    await sophie.press("Résolu")
    await sophie.send("Déclaré, analyse partagée avec l'ARS.")
    assert (await status(harness))[0] == "resolved"


async def test_level_4_downgrade_needs_a_reason(harness: Harness) -> None:
    _, sophie, _, _ = await taken(harness, gravity="Oui")
    await sophie.send("/cas REX-2026-0001")
    await sophie.press("Ce n'est pas un EIGS")
    await sophie.send("Pas de conséquence pour le patient, erreur rattrapée.")
    await sophie.press("Niveau 1 — réglé")
    await sophie.send("Erreur rattrapée par l'infirmière, le médecin est prévenu.")
    assert await status(harness) == (
        "resolved",
        1,
        "Erreur rattrapée par l'infirmière, le médecin est prévenu.",
        "level 1",
    )
    notes = await harness.notes()
    assert "not an EIGS: Pas de conséquence pour le patient, erreur rattrapée." in notes
    assert await harness.sql("SELECT COUNT(*) FROM reminders WHERE status = 'pending'") == [(0,)]


async def test_typed_retry_day_and_files_refused_in_a_case(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await declare(camille)
    await sophie.press("Je prends en charge")
    await sophie.press("Injoignable")
    texts = await sophie.send("mercredi")
    assert "je vous le rappellerai le mercredi 25 novembre 2026" in texts[0]
    rows = await harness.sql("SELECT due_at FROM reminders WHERE key = 'contact:1:remind'")
    assert rows[0][0].startswith("2026-11-25T07:00")
    texts = await camille.media("photo")
    assert "aucun document de patient" in texts[0]


async def test_a_case_button_during_a_form_asks_before_leaving_it(harness: Harness) -> None:
    _, sophie, _, _ = await taken(harness)
    levels = sophie.last_with_choices
    await sophie.send("/absent")
    texts = await sophie.press("Niveau 1 — réglé", levels)
    assert "Passer à autre chose ?" in texts[-1]
    texts = await sophie.press("Continuer")
    assert "à partir de quand" in texts[-1]  # back to the absence form, nothing lost
    await sophie.press("Niveau 1 — réglé", levels)
    texts = await sophie.press("Quitter")
    assert "qu'est-ce qui a réglé le problème" in texts[-1]
    await sophie.send("Réglé avec le cabinet infirmier.")
    assert (await status(harness))[0] == "resolved"


async def test_patient_identifiers_are_refused_in_casework_text(harness: Harness) -> None:
    _, sophie, _, _ = await taken(harness)
    await sophie.press("Niveau 1 — réglé")
    texts = await sophie.send("Mme Dupont née le 12/03/1950 a eu sa dose.")
    assert "rien n'a été enregistré" in texts[0] or "patient" in texts[0]
    assert (await status(harness))[0] == "in_progress"


async def test_typed_answers_work_like_buttons(harness: Harness) -> None:
    camille, sophie, _, _ = await taken(harness)
    texts = await sophie.send("2")  # the level menu: "2" is level 2
    assert "vers qui ou quoi" in texts[0]
    await sophie.send("Le centre de santé de Vif")
    harness.clock.set(harness.clock.now() + timedelta(days=15))
    await harness.scheduler.run_due()
    await camille.send("en partie")
    assert await harness.sql("SELECT answer FROM checkins") == [("partly",)]
    await camille.send("4")
    await camille.send("5")
    # Her case is still open: free text may be about it, so the comment takes its button ("1").
    await camille.send("1")
    await camille.send("Merci pour l'orientation, il reste un souci le week-end.")
    survey = await harness.query(lambda repos: repos.casework.survey_by_id(1))
    assert survey is not None
    assert (survey.reactivity, survey.help, survey.comment) == (
        4,
        5,
        "Merci pour l'orientation, il reste un souci le week-end.",
    )
    texts = await sophie.send("passer au niveau 3")
    assert (await status(harness))[1] == 3


async def test_an_eigs_closes_only_after_part_2_and_cannot_be_withdrawn(
    harness: Harness,
) -> None:
    camille, sophie, _, _ = await taken(harness, gravity="Oui")
    await sophie.send("/cas REX-2026-0001")
    await sophie.press("Partie 1 déclarée")
    await sophie.press("Aujourd'hui")
    texts = await camille.send("/retirer REX-2026-0001")
    assert "ne peut pas être retiré" in texts[0]
    await sophie.send("/cas REX-2026-0001")
    texts = await sophie.press("Clore le cas")
    assert "une fois les deux parties de la déclaration notées" in texts[0]
    assert (await status(harness))[0] == "in_progress"


async def test_an_action_can_be_dropped_and_the_case_closes(harness: Harness) -> None:
    _, sophie, _, nadia = await taken(harness)
    await sophie.press("Niveau 3 — réunion de cellule")
    await sophie.press("N1 fait")
    await sophie.press("Ajouter un fait daté")
    await sophie.send("hier 9h")
    await sophie.send("Appel du pharmacien au cabinet.")
    await sophie.press("N2 fait")
    await sophie.press("Ajouter un facteur")
    await sophie.press("Équipe")
    await sophie.send("Pas de transmission écrite entre les équipes.")
    await sophie.press("N3 fait")
    await sophie.press("Ajouter une action")
    await sophie.send("Double contrôle des noms proches à la pharmacie")
    await sophie.press("Lucas Petit")
    await sophie.send("15/12")
    await sophie.press("N4 fait")
    await sophie.press("N5 Envoyer l'enquête")
    await sophie.press("N6 Rapport final")
    await sophie.send("Confusion de deux noms proches : un double contrôle est proposé.")
    await nadia.press("Valider le rapport")
    assert (await status(harness))[0] == "in_progress"  # one action still open
    await sophie.send("/cas REX-2026-0001")
    await sophie.press("Abandonner : Double contrôle des noms proches à la p…")
    await sophie.send("Remplacé par une alerte du logiciel de la pharmacie.")
    assert await status(harness) == ("resolved", 3, None, "analysis complete")
    actions = await harness.query(lambda repos: repos.casework.actions(1))
    assert [(a.state.value, a.note) for a in actions] == [
        ("dropped", "Remplacé par une alerte du logiciel de la pharmacie.")
    ]

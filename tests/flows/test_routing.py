"""Routing a declared case to the quality cell: cards, claims, refusals, escalation, pilot."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flows.domain.messages import Inbound, InboundKind
from storage.sealed import INCIDENTS
from tests.support.conversations import cell, declare, fill_until_recap
from tests.support.harness import Harness


async def test_a_confirmed_case_reaches_one_member_with_a_card(harness: Harness) -> None:
    camille, sophie, lucas, _ = await cell(harness)
    confirmation = await declare(camille)
    assert "transmise à un membre de la cellule" in confirmation
    card = sophie.last
    assert card.text.startswith("Nouveau cas pour vous : REX-2026-0001")
    assert "lundi 23 novembre 2026 à 12:00" in card.text  # 4 working hours from Sunday
    assert "déclarant·e anonyme" in card.text
    assert [c.label for c in card.choices] == ["Je prends en charge", "Je ne peux pas"]
    assert len(lucas.inbox) == 1  # only his welcome: one member is asked, not all
    history = [(s, note) for _, s, _, note in await harness.query(lambda r: r.cases.history(1))]
    assert history[0] == ("declared", None)
    assert history[1][0] == "assigned" and history[1][1].startswith("offered to 2 (skill_match=")
    assert ("case.offered",) in await harness.sql("SELECT action FROM audit_log")


async def test_skills_choose_the_member(harness: Harness) -> None:
    camille, sophie, lucas, _ = await cell(harness)
    await harness.db.transaction(
        lambda c: c.execute("INSERT INTO member_skills VALUES (3, 'evenement_indesirable')")
    )
    await declare(camille)
    assert lucas.last.text.startswith("Nouveau cas pour vous")
    assert not sophie.last.text.startswith("Nouveau cas")


async def test_claim_tells_the_declarant_and_updates_the_card(harness: Harness) -> None:
    camille, sophie, _, nadia = await cell(harness)
    await declare(camille)
    texts = await sophie.press("Je prends en charge")
    assert "Vous suivez désormais REX-2026-0001" in texts[-1]
    edit = harness.transport.edits["200"][-1]
    assert edit.text.startswith("✅ Vous avez pris en charge REX-2026-0001.") and not edit.choices
    assert "Contact : déclarant·e anonyme" in edit.text  # the card keeps its content
    assert "prise en charge par un membre de la cellule qualité (masseur" not in camille.last.text
    assert "prise en charge par un membre de la cellule qualité (infirmier·e)" in camille.last.text
    assert await harness.sql("SELECT status, assigned_to FROM incidents") == [("in_progress", 2)]
    assert len(nadia.inbox) == 1  # the pilot was never alerted: nothing to tell her
    assert await harness.sql("SELECT status FROM reminders WHERE kind LIKE 'ack%'") == [
        ("cancelled",),
        ("cancelled",),
    ]


async def test_decline_goes_to_the_next_member(harness: Harness) -> None:
    camille, sophie, lucas, _ = await cell(harness)
    await declare(camille)
    card = sophie.last
    await sophie.press("Je ne peux pas")
    assert lucas.last.text.startswith("Nouveau cas pour vous : REX-2026-0001")
    assert "décliné" in harness.transport.edits["200"][-1].text
    assert "pourquoi" in sophie.last.text
    await sophie.press("Trop de cas en cours")
    assert await harness.sql("SELECT outcome, reason FROM case_offers WHERE member_id = 2") == [
        ("declined", "busy")
    ]
    # Her old button now gets a clear answer.
    texts = await sophie.press("Je ne peux pas", message=card)
    assert "ne vous est plus proposé" in texts[0]


async def test_a_declarant_who_is_in_the_cell_is_never_routed_to_themself(
    harness: Harness,
) -> None:
    _, sophie, lucas, _ = await cell(harness)
    await declare(sophie)
    assert lucas.last.text.startswith("Nouveau cas pour vous")


async def test_no_answer_reminds_at_half_time_then_moves_on(harness: Harness) -> None:
    camille, sophie, lucas, _ = await cell(harness)
    harness.clock.set(harness.clock.now() + timedelta(hours=19))  # Monday 10:00 in Paris
    await declare(camille)
    harness.clock.advance(timedelta(hours=2))
    assert await harness.scheduler.run_due() == 1
    await harness.outbox.wait_idle()
    assert sophie.last.text.startswith("Rappel : REX-2026-0001 attend votre réponse")
    harness.clock.advance(timedelta(hours=2))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    assert "sans réponse dans le délai" in harness.transport.edits["200"][-1].text
    assert lucas.last.text.startswith("Nouveau cas pour vous")


async def test_the_ladder_ends_with_the_pilot_who_assigns_by_hand(harness: Harness) -> None:
    camille, sophie, lucas, nadia = await cell(harness)
    await declare(camille)
    await sophie.press("Je ne peux pas")
    await lucas.press("Je ne peux pas")
    await harness.outbox.wait_idle()
    assert "aucun membre de la cellule n'est disponible" in nadia.last.text
    assert "n'est disponible" not in camille.last.text
    await nadia.press("Attribuer")
    assert nadia.last.text == "À qui confier REX-2026-0001 ?"
    await nadia.press("Sophie Martin (0 cas)")
    assert sophie.last.text.startswith("Nouveau cas pour vous")
    await sophie.press("Je prends en charge")
    assert "pris en charge par Sophie Martin" in harness.transport.edits["300"][-1].text


async def test_possible_eigs_alerts_the_pilot_at_once(harness: Harness) -> None:
    camille, sophie, _, nadia = await cell(harness)
    await declare(camille, gravity="Oui")
    assert "EIGS" in nadia.last.text
    assert sophie.last.text.startswith("Nouveau cas pour vous")


async def test_nobody_available_tells_the_pilot_and_no_false_promise(harness: Harness) -> None:
    camille, sophie, lucas, nadia = await cell(harness)
    await sophie.send("/absent jusqu'à vendredi")
    await lucas.send("/absent jusqu'à vendredi")
    confirmation = await declare(camille)
    assert "La cellule qualité en est informée et la traitera" in confirmation
    assert "aucun membre de la cellule n'est disponible" in nadia.last.text
    assert await harness.sql("SELECT status, assigned_to FROM incidents") == [("declared", None)]


async def test_late_claim_after_reassignment_wins_if_nobody_has_it(harness: Harness) -> None:
    camille, sophie, lucas, _ = await cell(harness)
    await declare(camille)
    sophie_card = sophie.last
    harness.clock.advance(timedelta(days=2))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    assert lucas.last.text.startswith("Nouveau cas pour vous")
    await sophie.press("Je prends en charge", message=sophie_card)
    texts = await lucas.press("Je prends en charge")
    assert "a été pris en charge par Sophie Martin" in texts[0]
    assert await harness.sql("SELECT status, assigned_to FROM incidents") == [("in_progress", 2)]


async def test_assign_command_is_for_the_pilot(harness: Harness) -> None:
    camille, _, _, nadia = await cell(harness)
    await declare(camille)
    texts = await camille.send("/assigner REX-2026-0001")
    assert "réservée à la pilote" in texts[0]
    texts = await nadia.send("/assigner")
    assert "/assigner REX-2026-0042" in texts[0]
    await nadia.send("/assigner rex-2026-0001")
    assert nadia.last.text == "À qui confier REX-2026-0001 ?"


async def test_pilot_sees_the_cell_and_edits_skills(harness: Harness) -> None:
    camille, _, lucas, nadia = await cell(harness)
    await lucas.send("/absent jusqu'à mardi")
    texts = await nadia.send("/cellule")
    assert "La cellule qualité (2 membres)" in texts[0]
    assert "Sophie Martin, infirmier·e — aucun cas ouvert — disponible" in texts[0]
    assert "Lucas Petit, infirmier·e — aucun cas ouvert — absent·e jusqu'au mardi 24" in texts[0]
    await nadia.press("Compétences : Lucas Petit")
    await nadia.press("▫️ Situation complexe")
    assert "✅ Situation complexe" in nadia.buttons()
    await nadia.press("Terminé")
    assert "Situation complexe" in nadia.last.text
    assert await harness.sql("SELECT member_id, skill FROM member_skills") == [
        (3, "situation_complexe")
    ]
    texts = await camille.send("/cellule")
    assert "réservée à la pilote" in texts[0]


async def test_first_contact_is_recorded_or_chased(harness: Harness) -> None:
    camille, sophie, _, nadia = await cell(harness)
    harness.clock.set(harness.clock.now() + timedelta(hours=19))  # Monday 10:00 in Paris
    await declare(camille)
    await sophie.press("Je prends en charge")
    # Anonymous declarant: no phone call possible, only the bot.
    assert sophie.buttons() == ["Message envoyé", "Injoignable"]
    await sophie.press("Injoignable")
    assert "quand réessayer" in sophie.last.text
    texts = await sophie.press("Dans 2 jours ouvrés")
    assert "le mercredi 25 novembre 2026" in texts[0]
    # Nothing noted by Wednesday 08:00: the member is reminded, then the pilot the day after.
    harness.clock.set(harness.clock.now() + timedelta(days=2))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    assert "aucun premier contact n'est encore noté" in sophie.last.text
    harness.clock.advance(timedelta(days=1))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    assert "aucun premier contact n'est noté" in nadia.last.text
    await sophie.press("Message envoyé")
    assert "premier contact pour REX-2026-0001 est enregistré" in sophie.last.text
    assert await harness.sql("SELECT first_contact_at IS NOT NULL FROM incidents") == [(1,)]
    notes = await harness.notes()
    assert notes[-2:] == ["contact: unreachable", "contact: message"]


async def test_restart_during_a_pending_acknowledgement_fires_the_deadline_once(
    tmp_path: Path,
) -> None:
    first = Harness(tmp_path / "r.db")
    await first.start()
    camille, _, _, _ = await cell(first)
    await declare(camille)
    await first.stop()  # the process stops while Sophie's answer is awaited

    second = Harness(tmp_path / "r.db")
    second.clock.set(first.clock.now() + timedelta(days=3))
    await second.start()
    assert await second.scheduler.run_due() == 2  # half-time reminder and deadline
    assert await second.scheduler.run_due() == 0
    await second.outbox.wait_idle()
    offers = await second.sql("SELECT member_id, outcome FROM case_offers ORDER BY id")
    assert offers == [(2, "expired"), (3, None)]
    assert second.transport.received["201"][-1].text.startswith("Nouveau cas pour vous")
    await second.stop()


async def test_member_may_let_declarants_see_their_name(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await sophie.send("/nom")
    assert "votre profession seulement" in sophie.last.text
    await sophie.press("Mon nom et ma profession")
    await fill_until_recap(camille, contact="Par message uniquement")  # identity revealed
    await camille.press("Confirmer")
    await sophie.press("Je prends en charge", message=sophie.inbox[-1])
    assert "(Sophie Martin, infirmier·e)" in camille.last.text
    texts = await camille.send("/nom")
    assert "réservée aux membres de la cellule" in texts[0]


async def test_at_night_the_card_waits_for_the_morning_but_eigs_does_not(
    harness: Harness,
) -> None:
    camille, sophie, _, nadia = await cell(harness)
    harness.clock.set(harness.clock.now() + timedelta(hours=8, minutes=30))  # 23:30 in Paris
    await declare(camille, gravity="Oui")
    assert "EIGS" in nadia.last.text  # the pilot is told at once
    assert not sophie.last.text.startswith("Nouveau cas")  # the member sleeps
    held = await harness.sql("SELECT next_attempt_at FROM outbox WHERE member_id = 2")
    assert held[-1] == ("2026-11-23T07:00:00.000000+00:00",)
    harness.clock.set(harness.clock.now() + timedelta(hours=8))  # Monday 07:30 in Paris
    assert await harness.outbox.sweep() == 0
    harness.clock.advance(timedelta(minutes=30))
    assert await harness.outbox.sweep() == 1
    await harness.outbox.wait_idle()
    assert sophie.last.text.startswith("Nouveau cas pour vous")


async def test_card_buttons_in_the_middle_of_a_form_keep_the_form(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await declare(camille)
    card = sophie.last
    await sophie.send("/declarer")
    await sophie.press("Situation complexe")
    await sophie.press("Je ne peux pas", message=card)
    reasons = next(d for d in reversed(sophie.inbox) if "pourquoi" in d.text)
    await sophie.press("Absent·e", message=reasons)
    # Her own declaration goes on where it was.
    assert "Quand" in sophie.last.text
    await sophie.press("Hier")
    assert "Que s'est-il passé" in sophie.last.text


async def test_a_routing_reminder_does_not_make_form_buttons_stale(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    harness.clock.set(harness.clock.now() + timedelta(hours=19))  # Monday 10:00 in Paris
    await declare(camille)
    harness.clock.advance(timedelta(hours=1))
    await sophie.send("/declarer")  # Sophie starts her own declaration meanwhile
    harness.clock.advance(timedelta(hours=1))
    await harness.scheduler.run_due()  # the half-time reminder about the card
    await harness.outbox.wait_idle()
    texts = await sophie.press("Situation complexe", message=sophie.last_with_choices)
    assert "plus valable" not in texts[0] and "Quand" in texts[0]


async def test_after_a_hand_assignment_the_previous_member_cannot_take_it(
    harness: Harness,
) -> None:
    camille, sophie, lucas, nadia = await cell(harness)
    await declare(camille)
    card = sophie.last
    await nadia.send("/assigner REX-2026-0001")
    await nadia.press("Lucas Petit (0 cas)")
    assert "ne vous est plus proposé" in harness.transport.edits["200"][-1].text
    texts = await sophie.press("Je prends en charge", message=card)
    assert "ne vous est plus proposé" in texts[0]
    await lucas.press("Je prends en charge")
    assert await harness.sql("SELECT status, assigned_to FROM incidents") == [("in_progress", 3)]


async def test_every_alert_of_the_pilot_is_updated_and_the_clock_acts_alone(
    harness: Harness,
) -> None:
    camille, sophie, _, nadia = await cell(harness)
    await declare(camille, gravity="Oui")  # first alert to the pilot (EIGS)
    await sophie.press("Je ne peux pas")
    harness.clock.advance(timedelta(days=2))
    await harness.scheduler.run_due()  # Lucas did not answer: second alert (escalation)
    await harness.outbox.wait_idle()
    assert "aucun membre de la cellule n'est disponible" in nadia.last.text
    await nadia.press("Attribuer")
    await nadia.press("Sophie Martin (0 cas)")
    await sophie.press("Je prends en charge")
    edits = [d for d in harness.transport.edits["300"] if "pris en charge par Sophie" in d.text]
    assert len(edits) == 2  # both of her cards about this case
    actors = await harness.sql("SELECT actor_id FROM audit_log WHERE action = 'case.ack_expired'")
    assert actors == [(None,)]


async def test_messages_written_before_the_claim_are_pointed_out(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await declare(camille)
    await camille.send("Précision : c'était un vendredi soir.")
    await camille.press("REX-2026-0001")
    texts = await sophie.press("Je prends en charge")
    assert any("a déjà écrit 1 message(s)" in text for text in texts)


async def test_a_case_nobody_could_take_is_routed_again_later(harness: Harness) -> None:
    camille, sophie, lucas, nadia = await cell(harness)
    harness.clock.set(harness.clock.now() + timedelta(hours=19))  # Monday 10:00 in Paris
    await sophie.send("/absent aujourd'hui")
    await lucas.send("/absent aujourd'hui")
    await declare(camille)
    assert "n'est disponible" in nadia.last.text
    # The next day Sophie is back: after the delay, routing tries again and finds her.
    harness.clock.advance(timedelta(days=1))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    assert sophie.last.text.startswith("Nouveau cas pour vous : REX-2026-0001")


async def test_forged_or_malformed_card_buttons_are_refused(harness: Harness) -> None:
    camille, _, lucas, _ = await cell(harness)
    await declare(camille)
    offer_id = (await harness.sql("SELECT id FROM case_offers"))[0][0]
    for forged in (
        f"case:claim:{offer_id}",
        "case:assignto:x:REX-2026-0001",
        "case:bogus",
        "case:",
    ):
        texts = await lucas.deliver(
            Inbound("memory", "201", harness.next_id(), InboundKind.CHOICE, choice_id=forged)
        )
        assert "pas destiné" in texts[0] or "ne trouve pas ce cas" in texts[0]
    assert await harness.sql("SELECT status, assigned_to FROM incidents") == [("assigned", 2)]


async def test_see_all_is_only_for_who_has_the_case_now(harness: Harness) -> None:
    camille, sophie, lucas, nadia = await cell(harness)
    await declare(camille)
    await harness.db.transaction(
        lambda c: c.execute(
            "UPDATE incidents SET why = ?",
            (INCIDENTS.key(c, 1).seal("why", 1, "Le fax du service était en panne."),),
        )
    )
    card = sophie.last
    await nadia.send("/assigner REX-2026-0001")
    await nadia.press("Lucas Petit (0 cas)")
    texts = await sophie.deliver(
        Inbound(
            "memory",
            "200",
            harness.next_id(),
            InboundKind.CHOICE,
            choice_id="case:full:REX-2026-0001",
        )
    )
    assert "pas destiné" in texts[0] and "fax" not in texts[0]
    assert card.choices  # she had the card, but the case went to Lucas
    texts = await lucas.press("Voir tout")
    assert "Le fax du service était en panne." in texts[0]


async def test_help_shows_the_commands_of_the_role(harness: Harness) -> None:
    _, sophie, _, nadia = await cell(harness)
    assert "/dossiers" in (await sophie.send("/aide"))[0]
    assert "/cellule" in (await nadia.send("/aide"))[0]


async def test_a_member_sets_their_own_working_hours(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    texts = await sophie.send("/horaires")
    assert "de 08:00 à 19:00, le lundi, mardi, mercredi, jeudi, vendredi" in texts[0]
    texts = await sophie.send("/horaires 14h-18h 1-4")
    assert "de 14:00 à 18:00, le lundi, mardi, mercredi, jeudi" in texts[0]
    await declare(camille)  # Sunday: her 4 working hours are Monday 14:00–18:00
    assert "lundi 23 novembre 2026 à 18:00" in sophie.last.text
    texts = await sophie.send("/horaires 18:00-08:00")
    assert "Je n'ai pas compris" in texts[0]
    texts = await sophie.send("/horaires défaut")
    assert "heures du territoire" in texts[0]
    assert "réservée aux membres de la cellule" in (await camille.send("/horaires"))[0]

"""The REX declaration, driven message by message."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from flows.domain.territory import IncidentType, Territory
from storage.unit_of_work import SqlRepositories
from tests.support.conversations import FACTS, fill_until_recap
from tests.support.harness import Harness, Person


async def declare_by_buttons(person: Person, *, gravity: str = "Non") -> list[str]:
    await fill_until_recap(
        person, gravity=gravity, learned="Demander le bilan de sortie systématiquement."
    )
    return await person.press("Confirmer")


async def test_full_declaration_with_buttons(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    texts = await declare_by_buttons(camille)
    assert len(texts) == 1
    assert "REX-2026-0001" in texts[0]
    rows = await harness.sql(
        "SELECT reference, incident_type, event_date, possible_eigs, anonymous, contact_mode, "
        "status, channel FROM incidents"
    )
    assert rows == [
        (
            "REX-2026-0001",
            "evenement_indesirable",
            "2026-11-22",
            0,
            1,
            "message",
            "declared",
            "memory",
        )
    ]
    case = await harness.case()
    assert (case.facts, case.why, case.phone) == (FACTS, None, None)
    assert case.learned == "Demander le bilan de sortie systématiquement."
    assert await harness.sql("SELECT status FROM incident_history") == [("declared",)]
    audit = await harness.sql("SELECT action, subject FROM audit_log WHERE action LIKE 'incident%'")
    assert audit == [("incident.declared", "REX-2026-0001")]
    texts = await camille.send("/mes_declarations")
    assert "REX-2026-0001" in texts[0] and "Événement indésirable" in texts[0]
    assert "en attente de prise en charge" in texts[0]


async def test_each_step_answers_with_exactly_one_message(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    assert len(await camille.send("/declarer")) == 1
    assert len(await camille.press("Situation complexe")) == 1
    assert len(await camille.send("hier")) == 1


async def test_gravity_yes_flags_possible_eigs(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    texts = await declare_by_buttons(camille, gravity="Oui")
    assert "EIGS" in texts[0]
    assert await harness.sql("SELECT possible_eigs FROM incidents") == [(1,)]


async def test_typed_answers_with_numbers_labels_and_typos(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.send("presquaccident")
    assert "Quand" in camille.last.text
    await camille.send("12/11")
    await camille.send(FACTS)
    await camille.send("passer")
    await camille.send("1")
    # A near miss skips the harm question.
    assert "identité" in camille.last.text
    await camille.send("reveler mon identite")
    await camille.send("par telephone")
    assert "numéro" in camille.last.text
    await camille.send("0612345678")
    await camille.send("plutôt vers 13 h")
    recap = camille.last.text
    assert "jeudi 12 novembre 2026" in recap
    assert "Téléphone : 06 12 34 56 78" in recap
    assert "Créneau : plutôt vers 13 h" in recap
    await camille.send("confirmer")
    assert await harness.sql("SELECT event_date, anonymous FROM incidents") == [("2026-11-12", 0)]
    case = await harness.case()
    assert (case.phone, case.contact_slot, case.why) == ("+33612345678", "plutôt vers 13 h", None)


async def test_anonymous_declarant_is_not_asked_for_a_phone(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await fill_until_recap(camille)
    assert "Identité : anonyme" in camille.last.text
    assert "Contact" not in camille.last.text
    await camille.press("Confirmer")
    assert await harness.sql("SELECT anonymous, contact_mode, phone FROM incidents") == [
        (1, "message", None)
    ]


async def test_near_miss_has_no_harm_question(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await fill_until_recap(camille, kind="Presqu'accident")
    assert "Dommage grave" not in camille.last.text
    await camille.press("Confirmer")
    assert await harness.sql("SELECT possible_eigs FROM incidents") == [(0,)]


async def test_everyday_ways_of_saying_when(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Événement indésirable")
    texts = await camille.send("demain")
    assert "futur" in texts[0]
    await camille.send("hier soir")
    assert "Que s'est-il passé" in camille.last.text
    await camille.send("/annuler")
    await camille.send("/declarer")
    await camille.press("Événement indésirable")
    await camille.send("ce matin")
    assert "Que s'est-il passé" in camille.last.text


async def test_dates_in_french_forms_and_future_refused(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Événement indésirable")
    texts = await camille.send("12/12/2026")
    assert "futur" in texts[0]
    assert "Quand" in texts[0]
    texts = await camille.send("n'importe quoi")
    assert "pas reconnu" in texts[0]
    await camille.send("le 3 novembre")
    assert "Que s'est-il passé" in camille.last.text


async def test_text_where_button_expected_reasks(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    texts = await camille.send("bof")
    assert "Je n'ai pas compris" in texts[0]
    assert camille.buttons()[0] == "Événement indésirable"


async def test_bad_lengths_are_refused_and_nothing_is_stored(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await camille.press("Hier")
    texts = await camille.send("trop court")
    assert "au moins 20 caractères (vous en avez écrit 10)" in texts[0]
    texts = await camille.send("x" * 10_000)
    assert "10\u202f000 caractères" in texts[0] and "4\u202f000" in texts[0]
    texts = await camille.send("   ")
    assert "vide" in texts[0]
    state = await harness.query(lambda repos: repos.conversations.load(1).state)
    assert "xxxx" not in json.dumps(state)
    harness.clock.advance(timedelta(minutes=1))
    await camille.send(FACTS)
    assert "Pourquoi" in camille.last.text


async def test_rest_of_a_long_paste_is_not_taken_as_the_answer(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await camille.press("Hier")
    # Telegram cuts a 5,000-character paste into 4,096 + 904 characters.
    await camille.send("a" * 4096)
    harness.clock.advance(timedelta(seconds=1))
    texts = await camille.send("b" * 904)
    assert "la suite du précédent" in texts[0]
    harness.clock.advance(timedelta(minutes=1))
    await camille.send(FACTS)
    assert "Pourquoi" in camille.last.text


async def test_modify_offers_to_keep_the_current_answer(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    learned = "Prévoir un double appel à la sortie. " * 60
    await fill_until_recap(camille, learned=learned)
    await camille.press("Modifier")
    await camille.press("Enseignements et attentes")
    assert camille.buttons() == ["Passer", "Garder la réponse actuelle"]
    # The current answer is recalled, shortened: not a 2,000-character wall on a phone.
    assert len(camille.last.text) < 600 and camille.last.text.count("…") == 1
    await camille.press("Garder la réponse actuelle")
    assert learned.strip() in camille.last.text


async def test_patient_identifier_is_refused_before_storage(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await camille.press("Hier")
    nir = "1 85 05 78 006 084 91"
    texts = await camille.send(f"Le patient {nir} est sorti sans ordonnance de sortie.")
    assert "sécurité sociale" in texts[0]
    texts = await camille.send("Mme Martin, née le 12/03/1945, est sortie sans ordonnance.")
    assert "nom et la date de naissance" in texts[0]
    state = json.dumps(await harness.query(lambda repos: repos.conversations.load(1).state))
    said = [delivery.text for delivery in camille.inbox]
    assert not any("006 084" in text or "12/03/1945" in text for text in [state, *said])
    # Written as a NIR, a wrong key is still a NIR (a typo); the same digits in one run are
    # an ordinary number.
    texts = await camille.send("Patient 1 85 05 78 006 084 36 sorti sans ordonnance de sortie.")
    assert "sécurité sociale" in texts[0]
    await camille.send("Dossier 185057800608436 : sorti sans ordonnance, appel sans réponse.")
    assert "Pourquoi" in camille.last.text


async def stored_in_clear(harness: Harness, *fragments: str) -> list[str]:
    """The tables holding one of ``fragments`` in a column that is not sealed."""
    found = []
    for (table,) in await harness.sql("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in await harness.sql(f'SELECT * FROM "{table}"'):
            found += [table for cell in row if any(f in str(cell) for f in fragments)]
    return found


async def draft(harness: Harness, person: Person) -> str:
    """The person's form in progress, as the bot reads it back."""

    def work(repos: SqlRepositories) -> str:
        member = repos.members.by_identity("memory", person.address)
        assert member is not None
        return json.dumps(repos.conversations.load(member.id).state, ensure_ascii=False)

    return await harness.query(work)


async def test_contact_details_in_the_facts_are_refused_before_storage(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await camille.press("Hier")
    texts = await camille.send("Sortie sans ordonnance, la fille demande à marie.dupont@gmail.com")
    assert len(texts) == 1
    assert "adresse e-mail" in texts[0] and "Que s'est-il passé" in texts[0]
    texts = await camille.send("Sortie sans ordo, rappeler la fille au 06.98.76.54.32 svp")
    assert len(texts) == 1
    assert "numéro de téléphone" in texts[0] and "Que s'est-il passé" in texts[0]
    texts = await camille.send("Sortie sans ordonnance, fille joignable au +33 6 98 76 54 32")
    assert "numéro de téléphone" in texts[0]
    refused = ("marie.dupont", "98.76", "98 76")
    # Not in the draft, not in anything the bot sent (so not in the outbox), nowhere in clear.
    kept = await draft(harness, camille)
    assert not any(fragment in kept for fragment in refused)
    assert not any(fragment in d.text for d in camille.inbox for fragment in refused)
    assert await stored_in_clear(harness, *refused) == []
    # Still at the facts: the same text without the contact details goes on, into the draft.
    await camille.send("Sortie sans ordonnance, la fille a appelé la pharmacie le soir même.")
    assert "Pourquoi" in camille.last.text
    assert "la fille a appelé la pharmacie" in await draft(harness, camille)


async def test_media_where_text_expected(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await camille.press("Hier")
    texts = await camille.media("voice")
    assert "messages vocaux" in texts[0]
    assert "Que s'est-il passé" in texts[0]
    await camille.media("sticker")
    await camille.send(FACTS)
    assert "Pourquoi" in camille.last.text


async def test_old_button_is_no_longer_valid(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    type_question = camille.last
    await camille.press("Presqu'accident")
    texts = await camille.press("Situation complexe", message=type_question)
    assert "n'est plus valable" in texts[0]
    assert "Quand" in texts[0]
    await camille.press("Aujourd'hui")
    await camille.send(FACTS)
    await camille.press("Passer")
    await camille.press("Passer")
    await camille.press("Rester anonyme")
    assert "Type : Presqu'accident" in camille.last.text


async def test_command_in_the_middle_asks_to_leave(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    texts = await camille.send("/mes_declarations")
    assert "déclaration en cours" in texts[0]
    await camille.press("Continuer")
    assert "Quand" in camille.last.text
    await camille.press("Hier")
    await camille.send("/mes_declarations")
    texts = await camille.press("Quitter")
    assert "aucune déclaration" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM incidents") == [(0,)]


async def test_help_in_the_middle_keeps_the_step(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    texts = await camille.send("/aide")
    assert "/annuler" in texts[0] and "Quand" in texts[0]
    await camille.press("Hier")
    assert "Que s'est-il passé" in camille.last.text


async def test_cancel_at_any_step(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await camille.press("Hier")
    texts = await camille.send("/annuler")
    assert "rien n'a été enregistré" in texts[0]
    texts = await camille.send("/annuler")
    assert "rien à annuler" in texts[0]
    await declare_by_buttons(camille)
    assert await harness.sql("SELECT reference FROM incidents") == [("REX-2026-0001",)]


async def test_cancel_from_recap(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await fill_until_recap(camille)
    texts = await camille.press("Annuler")
    assert "abandonnée" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM incidents") == [(0,)]


async def test_modify_one_field_then_confirm(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await fill_until_recap(camille, contact="Par téléphone")
    await camille.press("Modifier")
    assert "Quelle réponse" in camille.last.text
    await camille.press("Type")
    assert "Réponse actuelle : Événement indésirable" in camille.last.text
    await camille.press("Situation complexe")
    assert camille.last.text.startswith("Récapitulatif")
    assert "Type : Situation complexe" in camille.last.text
    # Switching to "by message" drops the phone number and slot.
    await camille.press("Modifier")
    await camille.press("Contact")
    await camille.press("Par message uniquement")
    assert "Téléphone" not in camille.last.text
    # Becoming anonymous drops the contact question altogether.
    await camille.press("Modifier")
    await camille.press("Identité")
    await camille.press("Rester anonyme")
    assert "Contact" not in camille.last.text
    await camille.press("Confirmer")
    rows = await harness.sql(
        "SELECT incident_type, anonymous, contact_mode, phone, contact_slot FROM incidents"
    )
    assert rows == [("situation_complexe", 1, "message", None, None)]


async def test_switching_contact_to_phone_asks_the_missing_fields(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await fill_until_recap(camille, contact="Par message uniquement")
    await camille.press("Modifier")
    await camille.press("Contact")
    await camille.press("Par téléphone")
    assert "numéro" in camille.last.text
    texts = await camille.send("12 34")
    assert "pas être un numéro français valide" in texts[0]
    await camille.send("+33 6 12 34 56 78")
    await camille.press("Le matin (8 h – 12 h)")
    assert "Téléphone : 06 12 34 56 78" in camille.last.text


async def test_duplicate_update_is_handled_once(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer", external_id="dup-1")
    texts = await camille.send("/declarer", external_id="dup-1")
    assert texts == []
    assert camille.last_result is not None and camille.last_result.duplicate


async def test_two_updates_from_one_chat_at_once_are_handled_in_order(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    await asyncio.gather(camille.send("hier"), camille.send(FACTS))
    await harness.outbox.wait_idle()
    assert "Pourquoi" in camille.last.text


async def test_concurrent_declarations_get_unique_gapless_references(harness: Harness) -> None:
    people = [await harness.enrolled(f"Membre {i}", str(1000 + i)) for i in range(12)]
    await asyncio.gather(*(declare_by_buttons(p) for p in people))
    references = [r[0] for r in await harness.sql("SELECT reference FROM incidents ORDER BY id")]
    assert sorted(references) == [f"REX-2026-{n:04d}" for n in range(1, 13)]


async def test_language_switch_to_english(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/langue")
    texts = await camille.press("English")
    assert "English" in texts[0]
    texts = await camille.send("/declarer")
    assert "What kind of event" in texts[0]


async def test_unknown_command_and_idle_text(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    texts = await camille.send("/nimportequoi")
    assert "/nimportequoi n'existe pas" in texts[0]
    texts = await camille.send("bonjour")
    assert "pas compris" in texts[0]
    texts = await camille.send("déclarer")
    assert "Nouvelle déclaration" in texts[0]


async def test_territory_types_are_the_buttons(harness: Harness) -> None:
    harness.engine.territory = Territory(
        name="CPTS test",
        incident_types=(IncidentType("medicament", "Erreur médicamenteuse", "Medication error"),),
    )
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    assert camille.buttons() == ["Erreur médicamenteuse"]
    await camille.press("Erreur médicamenteuse")
    assert "Quand" in camille.last.text


async def test_document_where_text_expected(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    texts = await camille.media("document")
    assert "fichiers" in texts[0] and "De quel type" in texts[0]


async def test_old_menu_button_in_a_form_is_refused_with_a_notice(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    menu = camille.last
    await camille.send("/declarer")
    texts = await camille.press("Mes déclarations", message=menu)
    assert camille.last_result is not None
    assert not camille.last_result.accepted_choice
    assert camille.last_result.notice == "Ce choix n'est plus valable."
    assert "De quel type" in texts[0]


async def test_current_button_is_accepted_without_notice(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    assert camille.last_result is not None
    assert camille.last_result.accepted_choice and camille.last_result.notice is None

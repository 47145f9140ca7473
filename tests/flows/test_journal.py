"""The journal des échanges: declarant and cell member talk through the bot, anonymity kept."""

from __future__ import annotations

from flows.domain.messages import Inbound, InboundKind
from tests.support.conversations import cell, declare
from tests.support.harness import Harness


async def test_both_directions_with_anonymity(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await declare(camille)  # anonymous
    await sophie.press("Je prends en charge")
    # The member writes first, choosing the case from /dossiers.
    texts = await sophie.send("/dossiers")
    assert "REX-2026-0001" in texts[0]
    await sophie.press("Écrire sur REX-2026-0001")
    texts = await sophie.send("Bonjour, pouvez-vous me dire quel jour a eu lieu la sortie ?")
    assert "Transmis à la personne qui a déclaré REX-2026-0001" in texts[0]
    assert camille.last.text == (
        "[REX-2026-0001] Cellule qualité (infirmier·e) : Bonjour, pouvez-vous me dire quel jour "
        "a eu lieu la sortie ?"
    )
    # The declarant answers with free text: asked which case, then relayed without a name.
    await camille.send("Le vendredi soir, vers 19 h.")
    assert camille.last.text == "À propos de quel cas est ce message ?"
    await camille.press("REX-2026-0001")
    assert sophie.last.text == "[REX-2026-0001] Déclarant·e : Le vendredi soir, vers 19 h."
    assert "Camille" not in sophie.last.text
    journal = await harness.sql("SELECT author_role, text FROM case_messages ORDER BY id")
    assert [r[0] for r in journal] == ["member", "declarant"]
    texts = await camille.send("/journal REX-2026-0001")
    assert "Cellule qualité : Bonjour" in texts[0] and "Déclarant·e : Le vendredi" in texts[0]


async def test_reply_to_a_relayed_message_keeps_the_case(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await declare(camille)
    await sophie.press("Je prends en charge")
    await sophie.press("Écrire sur REX-2026-0001", message=(await _dossiers(sophie)))
    await sophie.send("Question de la cellule sur la sortie du vendredi.")
    relayed = harness.transport.received["100"][-1]
    # A Telegram reply names the message it answers by the channel's id.
    ref = await harness.sql(
        "SELECT external_ref FROM outbox WHERE member_id = 1 AND tag = 'journal:REX-2026-0001'"
    )
    assert relayed.text.startswith("[REX-2026-0001]")
    await camille.deliver(
        Inbound(
            "memory",
            "100",
            harness.next_id(),
            InboundKind.TEXT,
            text="Réponse directe du déclarant.",
            reply_ref=str(ref[0][0]),
        )
    )
    assert sophie.last.text == "[REX-2026-0001] Déclarant·e : Réponse directe du déclarant."


async def _dossiers(person):  # type: ignore[no-untyped-def]
    await person.send("/dossiers")
    return person.last


async def test_identifiers_files_and_strangers_to_the_case(harness: Harness) -> None:
    camille, sophie, lucas, nadia = await cell(harness)
    await declare(camille)
    await sophie.press("Je prends en charge")
    await sophie.send("/dossiers")
    await sophie.press("Écrire sur REX-2026-0001")
    texts = await sophie.send("Mme Martin, née le 12/03/1945, a-t-elle été revue ?")
    assert "nom et la date de naissance" in texts[0]
    texts = await sophie.media("photo")
    assert "aucun document de patient" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM case_messages") == [(0,)]
    texts = await lucas.send("/journal REX-2026-0001")
    assert "n'est lisible que par ses deux parties" in texts[0]
    texts = await nadia.send("/journal REX-2026-0001")
    assert "Aucun échange" in texts[0]


async def test_message_before_anyone_took_the_case_is_kept(harness: Harness) -> None:
    camille, _, _, _ = await cell(harness)
    await declare(camille)
    await camille.send("J'ai oublié de préciser que c'était un vendredi.")
    await camille.press("REX-2026-0001")
    assert "Il sera lu par le membre de la cellule" in camille.last.text
    assert await harness.sql("SELECT author_role FROM case_messages") == [("declarant",)]


async def test_the_chosen_case_does_not_stick_to_the_next_case(harness: Harness) -> None:
    camille, sophie, lucas, _ = await cell(harness)
    await lucas.send("/absent jusqu'à vendredi")  # so that Sophie gets both cases
    await declare(camille)
    await sophie.press("Je prends en charge")
    await sophie.send("/dossiers")
    await sophie.press("Écrire sur REX-2026-0001")
    await sophie.send("Première question sur le premier cas.")
    # A second case arrives and she takes it: her next words are not about the first one.
    await declare(camille)
    await sophie.press("Je prends en charge")
    await sophie.send("Bonjour, j'ai bien reçu votre déclaration.")
    assert sophie.last.text == "À propos de quel cas est ce message ?"


async def test_the_chosen_case_expires(harness: Harness) -> None:
    from datetime import timedelta

    camille, sophie, _, _ = await cell(harness)
    await declare(camille)
    await sophie.press("Je prends en charge")
    await sophie.send("/dossiers")
    await sophie.press("Écrire sur REX-2026-0001")
    harness.clock.advance(timedelta(hours=2))
    await sophie.send("Encore une question.")
    assert sophie.last.text == "À propos de quel cas est ce message ?"

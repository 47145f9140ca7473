"""Telegram in `reference` mode: nothing a person wrote about a case crosses Telegram; the
details go to the member's secure mail, and every message about a case is protected."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.transports.memory import MemoryTransport
from flows.domain.model import Role
from storage.database import run_in_transaction
from storage.members import SqlMembers
from tests.support.botapi_standin import BotApiStandIn
from tests.support.invitations import invite
from tests.support.telegram import TelegramUser, telegram_app

FACTS = "Le pilulier préparé avec la posologie de l'ancienne ordonnance du cardiologue."
PHONE = "06 71 23 45 89"
MESSAGE = "Pouvez-vous préciser l'heure de passage de l'infirmière libérale ?"
ANSWER = "Vers dix-neuf heures, un vendredi soir, sans transmission écrite."
OUTCOME = "Le cardiologue a refait une ordonnance unique, la pharmacie a repris le pilulier."
SOPHIE_MAIL = "sophie.martin@pharmacien.mssante.fr"


def texts_sent(standin: BotApiStandIn) -> str:
    return json.dumps([params for _, _, params in standin.calls], ensure_ascii=False)


def protected(standin: BotApiStandIn, message: dict[str, Any]) -> bool:
    """Whether the request that sent `message` asked Telegram to protect its content."""
    sent = [
        params
        for _, method, params in standin.calls
        if method == "sendMessage"
        and str(params.get("chat_id")) == str(message["chat"]["id"])
        and params.get("text") == message["text"]
    ]
    assert sent, "no request sent this message"
    return all(params.get("protect_content") is True for params in sent)


async def test_a_case_in_reference_mode_keeps_its_text_off_telegram(tmp_path: Path) -> None:
    async with telegram_app(tmp_path, telegram_details="reference") as (app, standin):
        mail = MemoryTransport("mail")
        app.add_transport(mail)  # the secure channel: only what it is given is checked here
        # Linked after her Telegram identity (which stays preferred), as /canal would.
        camille, sophie, lucas = (TelegramUser(standin, uid) for uid in (51, 52, 53))
        await camille.say(f"/start {await invite(app, 'Camille Durand')}", expect="Bienvenue")
        await sophie.say(
            f"/start {await invite(app, 'Sophie Martin', Role.CELL, 'pharmacien')}",
            expect="Bienvenue",
        )
        sophie_id = await app.db.call(
            lambda c: c.execute("SELECT id FROM members WHERE name = 'Sophie Martin'").fetchone()
        )
        await app.db.call(
            lambda c: run_in_transaction(
                c,
                lambda t: SqlMembers(t).link_identity(
                    sophie_id[0], "mail", SOPHIE_MAIL, datetime(2999, 1, 1, tzinfo=UTC)
                ),
            )
        )
        await lucas.say(
            f"/start {await invite(app, 'Lucas Petit', Role.PILOT, 'infirmier')}",
            expect="Bienvenue",
        )

        notice = await camille.say("/declarer", expect="par votre choix")
        assert "Telegram" in notice["text"]
        await standin.wait_for_message(51, "De quel type", 10)
        await camille.tap("Situation complexe", expect="Quand")
        await camille.tap("Hier", expect="Que s'est-il passé")
        await camille.say(FACTS, expect="Pourquoi")
        await camille.tap("Passer", expect="appris")
        await camille.tap("Passer", expect="dommage grave")
        await camille.tap("Non", expect="identité")
        await camille.tap("Révéler mon identité", expect="joindre")
        await camille.tap("Par téléphone", expect="numéro")
        await camille.say(PHONE, expect="quel moment")
        await camille.tap("Le matin (8 h – 12 h)", expect="Récapitulatif")
        waiter = asyncio.ensure_future(standin.wait_for_message(52, "Nouveau cas pour vous", 10))
        await camille.tap("Confirmer", expect="REX-")
        card = await waiter
        assert "REX-2026-0001" in card["text"] and "Détails envoyés" in card["text"]
        assert protected(standin, card)
        await app.outbox.wait_idle()
        details = mail.received[SOPHIE_MAIL][-1]
        assert FACTS[:60] in details.text and "06 71 23 45 89" in details.text
        assert details.protect

        await camille._expect(
            lambda: standin.press(52, card["message_id"], sophie.button("Je prends en charge")[1]),
            "prise en charge",
        )
        await sophie.say("/dossiers", expect="Les cas que vous suivez")
        await sophie.tap("Écrire sur REX-2026-0001", expect="Vous écrivez")
        relayed = await camille._expect(
            lambda: standin.user_message(52, MESSAGE), "Nouveau message de"
        )
        # Camille has no secure mail: she is told how to link one, and reads no text here.
        assert "/canal" in relayed["text"] and protected(standin, relayed)
        answered = await sophie._expect(
            lambda: standin.user_message(51, ANSWER, reply_to=relayed["message_id"]),
            "Nouveau message de",
        )
        assert "Détails envoyés" in answered["text"]
        await app.outbox.wait_idle()
        assert any(ANSWER in d.text for d in mail.received[SOPHIE_MAIL])

        await sophie.say("/cas REX-2026-0001", expect="Niveau")
        await sophie.tap("Niveau 1 — réglé", expect="réglé")
        told = asyncio.ensure_future(standin.wait_for_message(51, "est réglé", 10))
        await sophie.say(OUTCOME)
        assert "cardiologue" not in (await told)["text"]

        await lucas.say("/cellule", expect="Sans messagerie sécurisée")
        await app.outbox.wait_idle()
        sent = texts_sent(standin)
        for written in (FACTS, MESSAGE, ANSWER, OUTCOME, PHONE, "0671234589"):
            # What the declarant typed went up to Telegram in her own updates; nothing any
            # person wrote came back down in a request of the bot's.
            assert written not in sent, f"{written!r} went down to Telegram"
        assert "+33671234589" not in sent

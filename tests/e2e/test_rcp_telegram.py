"""A whole RCP cycle on Telegram, through python-telegram-bot and the Bot API stand-in: the
coordinator creates the meeting, a member proposes, votes on the ballot edited in place, the
agenda is published with its .ics and the member answers "present". The deadlines (noon on a
chosen day) are brought forward in the database so that the real scheduler fires them now."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

import icalendar

from flows.domain.model import Role
from storage.timestamps import to_db
from tests.support.invitations import invite
from tests.support.telegram import TelegramUser, telegram_app


async def test_an_rcp_cycle_on_telegram(tmp_path: Path) -> None:
    async with telegram_app(tmp_path, scheduler_tick=timedelta(seconds=1)) as (app, standin):
        julie = TelegramUser(standin, 61)
        camille = TelegramUser(standin, 62)
        await julie.say(
            f"/start {await invite(app, 'Julie Blanc', Role.COORDINATOR)}", expect="Bienvenue"
        )
        await camille.say(f"/start {await invite(app, 'Camille Durand')}", expect="Bienvenue")
        today = app.clock.now().date()

        def day(offset: int) -> str:
            return f"{today + timedelta(days=offset):%d/%m/%Y}"

        await julie.say("/rcp", expect="Réunions de concertation")
        await julie.tap("Nouvelle réunion", expect="Son titre")
        await julie.say("RCP des sorties", expect="Quel jour")
        await julie.say(day(10), expect="quelle heure")
        await julie.say("12h30", expect="Combien de temps")
        await julie.tap("60 min", expect="Où")
        await julie.say("Salle 2", expect="Pour qui")
        await julie.tap("Tous les membres", expect="proposer des sujets")
        await julie.say(day(2), expect="peut-on voter")
        await julie.say(day(4), expect="Combien de sujets")
        await julie.tap("5", expect="quorum")
        await julie.tap("Passer", expect="Récapitulatif de la réunion")
        call = asyncio.ensure_future(standin.wait_for_message(62, "Quels sujets voulez-vous", 10))
        await julie.tap("Confirmer", expect="L'appel à sujets part")
        await call
        await camille.tap("Proposer un sujet", expect="Le sujet")
        await camille.say("Sorties du vendredi", expect="Décrivez")
        await camille.say("Ordonnances absentes le vendredi soir.", expect="De quel type")
        await camille.tap("Pratique professionnelle", expect="Combien de temps")
        await camille.tap("15 min", expect="Votre proposition")
        await camille.tap("Confirmer", expect="est proposé")

        def bring_forward(column: str, kind: str) -> None:
            now = to_db(app.clock.now())
            conn = sqlite3.connect(tmp_path / "rexbot.db")
            with conn:
                conn.execute(f"UPDATE rcp_meetings SET {column} = ?", (now,))
                conn.execute("UPDATE reminders SET due_at = ? WHERE kind = ?", (now, kind))
            conn.close()

        ballot = asyncio.ensure_future(
            standin.wait_for_message(62, "Vote pour l'ordre du jour", 10)
        )
        bring_forward("proposals_until", "rcp_vote_open")
        message = await ballot
        message_id, data = camille.button("▫️ 1. Sorties du vendredi", message)
        standin.press(62, message_id, data)
        await standin.wait_for(
            lambda: any(
                m["message_id"] == message_id
                and "✅ 1. Sorties du vendredi" in str(m.get("reply_markup"))
                for m in standin.messages(62)
            ),
            timeout=10,
        )
        draft = asyncio.ensure_future(standin.wait_for_message(61, "Projet d'ordre du jour", 10))
        bring_forward("votes_until", "rcp_vote_close")
        assert "1. Sorties du vendredi — 1 voix" in (await draft)["text"]
        invitation = asyncio.ensure_future(standin.wait_for_message(62, "Invitation", 10))
        await julie.tap("Publier l'ordre du jour", expect="en cours d'envoi")
        document = await invitation
        assert document["document"]["file_name"] == "rcp-1.ics"
        event = next(iter(icalendar.Calendar.from_ical(document["content"]).walk("VEVENT")))
        assert str(event["SUMMARY"]) == "RCP des sorties"
        await camille.tap("Je serai présent·e", expect="vous serez présent·e", message=document)
        # The pressed invitation keeps its file, loses its buttons and shows the answer.
        await standin.wait_for(
            lambda: any(
                m["message_id"] == document["message_id"]
                and "reply_markup" not in m
                and m.get("caption", "").endswith("✓ Je serai présent·e")
                for m in standin.messages(62)
            ),
            timeout=10,
        )

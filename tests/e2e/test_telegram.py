"""End to end on Telegram: the real python-telegram-bot client against a local Bot API stand-in."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.transports.contract import HandleResult
from bot.transports.telegram import TelegramTransport
from flows.domain.messages import Inbound
from flows.domain.model import Role
from storage.unit_of_work import SqlRepositories
from tests.support.invitations import invite
from tests.support.telegram import TelegramUser, telegram_app

FACTS = "Sortie d'hospitalisation sans transmission du traitement au cabinet infirmier."


async def test_enroll_and_declare_through_buttons_and_text(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        code = await invite(app, "Camille Durand")
        user = TelegramUser(standin, 4242)
        await user.say(f"/start {code}", expect="Bienvenue Camille Durand")
        question = await user.tap("Déclarer un REX", expect="De quel type")
        await user.tap("Événement indésirable", expect="Quand")
        # The answered question keeps its text, loses its buttons and shows the answer.

        def answered_question() -> dict[str, object]:
            return next(
                m for m in standin.messages(4242) if m["message_id"] == question["message_id"]
            )

        await standin.wait_for(
            lambda: "✓ Événement indésirable" in str(answered_question()["text"])
        )
        answered = answered_question()
        assert "reply_markup" not in answered or not answered["reply_markup"]
        await user.say("hier", expect="Que s'est-il passé")
        await user.say(FACTS, expect="Pourquoi")
        await user.tap("Passer", expect="appris")
        await user.tap("Passer", expect="dommage grave")
        await user.tap("Non", expect="identité")
        await user.tap("Révéler mon identité", expect="joindre")
        await user.tap("Par téléphone", expect="numéro")
        await user.say("06 12 34 56 78", expect="moment")
        await user.tap("Le matin (8 h – 12 h)", expect="Récapitulatif")
        confirmed = await user.tap("Confirmer", expect="REX-")
        assert "REX-2026-0001" in confirmed["text"] or "REX-" in confirmed["text"]
        rows = await app.db.call(
            lambda c: c.execute("SELECT reference, channel FROM incidents").fetchall()
        )
        assert len(rows) == 1 and rows[0][1] == "telegram"
        assert rows[0][0] in confirmed["text"]
        case = await app.db.call(lambda c: SqlRepositories(c).cases.get(1))
        assert case is not None and case.phone == "+33612345678"
        # Commands are registered for the chat's menu.
        assert any(method == "setMyCommands" for _, method, _ in standin.calls)


async def test_stranger_and_bad_input_on_telegram(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        stranger = TelegramUser(standin, 1)
        reply = await stranger.say("bonjour", expect="invitation")
        assert "coordinat" in reply["text"]
        reply = await stranger.say("/start FAUXCODE1", expect="pas reconnu")
        members = await app.db.call(lambda c: c.execute("SELECT COUNT(*) FROM members").fetchone())
        assert members == (0,)

        code = await invite(app, "Karim Benali")
        user = TelegramUser(standin, 77)
        await user.say(f"/start {code}", expect="Bienvenue")
        type_question = await user.say("/declarer", expect="De quel type")
        await user.say("situation complexe", expect="Quand")
        # Typed answers leave the question's buttons in place. An old button is refused with
        # a toast, and the current step is shown again.
        reply = await user.tap("Presqu'accident", message=type_question, expect="plus valable")
        assert "Quand" in reply["text"]
        await standin.wait_for(
            lambda: any(
                (answer.get("text") or "").startswith("Ce choix")
                for answer in standin.callback_answers.values()
            )
        )
        # A photo where text is expected.
        reply = await stranger_photo(standin, 77)
        assert "photos" in reply["text"]
        # A duplicate update is not handled twice.
        update_id = standin.user_message(77, "hier")
        await standin.wait_for_message(77, "Que s'est-il passé")
        sent_before = len(standin.messages(77))
        standin.redeliver(update_id)
        await standin.wait_for(lambda: standin.pending_updates == 0)
        await asyncio.sleep(0.3)
        assert len(standin.messages(77)) == sent_before


async def stranger_photo(standin: object, user_id: int) -> dict[str, object]:
    from tests.support.botapi_standin import BotApiStandIn

    assert isinstance(standin, BotApiStandIn)
    waiter = asyncio.ensure_future(standin.wait_for_message(user_id, timeout=10))
    await asyncio.sleep(0)
    standin.user_photo(user_id)
    return await waiter


async def test_rate_limit_and_blocked_user(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        code = await invite(app, "Camille Durand")
        user = TelegramUser(standin, 5)
        standin.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, chat_id=5
        )
        loop = asyncio.get_running_loop()
        started = loop.time()
        await user.say(f"/start {code}", expect="Bienvenue")
        assert loop.time() - started >= 0.9
        standin.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=5)
        standin.user_message(5, "/aide")
        await app.outbox.wait_idle(timeout=10)
        await standin.wait_for(lambda: app.outbox.failed_count == 1)
        await asyncio.sleep(0.1)
        unreachable = await app.db.call(
            lambda c: c.execute(
                "SELECT unreachable_at IS NOT NULL FROM member_identities"
            ).fetchone()
        )
        assert unreachable == (1,)
        failed = await app.db.call(
            lambda c: c.execute(
                "SELECT status, last_error FROM outbox WHERE status = 'failed'"
            ).fetchall()
        )
        assert len(failed) == 1 and "unreachable" in failed[0][1]
        # Writing again (the bot was unblocked) makes the member reachable again.
        await user.say("/aide", expect="/declarer")
        unreachable = await app.db.call(
            lambda c: c.execute("SELECT unreachable_at FROM member_identities").fetchone()
        )
        assert unreachable == (None,)


async def test_long_recap_is_split_under_telegram_limit(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        code = await invite(app, "Camille Durand")
        user = TelegramUser(standin, 9)
        await user.say(f"/start {code}", expect="Bienvenue")
        await user.say("/declarer", expect="De quel type")
        await user.tap("Événement indésirable", expect="Quand")
        await user.tap("Hier", expect="Que s'est-il passé")
        long_facts = ("Le patient est sorti sans ordonnance. " * 110)[:3990]
        await user.say(long_facts, expect="Pourquoi")
        await user.say("Manque de coordination ville-hôpital. " * 50, expect="appris")
        await user.tap("Passer", expect="dommage grave")
        await user.tap("Non", expect="identité")
        await user.tap("Rester anonyme", expect="Récapitulatif")
        await standin.wait_for(lambda: "reply_markup" in standin.messages(9)[-1])
        texts = [m["text"] for m in standin.messages(9)]
        assert all(len(t) <= 4096 for t in texts)
        recap_parts = texts[texts.index(next(t for t in texts if t.startswith("Récapitulatif"))) :]
        assert len(recap_parts) == 2
        assert "Confirmer" in str(standin.messages(9)[-1]["reply_markup"])


async def test_stop_during_a_batch_finishes_it_and_sends_the_replies(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        users = [TelegramUser(standin, 600 + i) for i in range(8)]
        for user in users:
            await user.say(f"/start {await invite(app, f'Membre {user.user_id}')}", "Bienvenue")
        # Restart polling with a handler held at a gate, to stop in the middle of a batch.
        telegram = app.transports["telegram"]
        assert isinstance(telegram, TelegramTransport)
        await telegram.stop()
        gate, all_entered, entered = asyncio.Event(), asyncio.Event(), []

        async def held(inbound: Inbound) -> HandleResult:
            entered.append(inbound)
            if len(entered) == 8:
                all_entered.set()
            await gate.wait()
            return await app.engine.handle(inbound)

        telegram = TelegramTransport(standin.token, standin.base_url, poll_timeout=1)
        app.add_transport(telegram)
        await telegram.start(replace(app.runtime, handle=held))
        for user in users:
            standin.user_message(user.user_id, "/aide")
        await asyncio.wait_for(all_entered.wait(), 5)
        stopping = asyncio.ensure_future(telegram.stop())
        await asyncio.sleep(0.2)
        assert not stopping.done()  # it waits for the batch instead of dropping it
        gate.set()
        await stopping
        await app.outbox.wait_idle()
        pending = await app.db.call(
            lambda c: c.execute("SELECT COUNT(*) FROM outbox WHERE status != 'sent'").fetchone()
        )
        assert pending == (0,)
        for user in users:
            assert "/declarer" in standin.messages(user.user_id)[-1]["text"]


async def test_sticker_voice_and_file_get_an_explanation(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        code = await invite(app, "Camille Durand")
        user = TelegramUser(standin, 31)
        await user.say(f"/start {code}", expect="Bienvenue")
        await user.say("/declarer", expect="De quel type")
        for send in (standin.user_sticker, standin.user_voice, standin.user_document):
            waiter = asyncio.ensure_future(standin.wait_for_message(31, "autocollants", 10))
            await asyncio.sleep(0)
            send(31)
            reply = await waiter
            assert "De quel type" in reply["text"]


async def test_command_menu_in_french_and_english(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (_, standin):
        menus = {
            params.get("language_code"): params["commands"]
            for _, method, params in standin.calls
            if method == "setMyCommands"
        }
        assert {c["command"] for c in menus[None]} >= {"declarer", "mes_declarations", "aide"}
        assert menus["en"][0]["description"] == "Report an experience (REX)"


async def test_busy_database_delays_the_batch_instead_of_dropping_it(tmp_path: Path) -> None:
    async with telegram_app(tmp_path, sqlite_busy_timeout=timedelta(milliseconds=50)) as (
        app,
        standin,
    ):
        code = await invite(app, "Camille Durand")
        user = TelegramUser(standin, 32)
        await user.say(f"/start {code}", expect="Bienvenue")
        blocker = sqlite3.connect(tmp_path / "rexbot.db", isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # e.g. a long CLI command holding the write lock
        waiter = asyncio.ensure_future(standin.wait_for_message(32, "De quel type", 10))
        await asyncio.sleep(0)
        standin.user_message(32, "/declarer")
        await asyncio.sleep(0.8)
        assert not waiter.done()
        blocker.execute("ROLLBACK")
        blocker.close()
        await waiter
        assert "erreur technique" not in str(standin.messages(32))


async def test_a_case_travels_to_the_cell_on_telegram(tmp_path: Path) -> None:
    async with telegram_app(tmp_path) as (app, standin):
        camille = TelegramUser(standin, 41)
        sophie = TelegramUser(standin, 42)
        await camille.say(f"/start {await invite(app, 'Camille Durand')}", expect="Bienvenue")
        await sophie.say(
            f"/start {await invite(app, 'Sophie Martin', Role.CELL, 'psychologue')}",
            expect="Bienvenue",
        )
        await camille.say("/declarer", expect="De quel type")
        await camille.tap("Situation complexe", expect="Quand")
        await camille.tap("Hier", expect="Que s'est-il passé")
        await camille.say(FACTS, expect="Pourquoi")
        await camille.tap("Passer", expect="appris")
        await camille.tap("Passer", expect="dommage grave")
        await camille.tap("Non", expect="identité")
        await camille.tap("Rester anonyme", expect="Récapitulatif")
        waiter = asyncio.ensure_future(standin.wait_for_message(42, "Nouveau cas pour vous", 10))
        await camille.tap("Confirmer", expect="REX-")
        card = await waiter
        assert "déclarant·e anonyme" in card["text"]
        taken = await camille._expect(
            lambda: standin.press(42, card["message_id"], sophie.button("Je prends en charge")[1]),
            "prise en charge",
        )
        assert "(psychologue)" in taken["text"]
        # The card itself was edited in place: no button left to press.
        await standin.wait_for(
            lambda: any(
                m["message_id"] == card["message_id"] and "Vous avez pris en charge" in m["text"]
                for m in standin.messages(42)
            )
        )
        edited = next(m for m in standin.messages(42) if m["message_id"] == card["message_id"])
        assert not edited.get("reply_markup")
        # The member writes about the case; the declarant answers with Telegram's "reply".
        await sophie.say("/dossiers", expect="Les cas que vous suivez")
        await sophie.tap("Écrire sur REX-2026-0001", expect="Vous écrivez")
        relayed = await camille._expect(
            lambda: standin.user_message(42, "Pouvez-vous préciser l'heure de sortie ?"),
            "[REX-2026-0001] Cellule qualité (psychologue)",
        )
        answer = await sophie._expect(
            lambda: standin.user_message(
                41, "Vers 19 h, un vendredi.", reply_to=relayed["message_id"]
            ),
            "[REX-2026-0001] Déclarant·e : Vers 19 h, un vendredi.",
        )
        assert "Camille" not in answer["text"]


async def test_a_level_2_case_checks_in_on_telegram(tmp_path: Path) -> None:
    """The check-in delay cut to seconds, and working hours to the whole week: the real
    scheduler sends the check-in, the declarant answers with a button, satisfaction follows."""
    async with telegram_app(
        tmp_path,
        checkin_delay=timedelta(seconds=2),
        scheduler_tick=timedelta(seconds=1),
        working_hours="00:00-23:59",
        working_days="1-7",
    ) as (app, standin):
        camille = TelegramUser(standin, 51)
        sophie = TelegramUser(standin, 52)
        await camille.say(f"/start {await invite(app, 'Camille Durand')}", expect="Bienvenue")
        await sophie.say(
            f"/start {await invite(app, 'Sophie Martin', Role.CELL, 'pharmacien')}",
            expect="Bienvenue",
        )
        await camille.say("/declarer", expect="De quel type")
        await camille.tap("Situation complexe", expect="Quand")
        await camille.tap("Hier", expect="Que s'est-il passé")
        await camille.say(FACTS, expect="Pourquoi")
        await camille.tap("Passer", expect="appris")
        await camille.tap("Passer", expect="dommage grave")
        await camille.tap("Non", expect="identité")
        await camille.tap("Rester anonyme", expect="Récapitulatif")
        waiter = asyncio.ensure_future(standin.wait_for_message(52, "Nouveau cas pour vous", 10))
        await camille.tap("Confirmer", expect="REX-")
        await waiter
        await sophie.tap("Je prends en charge", expect="Dites-moi quand c'est fait")
        await sophie.tap("Message envoyé", expect="Quel niveau")
        await sophie.tap("Niveau 2 — orienter", expect="vers qui ou quoi")
        checkin = asyncio.ensure_future(
            standin.wait_for_message(51, "Votre problème est-il résolu ?", 15)
        )
        await sophie.say("Dr Lefèvre, pharmacien à Vif", expect="Je demanderai au déclarant")
        await checkin
        await camille.tap("Oui", expect="réagi assez vite")
        await camille.tap("5", expect="utile")
        await camille.tap("4", expect="commentaire")
        await camille.tap("Non merci", expect="Merci pour votre avis")
        rows = await app.db.call(
            lambda conn: conn.execute("SELECT status, level FROM incidents").fetchall()
        )
        assert rows == [("resolved", 2)]
        scores = await app.db.call(
            lambda conn: conn.execute("SELECT reactivity, help FROM satisfaction").fetchall()
        )
        assert scores == [(5, 4)]


async def test_a_calendar_invitation_is_sent_as_a_document(tmp_path: Path) -> None:
    """Through python-telegram-bot's multipart upload, as the RCP agenda is sent."""
    from bot.transports.telegram import TelegramTransport
    from flows.domain.messages import Attachment, Choice, Delivery
    from tests.support.botapi_standin import BotApiStandIn

    standin = BotApiStandIn()
    await standin.start()
    telegram = TelegramTransport(standin.token, standin.base_url, poll_timeout=1)
    try:
        await telegram.open()
        content = "BEGIN:VCALENDAR\r\nSUMMARY:RCP été\r\nEND:VCALENDAR\r\n"
        ref = await telegram.deliver(
            Delivery(
                "telegram",
                "77",
                "📅 Invitation « RCP »",
                (Choice("rcpr:yes:1", "Je serai présent·e"),),
                attachment=Attachment("rcp-1.ics", "text/calendar", content),
            )
        )
        message = standin.messages(77)[-1]
        assert ref == str(message["message_id"])
        assert message["document"]["file_name"] == "rcp-1.ics"
        assert message["content"] == content
        assert message["caption"] == "📅 Invitation « RCP »"
        assert message["reply_markup"]["inline_keyboard"][0][0]["text"] == "Je serai présent·e"
    finally:
        await telegram.stop()
        await standin.stop()

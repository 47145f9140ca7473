"""What the people typed never reaches the log: whole scenarios on Telegram and by mail with
DEBUG logging on the root logger, formatted by the project's own `configure_logging`
formatter, then the captured log searched for every text, number, address and token."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest

from bot.logging_setup import FORMAT, configure_logging
from bot.transports.telegram import TelegramTransport
from flows.domain.messages import Delivery
from flows.domain.model import Role
from tests.support.botapi_standin import BotApiStandIn
from tests.support.invitations import invite
from tests.support.mail import mail_app
from tests.support.mail_gateway import text_of
from tests.support.telegram import TelegramUser, telegram_app

# A token of the real shape (the stand-in's default is too short to look like one).
TOKEN = "7412589630:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
FACTS = "Sortie d'hospitalisation vendredi soir sans transmission du traitement au cabinet."
WHY = "Le courrier de sortie est parti par la poste, la pharmacie n'avait pas l'ordonnance."
LESSON = "Appeler le cabinet infirmier la veille de chaque sortie programmée."
PHONE = "06 12 34 56 78"
PHONE_STORED = "+33612345678"
TO_DECLARANT = "Pouvez-vous préciser l'heure de sortie et le nom du service ?"
TO_CELL = "Vers 19 h, un vendredi, depuis la cardiologie du troisième étage."
CAMILLE_MAIL = "camille.durand@infirmier.mssante.fr"
MAIL_PHONE = "+33 (0)7 98 76 54 32"
MAIL_PHONE_STORED = "+33798765432"


class _Arrivals(logging.Handler):
    """Wakes whoever waits for a line of the log."""

    def __init__(self) -> None:
        super().__init__()
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.event.set()


class CapturedLog:
    """The root logger's records, through the project's formatter and, as a control, through
    a plain one: what the scenario put in the log's way, and what the log kept of it."""

    def __init__(self, formatter: logging.Formatter) -> None:
        self.redacted, self.plain = io.StringIO(), io.StringIO()
        ours, control = logging.StreamHandler(self.redacted), logging.StreamHandler(self.plain)
        ours.setFormatter(formatter)
        control.setFormatter(logging.Formatter(FORMAT))
        self.arrivals = _Arrivals()
        self.handlers: list[logging.Handler] = [ours, control, self.arrivals]

    @property
    def text(self) -> str:
        return self.redacted.getvalue()

    @property
    def unredacted(self) -> str:
        return self.plain.getvalue()

    async def wait_for(self, fragment: str, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while True:
                self.arrivals.event.clear()
                if fragment in self.text:
                    return
                await self.arrivals.event.wait()


@pytest.fixture
def captured_log() -> Iterator[CapturedLog]:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    loggers = root.manager.loggerDict
    saved_levels = {n: lg.level for n, lg in loggers.items() if isinstance(lg, logging.Logger)}
    configure_logging("DEBUG")
    [production] = root.handlers
    assert production.formatter is not None
    log = CapturedLog(production.formatter)
    root.handlers[:] = [*saved_handlers, *log.handlers]
    try:
        yield log
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, logger in list(loggers.items()):
            if isinstance(logger, logging.Logger):
                logger.setLevel(saved_levels.get(name, logging.NOTSET))


def written_forms(typed: str) -> set[str]:
    """What of a typed text would give it away: the whole, its digits and letters alone (the
    separators changed), and every 20-character stretch of a long one (cut or wrapped)."""
    forms = {typed.lower()}
    compact = "".join(c for c in typed.lower() if c.isalnum())
    if len(compact) >= 8:
        forms.add(compact)
    forms.update(typed.lower()[i : i + 20] for i in range(0, max(len(typed) - 20, 0) + 1, 5))
    return forms


def assert_nothing_typed_in(log: str, typed: list[str]) -> None:
    lowered = log.lower()
    compact_log = "".join(c for c in lowered if c.isalnum())
    leaked = sorted(
        form
        for secret in typed
        for form in written_forms(secret)
        if form in lowered or (form.isalnum() and len(form) >= 8 and form in compact_log)
    )
    assert leaked == [], f"the log carries {leaked}:\n{log}"


@pytest.fixture
def real_shaped_token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("tests.support.telegram.BotApiStandIn", partial(BotApiStandIn, token=TOKEN))
    return TOKEN


async def test_telegram_scenarios_leave_nothing_in_the_log(
    tmp_path: Path, captured_log: CapturedLog, real_shaped_token: str
) -> None:
    async with telegram_app(tmp_path, scheduler_tick=timedelta(seconds=1)) as (app, standin):
        assert standin.token == real_shaped_token
        camille, sophie = TelegramUser(standin, 41), TelegramUser(standin, 42)
        camille_code = await invite(app, "Camille Durand")
        sophie_code = await invite(app, "Sophie Martin", Role.CELL, "psychologue")
        # Enrolment.
        await camille.say(f"/start {camille_code}", expect="Bienvenue")
        await sophie.say(f"/start {sophie_code}", expect="Bienvenue")
        # A whole declaration, facts and all, the declarant giving a phone number.
        await camille.say("/declarer", expect="De quel type")
        await camille.tap("Événement indésirable", expect="Quand")
        await camille.say("hier", expect="Que s'est-il passé")
        await camille.say(FACTS, expect="Pourquoi")
        await camille.say(WHY, expect="appris")
        await camille.say(LESSON, expect="dommage grave")
        await camille.tap("Non", expect="identité")
        await camille.tap("Révéler mon identité", expect="joindre")
        await camille.tap("Par téléphone", expect="numéro")
        await camille.say(PHONE, expect="moment")
        await camille.tap("Le matin (8 h – 12 h)", expect="Récapitulatif")
        card = asyncio.ensure_future(standin.wait_for_message(42, "Nouveau cas pour vous", 10))
        await camille.tap("Confirmer", expect="REX-")
        await card
        # A cell member takes the case, then a journal message each way.
        await sophie.tap("Je prends en charge", expect="Dites-moi quand c'est fait")
        await sophie.tap("Appel passé", expect="Quel niveau")
        await sophie.say("/dossiers", expect="Les cas que vous suivez")
        await sophie.tap("Écrire sur REX-2026-0001", expect="Vous écrivez")
        relayed = await camille._expect(
            lambda: standin.user_message(42, TO_DECLARANT), "[REX-2026-0001]"
        )
        await sophie._expect(
            lambda: standin.user_message(41, TO_CELL, reply_to=relayed["message_id"]),
            "[REX-2026-0001]",
        )
        await app.outbox.wait_idle()
        # A delivery refused with an error that echoes the token, a number and an address
        # (a proxy's or the API's own words): the transport raises it as Rejected from
        # BadRequest, and the scheduler logs the chore that ran into it with its traceback.
        telegram = app.transports["telegram"]
        assert isinstance(telegram, TelegramTransport)
        url = f"{standin.base_url}{standin.token}/sendMessage"
        standin.fail_next(
            "sendMessage", 400, f"Bad Request: {url} {PHONE} {CAMILLE_MAIL}", chat_id=41
        )
        refused: list[bool] = []

        async def deliver_once() -> None:
            if not refused:
                refused.append(True)
                await telegram.deliver(Delivery("telegram", "41", "Rappel"))

        app.scheduler.each_tick.append(deliver_once)
        await captured_log.wait_for("periodic chore failed")

    log = captured_log.text
    typed = [
        TOKEN,
        TOKEN.partition(":")[2],
        camille_code,
        sophie_code,
        "Camille Durand",
        "Sophie Martin",
        FACTS,
        WHY,
        LESSON,
        PHONE,
        PHONE_STORED,
        TO_DECLARANT,
        TO_CELL,
        CAMILLE_MAIL,
    ]
    assert_nothing_typed_in(log, typed)
    # The capture saw the scenario, and the control saw the secrets come by.
    assert "handled text update from telegram" in log
    assert "handled choice update from telegram" in log
    # (Python-telegram-bot lower-cases an error's description.)
    unredacted = captured_log.unredacted.lower()
    assert TOKEN.lower() in unredacted and PHONE in unredacted and CAMILLE_MAIL in unredacted
    assert "Traceback (most recent call last)" in log
    assert "The above exception was the direct cause of the following exception" in log
    assert "Rejected: Http://127.0.0.1:" in log
    assert "/bot<token>/sendmessage <tel> <email>" in log


async def test_mail_scenarios_leave_nothing_in_the_log(
    tmp_path: Path, captured_log: CapturedLog
) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        await gateway.send(CAMILLE_MAIL, subject=f"/start {code}")
        assert "Bienvenue Camille Durand" in text_of(await relay.wait_for(CAMILLE_MAIL, 1))
        await gateway.send(CAMILLE_MAIL, "/declarer\n\nCordialement,\nCamille Durand")
        steps = [
            ("1", "Quand"),
            ("hier", "Que s'est-il passé"),
            (FACTS, "Pourquoi"),
            (WHY, "appris"),
            (LESSON, "dommage grave"),
            ("Non", "identité"),
            ("Révéler mon identité", "joindre"),
            ("Par téléphone", "numéro"),
            (MAIL_PHONE, "moment"),
            ("1", "Récapitulatif"),
            ("Confirmer", "REX-"),
        ]
        for count, (text, expect) in enumerate(steps, 3):
            previous = await relay.wait_for(CAMILLE_MAIL, count - 1)
            await gateway.send(CAMILLE_MAIL, text, reply_to=previous)
            reply = await relay.wait_for(CAMILLE_MAIL, count)
            assert expect in text_of(reply), text_of(reply)
        # The relay refuses a mail with words that name the recipient: only the kind shows.
        relay.refusals.append(f"554 5.7.1 Message for <{CAMILLE_MAIL}> refused by policy")
        await gateway.send(CAMILLE_MAIL, "/aide")
        await app.outbox.wait_idle(timeout=30)
        assert app.outbox.failed_count == 1

    log = captured_log.text
    assert "handled text update from mail" in log
    assert "outbox: message" in log and "failed (rejected)" in log
    typed = [
        code,
        "Camille Durand",
        CAMILLE_MAIL,
        FACTS,
        WHY,
        LESSON,
        MAIL_PHONE,
        MAIL_PHONE_STORED,
    ]
    assert_nothing_typed_in(log, typed)

"""The same flows by e-mail, behind an MSSanté-style gateway: real SMTP over TLS on loopback,
client certificates required both ways."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest

from bot.config import Settings
from flows.domain.model import Role
from storage.unit_of_work import SqlRepositories
from tests.support.certs import make_certificates
from tests.support.invitations import invite
from tests.support.mail import BOT, FACTS, mail_app
from tests.support.mail_gateway import Gateway, Relay, text_of

CAMILLE = "camille.durand@infirmier.mssante.fr"


async def test_a_rex_declared_by_mail_with_a_correction_at_the_recap(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        await gateway.send(CAMILLE, subject=f"/start {code}")
        welcome = await relay.wait_for(CAMILLE, 1)
        assert "Bienvenue Camille Durand" in text_of(welcome)
        assert "Répondez simplement par le numéro de votre choix." in text_of(welcome)
        assert welcome["From"] == BOT

        async def answer(text: str, count: int, expect: str) -> Any:
            previous = relay.to(CAMILLE)[-1]
            await gateway.send(CAMILLE, text, reply_to=previous)
            reply = await relay.wait_for(CAMILLE, count)
            assert expect in text_of(reply), text_of(reply)
            return reply

        await gateway.send(CAMILLE, "/declarer\n\nCordialement,\nCamille")
        asked = await relay.wait_for(CAMILLE, 2)
        assert "  1. Événement indésirable" in text_of(asked)
        await answer("1", 3, "Quand")
        await answer("1", 4, "Que s'est-il passé")
        await answer(FACTS, 5, "Pourquoi")
        await answer("Passer", 6, "appris")
        await answer("passer", 7, "dommage grave")
        await answer("2", 8, "identité")
        recap = await answer("Rester anonyme", 9, "Récapitulatif")
        assert "Sortie d'hospitalisation un vendredi soir" in text_of(recap)
        await answer("Modifier", 10, "Quelle réponse voulez-vous modifier")
        await answer("Faits", 11, "Que s'est-il passé")
        corrected = FACTS.replace("vendredi", "samedi")
        await answer(corrected, 12, "Récapitulatif")
        done = await answer("Confirmer", 13, "REX-")
        # One thread for the conversation, each mail with its own Message-ID; the
        # confirmation opens the case's thread, its reference in the subject.
        mails = relay.to(CAMILLE)
        assert len({str(m["Message-ID"]) for m in mails}) == len(mails)
        assert len({str(m["References"]).split()[0] for m in mails[:-1]}) == 1
        # Each answer refers to the mail it answers, so both sides sit in one thread.
        assert str(mails[-2]["In-Reply-To"]).startswith("<test.")
        assert str(done["Subject"]).startswith("[REX-2026-0001]")
        assert str(done["References"]).startswith("<case.REX-2026-0001@cpts-demo.mssante.fr>")
        assert "REX-" in text_of(done)
        case = await app.db.call(lambda conn: SqlRepositories(conn).cases.get(1))
        assert case is not None and case.facts == corrected
        rows = await app.db.call(
            lambda conn: conn.execute("SELECT channel FROM incidents").fetchall()
        )
        assert rows == [("mail",)]


async def test_refusals_at_the_smtp_level_and_unknown_senders(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        # A sender outside the allowed domains, a recipient that is not the bot.
        with pytest.raises((aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPSenderRefused)):
            await gateway.send("x@gmail.com", "/declarer")
        # A wrong client certificate: the TLS handshake fails.
        with pytest.raises((aiosmtplib.SMTPException, OSError)):
            await gateway.send(CAMILLE, "/declarer", client=gateway.certs.stranger_client)
        # A member-less address is accepted (no backscatter) but never answered.
        await gateway.send("inconnu@medecin.mssante.fr", "/declarer")
        await gateway.send("inconnu@medecin.mssante.fr", "Bonjour")
        await app.outbox.wait_idle()
        assert relay.received == []
        # A recipient that is not the bot's mailbox is refused too.
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
            await aiosmtplib.send(
                "Subject: x\r\n\r\n/declarer\r\n",
                sender=CAMILLE,
                recipients=["autre@cpts-demo.mssante.fr"],
                hostname="127.0.0.1",
                port=gateway.port,
                start_tls=True,
                tls_context=gateway.context(),
            )


async def test_replayed_html_empty_and_attachments(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        await gateway.send(CAMILLE, f"/start {code}")
        await relay.wait_for(CAMILLE, 1)
        first = await gateway.send(CAMILLE, "/declarer", message_id="<same@mssante.test>")
        await relay.wait_for(CAMILLE, 2)
        await gateway.send(CAMILLE, "/declarer", message_id="<same@mssante.test>")  # replayed
        await gateway.send(
            CAMILLE, html="<html><body><p>1</p><blockquote>De quel type…</blockquote></body></html>"
        )
        reply = await relay.wait_for(CAMILLE, 3)
        assert "Quand" in text_of(reply)  # the HTML "1" was read, the quote ignored
        assert len(relay.to(CAMILLE)) == 3  # the replay was handled once
        await gateway.send(CAMILLE, "")
        empty = await relay.wait_for(CAMILLE, 4)
        assert "vide" in text_of(empty)
        assert first["Message-ID"]


async def test_a_huge_mail_is_refused_with_an_smtp_answer(tmp_path: Path) -> None:
    async with mail_app(tmp_path, mail_max_size=20_000) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        await gateway.send(CAMILLE, f"/start {code}")
        await relay.wait_for(CAMILLE, 1)
        with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
            await gateway.send(CAMILLE, "x" * 50_000)
        assert refused.value.code == 552
        await gateway.send(CAMILLE, "/aide")  # the listener goes on
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))


async def test_the_relay_refusing_temporarily_then_permanently(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        relay.refusals.append("451 4.7.1 Greylisted, try again")
        await gateway.send(CAMILLE, f"/start {code}")
        # The first attempt is refused for now; the outbox waits and tries again.
        welcome = await relay.wait_for(CAMILLE, 1)
        assert "Bienvenue" in text_of(welcome)

        def unreachable() -> Any:
            return app.db.call(
                lambda conn: conn.execute(
                    "SELECT unreachable_at IS NOT NULL FROM member_identities "
                    "WHERE transport = 'mail'"
                ).fetchall()
            )

        # Refused at DATA (a filter): that message fails, the address stays reachable.
        relay.refusals.append("554 5.7.1 Message refused by policy")
        await gateway.send(CAMILLE, "/aide")
        await app.outbox.wait_idle(timeout=30)
        assert await unreachable() == [(0,)]
        # The mailbox itself refused: the address is marked unreachable.
        relay.recipient_refusals.append("550 5.1.1 Mailbox unavailable")
        await gateway.send(CAMILLE, "/aide")
        await app.outbox.wait_idle(timeout=30)
        assert await unreachable() == [(1,)]


def test_inconsistent_mail_settings_are_refused_clearly(tmp_path: Path) -> None:
    certs = make_certificates(tmp_path / "certs")
    base: dict[str, Any] = {"mail_address": BOT, "mail_relay_host": "127.0.0.1"}

    def problem(**values: Any) -> str:
        settings = Settings(_env_file=None, **{**base, **values})  # type: ignore[call-arg]
        with pytest.raises(ValueError) as error:
            settings.mail()
        return str(error.value)

    assert "fichier introuvable" in problem(
        mail_tls_cert=tmp_path / "absent.crt", mail_tls_key=certs.server.key
    )
    assert "ne vont pas ensemble" in problem(
        mail_tls_cert=certs.server.cert, mail_tls_key=certs.bot_client.key
    )
    assert "vont ensemble" in problem(mail_relay_cert=certs.bot_client.cert)
    assert "REXBOT_MAIL_RELAY_HOST" in problem(mail_relay_host=None)
    assert "n'est pas une adresse" in problem(mail_address="rexbot")


SOPHIE = "sophie.martin@pharmacien.mssante.fr"


async def declare_by_mail(gateway: Gateway, relay: Relay, sender: str) -> None:
    """A whole declaration by mail, every step answered with a number or a word."""
    start = len(relay.to(sender))
    await gateway.send(sender, "/declarer")
    steps = ["1", "1", FACTS, "Passer", "Passer", "2", "Rester anonyme", "Confirmer"]
    for number, text in enumerate(steps, 1):
        previous = await relay.wait_for(sender, start + number)
        await gateway.send(sender, text, reply_to=previous)
    await relay.wait_for(sender, start + len(steps) + 1)


async def test_a_level_2_check_in_answered_by_mail(tmp_path: Path) -> None:
    async with mail_app(
        tmp_path,
        checkin_delay=timedelta(seconds=2),
        scheduler_tick=timedelta(seconds=1),
        working_hours="00:00-23:59",
        working_days="1-7",
    ) as (app, gateway, relay):
        await gateway.send(CAMILLE, f"/start {await invite(app, 'Camille Durand')}")
        await gateway.send(SOPHIE, f"/start {await invite(app, 'Sophie Martin', Role.CELL)}")
        await relay.wait_for(CAMILLE, 1)
        await relay.wait_for(SOPHIE, 1)
        await declare_by_mail(gateway, relay, CAMILLE)
        card = await relay.wait_for(SOPHIE, 2)
        assert "Nouveau cas pour vous" in text_of(card)
        assert "[REX-" in str(card["Subject"])  # the case's thread
        await gateway.send(SOPHIE, "1", reply_to=card)  # Je prends en charge
        contact = await relay.wait_for(SOPHIE, 4)  # the card updated, then the next step
        assert "Dites-moi quand c'est fait" in text_of(contact)
        await gateway.send(SOPHIE, "Message envoyé", reply_to=contact)
        levels = await relay.wait_for(SOPHIE, 5)
        await gateway.send(SOPHIE, "2", reply_to=levels)
        orient = await relay.wait_for(SOPHIE, 6)
        await gateway.send(SOPHIE, "Dr Lefèvre, pharmacien à Vif", reply_to=orient)
        count = len(relay.to(CAMILLE))
        checkin = None
        for extra in range(1, 5):
            mail = await relay.wait_for(CAMILLE, count + extra, timeout=15)
            if "Votre problème est-il résolu ?" in text_of(mail):
                checkin = mail
                break
        assert checkin is not None
        assert "  1. Oui" in text_of(checkin)
        await gateway.send(CAMILLE, "1", reply_to=checkin)
        thanks = await relay.wait_for(CAMILLE, len(relay.to(CAMILLE)) + 1)
        assert "clos comme résolu" in text_of(thanks)
        rows = await app.db.call(
            lambda conn: conn.execute("SELECT status, level FROM incidents").fetchall()
        )
        assert rows == [("resolved", 2)]
        assert await app.db.call(
            lambda conn: conn.execute("SELECT answer FROM checkins").fetchall()
        ) == [("yes",)]


async def test_an_rcp_vote_replied_with_numbers(tmp_path: Path) -> None:
    import sqlite3

    async with mail_app(tmp_path, scheduler_tick=timedelta(seconds=1)) as (app, gateway, relay):
        await gateway.send(CAMILLE, f"/start {await invite(app, 'Camille Durand')}")
        julie = "julie.blanc@cpts.mssante.fr"
        await gateway.send(julie, f"/start {await invite(app, 'Julie Blanc', Role.COORDINATOR)}")
        await relay.wait_for(CAMILLE, 1)
        now = app.clock.now()

        def meeting(conn: sqlite3.Connection) -> None:
            from flows.domain.model import NewMeeting
            from storage.unit_of_work import SqlRepositories

            repos = SqlRepositories(conn)
            created = repos.rcp.add_meeting(
                NewMeeting(
                    "RCP de décembre",
                    now + timedelta(days=10),
                    90,
                    "Salle 2",
                    "all",
                    now,
                    now + timedelta(days=3),
                    5,
                    None,
                ),
                2,
                now,
            )
            for title in ("Sorties du vendredi", "Protocole AVK", "Plaies chroniques"):
                repos.rcp.add_item(created.id, 1, title, "À discuter", "practice", 15, None, now)
            repos.reminders.upsert(
                f"rcp_vote_open:{created.id}",
                "rcp_vote_open",
                2,
                now,
                {"meeting": created.id},
                now,
                subject=f"rcp:{created.id}",
            )
            conn.commit()

        await app.db.call(meeting)
        ballot = await relay.wait_for(CAMILLE, 2, timeout=15)
        assert "Vote pour l'ordre du jour" in text_of(ballot)
        assert "  3. ▫️ 3. Plaies chroniques" in text_of(ballot)
        await gateway.send(CAMILLE, "2, 3", reply_to=ballot)
        await relay.wait_for(CAMILLE, 4)  # the ballot as it stands now, and the receipt
        assert any("vous soutenez 2 sujet·s" in text_of(m) for m in relay.to(CAMILLE)[2:])
        voted = await app.db.call(
            lambda conn: [
                SqlRepositories(conn).rcp.item(row[0])
                for row in conn.execute("SELECT item_id FROM rcp_votes ORDER BY 1").fetchall()
            ]
        )
        assert [item.title for item in voted if item] == ["Protocole AVK", "Plaies chroniques"]


async def test_a_second_channel_linked_and_preferred(tmp_path: Path) -> None:
    from bot.transports.memory import MemoryTransport
    from flows.core.commands import text_inbound
    from storage.unit_of_work import SqlRepositories

    async with mail_app(tmp_path) as (app, gateway, relay):
        memory = MemoryTransport("memory")
        app.add_transport(memory)
        await gateway.send(CAMILLE, f"/start {await invite(app, 'Camille Durand')}")
        await relay.wait_for(CAMILLE, 1)
        await gateway.send(CAMILLE, "/canal")
        channels = await relay.wait_for(CAMILLE, 2)
        assert "Messagerie sécurisée (MSSanté) — préféré" in text_of(channels)
        await gateway.send(CAMILLE, "Relier un autre canal", reply_to=channels)
        code_mail = await relay.wait_for(CAMILLE, 3)
        code = text_of(code_mail).split("/start ")[1].split()[0]
        await app.engine.handle(text_inbound("memory", "tg-62", "m1", f"/start {code}"))
        await app.outbox.wait_idle()
        assert "ce canal est relié à votre compte" in memory.received["tg-62"][-1].text
        await gateway.send(CAMILLE, "/canal")
        channels = await relay.wait_for(CAMILLE, 4)
        await gateway.send(CAMILLE, "1", reply_to=channels)  # Préférer : the other channel
        await relay.wait_for(CAMILLE, 5)

        def order(conn: object) -> list[tuple[str, str]]:
            return SqlRepositories(conn).members.identities(1)  # type: ignore[arg-type]

        assert [t for t, _ in await app.db.call(order)] == ["memory", "mail"]
        # The code works once.
        await app.engine.handle(text_inbound("memory", "tg-99", "m2", f"/start {code}"))
        await app.outbox.wait_idle()
        assert [t for t, _ in await app.db.call(order)] == ["memory", "mail"]


async def test_attachments_refused_and_a_case_named_in_the_subject(tmp_path: Path) -> None:
    from email.message import EmailMessage

    async with mail_app(tmp_path) as (app, gateway, relay):
        await gateway.send(CAMILLE, f"/start {await invite(app, 'Camille Durand')}")
        await gateway.send(SOPHIE, f"/start {await invite(app, 'Sophie Martin', Role.CELL)}")
        await relay.wait_for(SOPHIE, 1)
        await declare_by_mail(gateway, relay, CAMILLE)
        card = await relay.wait_for(SOPHIE, 2)
        await gateway.send(SOPHIE, "1", reply_to=card)
        await relay.wait_for(SOPHIE, 4)
        # A new mail (no In-Reply-To) naming the case in its subject is about that case.
        count = len(relay.to(CAMILLE))
        await gateway.send(SOPHIE, "Bonjour, je vous appelle demain.", subject="[REX-2026-0001]")
        relayed = await relay.wait_for(CAMILLE, count + 1)
        assert "Bonjour, je vous appelle demain." in text_of(relayed)
        assert str(relayed["Subject"]).startswith("[REX-2026-0001]")
        # A file: refused, with the reason.
        message = EmailMessage()
        message["From"] = CAMILLE
        message["To"] = BOT
        message["Subject"] = "ordonnance"
        message["Message-ID"] = "<file@mssante.test>"
        message.set_content("Voici le document.")
        message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="o.pdf")
        await aiosmtplib.send(
            message,
            hostname="127.0.0.1",
            port=gateway.port,
            start_tls=True,
            tls_context=gateway.context(),
        )
        refused = await relay.wait_for(CAMILLE, count + 2)
        assert "aucun document de patient" in text_of(refused)


def test_an_agenda_mail_carries_its_invitation_as_text_calendar() -> None:
    from datetime import UTC, datetime

    from bot.transports.mail import MailConfig, compose
    from flows.domain.messages import Attachment, Choice, Delivery

    config = MailConfig(
        address=BOT,
        listen_host="127.0.0.1",
        listen_port=0,
        server_tls=None,
        require_starttls=False,
        relay_host="127.0.0.1",
        relay_port=25,
        relay_implicit_tls=False,
        relay_tls=__import__("ssl").create_default_context(),
        allowed_domains=frozenset(),
        max_size=1000,
    )
    delivery = Delivery(
        "mail",
        CAMILLE,
        "📅 Invitation « RCP »",
        (Choice("rcpr:yes:1", "Je serai présent·e"), Choice("rcpr:no:1", "Absent·e")),
        outbox_id=7,
        tag="rcp-agenda:1",
        attachment=Attachment("rcp-1.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
    )
    message = compose(config, delivery, datetime(2026, 11, 22, 14, tzinfo=UTC))
    assert message["Message-ID"] == "<rexbot.7@cpts-demo.mssante.fr>"
    assert str(message["Subject"]).startswith("[RCP-1]")
    assert message["References"] == "<rcp.1@cpts-demo.mssante.fr>"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "  1. Je serai présent·e" in body.get_content()
    files = list(message.iter_attachments())
    assert files[0].get_content_type() == "text/calendar"
    assert files[0].get_filename() == "rcp-1.ics"


async def test_a_number_answers_the_mail_it_replies_to(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        await gateway.send(CAMILLE, "Bonjour, voici mon code.", subject=f"/start {code}")
        assert "Bienvenue" in text_of(await relay.wait_for(CAMILLE, 1))
        await declare_by_mail(gateway, relay, CAMILLE)
        recap = next(m for m in relay.to(CAMILLE) if "Récapitulatif" in text_of(m))
        count = len(relay.to(CAMILLE))
        await gateway.send(CAMILLE, "Bonjour", subject="/mes_declarations")
        mine = await relay.wait_for(CAMILLE, count + 1)
        assert "  1. Écrire sur REX-2026-0001" in text_of(mine)
        await gateway.send(CAMILLE, "1", reply_to=mine)
        assert "REX-2026-0001" in text_of(await relay.wait_for(CAMILLE, count + 2))
        # The recap of a declaration already confirmed: its "1" (Confirmer) is stale.
        await gateway.send(CAMILLE, "1", reply_to=recap)
        assert "plus valable" in text_of(await relay.wait_for(CAMILLE, count + 3))
        assert await app.db.call(
            lambda conn: conn.execute("SELECT COUNT(*) FROM incidents").fetchone()
        ) == (1,)


def test_a_plain_listener_outside_this_machine_is_refused(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, mail_address=BOT, mail_relay_host="127.0.0.1", mail_listen_host="0.0.0.0"
    )
    with pytest.raises(ValueError, match="sans TLS"):
        settings.mail()


async def test_an_out_of_office_reply_is_never_relayed(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        await gateway.send(CAMILLE, f"/start {await invite(app, 'Camille Durand')}")
        await relay.wait_for(CAMILLE, 1)

        def updates() -> Any:
            return app.db.call(
                lambda conn: conn.execute("SELECT COUNT(*) FROM processed_updates").fetchone()
            )

        before = await updates()
        message = EmailMessage()
        message["From"] = CAMILLE
        message["To"] = BOT
        message["Subject"] = "Réponse automatique : [REX-2026-0001]"
        message["Auto-Submitted"] = "auto-replied"
        message["Message-ID"] = "<ooo@mssante.test>"
        message.set_content("Absente jusqu'au 30/11. Camille Durand, IDE libérale, 06 12 34 56 78")
        await aiosmtplib.send(
            message,
            hostname="127.0.0.1",
            port=gateway.port,
            start_tls=True,
            tls_context=gateway.context(),
        )
        await app.outbox.wait_idle()
        assert len(relay.to(CAMILLE)) == 1
        assert await updates() == before  # not even taken as an update

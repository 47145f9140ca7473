"""Who a mail is from, behind the MSSanté-style gateway (real SMTP over TLS on loopback): only
the gateway, known by its client certificate, may push mail; the mail's one From: must be the
envelope sender the gateway vouches for; anything else is refused at the SMTP level, counted,
never handed to the engine. Duplicates are found per sender."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest

from bot.app import App
from bot.transports.mail import MailTransport
from tests.support.invitations import invite
from tests.support.mail import BOT, mail_app
from tests.support.mail_gateway import Gateway, Relay, text_of

CAMILLE = "camille.durand@infirmier.mssante.fr"
SOPHIE = "sophie.martin@pharmacien.mssante.fr"


def transport(app: App) -> MailTransport:
    mail = app.transports["mail"]
    assert isinstance(mail, MailTransport)
    return mail


async def handled(app: App) -> int:
    """Mail the engine took (a row per update of a known sender)."""
    row = await app.db.call(
        lambda conn: conn.execute(
            "SELECT COUNT(*) FROM processed_updates WHERE transport = 'mail'"
        ).fetchone()
    )
    return int(row[0])


async def enrol(app: App, gateway: Gateway, relay: Relay, address: str, name: str) -> None:
    await gateway.send(address, f"/start {await invite(app, name)}")
    assert "Bienvenue" in text_of(await relay.wait_for(address, len(relay.to(address)) + 1))


def raw_mail(headers: str, body: str = "/aide", message_id: str = "<spoof@mssante.test>") -> bytes:
    return (
        f"{headers}\r\nTo: {BOT}\r\nSubject: test\r\nMessage-ID: {message_id}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


# (what the mail says in From:, MAIL FROM, the reason counted)
SPOOFS = {
    "from-is-not-the-envelope-sender": (f"From: {CAMILLE}", SOPHIE, "from-mismatch"),
    "another-local-part-same-domain": (
        f"From: {CAMILLE}",
        "autre@infirmier.mssante.fr",
        "from-mismatch",
    ),
    "two-from-headers": (f"From: {CAMILLE}\r\nFrom: {SOPHIE}", CAMILLE, "from-count"),
    "no-from-header": ("Sender: x", CAMILLE, "from-count"),
    "one-from-two-addresses": (f"From: {CAMILLE}, {SOPHIE}", CAMILLE, "from-address"),
    "one-from-two-addresses-in-a-group": (
        f"From: equipe: {CAMILLE}, {SOPHIE};",
        CAMILLE,
        "from-address",
    ),
    "an-address-behind-another": (f"From: {CAMILLE} <{SOPHIE}>", CAMILLE, "from-address"),
}


@pytest.mark.parametrize("spoof", SPOOFS.values(), ids=SPOOFS.keys())
async def test_a_spoofed_sender_is_refused_at_the_smtp_level(
    tmp_path: Path, spoof: tuple[str, str, str]
) -> None:
    headers, envelope_sender, reason = spoof
    async with mail_app(tmp_path) as (app, gateway, relay):
        await enrol(app, gateway, relay, CAMILLE, "Camille Durand")
        before = await handled(app)
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await gateway.push(raw_mail(headers), envelope_sender)
        assert refused.value.code == 550
        assert refused.value.message == "5.7.1 Message not accepted"  # says nothing of why
        mail = transport(app)
        assert mail.refusals == {reason: 1}
        await app.outbox.wait_idle()
        assert await handled(app) == before  # never handed to the engine
        assert len(relay.to(CAMILLE)) == 1  # only the welcome
        # The real Camille, through the same gateway, is answered (her domain written in
        # capitals: domains compare without regard to case).
        written = CAMILLE.replace("infirmier.mssante.fr", "Infirmier.MSSante.FR")
        await gateway.push(
            raw_mail(f"From: Camille Durand <{written}>", message_id="<ok@t>"), CAMILLE
        )
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))
        assert mail.refusals == {reason: 1}


async def test_only_the_gateways_certificate_is_accepted(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        await enrol(app, gateway, relay, CAMILLE, "Camille Durand")
        mail = transport(app)
        before = await handled(app)
        # No client certificate, and one from another CA: the TLS handshake fails.
        with pytest.raises((aiosmtplib.SMTPException, OSError)):
            await gateway.push(raw_mail(f"From: {CAMILLE}"), CAMILLE, certificate=False)
        with pytest.raises((aiosmtplib.SMTPException, OSError)):
            await gateway.push(
                raw_mail(f"From: {CAMILLE}"), CAMILLE, client=gateway.certs.stranger_client
            )
        # The right CA, another subject than the pinned one: refused in SMTP, every command.
        with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
            await gateway.push(
                raw_mail(f"From: {CAMILLE}"), CAMILLE, client=gateway.certs.impostor_client
            )
        assert refused.value.code == 554
        assert mail.refusals == {"tls": 2, "certificate": 1}
        await app.outbox.wait_idle()
        assert await handled(app) == before
        assert len(relay.to(CAMILLE)) == 1


async def test_the_subject_pin_in_its_two_forms(tmp_path: Path) -> None:
    """Without a pin, any certificate of the CA is taken; pinned, as a whole RFC 4514 subject
    or as a bare CN (here both say the same, in other cases), only the gateway's."""
    async with mail_app(tmp_path, mail_client_subject=None) as (app, gateway, relay):
        await enrol(app, gateway, relay, CAMILLE, "Camille Durand")
        impostor = gateway.certs.impostor_client
        await gateway.push(raw_mail(f"From: {CAMILLE}"), CAMILLE, client=impostor)
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))
    for number, pinned in enumerate(("cn=Passerelle.MSSante.test", "PASSERELLE.mssante.test")):
        async with mail_app(tmp_path / str(number), mail_client_subject=pinned) as (
            app,
            gateway,
            relay,
        ):
            await enrol(app, gateway, relay, CAMILLE, "Camille Durand")
            with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
                await gateway.push(
                    raw_mail(f"From: {CAMILLE}"), CAMILLE, client=gateway.certs.impostor_client
                )
            assert refused.value.code == 554
            assert transport(app).refusals == {"certificate": 1}


async def test_a_replay_is_handled_once_but_a_message_id_is_per_sender(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        await enrol(app, gateway, relay, CAMILLE, "Camille Durand")
        await enrol(app, gateway, relay, SOPHIE, "Sophie Martin")
        await gateway.send(CAMILLE, "/aide", message_id="<shared@mssante.test>")
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))
        # The same Message-ID from someone else (their client chose it): a mail of its own.
        await gateway.send(SOPHIE, "/aide", message_id="<shared@mssante.test>")
        assert "/declarer" in text_of(await relay.wait_for(SOPHIE, 2))
        # The same sender and Message-ID again: a replay, taken once.
        await gateway.send(CAMILLE, "/aide", message_id="<shared@mssante.test>")
        await gateway.send(CAMILLE, "/aide")
        await relay.wait_for(CAMILLE, 3)
        await app.outbox.wait_idle()
        assert len(relay.to(CAMILLE)) == 3
        assert len(relay.to(SOPHIE)) == 2
        # The table of handled updates keeps no address.
        ids = await app.db.call(
            lambda conn: conn.execute("SELECT external_id FROM processed_updates").fetchall()
        )
        assert not any("@" in str(external_id) for (external_id,) in ids)


async def test_an_unknown_or_bogus_charset_is_answered_normally(tmp_path: Path) -> None:
    async with mail_app(tmp_path) as (app, gateway, relay):
        await enrol(app, gateway, relay, CAMILLE, "Camille Durand")
        unknown = raw_mail(f"From: {CAMILLE}", message_id="<u@t>").replace(
            b"charset=utf-8", b'charset="x-unknown"'
        )
        await gateway.push(unknown.replace(b"/aide", b"/aide caf\xe9"), CAMILLE)
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))
        # Bytes that are not UTF-8 although the mail says so, and a codec that is no charset.
        invalid = raw_mail(f"From: {CAMILLE}", body="/declarer", message_id="<i@t>")
        await gateway.push(invalid.replace(b"/declarer", b"/declarer \xff\xfe"), CAMILLE)
        assert "De quel type" in text_of(await relay.wait_for(CAMILLE, 3))
        codec = raw_mail(f"From: {CAMILLE}", body="/aide", message_id="<c@t>")
        await gateway.push(codec.replace(b"charset=utf-8", b"charset=base64"), CAMILLE)
        await relay.wait_for(CAMILLE, 4)
        assert transport(app).refused == 0


async def test_insecure_test_mode_on_loopback_still_checks_the_sender(tmp_path: Path) -> None:
    async with mail_app(
        tmp_path,
        mail_tls_cert=None,
        mail_tls_key=None,
        mail_client_ca=None,
        mail_client_subject=None,
        mail_insecure_test=True,
    ) as (app, gateway, relay):
        code = await invite(app, "Camille Durand")
        message = EmailMessage()
        message["From"] = CAMILLE
        message["To"] = BOT
        message["Subject"] = f"/start {code}"
        message["Message-ID"] = "<plain@t>"
        message.set_content("")
        # Plain SMTP from this machine, no certificate: accepted in this mode only.
        await aiosmtplib.send(message, hostname="127.0.0.1", port=gateway.port, timeout=10)
        assert "Bienvenue" in text_of(await relay.wait_for(CAMILLE, 1))
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await aiosmtplib.send(
                raw_mail(f"From: {CAMILLE}"),
                sender=SOPHIE,
                recipients=[BOT],
                hostname="127.0.0.1",
                port=gateway.port,
                timeout=10,
            )
        assert refused.value.code == 550
        assert transport(app).refusals == {"from-mismatch": 1}

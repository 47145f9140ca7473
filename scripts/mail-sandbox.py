#!/usr/bin/env python
"""Try rexbot's mail gateway on one machine, without a real MSSanté gateway.

    .venv/bin/python scripts/mail-sandbox.py certs   # certificates + mail-sandbox.env
    .venv/bin/python scripts/mail-sandbox.py relay   # the gateway's relay: shows the bot's mail
    .venv/bin/python scripts/mail-sandbox.py send ADRESSE "texte" [--subject S]

`send` writes as a professional's mailbox would: to the bot, over STARTTLS with the gateway's
client certificate, as a reply to the last mail the relay saw for that address (quoting it).
Needs the test tools (./test.sh installs them). Everything goes in the folder mail-sandbox/.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.certs import GATEWAY_SUBJECT, Certificates, Pair, make_certificates  # noqa: E402
from tests.support.mail_gateway import Gateway, Relay, text_of  # noqa: E402

HERE = Path("mail-sandbox")
BOT = "rex@cpts-essai.mssante.fr"
LISTEN_PORT, RELAY_PORT = 2525, 2587


def _certs() -> Certificates:
    d = HERE / "certs"
    if not (d / "ca.crt").exists():
        raise SystemExit("Lancez d'abord : scripts/mail-sandbox.py certs")

    def pair(stem: str) -> Pair:
        return Pair(d / f"{stem}.crt", d / f"{stem}.key")

    return Certificates(
        ca=d / "ca.crt",
        server=pair("server"),
        gateway_client=pair("gateway"),
        bot_client=pair("bot"),
        stranger_client=pair("stranger"),
        impostor_client=pair("impostor"),
    )


def certs() -> None:
    made = make_certificates(HERE / "certs")
    env = HERE / "mail-sandbox.env"
    env.write_text(
        "\n".join(
            [
                f"REXBOT_DATABASE_URL=sqlite+aiosqlite:///{(HERE / 'rexbot.db').resolve()}",
                f"REXBOT_MAIL_ADDRESS={BOT}",
                f"REXBOT_MAIL_LISTEN_PORT={LISTEN_PORT}",
                f"REXBOT_MAIL_TLS_CERT={made.server.cert.resolve()}",
                f"REXBOT_MAIL_TLS_KEY={made.server.key.resolve()}",
                f"REXBOT_MAIL_CLIENT_CA={made.ca.resolve()}",
                f"REXBOT_MAIL_CLIENT_SUBJECT={GATEWAY_SUBJECT}",
                "REXBOT_MAIL_RELAY_HOST=127.0.0.1",
                f"REXBOT_MAIL_RELAY_PORT={RELAY_PORT}",
                f"REXBOT_MAIL_RELAY_CERT={made.bot_client.cert.resolve()}",
                f"REXBOT_MAIL_RELAY_KEY={made.bot_client.key.resolve()}",
                f"REXBOT_MAIL_RELAY_CA={made.ca.resolve()}",
                "REXBOT_MAIL_ALLOWED_DOMAINS=mssante.fr",
                "REXBOT_QUIET_HOURS=",
                "",
            ]
        ),
        encoding="utf-8",
    )
    print(f"Certificats dans {HERE / 'certs'} ; réglages dans {env}.")
    print(f"Puis : .venv/bin/rexbot --env-file {env} invite --name 'Camille Durand'")
    print(f"       .venv/bin/rexbot --env-file {env} run")


async def relay() -> None:
    inbox = HERE / "relais"
    inbox.mkdir(parents=True, exist_ok=True)
    server = Relay(_certs(), port=RELAY_PORT)
    await server.start()
    print(
        f"Relais sur 127.0.0.1:{RELAY_PORT} ; chaque courriel du bot s'affiche et va dans {inbox}/"
    )
    seen = 0
    while True:
        await asyncio.sleep(0.3)
        for message in server.received[seen:]:
            seen += 1
            (inbox / f"{seen:04d}.eml").write_bytes(bytes(message))
            print(f"\n─── à {message['To']} · {message['Subject']}\n{text_of(message)}", flush=True)


def _last_to(address: str) -> EmailMessage | None:
    files = sorted((HERE / "relais").glob("*.eml"))
    for path in reversed(files):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if str(message["To"]).lower() == address.lower():
            assert isinstance(message, EmailMessage)
            return message
    return None


async def send(address: str, text: str, subject: str) -> None:
    gateway = Gateway(_certs(), BOT, LISTEN_PORT)
    previous = None if subject else _last_to(address)
    # Each `send` is a new process: a Message-ID of its own, or the bot takes it for a replay.
    message_id = f"<sandbox.{uuid.uuid4().hex}@mssante.test>"
    await gateway.send(address, text, subject=subject, reply_to=previous, message_id=message_id)
    print("Envoyé." + (" (en réponse au dernier courriel du bot)" if previous else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("certs")
    commands.add_parser("relay")
    sending = commands.add_parser("send")
    sending.add_argument("address")
    sending.add_argument("text")
    sending.add_argument("--subject", default="")
    args = parser.parse_args()
    if args.command == "certs":
        certs()
    elif args.command == "relay":
        asyncio.run(relay())
    else:
        asyncio.run(send(args.address, args.text, args.subject))


if __name__ == "__main__":
    main()

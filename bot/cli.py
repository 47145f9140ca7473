"""`rexbot` commands: run, demo, console, invite, members, migrate, audit."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot import keys, report
from bot.app import serve_channels, serve_console
from bot.config import Settings
from bot.invitations import (
    RosterError,
    check_request,
    create_invitations,
    deep_link,
    read_roster,
    write_roster,
)
from bot.logging_setup import configure_logging
from bot.transports.mail import MailListenError
from flows.domain.clock import SystemClock
from flows.members.enrollment import profession_label
from flows.text.i18n import t
from storage.audit import AuditCheck
from storage.database import DatabaseUrlError, run_in_transaction
from storage.encryption import EncryptionError, WrongKey
from storage.keys import KeyFileError
from storage.unit_of_work import SqlRepositories

T = TypeVar("T")
DEMO_DATABASE = "sqlite+aiosqlite:///rexbot-demo.db"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rexbot", description="rexbot — REX pour la CPTS")
    parser.add_argument(
        "--env-file",
        type=Path,
        help="fichier de réglages (ex. /etc/rexbot/rexbot.env) ; défaut : .env",
    )
    parser.add_argument(
        "--demo", action="store_true", help="agir sur la base de la démo (rexbot-demo.db)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "run", help="Telegram si TELEGRAM_BOT_TOKEN est défini, sinon la démo console"
    )
    demo = commands.add_parser("demo", help="démo en console avec un territoire fictif")
    demo.add_argument("--as", dest="identity", help="identité de départ")
    console = commands.add_parser("console", help="console sur la base configurée")
    console.add_argument("--as", dest="identity", help="identité de départ")
    invite = commands.add_parser("invite", help="créer une ou plusieurs invitations")
    invite.add_argument(
        "--role",
        help="professional, cell, pilot, coordinator, admin (ou : professionnel, cellule, pilote, "
        "coordination)",
    )
    invite.add_argument("--name")
    invite.add_argument(
        "--profession",
        help="medecin_generaliste, infirmier, pharmacien, masseur_kinesitherapeute (kine), "
        "orthophoniste, sage_femme, psychologue, travailleur_social, ou un texte libre",
    )
    invite.add_argument("--phone")
    invite.add_argument("--email")
    invite.add_argument("--csv", type=Path, help="fichier CSV name,role,profession[,phone,email]")
    invite.add_argument("--out", type=Path, help="CSV écrit avec les colonnes code et link")
    commands.add_parser("members", help="lister les membres et leurs rôles")
    reminders = commands.add_parser("reminders", help="les rappels en attente")
    reminders.add_argument("--limit", type=int, default=50, help="nombre de rappels (défaut 50)")
    report = commands.add_parser("report", help="indicateurs de l'année, pour l'assemblée générale")
    report.add_argument("--year", type=int, help="année (défaut : l'année en cours)")
    report.add_argument(
        "--format", choices=("text", "csv"), default="text", help="text (défaut) ou csv"
    )
    report.add_argument(
        "--dir", type=Path, default=Path("."), help="dossier des fichiers CSV (défaut : ici)"
    )
    commands.add_parser("migrate", help="créer ou mettre à jour le schéma de la base")
    key = commands.add_parser("keys", help="la clé maîtresse du chiffrement des données")
    key_commands = key.add_subparsers(dest="keys_command", required=True)
    key_init = key_commands.add_parser("init", help="créer le fichier de la clé (jamais écrasé)")
    key_init.add_argument("--file", type=Path, help="défaut : REXBOT_DATA_KEY_FILE")
    key_commands.add_parser(
        "rotate", help="nouvelle clé maîtresse : les clés de données sont re-chiffrées"
    )
    audit = commands.add_parser("audit", help="journal d'audit")
    audit.add_argument("--verify", action="store_true", help="vérifier le chaînage")
    audit.add_argument("--limit", type=int, default=20, help="nombre d'entrées (défaut 20)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.env_file is not None and not args.env_file.is_file():
        print(f"Fichier de réglages introuvable : {args.env_file}", file=sys.stderr)
        return 2
    try:
        settings = Settings(_env_file=args.env_file or ".env")
    except ValidationError as error:
        print(f"Configuration invalide :\n{error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        settings.territory()
    except (OSError, ValueError, KeyError, tomllib.TOMLDecodeError) as error:
        print(f"REXBOT_TERRITORY_FILE ({settings.territory_file}) : {error}", file=sys.stderr)
        return 2
    if args.demo or args.command == "demo":
        settings = _demo_settings(settings)
    try:
        return _dispatch(args, settings)
    except DatabaseUrlError as error:
        print(f"REXBOT_DATABASE_URL : {error}", file=sys.stderr)
        return 2
    except KeyFileError as error:
        print(f"Clé de chiffrement : {error}.", file=sys.stderr)
        return 2
    except WrongKey as error:
        keys.explain_wrong_key(settings, error)
        return 2
    except EncryptionError as error:
        print(f"Chiffrement : {error}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        if settings.telegram_bot_token is not None or settings.mail_address:
            try:
                mail = settings.mail()
            except ValueError as error:
                print(f"Passerelle de messagerie : {error}", file=sys.stderr)
                return 2
            if mail is not None and mail.insecure_test:
                print(
                    "Passerelle de messagerie : ATTENTION, REXBOT_MAIL_INSECURE_TEST=1 : le "
                    "serveur de réception accepte le courriel de tout programme de cette machine, "
                    "sans certificat client. Réservé aux essais : jamais avec de vraies données.",
                    file=sys.stderr,
                    flush=True,
                )
            return _serve_channels(settings)
        print(
            "Ni TELEGRAM_BOT_TOKEN ni REXBOT_MAIL_ADDRESS ne sont définis : démarrage de la démo "
            "en console."
        )
        asyncio.run(serve_console(_demo_settings(settings), demo=True))
        return 0
    if args.command == "demo":
        asyncio.run(serve_console(settings, demo=True, identity=args.identity))
        return 0
    if args.command == "console":
        asyncio.run(serve_console(settings, demo=False, identity=args.identity))
        return 0
    if args.command == "invite":
        return _invite(args, settings)
    if args.command == "members":
        return _members(settings)
    if args.command == "reminders":
        return _reminders(args, settings)
    if args.command == "migrate":
        applied = asyncio.run(_migrate(settings))
        print(f"Migrations appliquées : {', '.join(applied)}" if applied else "Schéma à jour.")
        return 0
    if args.command == "keys":
        if args.keys_command == "init":
            return keys.init(keys.key_path(settings, args.file))
        return asyncio.run(keys.rotate(settings))
    if args.command == "audit":
        return _audit(args, settings)
    if args.command == "report":
        return _report(args, settings)
    raise AssertionError(args.command)


def _serve_channels(settings: Settings) -> int:
    # Said in French and without the token: python-telegram-bot's own messages quote it.
    try:
        asyncio.run(serve_channels(settings))
    except InvalidToken:
        print(
            "Telegram a refusé le jeton : vérifiez TELEGRAM_BOT_TOKEN (donné par @BotFather).",
            file=sys.stderr,
        )
        return 1
    except NetworkError as error:
        print(
            f"Impossible de joindre Telegram ({type(error).__name__}) : vérifiez le réseau, "
            "TELEGRAM_API_BASE_URL ou le proxy (REXBOT_TELEGRAM_PROXY).",
            file=sys.stderr,
        )
        return 1
    except TelegramError as error:
        print(f"Erreur Telegram au démarrage : {type(error).__name__}.", file=sys.stderr)
        return 1
    except MailListenError as error:
        print(
            f"Passerelle de messagerie : impossible d'écouter sur {error} ; vérifiez "
            "REXBOT_MAIL_LISTEN_HOST et REXBOT_MAIL_LISTEN_PORT.",
            file=sys.stderr,
        )
        return 1
    return 0


def _demo_settings(settings: Settings) -> Settings:
    """The demo always has its own database: its fictitious members never mix with real ones.
    Nobody sleeps in a demo: quiet hours and office hours are off unless set explicitly."""
    update: dict[str, object] = {
        "database_url": DEMO_DATABASE,
        "data_key_file": keys.demo_key(DEMO_DATABASE),
    }
    for quiet in ("quiet_hours", "quiet_days"):
        if quiet not in settings.model_fields_set:
            update[quiet] = ""
    # Nor office hours: deadlines and check-ins counted in working time run at any hour.
    if "working_hours" not in settings.model_fields_set:
        update["working_hours"] = "00:00-23:59"
    if "working_days" not in settings.model_fields_set:
        update["working_days"] = "1-7"
    return settings.model_copy(update=update)


async def _migrate(settings: Settings) -> list[str]:
    done: dict[str, int] = {}

    def progress(job: str, rows: int) -> None:
        # An older database is encrypted in place here, batch after batch (resumable).
        done[job] = done.get(job, 0) + rows
        print(f"Chiffrement en place : {job.split(':')[0]}, {done[job]} lignes", flush=True)

    db = settings.database(progress)
    try:
        return await db.open()
    finally:
        await db.close()


def _with_db(settings: Settings, work: Callable[[sqlite3.Connection], T]) -> T:
    async def run() -> T:
        db = settings.database()
        await db.open()
        try:
            return await db.call(lambda conn: run_in_transaction(conn, work))
        finally:
            await db.close()

    return asyncio.run(run())


def _username(conn: sqlite3.Connection, settings: Settings) -> str | None:
    return settings.bot_username or SqlRepositories(conn).facts.get("telegram_username") or None


def _invite(args: argparse.Namespace, settings: Settings) -> int:
    now = SystemClock().now()
    if args.csv is not None:
        if args.out is None:
            print(
                "--csv demande aussi --out (le fichier des invitations à écrire).", file=sys.stderr
            )
            return 2
        try:
            original = args.csv.read_text(encoding="utf-8-sig")
            requests = read_roster(original)
        except OSError as error:
            print(f"Lecture impossible de {args.csv} : {error.strerror}", file=sys.stderr)
            return 2
        except RosterError as error:
            print("Aucune invitation créée. Problèmes :", file=sys.stderr)
            for problem in error.problems:
                print(f"  - {problem}", file=sys.stderr)
            return 2

        staged = args.out.with_name(args.out.name + ".tmp")

        def work(conn: sqlite3.Connection) -> int:
            invitations = create_invitations(conn, requests, now, settings.invite_ttl)
            # Written before the commit: if the file cannot be written, no code exists
            # without its line in the output.
            staged.write_text(
                write_roster(original, invitations, _username(conn, settings)), encoding="utf-8"
            )
            return len(invitations)

        try:
            count = _with_db(settings, work)
        except OSError as error:
            print(
                f"Écriture impossible de {args.out} : {error.strerror}. Aucune invitation créée.",
                file=sys.stderr,
            )
            return 2
        staged.replace(args.out)
        print(f"{count} invitation(s) créée(s), écrites dans {args.out}.")
        return 0
    if not args.role or not args.name:
        print("Indiquez --role et --name (ou --csv et --out).", file=sys.stderr)
        return 2
    request, problems = check_request(args.name, args.role, args.profession, args.phone, args.email)
    if request is None:
        print("Invitation refusée : " + " ; ".join(problems) + ".", file=sys.stderr)
        return 2

    def one(conn: sqlite3.Connection) -> tuple[str, str | None]:
        invitation = create_invitations(conn, [request], now, settings.invite_ttl)[0]
        return invitation.code, _username(conn, settings)

    code, username = _with_db(settings, one)
    expires = (now + settings.invite_ttl).astimezone(settings.flow_settings().timezone)
    print(f"Invitation pour {request.name} ({request.role.value}) : {code}")
    print(f"Valable jusqu'au {expires:%d/%m/%Y %H:%M}, une seule fois.")
    link = deep_link(username, code)
    if link:
        print(f"Lien : {link}")
    elif settings.telegram_bot_token is not None or not settings.mail_address:
        print(f"Dans Telegram, envoyer au bot : /start {code}")
    if settings.mail_address:
        print(
            f"Par la messagerie sécurisée : un courriel à {settings.mail_address} avec en objet "
            f"/start {code}"
        )
    return 0


def _members(settings: Settings) -> int:
    now = SystemClock().now()
    timezone = settings.flow_settings().timezone

    def work(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
        repos = SqlRepositories(conn)
        reach = repos.members.channels()
        lines = []
        for m in repos.members.all():
            profession = profession_label("fr", m.profession)
            role = t("fr", f"role.{m.role.value}")
            channels = ", ".join(reach.get(m.id, [])) or "—"
            lines.append(f"{m.id:>4}  {m.name:<28} {role:<20} {profession:<26} {channels}")
        waiting = [
            f"      {i.name:<28} {t('fr', f'role.{i.role.value}'):<20} "
            f"jusqu'au {i.expires_at.astimezone(timezone):%d/%m/%Y %H:%M}"
            for i in repos.invitations.pending(now)
        ]
        return lines, waiting

    lines, waiting = _with_db(settings, work)
    if lines:
        print(f"{'id':>4}  {'nom':<28} {'rôle':<20} {'profession':<26} canaux")
        print("\n".join(lines))
    else:
        print("Aucun membre inscrit.")
    if waiting:
        print(f"\nInvitations en attente ({len(waiting)}) :")
        print("\n".join(waiting))
    elif not lines:
        print("Créez des invitations avec : rexbot invite --role … --name …")
    return 0


REMINDER_KINDS = {
    "draft": "formulaire inachevé",
    "ack_half": "carte de cas : rappel à mi-délai",
    "ack_timeout": "carte de cas : fin du délai",
    "contact_remind": "premier contact : rappel au membre",
    "contact_pilot": "premier contact : alerte au pilote",
    "unseen": "cas sans membre : relance",
    "checkin": "niveau 2 : point avec le déclarant",
    "checkin_remind": "niveau 2 : rappel au déclarant",
    "checkin_call": "niveau 2 : appel par le membre",
    "meeting_remind": "niveau 3 : réunion demain",
    "action_soon": "niveau 3 : action bientôt due",
    "action_late": "niveau 3 : action en retard",
    "eigs_part1": "EIGS : partie 1 à déclarer",
    "eigs_part2_30": "EIGS : partie 2 dans 30 jours",
    "eigs_part2_7": "EIGS : partie 2 dans 7 jours",
    "eigs_late": "EIGS : partie 2 en retard",
    "rcp_vote_open": "RCP : ouverture du vote",
    "rcp_vote_remind": "RCP : rappel du vote",
    "rcp_vote_close": "RCP : clôture du vote",
    "rcp_remind_eve": "RCP : rappel la veille",
    "rcp_remind_hour": "RCP : rappel une heure avant",
    "rcp_report": "RCP : bilan de l'envoi",
    "rcp_minutes_late": "RCP : compte rendu à publier",
    "rcp_decision_soon": "RCP : décision bientôt due",
    "rcp_decision_late": "RCP : décision en retard",
}


def _kind_label(kind: str) -> str:
    return REMINDER_KINDS.get(kind, kind)


def _reminders(args: argparse.Namespace, settings: Settings) -> int:
    timezone = settings.flow_settings().timezone

    def work(conn: sqlite3.Connection) -> tuple[int, list[str]]:
        repos = SqlRepositories(conn)
        names = {m.id: m.name for m in repos.members.all()}
        lines = [
            f"{r.due_at.astimezone(timezone):%d/%m/%Y %H:%M}  {_kind_label(r.kind):<34} "
            f"{names.get(r.member_id or 0, '—'):<24} {r.key}"
            for r in repos.reminders.pending(args.limit)
        ]
        return repos.reminders.count_pending(), lines

    total, lines = _with_db(settings, work)
    if not lines:
        print("Aucun rappel en attente.")
        return 0
    print(
        f"{total} rappel(s) en attente"
        + (f", les {len(lines)} premiers :" if total > len(lines) else " :")
    )
    print("\n".join(lines))
    return 0


def _report(args: argparse.Namespace, settings: Settings) -> int:
    timezone = settings.flow_settings().timezone
    this_year = SystemClock().now().astimezone(timezone).year
    year = args.year or this_year
    if not 2000 <= year <= this_year:
        print(f"Année invalide : {year} (de 2000 à {this_year}).", file=sys.stderr)
        return 2
    built = _with_db(settings, lambda conn: report.build(conn, year, timezone))
    if args.format == "text":
        print(report.as_text(built))
        return 0
    paths = report.write_csv(built, args.dir, timezone, settings.territory())
    print("Fichiers écrits :\n" + "\n".join(f"  {path}" for path in paths))
    return 0


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    if args.verify:
        return _verify_audit(settings)
    timezone = settings.flow_settings().timezone
    entries = _with_db(settings, lambda conn: SqlRepositories(conn).audit.entries(args.limit))
    for e in reversed(entries):
        at = datetime.fromisoformat(e.at).astimezone(timezone)
        actor = e.actor_id or "—"
        print(
            f"{e.id:>5} {at:%d/%m/%Y %H:%M:%S} {e.channel:<9} acteur={actor} {e.action} {e.subject}"
        )
    return 0


def _verify_audit(settings: Settings) -> int:
    """The chain, its keyed links, its protecting triggers and the last anchor; an intact log
    is anchored again (a later check sees entries removed from the end)."""
    now = SystemClock().now()

    def work(conn: sqlite3.Connection) -> AuditCheck:
        audit = SqlRepositories(conn).audit
        check = audit.verify()
        if check.intact:
            audit.anchor(check, now)
        return check

    check = _with_db(settings, work)
    if not check.intact:
        if check.broken_at is not None:
            print(
                f"Journal d'audit altéré à partir de l'entrée {check.broken_at}.", file=sys.stderr
            )
        if check.missing_triggers:
            print(
                "Protections du journal supprimées (triggers absents) : "
                + ", ".join(check.missing_triggers),
                file=sys.stderr,
            )
        if check.anchor_problem:
            print(f"Ancrage : {check.anchor_problem}.", file=sys.stderr)
        return 1
    keyed = (
        f"chaîné avec la clé depuis l'entrée {check.keyed_from}"
        if check.keyed_from is not None
        else "aucune entrée chaînée avec la clé"
    )
    anchor = (
        f" ; conforme au dernier ancrage ({check.anchor.entries} entrées)"
        if check.anchor is not None
        else ""
    )
    print(
        f"Journal d'audit intact : {check.entries} entrées, dernier maillon "
        f"{check.last_hash[:16]}, {keyed}, protections en place{anchor}. Ancrage enregistré ; "
        "notez aussi ces deux valeurs hors du serveur : une suppression des dernières entrées "
        "se verrait en les comparant plus tard."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

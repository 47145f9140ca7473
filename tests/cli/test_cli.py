"""The operator's commands: invitations (one or a roster), members, schema, audit."""

from __future__ import annotations

import asyncio
import csv
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.cli import main
from storage.database import connect
from storage.unit_of_work import SqlRepositories
from tests.support.keys import keyring_for

REPO_ROOT = str(Path(__file__).resolve().parents[2])


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "rexbot.db"
    monkeypatch.setenv("REXBOT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("REXBOT_BOT_USERNAME", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return path


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_invite_one_creates_schema_and_prints_code(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "invite",
            "--role",
            "professional",
            "--name",
            "Camille Durand",
            "--profession",
            "infirmier",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    stored = rows(db, "SELECT code, name, role, profession, used_at FROM invitations")
    assert len(stored) == 1
    invitation_code, name, role, profession, used = stored[0]
    assert (name, role, profession, used) == ("Camille Durand", "professional", "infirmier", None)
    assert str(invitation_code) in out
    assert f"/start {invitation_code}" in out  # no username known yet: how to use the code


def test_invite_prints_deep_link_when_username_known(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REXBOT_BOT_USERNAME", "cpts_rex_bot")
    assert main(["invite", "--role", "cell", "--name", "Sophie Martin"]) == 0
    out = capsys.readouterr().out
    invitation_code = rows(db, "SELECT code FROM invitations")[0][0]
    assert f"https://t.me/cpts_rex_bot?start={invitation_code}" in out


def test_invite_refuses_bad_input(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "--role", "professional"]) == 2
    assert main(["invite", "--role", "professional", "--name", "X", "--phone", "123"]) == 2
    assert "téléphone" in capsys.readouterr().err


def test_roster_import_writes_codes_and_links(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REXBOT_BOT_USERNAME", "cpts_rex_bot")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,role,profession,phone,email\n"
        "Camille Durand,professional,infirmier,06 12 34 56 78,camille@example.org\n"
        "Sophie Martin,cell,Masseur-kinésithérapeute,,\n"
        "Nadia Roux,pilot,médecin généraliste,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "invitations.csv"
    assert main(["invite", "--csv", str(roster), "--out", str(out)]) == 0
    written = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["name"] for r in written] == ["Camille Durand", "Sophie Martin", "Nadia Roux"]
    assert all(len(r["code"]) == 10 for r in written)
    assert all(r["link"] == f"https://t.me/cpts_rex_bot?start={r['code']}" for r in written)
    conn, _ = connect(str(db), keyring_for(db))
    try:
        found = [SqlRepositories(conn).invitations.get(r["code"]) for r in written]
    finally:
        conn.close()
    stored = sorted((i.name, i.role.value, i.profession, i.phone) for i in found if i)
    assert stored == [
        ("Camille Durand", "professional", "infirmier", "+33612345678"),
        ("Nadia Roux", "pilot", "medecin_generaliste", None),
        ("Sophie Martin", "cell", "masseur_kinesitherapeute", None),
    ]


def test_roster_with_bad_rows_imports_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,role,profession\n"
        "Camille Durand,professional,infirmier\n"
        ",cell,\n"
        "Lucas Petit,chef,orthophoniste\n",
        encoding="utf-8",
    )
    out = tmp_path / "invitations.csv"
    assert main(["invite", "--csv", str(roster), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "ligne 3 : le nom est vide" in err
    assert "ligne 4 : rôle inconnu « chef »" in err
    assert not out.exists()
    # The roster is checked before the database is even opened.
    assert not db.exists() or rows(db, "SELECT COUNT(*) FROM invitations") == [(0,)]


def test_roster_missing_columns(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("nom,rôle\nCamille,professional\n", encoding="utf-8")
    assert main(["invite", "--csv", str(roster), "--out", str(tmp_path / "o.csv")]) == 2
    assert "colonnes manquantes" in capsys.readouterr().err


def test_members_migrate_and_audit(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["members"]) == 0
    assert "Aucun membre" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert "Schéma à jour" in capsys.readouterr().out
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO members(name, role, profession, language, created_at) "
        "VALUES ('Camille Durand', 'cell', 'infirmier', 'fr', '2026-11-22T10:00:00+00:00')"
    )
    conn.commit()
    conn.close()
    assert main(["members"]) == 0
    out = capsys.readouterr().out
    assert "Camille Durand" in out and "cell" in out and "Infirmier·e" in out
    main(["invite", "--role", "professional", "--name", "Karim Benali"])
    capsys.readouterr()
    assert main(["audit", "--verify"]) == 0
    assert "intact" in capsys.readouterr().out
    assert main(["audit"]) == 0
    assert "invitation.created" in capsys.readouterr().out


def test_tampered_audit_log_is_detected(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["invite", "--role", "professional", "--name", "Karim Benali"])
    main(["invite", "--role", "professional", "--name", "Léa Moreau"])
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET action = 'rien' WHERE id = 1")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["audit", "--verify"]) == 1
    assert "altéré à partir de l'entrée 1" in capsys.readouterr().err


def test_audit_log_refuses_updates(db: Path) -> None:
    main(["invite", "--role", "professional", "--name", "Karim Benali"])
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    conn.close()


def test_bad_settings_are_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REXBOT_TIMEZONE", "Mars/Olympus")
    assert main(["members"]) == 2
    assert "unknown time zone" in capsys.readouterr().err
    monkeypatch.setenv("REXBOT_TIMEZONE", "Europe/Paris")
    monkeypatch.setenv("REXBOT_DATABASE_URL", "mysql://localhost/rex")
    assert main(["members"]) == 2
    assert "REXBOT_DATABASE_URL" in capsys.readouterr().err


def test_migrate_says_what_it_applied(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert "Migrations appliquées : 0001_initial.sql, 0002" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert "Schéma à jour" in capsys.readouterr().out


def test_an_older_database_is_upgraded_by_any_command(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A database as the first release left it: schema version 1 only.
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    from storage.schema import _statements, available

    version, name, sql = available()[0]
    for statement in _statements(sql):
        conn.execute(statement)
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)"
    )
    conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    conn.close()
    assert main(["members"]) == 0
    assert rows(db, "SELECT MAX(version) FROM schema_migrations") == [(len(available()),)]
    assert rows(db, "SELECT COUNT(*) FROM member_absences") == [(0,)]


def test_roster_row_with_too_many_values(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,role,profession\nCamille Durand,professional,infirmier,en trop\n", encoding="utf-8"
    )
    assert main(["invite", "--csv", str(roster), "--out", str(tmp_path / "o.csv")]) == 2
    assert "ligne 2 : plus de valeurs que de colonnes" in capsys.readouterr().err


def test_unwritable_output_creates_no_invitation(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,role\nCamille Durand,professional\n", encoding="utf-8")
    out = tmp_path / "missing-folder" / "invitations.csv"
    assert main(["invite", "--csv", str(roster), "--out", str(out)]) == 2
    assert "Aucune invitation créée" in capsys.readouterr().err
    assert rows(db, "SELECT COUNT(*) FROM invitations") == [(0,)]


def test_demo_flag_and_env_file_choose_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REXBOT_DATABASE_URL", raising=False)
    assert main(["--demo", "invite", "--role", "professional", "--name", "Alex Essai"]) == 0
    assert rows(tmp_path / "rexbot-demo.db", "SELECT name FROM invitations") == [("Alex Essai",)]
    env = tmp_path / "prod.env"
    env.write_text(f"REXBOT_DATABASE_URL=sqlite+aiosqlite:///{tmp_path / 'prod.db'}\n")
    assert main(["--env-file", str(env), "invite", "--role", "cell", "--name", "Sophie"]) == 0
    assert rows(tmp_path / "prod.db", "SELECT name FROM invitations") == [("Sophie",)]
    assert main(["--env-file", str(tmp_path / "nope.env"), "members"]) == 2
    assert "introuvable" in capsys.readouterr().err


def test_bad_territory_type_id_is_refused(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    territory = tmp_path / "territory.toml"
    territory.write_text('[[incident_types]]\nid = "Erreur de médicament"\nfr = "Erreur"\n')
    monkeypatch.setenv("REXBOT_TERRITORY_FILE", str(territory))
    from bot.config import Settings

    with pytest.raises(ValueError, match="lowercase letters"):
        Settings().territory()


def test_rejected_token_is_reported_without_the_token(db: Path) -> None:
    from tests.support.botapi_standin import BotApiStandIn

    async def scenario() -> tuple[int, str]:
        standin = BotApiStandIn()
        await standin.start()
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "999999:wrong-token-value-for-the-test",
            "TELEGRAM_API_BASE_URL": standin.base_url,
            "PYTHONPATH": REPO_ROOT,
        }
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "run",
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(process.communicate(), 30)
        finally:
            await standin.stop()
        return process.returncode or 0, (out + err).decode()

    code, output = asyncio.run(scenario())
    assert code == 1
    assert "Telegram a refusé le jeton" in output
    assert "wrong-token" not in output
    assert "Traceback" not in output


def test_a_stop_signal_while_telegram_is_silent_stops_at_once(db: Path) -> None:
    """SIGTERM while getMe waits for an answer that never comes: the service stops then,
    instead of waiting for the HTTP timeout and calling Telegram unreachable."""

    async def scenario() -> tuple[int, str, bool]:
        accepted = asyncio.Event()

        async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.set()  # reads nothing, answers nothing
            await reader.read()
            writer.close()

        silent = await asyncio.start_server(hold, "127.0.0.1", 0)
        port = silent.sockets[0].getsockname()[1]
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "123456:silent-server-token-for-the-test",
            "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
            "PYTHONPATH": REPO_ROOT,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bot.cli", "run"),
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await asyncio.wait_for(accepted.wait(), 30)
            process.send_signal(signal.SIGTERM)
            # Well under the 10 s read timeout the old start-up waited for.
            out, err = await asyncio.wait_for(process.communicate(), 5)
            stopped_in_time = True
        except TimeoutError:
            process.kill()
            out, err = await process.communicate()
            stopped_in_time = False
        finally:
            silent.close()
        return process.returncode or 0, (out + err).decode(), stopped_in_time

    code, output, stopped_in_time = asyncio.run(scenario())
    assert stopped_in_time
    assert code == 0
    assert "Impossible de joindre Telegram" not in output
    # No mail gateway: the text of cases would cross Telegram, and the operator is told so.
    assert "REXBOT_TELEGRAM_DETAILS=full" in output
    assert "Traceback" not in output


def test_members_lists_pending_invitations_and_french_words_work(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REXBOT_BOT_USERNAME", "https://t.me/cpts_rex_bot")
    assert (
        main(["invite", "--role", "cellule", "--name", "Lucas Petit", "--profession", "kiné"]) == 0
    )
    assert "https://t.me/cpts_rex_bot?start=" in capsys.readouterr().out
    assert rows(db, "SELECT role, profession FROM invitations") == [
        ("cell", "masseur_kinesitherapeute")
    ]
    assert main(["members"]) == 0
    out = capsys.readouterr().out
    assert "Aucun membre inscrit" in out
    assert "Invitations en attente (1)" in out and "Lucas Petit" in out and "cellule qualité" in out


def test_reminders_lists_what_is_pending(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders"]) == 0
    assert "Aucun rappel en attente" in capsys.readouterr().out
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO reminders(key, kind, member_id, due_at, payload, status, created_at) "
        "VALUES ('ack:1:timeout', 'ack_timeout', NULL, '2026-11-23T11:00:00.000000+00:00', "
        "'{}', 'pending', '2026-11-22T10:00:00+00:00')"
    )
    conn.commit()
    conn.close()
    assert main(["reminders"]) == 0
    out = capsys.readouterr().out
    assert "1 rappel(s) en attente" in out and "23/11/2026 12:00" in out
    assert "carte de cas : fin du délai" in out


def test_report_in_text_and_csv(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    year = 2026
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO members(id, name, role, created_at) "
        "VALUES (1, 'Camille Durand', 'professional', '2026-01-01T00:00:00+00:00')"
    )
    for number, status, level, closed in (
        (1, "resolved", 1, "2026-03-02T12:00:00.000000+00:00"),
        (2, "in_progress", 2, None),
    ):
        conn.execute(
            "INSERT INTO incidents(reference, declarant_id, incident_type, event_date, facts, "
            "possible_eigs, anonymous, contact_mode, status, level, channel, declared_at, "
            "acknowledged_at, closed_at) VALUES (?, 1, 'evenement_indesirable', '2026-03-01', "
            "'Secret facts that never leave the base', 0, 1, 'message', ?, ?, 'memory', "
            "'2026-03-02T09:00:00.000000+00:00', '2026-03-02T10:30:00.000000+00:00', ?)",
            (f"REX-{year}-000{number}", status, level, closed),
        )
    conn.commit()
    conn.close()
    assert main(["report", "--year", str(year)]) == 0
    out = capsys.readouterr().out
    assert "Déclarations : 2" in out and "N1 1 · N2 1" in out
    assert "prise en charge : 1 h 30" in out
    assert main(["report", "--year", str(year), "--format", "csv", "--dir", "export"]) == 0
    assert "indicateurs-2026.csv" in capsys.readouterr().out
    figures = dict(csv.reader((tmp_path / "export" / "indicateurs-2026.csv").open(), delimiter=";"))
    assert figures["declarations"] == "2" and figures["taux_resolution"] == "1,00"
    assert figures["delai_median_cloture_heures"] == "3,0"
    listing = (tmp_path / "export" / "cas-2026.csv").read_text(encoding="utf-8")
    assert "REX-2026-0001;Événement indésirable;2026-03-02;1;résolue;non;1,5;3,0" in listing
    assert "Secret" not in listing and "Camille" not in listing
    assert main(["report", "--year", "1999"]) == 2


def test_mail_gateway_settings_and_a_busy_port_are_reported(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from tests.support.certs import make_certificates

    monkeypatch.setenv("REXBOT_MAIL_ADDRESS", "rex@cpts.mssante.fr")
    assert main(["run"]) == 2
    assert "REXBOT_MAIL_RELAY_HOST" in capsys.readouterr().err
    certs = make_certificates(tmp_path / "certs")
    monkeypatch.setenv("REXBOT_MAIL_RELAY_HOST", "127.0.0.1")
    monkeypatch.setenv("REXBOT_MAIL_TLS_CERT", str(certs.server.cert))
    monkeypatch.setenv("REXBOT_MAIL_TLS_KEY", str(certs.bot_client.key))
    assert main(["run"]) == 2
    assert "ne vont pas ensemble" in capsys.readouterr().err
    monkeypatch.setenv("REXBOT_MAIL_TLS_KEY", str(certs.server.key))
    monkeypatch.setenv("REXBOT_MAIL_CLIENT_CA", str(certs.ca))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setenv("REXBOT_MAIL_LISTEN_PORT", str(taken.getsockname()[1]))
        assert main(["run"]) == 1
    assert "impossible d'écouter sur 127.0.0.1:" in capsys.readouterr().err


def test_the_mail_listener_needs_the_gateways_certificate(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from tests.support.certs import make_certificates

    certs = make_certificates(tmp_path / "certs")
    monkeypatch.setenv("REXBOT_MAIL_ADDRESS", "rex@cpts.mssante.fr")
    monkeypatch.setenv("REXBOT_MAIL_RELAY_HOST", "127.0.0.1")
    monkeypatch.setenv("REXBOT_MAIL_TLS_CERT", str(certs.server.cert))
    monkeypatch.setenv("REXBOT_MAIL_TLS_KEY", str(certs.server.key))
    # A port in use: a start-up that gets past the settings stops there (exit 1), not later.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setenv("REXBOT_MAIL_LISTEN_PORT", str(taken.getsockname()[1]))
        assert main(["run"]) == 2
        refused = capsys.readouterr().err
        assert "Passerelle de messagerie : REXBOT_MAIL_CLIENT_CA manque" in refused
        assert "REXBOT_MAIL_INSECURE_TEST=1" in refused
        monkeypatch.setenv("REXBOT_MAIL_CLIENT_SUBJECT", "XX=passerelle")
        monkeypatch.setenv("REXBOT_MAIL_CLIENT_CA", str(certs.ca))
        assert main(["run"]) == 2
        assert "REXBOT_MAIL_CLIENT_SUBJECT illisible" in capsys.readouterr().err
        monkeypatch.delenv("REXBOT_MAIL_CLIENT_SUBJECT")
        monkeypatch.delenv("REXBOT_MAIL_CLIENT_CA")
        # The test mode, on loopback: started, with a warning.
        monkeypatch.setenv("REXBOT_MAIL_INSECURE_TEST", "1")
        assert main(["run"]) == 1
        started = capsys.readouterr().err
        assert "ATTENTION, REXBOT_MAIL_INSECURE_TEST=1" in started
        assert "impossible d'écouter" in started
    # The test mode on every interface: refused.
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        monkeypatch.setenv("REXBOT_MAIL_LISTEN_HOST", "0.0.0.0")
        monkeypatch.setenv("REXBOT_MAIL_LISTEN_PORT", str(taken.getsockname()[1]))
        assert main(["run"]) == 2
        refused = capsys.readouterr().err
        assert "REXBOT_MAIL_INSECURE_TEST=1 n'est permis que pour une écoute sur cette" in refused
        assert "'0.0.0.0'" in refused

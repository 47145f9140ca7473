"""Settings: defaults, ISO 8601 durations, and a territory's own list of REX types."""

from __future__ import annotations

import ssl
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.config import Settings
from tests.support.certs import make_certificates


def test_defaults_and_durations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REXBOT_INVITE_TTL", "P3D")
    monkeypatch.setenv("REXBOT_QUIET_HOURS", "")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "42:secret")
    settings = Settings()
    assert settings.invite_ttl == timedelta(days=3)
    assert settings.flow_settings().quiet_hours is None
    assert settings.database_url == "sqlite+aiosqlite:///rexbot.db"
    assert settings.telegram_bot_token is not None
    assert "secret" not in repr(settings)


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("REXBOT_DRAFT_REMINDER=PT30M\n", encoding="utf-8")
    assert Settings().draft_reminder == timedelta(minutes=30)


def test_bad_quiet_hours_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REXBOT_QUIET_HOURS", "25:00-08:00")
    with pytest.raises(ValidationError, match="quiet hours"):
        Settings()


def test_territory_file_sets_the_types(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    example = Path(__file__).resolve().parents[1] / "deploy" / "territory.example.toml"
    monkeypatch.setenv("REXBOT_TERRITORY_FILE", str(example))
    territory = Settings().territory()
    assert territory.name == "CPTS du Val de Loire"
    assert [t.id for t in territory.incident_types][-1] == "medicament"
    assert territory.incident_type("medicament") is not None
    assert territory.incident_types[-1].label("en") == "Medication error"


def test_what_crosses_telegram_is_discreet_once_secure_mail_exists(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    # No secure mail to send details to: full, as before (start-up then warns).
    assert Settings().flow_settings().discreet_transports == frozenset()
    monkeypatch.setenv("REXBOT_MAIL_ADDRESS", "rex@cpts.mssante.fr")
    assert Settings().flow_settings().discreet_transports == {"telegram"}
    monkeypatch.setenv("REXBOT_TELEGRAM_DETAILS", "full")
    assert Settings().flow_settings().discreet_transports == frozenset()
    monkeypatch.setenv("REXBOT_TELEGRAM_DETAILS", "tout")
    with pytest.raises(ValidationError, match="telegram_details"):
        Settings()


def test_the_mail_listener_requires_the_gateways_certificate(tmp_path: Path) -> None:
    certs = make_certificates(tmp_path / "certs")
    base: dict[str, Any] = {
        "mail_address": "rex@cpts.mssante.fr",
        "mail_relay_host": "127.0.0.1",
        "mail_tls_cert": certs.server.cert,
        "mail_tls_key": certs.server.key,
    }

    def mail(**values: Any) -> Any:
        return Settings(_env_file=None, **{**base, **values}).mail()  # type: ignore[call-arg]

    def problem(**values: Any) -> str:
        with pytest.raises(ValueError) as error:
            mail(**values)
        return str(error.value)

    assert "REXBOT_MAIL_CLIENT_CA manque" in problem()
    assert "REXBOT_MAIL_CLIENT_CA manque" in problem(mail_tls_cert=None, mail_tls_key=None)
    required = mail(mail_client_ca=certs.ca)
    assert required.server_tls.verify_mode == ssl.CERT_REQUIRED
    assert required.require_starttls and not required.insecure_test
    # The test mode lifts it on loopback only.
    for host in ("127.0.0.1", "::1", "localhost"):
        assert mail(mail_insecure_test=True, mail_listen_host=host).insecure_test
    for host in ("0.0.0.0", "192.168.1.20", "", "rexbot.cpts.example"):
        refused = problem(mail_insecure_test=True, mail_listen_host=host)
        assert "REXBOT_MAIL_INSECURE_TEST=1 n'est permis que" in refused, host
    # With a CA, the flag changes nothing.
    assert not mail(mail_client_ca=certs.ca, mail_insecure_test=True).insecure_test
    # The pinned subject needs the CA, and must be readable.
    assert "demande REXBOT_MAIL_CLIENT_CA" in problem(
        mail_insecure_test=True, mail_client_subject="CN=passerelle"
    )
    for unreadable in ("XX=passerelle", "CN=", "CN=#0c0161", "CN=a\\"):
        assert "REXBOT_MAIL_CLIENT_SUBJECT illisible" in problem(
            mail_client_ca=certs.ca, mail_client_subject=unreadable
        ), unreadable
    # Polled over IMAP, there is no listener to protect.
    imap = mail(
        mail_inbound="imap",
        mail_imap_host="127.0.0.1",
        mail_imap_user="rex",
        mail_imap_password="x",
    )
    assert imap.imap is not None and imap.server_tls is None and not imap.insecure_test


def test_a_pinned_subject_as_openssl_prints_it(tmp_path: Path) -> None:
    certs = make_certificates(tmp_path / "certs")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        mail_address="rex@cpts.mssante.fr",
        mail_relay_host="127.0.0.1",
        mail_tls_cert=certs.server.cert,
        mail_tls_key=certs.server.key,
        mail_client_ca=certs.ca,
        # `openssl x509 -noout -subject -nameopt RFC2253`: escapes, UTF-8 as hex, any order.
        mail_client_subject="C=FR, O=Op\\C3\\A9rateur\\, SA,CN=passerelle.exemple.fr",
    )
    config = settings.mail()
    assert config is not None and config.client_subject is not None
    pinned = config.client_subject
    presented = (
        (("countryName", "FR"),),
        (("organizationName", "Opérateur, SA"),),
        (("commonName", "Passerelle.Exemple.FR"),),
    )
    assert pinned.matches(presented)
    assert not pinned.matches((*presented[:2], (("commonName", "autre.exemple.fr"),)))
    # Every attribute, and no other.
    assert not pinned.matches(presented[1:])
    assert not pinned.matches((*presented, (("organizationalUnitName", "x"),)))

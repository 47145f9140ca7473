"""Settings: defaults, ISO 8601 durations, and a territory's own list of REX types."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings


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

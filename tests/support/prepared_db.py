"""A fresh rexbot database with one invitation per simulated user, and the settings that point a
rexbot process at it and at a local Bot API stand-in (benchmark, crash test)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.invitations import InvitationRequest, create_invitations
from flows.domain.model import Role
from storage.database import connect, run_in_transaction
from tests.support.keys import key_file_for, keyring_for


def database_with_invitations(db_path: Path, users: int) -> list[str]:
    """Create the schema and `users` invitations; returns their codes in order."""
    conn, _ = connect(str(db_path), keyring_for(db_path))
    try:
        now = datetime.now(UTC)
        requests = [
            InvitationRequest(f"Professionnel {i}", Role.PROFESSIONAL, "infirmier", None, None)
            for i in range(users)
        ]
        invitations = run_in_transaction(
            conn, lambda c: create_invitations(c, requests, now, timedelta(days=1))
        )
    finally:
        conn.close()
    return [invitation.code for invitation in invitations]


def stand_in_settings(token: str, base_url: str, db_path: Path) -> dict[str, str]:
    """Environment variables for `python -m bot.cli run` against the stand-in."""
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "REXBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
        "REXBOT_DATA_KEY_FILE": str(key_file_for(db_path)),
        # The stand-in imposes no rate limits; Telegram's are tested elsewhere.
        "REXBOT_TELEGRAM_GLOBAL_RATE": "0",
        "REXBOT_TELEGRAM_CHAT_RATE": "0",
        "REXBOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }

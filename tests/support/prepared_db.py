"""A fresh rexbot database holding one invitation per simulated user (bench, crash test)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.invitations import InvitationRequest, create_invitations
from flows.model import Role
from storage.database import run_in_transaction
from storage.schema import migrate


def database_with_invitations(db_path: Path, users: int) -> list[str]:
    """Create the schema and `users` invitations; returns their codes in order."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        migrate(conn)
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

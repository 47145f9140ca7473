"""One-time invitation codes."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from flows.domain.model import Invitation, Member, Role
from storage.sealed import INVITATIONS
from storage.timestamps import from_db, maybe_from_db, to_db


class SqlInvitations:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, code: str) -> Invitation | None:
        row = self._conn.execute(
            "SELECT code, name, role, profession, phone, email, created_at, expires_at, used_at, "
            "member_id FROM invitations WHERE code = ?",
            (code,),
        ).fetchone()
        if row is None:
            return None
        phone, email = row[4], row[5]
        if phone is not None or email is not None:
            key = INVITATIONS.key(self._conn, None)
            phone, email = key.open("phone", row[0], phone), key.open("email", row[0], email)
        return Invitation(
            code=row[0],
            name=row[1],
            role=Role(row[2]),
            profession=row[3],
            phone=phone,
            email=email,
            created_at=from_db(row[6]),
            expires_at=from_db(row[7]),
            used_at=maybe_from_db(row[8]),
            member_id=row[9],
        )

    def add_link(self, code: str, member: Member, now: datetime, expires_at: datetime) -> None:
        """A code that links another channel to an existing member (sent as /start CODE)."""
        self._conn.execute(
            "INSERT INTO invitations(code, name, role, profession, phone, email, created_at, "
            "expires_at, member_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code,
                member.name,
                member.role.value,
                member.profession,
                None,
                None,
                to_db(now),
                to_db(expires_at),
                member.id,
            ),
        )

    def add(self, invitation: Invitation) -> None:
        phone = email = None
        if invitation.phone is not None or invitation.email is not None:
            key = INVITATIONS.key(self._conn, None)
            phone = key.seal("phone", invitation.code, invitation.phone)
            email = key.seal("email", invitation.code, invitation.email)
        self._conn.execute(
            "INSERT INTO invitations(code, name, role, profession, phone, email, created_at, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                invitation.code,
                invitation.name,
                invitation.role.value,
                invitation.profession,
                phone,
                email,
                to_db(invitation.created_at),
                to_db(invitation.expires_at),
            ),
        )

    def pending(self, now: datetime) -> list[Invitation]:
        """Invitations not used yet and not expired, oldest first."""
        codes = [
            row[0]
            for row in self._conn.execute(
                "SELECT code FROM invitations WHERE used_at IS NULL AND expires_at > ? "
                "ORDER BY created_at",
                (to_db(now),),
            )
        ]
        return [invitation for code in codes if (invitation := self.get(code)) is not None]

    def open_for(self, name: str, now: datetime) -> str | None:
        """The code of an unused, unexpired invitation for `name`, if any."""
        row = self._conn.execute(
            "SELECT code FROM invitations WHERE name = ? AND used_at IS NULL AND expires_at > ? "
            "ORDER BY created_at DESC LIMIT 1",
            (name, to_db(now)),
        ).fetchone()
        return str(row[0]) if row else None

    def mark_used(self, code: str, member_id: int, now: datetime) -> bool:
        """True if this call used the code (a code works once, even under a race)."""
        cursor = self._conn.execute(
            "UPDATE invitations SET used_at = ?, member_id = ? WHERE code = ? AND used_at IS NULL",
            (to_db(now), member_id, code),
        )
        return cursor.rowcount == 1

"""Members and the transport identities (a Telegram id, a mail address…) that reach them."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from flows.domain.model import Member, Role
from storage.sealed import IDENTITIES, MEMBERS, blind_index, new_row_id
from storage.timestamps import to_db

_COLUMNS = (
    "m.id, m.name, m.role, m.profession, m.language, m.phone, m.email, m.active, m.show_name, "
    "m.working_hours, m.working_days"
)


def _member(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Member:
    phone, email = row[5], row[6]
    if phone is not None or email is not None:
        # Most members gave neither: no key is looked up for them (listings, routing).
        key = MEMBERS.key(conn, row[0])
        phone, email = key.open("phone", row[0], phone), key.open("email", row[0], email)
    return Member(
        id=row[0],
        name=row[1],
        role=Role(row[2]),
        profession=row[3],
        language=row[4],
        phone=phone,
        email=email,
        active=bool(row[7]),
        show_name=bool(row[8]),
        working_hours=row[9],
        working_days=row[10],
    )


class SqlMembers:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def by_identity(self, transport: str, address: str) -> Member | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM member_identities i JOIN members m ON m.id = i.member_id "
            "WHERE i.transport = ? AND i.address = ? AND m.active = 1",
            (transport, blind_index(self._conn, transport, address)),
        ).fetchone()
        return _member(self._conn, row) if row else None

    def get(self, member_id: int) -> Member | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM members m WHERE m.id = ?", (member_id,)
        ).fetchone()
        return _member(self._conn, row) if row else None

    def add(
        self,
        name: str,
        role: Role,
        profession: str | None,
        language: str,
        phone: str | None,
        email: str | None,
        now: datetime,
    ) -> Member:
        member_id = new_row_id(self._conn, MEMBERS.table)
        sealed_phone = sealed_email = None
        if phone is not None or email is not None:
            key = MEMBERS.key(self._conn, member_id)
            sealed_phone, sealed_email = (
                key.seal("phone", member_id, phone),
                key.seal("email", member_id, email),
            )
        self._conn.execute(
            "INSERT INTO members(id, name, role, profession, language, phone, email, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                member_id,
                name,
                role.value,
                profession,
                language,
                sealed_phone,
                sealed_email,
                to_db(now),
            ),
        )
        return Member(member_id, name, role, profession, language, phone, email)

    def link_identity(self, member_id: int, transport: str, address: str, now: datetime) -> None:
        # Stored as its blind index, to be found by; and sealed under the member's key, to be
        # written to (sealed again when the identity passes to another member).
        index = blind_index(self._conn, transport, address)
        sealed = IDENTITIES.key(self._conn, member_id).seal(
            "address_enc", f"{transport}:{index}", address
        )
        self._conn.execute(
            "INSERT INTO member_identities(transport, address, address_enc, member_id, "
            "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(transport, address) "
            "DO UPDATE SET member_id = excluded.member_id, address_enc = excluded.address_enc, "
            "unreachable_at = NULL",
            (transport, index, sealed, member_id, to_db(now)),
        )

    def reachable_again(self, transport: str, address: str) -> None:
        """Someone who writes to us can be written to (they unblocked the bot)."""
        self._conn.execute(
            "UPDATE member_identities SET unreachable_at = NULL "
            "WHERE transport = ? AND address = ? AND unreachable_at IS NOT NULL",
            (transport, blind_index(self._conn, transport, address)),
        )

    def identities(self, member_id: int) -> list[tuple[str, str]]:
        """Reachable (transport, address) pairs: the preferred channel first, then the
        oldest."""
        rows = self._conn.execute(
            "SELECT i.transport, i.address, i.address_enc FROM member_identities i "
            "JOIN members m ON m.id = i.member_id "
            "WHERE i.member_id = ? AND i.unreachable_at IS NULL "
            "ORDER BY i.transport = COALESCE(m.preferred_transport, '') DESC, i.created_at",
            (member_id,),
        ).fetchall()
        if not rows:
            return []
        key = IDENTITIES.key(self._conn, member_id)
        return [
            (transport, key.open_text("address_enc", f"{transport}:{index}", sealed))
            for transport, index, sealed in rows
        ]

    def preferred_transport(self, member_id: int) -> str | None:
        row = self._conn.execute(
            "SELECT preferred_transport FROM members WHERE id = ?", (member_id,)
        ).fetchone()
        return row[0] if row else None

    def set_preferred_transport(self, member_id: int, transport: str) -> None:
        self._conn.execute(
            "UPDATE members SET preferred_transport = ? WHERE id = ?", (transport, member_id)
        )

    def set_profession(self, member_id: int, profession: str) -> None:
        self._conn.execute(
            "UPDATE members SET profession = ? WHERE id = ?", (profession, member_id)
        )

    def set_working_hours(self, member_id: int, hours: str | None, days: str | None) -> None:
        self._conn.execute(
            "UPDATE members SET working_hours = ?, working_days = ? WHERE id = ?",
            (hours, days, member_id),
        )

    def set_show_name(self, member_id: int, show: bool) -> None:
        self._conn.execute("UPDATE members SET show_name = ? WHERE id = ?", (int(show), member_id))

    def set_language(self, member_id: int, language: str) -> None:
        self._conn.execute("UPDATE members SET language = ? WHERE id = ?", (language, member_id))

    def mark_unreachable(self, transport: str, address: str, now: datetime) -> None:
        self._conn.execute(
            "UPDATE member_identities SET unreachable_at = ? WHERE transport = ? AND address = ?",
            (to_db(now), transport, blind_index(self._conn, transport, address)),
        )

    def with_role(self, role: Role) -> list[Member]:
        return [
            _member(self._conn, r)
            for r in self._conn.execute(
                f"SELECT {_COLUMNS} FROM members m WHERE m.role = ? AND m.active = 1 ORDER BY m.id",
                (role.value,),
            ).fetchall()
        ]

    def all(self) -> list[Member]:
        return [
            _member(self._conn, r)
            for r in self._conn.execute(
                f"SELECT {_COLUMNS} FROM members m ORDER BY m.id"
            ).fetchall()
        ]

    def on_transport(self, transport: str) -> list[tuple[Member, str]]:
        """Active members reachable on `transport`, with their address there."""
        return [
            (
                _member(self._conn, row[:11]),
                IDENTITIES.key(self._conn, row[0]).open_text(
                    "address_enc", f"{transport}:{row[11]}", row[12]
                ),
            )
            for row in self._conn.execute(
                f"SELECT {_COLUMNS}, i.address, i.address_enc FROM member_identities i "
                "JOIN members m ON m.id = i.member_id WHERE i.transport = ? AND m.active = 1 "
                "ORDER BY m.id",
                (transport,),
            ).fetchall()
        ]

    def channels(self) -> dict[int, list[str]]:
        """Transports each member can be reached on (for `rexbot members`)."""
        reach: dict[int, list[str]] = {}
        for member_id, transport, unreachable in self._conn.execute(
            "SELECT member_id, transport, unreachable_at FROM member_identities ORDER BY member_id"
        ):
            reach.setdefault(member_id, []).append(
                transport if unreachable is None else f"{transport} (injoignable)"
            )
        return reach

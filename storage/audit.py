"""The append-only audit log, hash-chained so that any edit or deletion shows."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.timestamps import to_db

GENESIS = "0" * 64


def _digest(prev_hash: str, fields: list[Any]) -> str:
    canonical = json.dumps([prev_hash, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor_id: int | None
    action: str
    subject: str
    channel: str
    details: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AuditCheck:
    broken_at: int | None
    entries: int
    last_hash: str


class SqlAuditLog:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def append(
        self,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject: str,
        channel: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        row = self._conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        prev_hash = row[0] if row else GENESIS
        details_text = json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None
        fields = [to_db(at), actor_id, action, subject, channel, details_text]
        self._conn.execute(
            "INSERT INTO audit_log(at, actor_id, action, subject, channel, details, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, prev_hash, _digest(prev_hash, fields)),
        )

    def entries(self, limit: int = 50) -> list[AuditEntry]:
        return [
            AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else None)
            for r in self._conn.execute(
                "SELECT id, at, actor_id, action, subject, channel, details FROM audit_log "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        ]

    def verify(self) -> AuditCheck:
        """Walk the chain. Entries removed from the end leave a valid shorter chain: compare
        the count and last hash with ones noted earlier to see that."""
        prev_hash, count = GENESIS, 0
        for row in self._conn.execute(
            "SELECT id, at, actor_id, action, subject, channel, details, prev_hash, hash "
            "FROM audit_log ORDER BY id"
        ):
            if row[7] != prev_hash or row[8] != _digest(prev_hash, list(row[1:7])):
                return AuditCheck(int(row[0]), count, prev_hash)
            prev_hash, count = row[8], count + 1
        return AuditCheck(None, count, prev_hash)

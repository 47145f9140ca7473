"""The append-only audit log, chained with HMAC-SHA-256 so that any edit or deletion shows.

Each entry's link is an HMAC of the previous link and its fields under the audit key, derived
(HKDF) from the database's root key, which only the master key unwraps (storage/encryption.py):
whoever can write to the database file but has not the key file cannot forge a link. Entries
written before this version keep their plain SHA-256 link (`keyed` = 0) and the keyed chain
goes on from the last of them; after a keyed entry, an unkeyed one is a break.

Removing entries from the end leaves a valid shorter chain: each `rexbot audit --verify`
records an anchor (entries, last link, under the same key), and the next one checks the chain
against it; the operator also notes it outside the server. Triggers refuse UPDATE and DELETE
on both tables; the check reports them missing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.encryption import keyring_of
from storage.timestamps import to_db

GENESIS = "0" * 64
PROTECTING = (
    "audit_log_no_update",
    "audit_log_no_delete",
    "audit_anchors_no_update",
    "audit_anchors_no_delete",
)


def _digest(prev_hash: str, fields: list[Any], key: bytes | None) -> str:
    canonical = json.dumps([prev_hash, *fields], ensure_ascii=False, separators=(",", ":"))
    if key is None:  # an entry from before the chain was keyed
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def _anchor_mac(key: bytes, at: str, entries: int, last_hash: str) -> str:
    message = f"rexbot audit anchor|{at}|{entries}|{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


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
class Anchor:
    at: str
    entries: int
    last_hash: str


@dataclass(frozen=True, slots=True)
class AuditCheck:
    broken_at: int | None
    entries: int
    last_hash: str
    missing_triggers: tuple[str, ...] = ()
    # The first entry linked with the key (None: none yet).
    keyed_from: int | None = None
    anchor: Anchor | None = None
    # What does not match the last anchor, in French (None: it matches, or there is none).
    anchor_problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.missing_triggers and not self.anchor_problem


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
        link = _digest(prev_hash, fields, keyring_of(self._conn).audit_key)
        self._conn.execute(
            "INSERT INTO audit_log(at, actor_id, action, subject, channel, details, prev_hash, "
            "hash, keyed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (*fields, prev_hash, link),
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
        """Walk the chain, check the protecting triggers, and compare with the last anchor."""
        key = keyring_of(self._conn).audit_key
        anchor, anchor_problem = self._last_anchor(key)
        prev_hash, count, keyed_from = GENESIS, 0, None
        at_anchor: str | None = GENESIS if anchor and anchor.entries == 0 else None
        broken_at: int | None = None
        for row in self._conn.execute(
            "SELECT id, at, actor_id, action, subject, channel, details, prev_hash, hash, keyed "
            "FROM audit_log ORDER BY id"
        ):
            keyed = bool(row[9])
            if keyed and keyed_from is None:
                keyed_from = int(row[0])
            downgraded = keyed_from is not None and not keyed
            expected = _digest(prev_hash, list(row[1:7]), key if keyed else None)
            if downgraded or row[7] != prev_hash or not hmac.compare_digest(row[8], expected):
                broken_at = int(row[0])
                break
            prev_hash, count = row[8], count + 1
            if anchor is not None and count == anchor.entries:
                at_anchor = prev_hash
        if anchor is not None and anchor_problem is None and broken_at is None:
            if count < anchor.entries:
                anchor_problem = (
                    f"le dernier ancrage ({anchor.at}) comptait {anchor.entries} entrées, il "
                    f"en reste {count} : des entrées ont été supprimées"
                )
            elif at_anchor != anchor.last_hash:
                anchor_problem = (
                    f"l'entrée n° {anchor.entries} ne porte plus le maillon noté par le dernier "
                    f"ancrage ({anchor.at}) : la chaîne a été réécrite"
                )
        present = {
            row[0]
            for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = ?", ("trigger",)
            )
        }
        return AuditCheck(
            broken_at,
            count,
            prev_hash,
            tuple(name for name in PROTECTING if name not in present),
            keyed_from,
            anchor,
            anchor_problem,
        )

    def anchor(self, check: AuditCheck, now: datetime) -> Anchor:
        """Record what `check` found, for the next check to compare with."""
        key = keyring_of(self._conn).audit_key
        at = to_db(now)
        self._conn.execute(
            "INSERT INTO audit_anchors(at, entries, last_hash, mac) VALUES (?, ?, ?, ?)",
            (
                at,
                check.entries,
                check.last_hash,
                _anchor_mac(key, at, check.entries, check.last_hash),
            ),
        )
        return Anchor(at, check.entries, check.last_hash)

    def _last_anchor(self, key: bytes) -> tuple[Anchor | None, str | None]:
        row = self._conn.execute(
            "SELECT at, entries, last_hash, mac FROM audit_anchors ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None, None
        anchor = Anchor(row[0], int(row[1]), row[2])
        if not hmac.compare_digest(row[3], _anchor_mac(key, *row[:3])):
            return anchor, f"le dernier ancrage ({anchor.at}) a été falsifié"
        return anchor, None

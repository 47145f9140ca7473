"""Outgoing messages, stored in the same transaction as the change that caused them.

The payload (text, buttons, attachment, and the address itself) is sealed under the
recipient's key; the `address` column holds the address's blind index, which the lookups by
address use. Once sent, the text and the attachment are erased from the payload (sealed again
without them) and only a keyed digest of the text is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flows.domain.messages import Attachment, Choice, Delivery
from storage.encryption import keyring_of
from storage.sealed import OUTBOX, blind_index, new_row_id
from storage.timestamps import maybe_from_db, to_db


def _payload(delivery: Delivery) -> str:
    body: dict[str, Any] = {"text": delivery.text, "to": delivery.address}
    if delivery.choices:
        body["choices"] = [[c.id, c.label] for c in delivery.choices]
        body["version"] = delivery.version
    if delivery.edit_ref:
        body["edit_ref"] = delivery.edit_ref
    if delivery.attachment is not None:
        file = delivery.attachment
        body["attachment"] = [file.filename, file.mime, file.content]
    if delivery.protect:
        body["protect"] = True
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _body(conn: sqlite3.Connection, outbox_id: int, member_id: int | None, sealed: object) -> Any:
    return json.loads(OUTBOX.key(conn, member_id).open_text("payload", outbox_id, sealed))


def _seal(conn: sqlite3.Connection, outbox_id: int, member_id: int | None, body: Any) -> bytes:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    sealed = OUTBOX.key(conn, member_id).seal("payload", outbox_id, text)
    assert sealed is not None
    return sealed


def _delivery(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Delivery:
    body = _body(conn, row[0], row[1], row[4])
    file = body.get("attachment")
    return Delivery(
        transport=row[2],
        address=body["to"],
        text=body["text"],
        choices=tuple(Choice(c[0], c[1]) for c in body.get("choices", ())),
        version=body.get("version"),
        edit_ref=body.get("edit_ref", ""),
        outbox_id=row[0],
        member_id=row[1],
        attachment=Attachment(file[0], file[1], file[2]) if file else None,
        protect=bool(body.get("protect", False)),
    )


@dataclass(frozen=True, slots=True)
class PendingDelivery:
    delivery: Delivery
    attempts: int
    next_attempt_at: datetime | None
    pieces_sent: int


class SqlOutbox:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def add(self, delivery: Delivery, now: datetime) -> Delivery:
        outbox_id = new_row_id(self._conn, "outbox")
        payload = _payload(delivery)
        # Sealed now too, as it will be once sent: marking it sent then opens nothing.
        after = json.dumps(_erased(json.loads(payload)), ensure_ascii=False, separators=(",", ":"))
        key = OUTBOX.key(self._conn, delivery.member_id)
        self._conn.execute(
            "INSERT INTO outbox(id, created_at, member_id, transport, address, payload, "
            "payload_sent, tag, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                outbox_id,
                to_db(now),
                delivery.member_id,
                delivery.transport,
                blind_index(self._conn, delivery.transport, delivery.address),
                key.seal("payload", outbox_id, payload),
                key.seal("payload", outbox_id, after),
                delivery.tag or None,
                to_db(delivery.not_before) if delivery.not_before else None,
            ),
        )
        return replace(delivery, outbox_id=outbox_id)

    def pending(
        self, transports: list[str], now: datetime, limit: int = 10_000
    ) -> list[PendingDelivery]:
        """Rows to send now: pending, and not held until later (quiet hours)."""
        marks = ", ".join("?" * len(transports))
        return [
            PendingDelivery(_delivery(self._conn, row), row[5], maybe_from_db(row[6]), row[7])
            for row in self._conn.execute(
                "SELECT id, member_id, transport, address, payload, attempts, next_attempt_at, "
                f"pieces_sent FROM outbox WHERE status = 'pending' AND transport IN ({marks}) "
                "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?",
                (*transports, to_db(now), limit),
            ).fetchall()
        ]

    def mark_sent(self, sent: list[tuple[int, str | None, str]], now: datetime) -> None:
        """Sent: keep the channel's id and a digest of the text, not the text itself. Each
        entry is (row, channel id, SHA-256 of the text); what is stored of the digest is an
        HMAC of it under a key derived from the database's keys (`Keyring.sent_digest`)."""
        if not sent:
            return
        keyring = keyring_of(self._conn)
        swapped = self._conn.executemany(
            "UPDATE outbox SET status = 'sent', sent_at = ?, external_ref = ?, text_sha256 = ?, "
            "payload = payload_sent, payload_sent = NULL, text_erased = 1, "
            "attempts = attempts + 1 WHERE id = ? AND payload_sent IS NOT NULL",
            [(to_db(now), ref, keyring.sent_digest(digest), i) for i, ref, digest in sent],
        ).rowcount
        if swapped == len(sent):
            return
        # A row stored without its sent form (by version 8 or 9): its text is erased here.
        marks = ", ".join("?" * len(sent))
        late = self._conn.execute(
            f"SELECT id, member_id, payload FROM outbox WHERE id IN ({marks}) AND text_erased = 0",
            [outbox_id for outbox_id, _, _ in sent],
        ).fetchall()
        refs = {outbox_id: (ref, digest) for outbox_id, ref, digest in sent}
        for outbox_id, member_id, payload in late:
            ref, digest = refs[outbox_id]
            body = _erased(_body(self._conn, outbox_id, member_id, payload))
            self._conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, external_ref = ?, "
                "text_sha256 = ?, payload = ?, text_erased = 1, attempts = attempts + 1 "
                "WHERE id = ?",
                (
                    to_db(now),
                    ref,
                    keyring.sent_digest(digest),
                    _seal(self._conn, outbox_id, member_id, body),
                    outbox_id,
                ),
            )

    def sent_text_matches(self, outbox_id: int, text: str) -> bool:
        """Whether `text` is the text that was sent in that row (its digest is kept)."""
        row = self._conn.execute(
            "SELECT text_sha256 FROM outbox WHERE id = ? AND status = 'sent'", (outbox_id,)
        ).fetchone()
        if row is None or row[0] is None:
            return False
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return hmac.compare_digest(row[0], keyring_of(self._conn).sent_digest(digest))

    def all_tagged(self, tag: str, member_id: int, transport: str) -> list[int]:
        """Every message sent to `member_id` on `transport` under `tag` (all of them are kept
        up to date; a copy on another channel cannot be edited from this one)."""
        # Edits are told apart inside the sealed payload: opened here, few rows per tag.
        return [
            int(row[0])
            for row in self._conn.execute(
                "SELECT id, member_id, payload FROM outbox WHERE tag = ? AND member_id = ? "
                "AND transport = ? ORDER BY id",
                (tag, member_id, transport),
            ).fetchall()
            if not _body(self._conn, row[0], row[1], row[2]).get("edit_ref")
        ]

    def get(self, outbox_id: int) -> Delivery | None:
        """One stored message as it stands (once sent, without its text)."""
        row = self._conn.execute(
            "SELECT id, member_id, transport, address, payload FROM outbox WHERE id = ?",
            (outbox_id,),
        ).fetchone()
        return _delivery(self._conn, row) if row else None

    def tagged(self, tag: str, member_id: int) -> int | None:
        """The latest message sent (or to send) to `member_id` under `tag`."""
        row = self._conn.execute(
            "SELECT id FROM outbox WHERE tag = ? AND member_id = ? ORDER BY id DESC LIMIT 1",
            (tag, member_id),
        ).fetchone()
        return int(row[0]) if row else None

    def last_buttons(self, transport: str, address: str) -> Delivery | None:
        """The latest message with buttons sent to an address (a terminal's buttons)."""
        rows = self._conn.execute(
            "SELECT id, member_id, transport, address, payload FROM outbox "
            "WHERE transport = ? AND address = ? ORDER BY id DESC",
            (transport, blind_index(self._conn, transport, address)),
        )
        # Whether a message has buttons is inside its sealed payload: newest first, until one.
        while batch := rows.fetchmany(20):
            for row in batch:
                delivery = _delivery(self._conn, row)
                if delivery.choices:
                    return delivery
        return None

    def tag_report(self, tag: str) -> dict[str, int]:
        """How the people sent messages under `tag` fared, one outcome each (their worst):
        pending, unreachable, failed, or sent."""
        report = {"sent": 0, "failed": 0, "unreachable": 0, "pending": 0}
        for (outcome,) in self._conn.execute(
            "SELECT CASE WHEN SUM(status = 'pending') > 0 THEN 'pending' "
            "WHEN SUM(status = 'failed' AND last_error LIKE 'unreachable%') > 0 "
            "THEN 'unreachable' WHEN SUM(status = 'failed') > 0 THEN 'failed' ELSE 'sent' END "
            "FROM outbox WHERE tag = ? GROUP BY member_id",
            (tag,),
        ):
            report[outcome] += 1
        return report

    def replied(self, transport: str, address: str, external_ref: str) -> Delivery | None:
        """The message someone replied to (by mail: its Message-ID), with its choices."""
        row = self._conn.execute(
            "SELECT id, member_id, transport, address, payload FROM outbox "
            "WHERE transport = ? AND address = ? AND external_ref = ? ORDER BY id DESC LIMIT 1",
            (transport, blind_index(self._conn, transport, address), external_ref),
        ).fetchone()
        return _delivery(self._conn, row) if row else None

    def tag_of_reply(self, transport: str, address: str, external_ref: str) -> str | None:
        """The tag of the message someone replied to (it says which case it was about)."""
        row = self._conn.execute(
            "SELECT tag FROM outbox WHERE transport = ? AND address = ? AND external_ref = ? "
            "AND tag IS NOT NULL ORDER BY id DESC LIMIT 1",
            (transport, blind_index(self._conn, transport, address), external_ref),
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def external_ref(self, outbox_id: int) -> str | None:
        row = self._conn.execute(
            "SELECT external_ref FROM outbox WHERE id = ? AND status = 'sent'", (outbox_id,)
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def record_pieces(self, outbox_id: int, pieces_sent: int) -> None:
        self._conn.execute(
            "UPDATE outbox SET pieces_sent = ? WHERE id = ?", (pieces_sent, outbox_id)
        )

    def mark_retry(self, outbox_id: int, next_attempt_at: datetime, error: str) -> int:
        row = self._conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
            "WHERE id = ? RETURNING attempts",
            (to_db(next_attempt_at), error, outbox_id),
        ).fetchone()
        return int(row[0]) if row else 0

    def mark_failed(self, outbox_id: int, error: str) -> None:
        """A dead letter: the kind of failure in clear (e.g. `unreachable`), the channel's own
        message sealed with the payload (it may quote the recipient's address)."""
        row = self._conn.execute(
            "SELECT member_id, payload FROM outbox WHERE id = ?", (outbox_id,)
        ).fetchone()
        if row is None:
            return
        body = _body(self._conn, outbox_id, row[0], row[1])
        body["error"] = error
        self._conn.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, "
            "payload = ? WHERE id = ?",
            (error.partition(":")[0], _seal(self._conn, outbox_id, row[0], body), outbox_id),
        )

    def redact_failed(self, before: datetime) -> int:
        """Dead letters keep their text for a while (to look into them), then lose it too."""
        rows = self._conn.execute(
            "SELECT id, member_id, payload FROM outbox "
            "WHERE status = 'failed' AND created_at < ? AND text_erased = 0",
            (to_db(before),),
        ).fetchall()
        self._conn.executemany(
            "UPDATE outbox SET payload = ?, payload_sent = NULL, text_erased = 1 WHERE id = ?",
            [
                (_seal(self._conn, r[0], r[1], _erased(_body(self._conn, r[0], r[1], r[2]))), r[0])
                for r in rows
            ],
        )
        return len(rows)


def _erased(body: Any) -> Any:
    """A payload without its text, attachment and error message (its buttons stay: a reply
    may name one)."""
    body["text"] = ""
    body.pop("attachment", None)
    body.pop("error", None)
    return body

"""Each member's conversation state, versioned so stale buttons and races are detected."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from flows.domain.model import Conversation
from storage.sealed import CONVERSATIONS
from storage.timestamps import to_db


class ConcurrentUpdate(RuntimeError):
    """Another writer moved the conversation on since it was loaded."""


class SqlConversations:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def load(self, member_id: int) -> Conversation:
        row = self._conn.execute(
            "SELECT version, state FROM conversations WHERE member_id = ?", (member_id,)
        ).fetchone()
        if row is None:
            return Conversation(member_id=member_id, version=0, state={})
        # The state holds a draft form's answers: facts, a phone number… sealed.
        state = CONVERSATIONS.key(self._conn, member_id).open_text("state", member_id, row[1])
        return Conversation(member_id=member_id, version=row[0], state=json.loads(state))

    def save(self, conversation: Conversation, loaded_version: int, now: datetime) -> None:
        state = CONVERSATIONS.key(self._conn, conversation.member_id).seal(
            "state",
            conversation.member_id,
            json.dumps(conversation.state, ensure_ascii=False, separators=(",", ":")),
        )
        if loaded_version == 0:
            self._conn.execute(
                "INSERT INTO conversations(member_id, version, state, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (conversation.member_id, conversation.version, state, to_db(now)),
            )
            return
        cursor = self._conn.execute(
            "UPDATE conversations SET version = ?, state = ?, updated_at = ? "
            "WHERE member_id = ? AND version = ?",
            (conversation.version, state, to_db(now), conversation.member_id, loaded_version),
        )
        if cursor.rowcount != 1:
            raise ConcurrentUpdate(f"conversation of member {conversation.member_id}")

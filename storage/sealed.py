"""Which columns are encrypted, under whose key, and how each ciphertext names its row.

Every free text about a case or a person is sealed under the data key of its owner: a case
(its texts, journal, history notes, analysis, satisfaction comments), a member (phone, mail,
draft form state, messages waiting to be sent), an RCP meeting (items, decisions, attendees).
The associated data of each value is its table, column, row and owner. A row whose id SQLite
would choose on INSERT gets it beforehand instead (`new_row_id`, in the writing transaction, so
no other writer can take it): the ciphertext then names the row it is written to.

The in-place encryption of older databases (storage/encrypt_existing.py) reads these
definitions too: one description serves writing, reading and upgrading.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.encryption import UnreadableValue, associated_data, keyring_of, seal, unseal
from storage.key_store import CASE, MEETING, MEMBER, SYSTEM, data_key


@dataclass(frozen=True, slots=True)
class Sealed:
    """A table whose `columns` are sealed under the key of the owner named by `owner` (None:
    the system key), each value naming its row by the column `row`."""

    table: str
    kind: str
    columns: tuple[str, ...]
    owner: str | None = "id"
    row: str = "id"

    def key(self, conn: sqlite3.Connection, owner_id: int | None) -> OwnerKey:
        kind, number = (self.kind, owner_id) if owner_id is not None else (SYSTEM, 0)
        return OwnerKey(self.table, kind, number, data_key(conn, keyring_of(conn), kind, number))


class OwnerKey:
    """One owner's data key, for the values of one table."""

    __slots__ = ("_cipher", "_kind", "_owner_id", "_table")

    def __init__(self, table: str, kind: str, owner_id: int, cipher: AESGCM) -> None:
        self._table, self._kind, self._owner_id, self._cipher = table, kind, owner_id, cipher

    def seal(self, column: str, row: object, text: str | None) -> bytes | None:
        if text is None:
            return None
        aad = associated_data(self._table, column, row, self._kind, self._owner_id)
        return seal(self._cipher, text.encode("utf-8"), aad)

    def open(self, column: str, row: object, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, bytes):
            raise UnreadableValue(
                f"{self._table}.{column}, ligne {row} : valeur en clair dans une base chiffrée "
                "(lancez « rexbot migrate » pour la chiffrer)"
            )
        aad = associated_data(self._table, column, row, self._kind, self._owner_id)
        try:
            return unseal(self._cipher, value, aad).decode("utf-8")
        except InvalidTag:
            raise UnreadableValue(
                f"{self._table}.{column}, ligne {row} : valeur illisible (altérée, ou déplacée "
                "d'une autre ligne)"
            ) from None

    def open_text(self, column: str, row: object, value: object) -> str:
        """A NOT NULL column's value."""
        text = self.open(column, row, value)
        assert text is not None, (self._table, column, row)
        return text


def blind_index(conn: sqlite3.Connection, transport: str, address: str) -> str:
    """What an address (a mail address, a chat id) is stored and looked up as."""
    return keyring_of(conn).blind_index(transport, address)


def new_row_id(conn: sqlite3.Connection, table: str) -> int:
    """The id SQLite would give the next row (it takes the largest plus one), chosen before
    the INSERT so that the ciphertext can name it. Only inside the writing transaction."""
    row = conn.execute(f"SELECT COALESCE(MAX(rowid), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


INCIDENTS = Sealed(
    "incidents",
    CASE,
    (
        "facts",
        "why",
        "learned",
        "phone",
        "contact_slot",
        "outcome",
        "orientation",
        "report",
        "close_reason",
    ),
)
HISTORY = Sealed("incident_history", CASE, ("note",), owner="incident_id")
MESSAGES = Sealed("case_messages", CASE, ("text",), owner="incident_id")
TIMELINE = Sealed("case_timeline", CASE, ("text",), owner="incident_id")
FACTORS = Sealed("case_factors", CASE, ("text",), owner="incident_id")
ACTIONS = Sealed("case_actions", CASE, ("text", "note"), owner="incident_id")
SURVEYS = Sealed("satisfaction", CASE, ("comment",), owner="incident_id")
MEETINGS = Sealed("rcp_meetings", MEETING, ("other_attendees",))
ITEMS = Sealed("rcp_items", MEETING, ("title", "description", "reason", "outcome"), "meeting_id")
DECISIONS = Sealed("rcp_decisions", MEETING, ("text", "note"), owner="meeting_id")
MEMBERS = Sealed("members", MEMBER, ("phone", "email"))
CONVERSATIONS = Sealed("conversations", MEMBER, ("state",), owner="member_id", row="member_id")
INVITATIONS = Sealed("invitations", SYSTEM, ("phone", "email"), owner=None, row="code")
# Rows named by their blind index, and an outbox payload that takes the address in: their
# in-place encryption is a job of its own (storage/encrypt_existing.py).
IDENTITIES = Sealed("member_identities", MEMBER, ("address_enc",), owner="member_id")
OUTBOX = Sealed("outbox", MEMBER, ("payload",), owner="member_id")

# Tables whose columns are sealed as they are (the generic in-place job).
PLAIN_COLUMNS = (
    INCIDENTS,
    HISTORY,
    MESSAGES,
    TIMELINE,
    FACTORS,
    ACTIONS,
    SURVEYS,
    MEETINGS,
    ITEMS,
    DECISIONS,
    MEMBERS,
    CONVERSATIONS,
    INVITATIONS,
)

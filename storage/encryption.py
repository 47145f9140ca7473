"""Encryption at rest, envelope style: AES-256-GCM (the `cryptography` package's AESGCM).

- The master key (storage/keys.py) lives in a file outside the database and only wraps keys.
- Each case, member and RCP meeting has a data key of its own, stored in `data_keys` wrapped by
  the master key (with the master key's fingerprint, so a rotation re-wraps them without
  touching the data). A `system` key holds what belongs to nobody yet (invitations).
- A `root` data key, wrapped the same way, is the source of the keys derived with HKDF: the
  blind index of addresses, the digest of sent texts, the audit chain. Derived from it rather
  than from the master key itself, they survive a rotation: indexes stay valid, and digests
  and the audit chain stay verifiable, with no data re-keyed.
- A sealed value is `01 | nonce (12) | ciphertext and tag`, a BLOB. Its associated data names
  its table, column, row and owner: a ciphertext moved to another row or column does not open.

The connection carries the keyring (`KeyedConnection`), so every repository built on it
encrypts and decrypts inside the unit of work, and flows only ever see plain text.
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.keys import KEY_BYTES, MasterKey

VERSION = b"\x01"
_NONCE = 12
# Data keys kept unwrapped in memory, so that each is looked up once; cleared when full.
_CACHE_SIZE = 20_000


class EncryptionError(RuntimeError):
    """Encrypted data and the key at hand do not go together; the message is in French."""


class MissingKey(EncryptionError):
    pass


class WrongKey(EncryptionError):
    def __init__(self, message: str, database_key_id: str | None = None) -> None:
        super().__init__(message)
        self.database_key_id = database_key_id


class UnreadableValue(EncryptionError):
    pass


def associated_data(table: str, column: str, row: object, kind: str, owner_id: int) -> bytes:
    return f"rexbot/1|{table}.{column}|{row}|{kind}:{owner_id}".encode()


def seal(cipher: AESGCM, plain: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    return VERSION + nonce + cipher.encrypt(nonce, plain, aad)


def unseal(cipher: AESGCM, sealed: bytes, aad: bytes) -> bytes:
    """The plain bytes; InvalidTag if the key, the place or the bytes are not the right ones."""
    if sealed[:1] != VERSION or len(sealed) < 1 + _NONCE + 16:
        raise InvalidTag
    return cipher.decrypt(sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :], aad)


def derive(root: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"rexbot/1/{purpose}".encode()
    ).derive(root)


class Keyring:
    """The master key, and the keys it unlocks in one database once bound to it: one keyring
    per database (its derived keys are that database's)."""

    def __init__(self, master: MasterKey) -> None:
        self.master = master
        self._kek = AESGCM(master.secret)
        # Data keys read or created by committed transactions. A data key never changes (a
        # rotation re-wraps it, the same key): what is here stays right.
        self._known: dict[tuple[str, int], AESGCM] = {}
        self._derived: dict[str, bytes] = {}
        # Each address's blind index, computed once (several lookups per update).
        self._indexes: dict[tuple[str, str], str] = {}

    @property
    def key_id(self) -> str:
        return self.master.key_id

    def new_data_key(self, kind: str, owner_id: int) -> tuple[bytes, AESGCM]:
        """A fresh data key, wrapped under the master key, and its cipher."""
        secret = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        return self.wrap(kind, owner_id, secret), AESGCM(secret)

    def wrap(self, kind: str, owner_id: int, secret: bytes) -> bytes:
        return seal(self._kek, secret, self._wrap_aad(kind, owner_id))

    def unwrap_secret(self, kind: str, owner_id: int, wrapped: bytes) -> bytes:
        try:
            return unseal(self._kek, wrapped, self._wrap_aad(kind, owner_id))
        except InvalidTag:
            raise WrongKey(
                f"la clé de données {kind}:{owner_id} ne s'ouvre pas avec la clé maîtresse "
                f"{self.key_id}"
            ) from None

    def cipher(self, kind: str, owner_id: int, wrapped: bytes) -> AESGCM:
        return AESGCM(self.unwrap_secret(kind, owner_id, wrapped))

    def known(self, kind: str, owner_id: int) -> AESGCM | None:
        return self._known.get((kind, owner_id))

    def remember(self, keys: dict[tuple[str, int], AESGCM]) -> None:
        """Data keys a transaction read or created, once it committed (never before: a key
        created by a transaction rolled back does not exist)."""
        if len(self._known) + len(keys) > _CACHE_SIZE:
            self._known.clear()
        self._known.update(keys)

    def bind_root(self, root: bytes) -> None:
        """Derive the keys of one database from its root key (storage/key_store.py)."""
        self._derived = {
            purpose: derive(root, purpose)
            for purpose in ("blind-index", "sent-digest", "audit-chain")
        }
        self._indexes.clear()

    @property
    def audit_key(self) -> bytes:
        return self._key("audit-chain")

    def blind_index(self, transport: str, address: str) -> str:
        """What an address is looked up by, without the address: a keyed HMAC."""
        entry = (transport, address)
        index = self._indexes.get(entry)
        if index is None:
            message = f"{transport}\x00{address}".encode()
            index = "bi1:" + hmac.digest(self._key("blind-index"), message, "sha256").hex()[:32]
            if len(self._indexes) >= _CACHE_SIZE:
                self._indexes.clear()
            self._indexes[entry] = index
        return index

    def sent_digest(self, text_sha256: str) -> str:
        """The digest kept of a sent text: an HMAC of its SHA-256, so that a short text (a
        phone number, « Oui ») cannot be found again by trying every candidate."""
        return hmac.digest(self._key("sent-digest"), text_sha256.encode(), "sha256").hex()

    def _key(self, purpose: str) -> bytes:
        key = self._derived.get(purpose)
        if key is None:  # never an HMAC under an empty key
            raise MissingKey("la clé n'a pas encore été vérifiée sur cette base")
        return key

    def _wrap_aad(self, kind: str, owner_id: int) -> bytes:
        return f"rexbot/1|data_keys|{kind}:{owner_id}|{self.key_id}".encode()


class KeyedConnection(sqlite3.Connection):
    """A connection that knows the keyring of its database (None: no key was given), and the
    data keys the transaction under way has used (the keyring keeps them once it commits)."""

    keyring: Keyring | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys_in_transaction: dict[tuple[str, int], AESGCM] = {}


def transaction_began(conn: sqlite3.Connection) -> None:
    if isinstance(conn, KeyedConnection):
        conn.keys_in_transaction.clear()


def transaction_ended(conn: sqlite3.Connection, committed: bool) -> None:
    if isinstance(conn, KeyedConnection):
        if committed and conn.keyring is not None and conn.keys_in_transaction:
            conn.keyring.remember(conn.keys_in_transaction)
        conn.keys_in_transaction.clear()


def keyring_of(conn: sqlite3.Connection) -> Keyring:
    keyring = conn.keyring if isinstance(conn, KeyedConnection) else None
    if keyring is None:
        raise MissingKey("aucune clé de chiffrement : la donnée ne peut être ni lue ni écrite")
    return keyring

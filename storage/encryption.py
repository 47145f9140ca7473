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

import hashlib
import hmac
import secrets
import sqlite3

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.keys import KEY_BYTES, MasterKey

VERSION = b"\x01"
_NONCE = 12
# Unwrapped data keys kept in memory (each ~1 KB with its cipher object); cleared when full.
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
    """The master key, and the keys it unlocks in one database once bound to it."""

    def __init__(self, master: MasterKey) -> None:
        self.master = master
        self._kek = AESGCM(master.secret)
        self._ciphers: dict[tuple[str, int, bytes], AESGCM] = {}
        self.index_key = b""
        self.digest_key = b""
        self.audit_key = b""

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
        # Keyed by the wrapped bytes too: a key rolled back or re-wrapped is never served stale.
        entry = (kind, owner_id, wrapped)
        cipher = self._ciphers.get(entry)
        if cipher is None:
            if len(self._ciphers) >= _CACHE_SIZE:
                self._ciphers.clear()
            cipher = self._ciphers[entry] = AESGCM(self.unwrap_secret(kind, owner_id, wrapped))
        return cipher

    def bind_root(self, root: bytes) -> None:
        self.index_key = derive(root, "blind-index")
        self.digest_key = derive(root, "sent-digest")
        self.audit_key = derive(root, "audit-chain")

    def blind_index(self, transport: str, address: str) -> str:
        """What an address is looked up by, without the address: a keyed HMAC."""
        mac = hmac.new(self.index_key, f"{transport}\x00{address}".encode(), hashlib.sha256)
        return "bi1:" + mac.hexdigest()[:32]

    def sent_digest(self, text_sha256: str) -> str:
        """The digest kept of a sent text: an HMAC of its SHA-256, so that a short text (a
        phone number, « Oui ») cannot be found again by trying every candidate."""
        return hmac.new(self.digest_key, text_sha256.encode(), hashlib.sha256).hexdigest()

    def _wrap_aad(self, kind: str, owner_id: int) -> bytes:
        return f"rexbot/1|data_keys|{kind}:{owner_id}|{self.key_id}".encode()


class KeyedConnection(sqlite3.Connection):
    """A connection that knows the keyring of its database (None: no key was given)."""

    keyring: Keyring | None = None


def keyring_of(conn: sqlite3.Connection) -> Keyring:
    keyring = conn.keyring if isinstance(conn, KeyedConnection) else None
    if keyring is None:
        raise MissingKey("aucune clé de chiffrement : la donnée ne peut être ni lue ni écrite")
    return keyring

"""The master key: 32 random bytes in a file of its own, outside the database, that only its
owner may read (REXBOT_DATA_KEY_FILE). It wraps the data keys stored in the database and is
never stored there; its fingerprint (an HMAC of a constant under the key) names it.

A rotation writes the new key beside the old one (`<file>.new`) before the database is re-wrapped,
and replaces the old file only after that commit: a crash at any point leaves a key that opens
the database (see `pending_path`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

KEY_BYTES = 32
_HEADER = "rexbot-master-key-v1"


class KeyFileError(ValueError):
    """A key file that cannot be used; the message says why, in French."""


@dataclass(frozen=True, slots=True)
class MasterKey:
    secret: bytes = field(repr=False)

    @property
    def key_id(self) -> str:
        """The key's fingerprint: shows which key a database needs, reveals nothing of it."""
        return hmac.new(self.secret, b"rexbot master key id", hashlib.sha256).hexdigest()[:16]

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(secrets.token_bytes(KEY_BYTES))


def pending_path(path: Path) -> Path:
    """Where a rotation writes the new key until the database no longer needs the old one."""
    return path.with_name(path.name + ".new")


def read_key_file(path: Path) -> MasterKey:
    """The key in `path`; refused if anyone but its owner may read it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KeyFileError(
            f"fichier de clé introuvable : {path} (créez-le avec « rexbot keys init »)"
        ) from None
    except OSError as error:
        raise KeyFileError(f"fichier de clé illisible : {path} ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileError(f"{path} n'est pas un fichier")
    if info.st_mode & 0o077:
        raise KeyFileError(
            f"{path} est accessible à d'autres que son propriétaire (droits "
            f"{stat.S_IMODE(info.st_mode):o}) : faites « chmod 600 {path} »"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KeyFileError(f"fichier de clé illisible : {path} ({error})") from None
    for line in text.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == _HEADER:
            try:
                secret = base64.b64decode(words[1], validate=True)
            except (binascii.Error, ValueError):
                break
            if len(secret) == KEY_BYTES:
                return MasterKey(secret)
            break
    raise KeyFileError(f"{path} ne contient pas de clé rexbot valide")


def write_key_file(path: Path, key: MasterKey) -> None:
    """Create `path` (mode 600) holding `key`; never overwrites an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = (
        f"# Clé maîtresse de rexbot (REXBOT_DATA_KEY_FILE), empreinte {key.key_id}.\n"
        "# Sans elle la base est illisible : sauvegardez-la à part de la base, jamais avec.\n"
        f"{_HEADER} {base64.b64encode(key.secret).decode('ascii')}\n"
    )
    try:
        # O_EXCL: an existing key is never lost to a second `keys init`.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path} existe déjà : il n'est pas écrasé") from None
    except OSError as error:
        raise KeyFileError(f"impossible de créer {path} ({error.strerror})") from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink()  # no half-written key left to be taken for a good one
        raise
    os.close(fd)
    _sync_directory(path.parent)


def replace_key_file(new: Path, path: Path) -> None:
    """Put the key at `new` in place of `path`, atomically and durably."""
    os.replace(new, path)
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    # A renamed or created file survives a power cut only once its directory is synced.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

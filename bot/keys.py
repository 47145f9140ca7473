"""`rexbot keys init` and `rexbot keys rotate`, the demo's throwaway key, and what start-up
says when the key does not open the database."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import Settings
from storage.database import sqlite_path
from storage.encryption import WrongKey
from storage.key_store import rewrap
from storage.keys import (
    KeyFileError,
    MasterKey,
    pending_path,
    read_key_file,
    replace_key_file,
    write_key_file,
)


def key_path(settings: Settings, given: Path | None) -> Path:
    path = given or settings.data_key_file
    if path is None:
        raise KeyFileError("indiquez le fichier de la clé : --file ou REXBOT_DATA_KEY_FILE")
    return path


def init(path: Path) -> int:
    key = MasterKey.generate()
    write_key_file(path, key)
    print(
        f"Clé maîtresse créée : {path} (empreinte {key.key_id}, lisible par son seul "
        "propriétaire).\n"
        f"Indiquez-la dans les réglages : REXBOT_DATA_KEY_FILE={path.resolve()}\n"
        "Sauvegardez ce fichier dès maintenant, ailleurs que la base et que ses sauvegardes : "
        "sans lui les données sont perdues, avec la base il les livre."
    )
    return 0


def demo_key(database_url: str) -> Path:
    """The demo's key, beside its own database, created on first use: a throwaway."""
    path = Path(sqlite_path(database_url)).with_suffix(".key")
    if not path.exists():
        write_key_file(path, MasterKey.generate())
    return path


async def rotate(settings: Settings) -> int:
    """Re-wrap every data key under a new master key. The new key is written (beside the old
    one) before the database changes, and replaces the old file only after the commit: run
    again after any interruption, it finishes or starts over."""
    path = key_path(settings, None)
    new_path = pending_path(path)
    print(
        "Rotation de la clé maîtresse. rexbot doit être arrêté (systemctl stop rexbot) : un "
        "processus en marche garde l'ancienne clé."
    )
    db = settings.database()
    old = db.keyring
    assert old is not None
    try:
        await db.open()
    except WrongKey as error:
        if _rotation_pending(path, error):
            replace_key_file(new_path, path)
            print(
                f"Rotation interrompue terminée : {path} contient maintenant la clé "
                f"{error.database_key_id}, celle qu'attend la base."
            )
            _after_rotation(path)
            return 0
        raise
    try:
        if new_path.exists():
            # Left by a rotation stopped before its commit: the database never used it.
            new_path.unlink()
        new = MasterKey.generate()
        write_key_file(new_path, new)
        print(f"1. Nouvelle clé écrite dans {new_path} (empreinte {new.key_id}).")
        count = await db.transaction(lambda conn: rewrap(conn, old, new))
        # The old wrapped keys must not stay readable in the WAL.
        await db.checkpoint()
        print(
            f"2. {count} clés de données re-chiffrées sous la nouvelle clé, en une transaction "
            "(les données elles-mêmes ne changent pas)."
        )
    finally:
        await db.close()
    replace_key_file(new_path, path)
    print(
        f"3. {path} contient la nouvelle clé ; l'ancienne (empreinte {old.key_id}) n'est plus "
        "sur ce serveur."
    )
    _after_rotation(path)
    return 0


def _after_rotation(path: Path) -> None:
    print(
        "À faire maintenant :\n"
        f"  - sauvegardez {path} à part de la base (jamais avec ses sauvegardes), à la place de "
        "l'ancienne clé ;\n"
        "  - les sauvegardes de la base antérieures à cette rotation ne s'ouvrent qu'avec "
        "l'ancienne clé : gardez-la avec elles, ou détruisez-les ensemble ;\n"
        "  - redémarrez rexbot (systemctl start rexbot).\n"
        "Si cette commande est interrompue, relancez-la : la nouvelle clé est écrite avant que "
        "l'ancienne ne soit effacée, et elle reprend là où elle en était."
    )


def _rotation_pending(path: Path, error: WrongKey) -> bool:
    """Whether the database already moved to the key a rotation left in `<file>.new`."""
    new_path = pending_path(path)
    if not new_path.exists():
        return False
    return read_key_file(new_path).key_id == error.database_key_id


def explain_wrong_key(settings: Settings, error: WrongKey) -> None:
    print(f"Chiffrement : {error}.", file=sys.stderr)
    path = settings.data_key_file
    if path is not None and _rotation_pending(path, error):
        print(
            f"Une rotation de clé a été interrompue : la base attend déjà la clé de "
            f"{pending_path(path)}. Relancez « rexbot keys rotate » pour la terminer.",
            file=sys.stderr,
        )

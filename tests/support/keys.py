"""Throwaway master keys for tests and benchmarks: the session's (REXBOT_DATA_KEY_FILE, set by
tests/conftest.py), or else one beside the database, created on first use."""

from __future__ import annotations

import os
from pathlib import Path

from storage.encryption import Keyring
from storage.keys import MasterKey, read_key_file, write_key_file


def key_file_for(db_path: Path) -> Path:
    configured = os.environ.get("REXBOT_DATA_KEY_FILE")
    if configured:
        return Path(configured)
    path = db_path.with_name(db_path.name + ".key")
    if not path.exists():
        write_key_file(path, MasterKey.generate())
    return path


def keyring_for(db_path: Path) -> Keyring:
    return Keyring(read_key_file(key_file_for(db_path)))

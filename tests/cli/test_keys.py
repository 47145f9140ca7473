"""`rexbot keys init` and `rexbot keys rotate`, and the start-up checks of the key."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the key goes (not created yet), with the database beside it."""
    path = tmp_path / "cle" / "rexbot.key"
    monkeypatch.setenv("REXBOT_DATA_KEY_FILE", str(path))
    monkeypatch.setenv("REXBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("REXBOT_MAIL_ADDRESS", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return path


def test_init_creates_a_private_key_once(key: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "init"]) == 0
    out = capsys.readouterr().out
    assert f"REXBOT_DATA_KEY_FILE={key}" in out and "Sauvegardez ce fichier" in out
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    content = key.read_bytes()
    assert main(["keys", "init"]) == 2
    assert "existe déjà" in capsys.readouterr().err
    assert key.read_bytes() == content
    other = key.with_name("autre.key")
    assert main(["keys", "init", "--file", str(other)]) == 0
    assert other.read_bytes() != content


def test_a_key_readable_by_others_or_missing_is_refused(
    key: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["members"]) == 2
    assert "fichier de clé introuvable" in capsys.readouterr().err
    main(["keys", "init"])
    key.chmod(0o640)
    assert main(["members"]) == 2
    assert f"chmod 600 {key}" in capsys.readouterr().err
    key.chmod(0o600)
    assert main(["members"]) == 0
    monkeypatch.delenv("REXBOT_DATA_KEY_FILE")
    capsys.readouterr()
    assert main(["members"]) == 2
    assert "rexbot keys init" in capsys.readouterr().err
    # A real installation (a Telegram token) does not start without a key either.
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert main(["run"]) == 2
    assert "REXBOT_DATA_KEY_FILE n'est pas défini" in capsys.readouterr().err


def test_rotate_rewraps_and_the_old_key_no_longer_opens(
    key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["keys", "init"])
    assert (
        main(["invite", "--role", "cell", "--name", "Sophie Martin", "--phone", "0612345678"]) == 0
    )
    old = tmp_path / "old.key"
    shutil.copy(key, old)
    conn = sqlite3.connect(tmp_path / "rexbot.db")
    wrapped = [row[0] for row in conn.execute("SELECT wrapped FROM data_keys")]
    conn.close()
    capsys.readouterr()
    assert main(["keys", "rotate"]) == 0
    # The keys wrapped under the old key are gone from the file and its WAL, not just replaced.
    files = (tmp_path / "rexbot.db", tmp_path / "rexbot.db-wal")
    raw = b"".join(path.read_bytes() for path in files if path.exists())
    assert wrapped and not any(blob in raw for blob in wrapped)
    out = capsys.readouterr().out
    assert "rexbot doit être arrêté" in out and "clés de données re-chiffrées" in out
    assert "sauvegardes de la base antérieures" in out
    assert key.read_bytes() != old.read_bytes()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert main(["members"]) == 0
    assert "Sophie Martin" in capsys.readouterr().out
    monkeypatch.setenv("REXBOT_DATA_KEY_FILE", str(old))
    assert main(["members"]) == 2
    assert "ce n'est pas la bonne clé" in capsys.readouterr().err


def test_an_interrupted_rotation_is_finished_by_running_it_again(
    key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["keys", "init"])
    main(["invite", "--role", "cell", "--name", "Sophie Martin"])
    new = key.with_name("rexbot.key.new")
    # Stopped before its commit: the new key written, the database still on the old one.
    shutil.copy(key, new)
    os.chmod(new, 0o600)
    assert main(["members"]) == 0
    old = tmp_path / "old.key"
    shutil.copy(key, old)
    assert main(["keys", "rotate"]) == 0
    # Stopped after its commit, before the file was replaced: put that state back.
    os.replace(key, new)
    shutil.copy(old, key)
    os.chmod(key, 0o600)
    capsys.readouterr()
    assert main(["members"]) == 2
    err = capsys.readouterr().err
    assert "rotation de clé a été interrompue" in err and "rexbot keys rotate" in err
    assert main(["keys", "rotate"]) == 0
    assert "Rotation interrompue terminée" in capsys.readouterr().out
    assert not new.exists()
    assert main(["members"]) == 0
    assert "Sophie Martin" in capsys.readouterr().out


def test_the_demo_makes_a_throwaway_key_beside_its_database(
    key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REXBOT_DATA_KEY_FILE")
    assert main(["--demo", "members"]) == 0
    demo_key = tmp_path / "rexbot-demo.key"
    assert oct(demo_key.stat().st_mode & 0o777) == "0o600"
    assert main(["--demo", "members"]) == 0  # the same key again
    assert not key.exists()

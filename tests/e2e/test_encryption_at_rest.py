"""Encryption at rest, end to end: after a whole scenario (a declaration with facts and a phone
number, routing, the journal both ways, a level-1 closure, a satisfaction comment, an RCP item),
none of the texts typed is in the database file or its WAL, in any form; the master key is
rotated and everything still reads after a restart; a wrong key, or none, refuses to start."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from pathlib import Path

import pytest

# The CLI runs its own event loop: called from a thread of its own here.
from bot.cli import main
from flows.domain.model import Role
from storage.database import Database
from storage.encryption import MissingKey, WrongKey
from storage.keys import MasterKey, write_key_file
from tests.support.conversations import FACTS, cell, create_meeting, fill_until_recap, propose_item
from tests.support.harness import Harness, Person

PHONE = "06 12 34 56 78"
TO_DECLARANT = "Bonjour, pouvez-vous préciser l'heure de la sortie du patient ?"
TO_CELL = "Vers 19 h, juste avant la fermeture de la pharmacie du quartier."
OUTCOME = "Le pharmacien a rappelé le médecin traitant, ordonnance refaite le soir même."
COMMENT = "Très réactif, merci beaucoup pour le rappel « rapide »."
ITEM_TITLE = "Ordonnances absentes du vendredi"
ITEM_TEXT = "Relecture des ordonnances de sortie transmises le vendredi soir aux officines."
TYPED = [FACTS, PHONE, "+33612345678", "0612345678", TO_DECLARANT, TO_CELL, OUTCOME, COMMENT]
TYPED += [ITEM_TITLE, ITEM_TEXT]


def forms(text: str) -> list[bytes]:
    """The ways a text could lie in the file: as UTF-8, JSON-escaped (ASCII or not), and any
    stretch of it between two non-ASCII characters long enough to be telling."""
    found = [
        text.encode("utf-8"),
        json.dumps(text)[1:-1].encode("ascii"),
        json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8"),
    ]
    stretches = "".join(c if c.isascii() else "\0" for c in text).split("\0")
    found += [s.strip().encode("ascii") for s in stretches if len(s.strip()) >= 12]
    return found


def leaks(paths: list[Path]) -> list[str]:
    raw = b"".join(path.read_bytes() for path in paths if path.exists())
    return [text for text in TYPED if any(form in raw for form in forms(text))]


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A key of this test's own (it is rotated), where rexbot and the harness look for it."""
    path = tmp_path / "keys" / "rexbot.key"
    write_key_file(path, MasterKey.generate())
    monkeypatch.setenv("REXBOT_DATA_KEY_FILE", str(path))
    monkeypatch.setenv("REXBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return path


async def press(person: Person, label: str) -> None:
    """Press `label` on the latest message that has it."""
    await person.press(
        label, next(d for d in reversed(person.inbox) if label in [c.label for c in d.choices])
    )


async def scenario(harness: Harness) -> None:
    camille, sophie, _, _ = await cell(harness)
    await fill_until_recap(camille, contact="Par téléphone")
    await camille.press("Confirmer")
    assert sophie.last.text.startswith("Nouveau cas pour vous")  # routed
    await sophie.press("Je prends en charge")
    await press(sophie, "Appel passé")
    await sophie.send("/dossiers")
    await sophie.press("Écrire sur REX-2026-0001")
    await sophie.send(TO_DECLARANT)
    assert TO_DECLARANT in camille.last.text
    await camille.send(TO_CELL)
    await camille.press("REX-2026-0001")
    assert TO_CELL in sophie.last.text
    await press(sophie, "Niveau 1 — réglé")
    await sophie.send(OUTCOME)
    await camille.press("4")
    await camille.press("5")
    await camille.press("Écrire un commentaire")
    await camille.send(COMMENT)
    julie = await harness.enrolled("Julie Blanc", "400", Role.COORDINATOR)
    await create_meeting(julie)
    await propose_item(camille, ITEM_TITLE, ITEM_TEXT)


async def everything_reads(harness: Harness) -> None:
    case = await harness.case()
    assert (case.facts, case.phone, case.outcome) == (FACTS, "+33612345678", OUTCOME)
    journal = await harness.query(lambda repos: repos.cases.messages(case))
    assert [text for _, _, text in journal] == [TO_DECLARANT, TO_CELL]
    survey = await harness.query(lambda repos: repos.casework.survey_by_id(1))
    assert survey is not None and survey.comment == COMMENT
    items = await harness.query(lambda repos: repos.rcp.items(1))
    assert [(i.title, i.description) for i in items] == [(ITEM_TITLE, ITEM_TEXT)]
    camille = await harness.query(lambda repos: repos.members.by_identity("memory", "100"))
    assert camille is not None and camille.name == "Camille Durand"
    assert await harness.query(lambda repos: repos.members.identities(camille.id)) == [
        ("memory", "100")
    ]


async def test_nothing_typed_is_in_the_files_and_a_rotated_key_still_reads(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rexbot.db"
    files = [db, db.with_name("rexbot.db-wal")]
    harness = Harness(db)
    await harness.start()
    try:
        await scenario(harness)
        # Read while the bot runs: the WAL holds the latest pages until a checkpoint.
        assert files[1].stat().st_size > 0
        assert leaks(files) == []
        # Names stay in clear (the members' directory, listings): the search sees the files.
        assert b"Camille Durand" in b"".join(path.read_bytes() for path in files)
        for path in (*files, db.with_name("rexbot.db-shm")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        await everything_reads(harness)
    finally:
        await harness.stop()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert leaks(files) == []
    # The search does find a text that is there, in its JSON-escaped form too.
    probe = tmp_path / "probe.json"
    probe.write_text(json.dumps({"comment": COMMENT, "facts": FACTS}), encoding="utf-8")
    assert leaks([probe]) == [FACTS, COMMENT]

    capsys.readouterr()
    assert await asyncio.to_thread(main, ["keys", "rotate"]) == 0
    said = capsys.readouterr().out
    assert "clés de données re-chiffrées" in said and "sauvegardez" in said
    assert not key_file.with_name("rexbot.key.new").exists()
    restarted = Harness(db)
    await restarted.start()
    try:
        await everything_reads(restarted)
    finally:
        await restarted.stop()


async def test_a_wrong_key_or_none_refuses_to_start(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rexbot.db"
    harness = Harness(db)
    await harness.start()
    await harness.enrolled("Camille Durand", "100")
    await harness.stop()

    other = tmp_path / "other.key"
    write_key_file(other, MasterKey.generate())
    os.environ["REXBOT_DATA_KEY_FILE"] = str(other)  # restored by the fixture's monkeypatch
    with pytest.raises(WrongKey):
        await Harness(db).start()
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["members"]) == 2
    assert "ce n'est pas la bonne clé" in capsys.readouterr().err
    del os.environ["REXBOT_DATA_KEY_FILE"]
    assert await asyncio.to_thread(main, ["members"]) == 2
    assert "REXBOT_DATA_KEY_FILE n'est pas défini" in capsys.readouterr().err
    with pytest.raises(MissingKey):
        await Database(f"sqlite:///{db}").open()

"""Enrollment by invitation code, and strangers."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.transports.contract import TemporaryFailure
from flows.domain.model import Role
from tests.support.harness import Harness


async def test_stranger_gets_one_polite_answer_and_nothing_is_stored(harness: Harness) -> None:
    stranger = harness.person("999")
    texts = await stranger.send("Bonjour, j'ai un souci avec un patient")
    assert len(texts) == 1
    assert "invitation" in texts[0] and "coordinat" in texts[0]
    texts = await stranger.media("photo")
    assert "invitation" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM members") == [(0,)]
    assert await harness.sql("SELECT COUNT(*) FROM member_identities") == [(0,)]
    assert await harness.sql("SELECT COUNT(*) FROM outbox") == [(0,)]
    assert await harness.sql("SELECT COUNT(*) FROM conversations") == [(0,)]
    assert await harness.sql("SELECT COUNT(*) FROM processed_updates") == [(0,)]
    assert await harness.sql("SELECT COUNT(*) FROM audit_log") == [(0,)]


async def test_valid_code_enrolls_with_role_and_shows_menu(harness: Harness) -> None:
    code = await harness.invite("Camille Durand", Role.CELL, "infirmier")
    camille = harness.person("100")
    texts = await camille.send(f"/start {code}")
    assert "Bienvenue Camille Durand" in texts[-1]
    assert camille.buttons() == ["Déclarer un REX", "Mes déclarations", "Aide"]
    member = await harness.query(lambda repos: repos.members.by_identity("memory", "100"))
    assert member is not None
    assert (member.name, member.role.value, member.profession) == (
        "Camille Durand",
        "cell",
        "infirmier",
    )
    assert await harness.query(lambda repos: repos.members.identities(member.id)) == [
        ("memory", "100")
    ]
    actions = await harness.sql("SELECT action FROM audit_log")
    assert ("member.enrolled",) in actions


async def test_code_typed_by_hand_is_forgiving(harness: Harness) -> None:
    code = await harness.invite("Karim Benali")
    spaced = f"{code[:5].lower()} {code[5:].lower()}"
    texts = await harness.person("101").send(f"/start {spaced}")
    assert "Bienvenue" in texts[-1]


async def test_code_works_once(harness: Harness) -> None:
    code = await harness.invite("Camille Durand")
    await harness.person("100").send(f"/start {code}")
    texts = await harness.person("200").send(f"/start {code}")
    assert "déjà été utilisé" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM members") == [(1,)]


async def test_expired_and_unknown_codes_are_refused(harness: Harness) -> None:
    code = await harness.invite("Camille Durand")
    harness.clock.advance(timedelta(days=7, minutes=1))
    texts = await harness.person("100").send(f"/start {code}")
    assert "expiré" in texts[0]
    texts = await harness.person("100").send("/start ZZZZZZZZZZ")
    assert "pas reconnu" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM members") == [(0,)]
    assert await harness.sql("SELECT COUNT(*) FROM processed_updates") == [(0,)]


async def test_profession_asked_when_invitation_has_none(harness: Harness) -> None:
    code = await harness.invite("Alex Roy", profession=None)
    alex = harness.person("300")
    texts = await alex.send(f"/start {code}")
    assert "Quelle est votre profession" in texts[-1]
    assert "Masseur-kinésithérapeute" in alex.buttons()
    assert alex.buttons()[-1] == "Autre"
    await alex.press("Autre")
    assert "Écrivez votre profession" in alex.last.text
    texts = await alex.send("Diététicien")
    assert "inscription est terminée" in texts[-1]
    assert await harness.sql("SELECT profession FROM members") == [("Diététicien",)]


async def test_profession_from_buttons(harness: Harness) -> None:
    code = await harness.invite("Alex Roy", profession=None)
    alex = harness.person("300")
    await alex.send(f"/start {code}")
    await alex.press("Sage-femme")
    assert await harness.sql("SELECT profession FROM members") == [("sage_femme",)]


async def test_redelivered_start_enrolls_once(harness: Harness) -> None:
    code = await harness.invite("Camille Durand")
    camille = harness.person("100")
    await camille.send(f"/start {code}", external_id="tg-1")
    assert await camille.send(f"/start {code}", external_id="tg-1") == []
    assert await harness.sql("SELECT COUNT(*) FROM members") == [(1,)]


async def test_start_again_when_enrolled(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    texts = await camille.send("/start")
    assert "Bonjour Camille Durand" in texts[-1]


async def test_busy_database_is_a_temporary_failure_and_nothing_half_written(
    tmp_path: Path,
) -> None:
    h = Harness(tmp_path / "busy.db", busy_timeout_ms=50)
    await h.start()
    camille = await h.enrolled("Camille Durand", "100")
    blocker = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    with pytest.raises(TemporaryFailure):
        await camille.send("/declarer", external_id="x-1")
    blocker.execute("ROLLBACK")
    blocker.close()
    # The same update, delivered again, is handled normally (it was not recorded).
    texts = await camille.send("/declarer", external_id="x-1")
    assert "De quel type" in texts[0]
    await h.stop()

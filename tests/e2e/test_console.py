"""The console demo, driven line by line as a newcomer would type it."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest

from bot.app import serve_console
from bot.config import Settings
from tests.support.conversations import later

FACTS = "Sortie d'hospitalisation sans transmission du traitement au cabinet infirmier."


async def run_demo(tmp_path: Path, lines: list[str]) -> str:
    out = io.StringIO()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}",
        # The real clock: no quiet hours, whatever the time of the run.
        quiet_hours="",
        quiet_days="",
    )
    queue = iter([*lines, "/quitter"])

    async def read_line() -> str:
        return next(queue) + "\n"

    await serve_console(settings, demo=True, output=out, read_line=read_line)
    return out.getvalue()


async def test_declaration_with_numbers_in_the_demo(tmp_path: Path) -> None:
    screen = await run_demo(
        tmp_path,
        ["/declarer", "1", "1", FACTS, "1", "1", "2", "2", "1", "/mes_declarations"],
    )
    assert "Vous êtes maintenant Camille Durand" in screen
    assert "   1. Événement indésirable" in screen
    assert re.search(r"enregistrée sous la référence REX-\d{4}-0001", screen)
    assert "Vos déclarations (1)" in screen


async def test_switch_identity_and_enroll_a_newcomer(tmp_path: Path) -> None:
    screen = await run_demo(tmp_path, ["/as nadia"])
    assert "Vous êtes maintenant Nadia Roux (pilote)" in screen
    code = re.search(r"/start ([A-Z0-9]{10})", screen)
    assert code is not None
    screen = await run_demo(tmp_path, ["/nouveau", f"/start {code.group(1)}", "Sage-femme"])
    assert "Quelle est votre profession" in screen
    assert "Bienvenue Alex Nouveau, votre inscription est terminée" in screen
    assert "[Alex Nouveau] >" in screen


@pytest.mark.parametrize("line", ["/as Personne Inconnue"])
async def test_unknown_identity(tmp_path: Path, line: str) -> None:
    screen = await run_demo(tmp_path, [line])
    assert "Aucun membre ne s'appelle « Personne Inconnue »" in screen


async def test_a_case_card_is_answered_by_number_on_the_console(tmp_path: Path) -> None:
    screen = await run_demo(
        tmp_path,
        ["/declarer", "3", "2", FACTS, "1", "1", "2", "2", "1", "/as Sophie", "1", "/as Camille"],
    )
    assert "→ pour Sophie Martin" in screen and "Nouveau cas pour vous" in screen
    assert "Vous suivez désormais REX-" in screen
    assert "est prise en charge par un membre de la cellule qualité" in screen


async def test_buttons_still_answer_to_numbers_after_a_restart(tmp_path: Path) -> None:
    await run_demo(tmp_path, ["/declarer", "3", "2", FACTS, "1", "1", "2", "2", "1"])
    # Sophie's card arrived before the restart; "1" still presses "Je prends en charge".
    screen = await run_demo(tmp_path, ["/as Sophie", "1"])
    assert "Vous suivez désormais REX-" in screen


async def test_an_rcp_on_the_console(tmp_path: Path) -> None:
    """Julie creates a meeting, Camille proposes; the vote's deadlines are brought forward in
    the database between two runs, the way the README suggests for trying it out."""
    screen = await run_demo(
        tmp_path,
        [
            "/as Julie",
            "/rcp",
            "1",  # Nouvelle réunion
            "RCP du mois",
            later(10),
            "12h30",
            "1",  # 60 min
            "Salle 2",
            "1",  # Tous les membres
            later(2),
            later(4),
            "2",  # 5 sujets
            "Passer",
            "Confirmer",
            "/as Camille",
            "/rcp",
            "1",  # Proposer un sujet
            "Sorties du vendredi",
            "Ordonnances absentes le vendredi soir.",
            "Protocole",
            "15 min",
            "Confirmer",
        ],
    )
    assert "Réunion « RCP du mois » créée" in screen
    assert "« Sorties du vendredi » est proposé" in screen

    def bring_forward(kind: str) -> None:
        conn = sqlite3.connect(tmp_path / "demo.db")
        with conn:
            conn.execute(
                "UPDATE reminders SET due_at = '2000-01-01T00:00:00.000000+00:00' WHERE kind = ?",
                (kind,),
            )
        conn.close()

    bring_forward("rcp_vote_open")
    screen = await run_demo(tmp_path, ["/as Camille", "/rcp", "1"])  # « Mon bulletin », then…
    assert "Vote pour l'ordre du jour de « RCP du mois »" in screen
    screen = await run_demo(tmp_path, ["/as Camille", "1"])  # …item 1 approved
    assert "✅ 1. Sorties du vendredi" in screen
    bring_forward("rcp_vote_close")
    screen = await run_demo(
        tmp_path,
        ["/as Julie", "/rcp", "Ordre du jour : RCP du mois", "Publier l'ordre du jour"],
    )
    assert "1. Sorties du vendredi — 1 voix" in screen
    assert "en cours d'envoi" in screen
    files = list((tmp_path / "rexbot-fichiers").glob("*.ics"))
    assert len(files) == 1 and "BEGIN:VCALENDAR" in files[0].read_text(encoding="utf-8")

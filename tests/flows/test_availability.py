"""`/absent` and `/disponible` for quality-cell members."""

from __future__ import annotations

from flows.domain.model import Role
from tests.support.harness import Harness


async def test_absence_in_one_line(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    texts = await sophie.send("/absent du 24/11 au 28/11")
    assert "absent·e du mardi 24 novembre 2026 au samedi 28 novembre 2026 inclus" in texts[0]
    assert await harness.sql("SELECT starts_on, ends_on FROM member_absences") == [
        ("2026-11-24", "2026-11-28")
    ]
    assert ("member.absent",) in await harness.sql("SELECT action FROM audit_log")


async def test_absence_until_a_weekday_starts_today(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await sophie.send("/absent jusqu'à mercredi")
    assert await harness.sql("SELECT starts_on, ends_on FROM member_absences") == [
        ("2026-11-22", "2026-11-25")
    ]


async def test_guided_absence_with_buttons_and_text(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await sophie.send("/absent")
    assert sophie.buttons() == ["Aujourd'hui", "Demain"]
    await sophie.press("Demain")
    texts = await sophie.send("20/11/2026")
    assert "déjà passée" in texts[0]
    await sophie.send("vendredi")
    assert await harness.sql("SELECT starts_on, ends_on FROM member_absences") == [
        ("2026-11-23", "2026-11-27")
    ]


async def test_guided_absence_takes_a_whole_range_at_the_first_step(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await sophie.send("/absent")
    texts = await sophie.send("jusqu'à lundi")
    assert "du dimanche 22 novembre 2026 au lundi 23 novembre 2026" in texts[0]
    await sophie.send("/absent")
    await sophie.send("du 1/12 au 3/12")
    await sophie.send("/absent")
    texts = await sophie.send("du 3/12 au 1/12")
    assert "avant le début" in texts[0]
    assert await harness.sql("SELECT starts_on, ends_on FROM member_absences") == [
        ("2026-11-22", "2026-11-23"),
        ("2026-12-01", "2026-12-03"),
    ]


async def test_past_and_reversed_dates_are_refused(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    texts = await sophie.send("/absent du 10/11/2026 au 28/11")
    assert "déjà passée" in texts[0] and "Exemples" in texts[0]
    texts = await sophie.send("/absent du 28/11 au 24/11")
    assert "avant le début" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM member_absences") == [(0,)]


async def test_back_to_available(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    texts = await sophie.send("/disponible")
    assert "déjà disponible" in texts[0]
    await sophie.send("/absent du 20/12 au 24/12")
    await sophie.send("/absent jusqu'à mardi")
    # An absence that began last week (recorded then).
    await harness.db.transaction(
        lambda conn: conn.execute(
            "INSERT INTO member_absences(member_id, starts_on, ends_on, created_at) "
            "VALUES (1, '2026-11-16', '2026-11-30', '2026-11-16T08:00:00+00:00')"
        )
    )
    texts = await sophie.send("/disponible")
    assert "de nouveau disponible" in texts[0]
    # Today's absence is dropped, the one under way ends yesterday, the December leave stays.
    assert await harness.sql(
        "SELECT starts_on, ends_on FROM member_absences ORDER BY starts_on"
    ) == [("2026-11-16", "2026-11-21"), ("2026-12-20", "2026-12-24")]


async def test_reserved_to_the_cell(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    texts = await camille.send("/absent demain")
    assert "réservée aux membres de la cellule" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM member_absences") == [(0,)]


async def test_accents_and_a_start_already_past(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    texts = await sophie.send("/absent Jusqu’à mardi")
    assert "au mardi 24 novembre 2026 inclus" in texts[0]
    texts = await sophie.send("/absent à partir du 24/11 jusqu'au 28/11")
    assert "du mardi 24 novembre 2026 au samedi 28 novembre 2026" in texts[0]
    texts = await sophie.send("/absent du 20/11 au 28/11")
    assert "déjà passée" in texts[0]


async def test_a_day_just_gone_is_not_next_year(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    for typed in ("/absent 20/11", "/absent hier"):
        texts = await sophie.send(typed)
        assert "déjà passée" in texts[0]
    texts = await sophie.send("/absent 2/1")  # next January, not last one
    assert "samedi 2 janvier 2027" in texts[0]


async def test_planned_absences_can_be_cancelled(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    await sophie.send("/absent du 24/11 au 28/11")
    await sophie.send("/absent du 24/11 au 28/11")  # said twice: one absence
    assert await harness.sql("SELECT COUNT(*) FROM member_absences") == [(1,)]
    texts = await sophie.send("/disponible")
    assert "Vous êtes disponible aujourd'hui." in texts[0]
    assert "du mardi 24 novembre 2026 au samedi 28 novembre 2026" in texts[0]
    planned = sophie.last
    texts = await sophie.press("Annuler le 24/11–28/11")
    assert "est annulée" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM member_absences") == [(0,)]
    texts = await sophie.press("Annuler le 24/11–28/11", planned)
    assert "n'est plus prévue" in texts[0]


async def test_a_range_just_gone_is_not_next_year(harness: Harness) -> None:
    sophie = await harness.enrolled("Sophie Martin", "200", Role.CELL)
    texts = await sophie.send("/absent du 01/11 au 05/11")
    assert "déjà passée" in texts[0]
    assert await harness.sql("SELECT COUNT(*) FROM member_absences") == [(0,)]

#!/usr/bin/env python
"""Benchmark: a database holding 100,000 pending reminders, 10,000 of them due (2,000 of those
are acknowledgement deadlines of routed cases, which route each case again).

    python tests/bench/bench_reminders.py [--pending 100000] [--due 10000]

Reports, as one JSON line: the start-up time of the real engine, outbox and scheduler on that
database (schema check, outbox sweep), the time to claim and dispatch the due reminders (each in
its own transaction, messages delivered to an in-memory channel), and the peak RSS.
Targets (issue 3): start-up < 2 s, 10,000 due reminders < 10 s, RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from storage.database import connect  # noqa: E402
from storage.schema import migrate  # noqa: E402
from storage.timestamps import to_db  # noqa: E402
from tests.support.harness import START, Harness  # noqa: E402
from tests.support.keys import keyring_for  # noqa: E402

MEMBERS = 1_000
CELL = 50
# Of the due reminders, this many are acknowledgement deadlines of routed cases: each one closes
# an offer and routes the case again (the candidates query over the whole cell).
ROUTED = 2_000


def fill(db_path: Path, pending: int, due: int) -> None:
    """Members each in the middle of a declaration, and their draft reminders."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    migrate(conn)
    conn.execute("BEGIN")
    created = to_db(START)
    for member_id in range(1, MEMBERS + 1):
        conn.execute(
            "INSERT INTO members(id, name, role, language, created_at) "
            "VALUES (?, ?, 'professional', 'fr', ?)",
            (member_id, f"Professionnel {member_id}", created),
        )
        conn.execute(
            "INSERT INTO member_identities(transport, address, member_id, created_at) "
            "VALUES ('memory', ?, ?, ?)",
            (str(member_id), member_id, created),
        )
        conn.execute(
            "INSERT INTO conversations(member_id, version, state, updated_at) VALUES (?, 1, ?, ?)",
            (
                member_id,
                json.dumps({"flow": "declare", "mode": "fill", "step": "facts", "data": {}}),
                created,
            ),
        )
    for n in range(CELL):
        member_id = MEMBERS + 1 + n
        conn.execute(
            "INSERT INTO members(id, name, role, profession, language, created_at) "
            "VALUES (?, ?, 'cell', 'infirmier', 'fr', ?)",
            (member_id, f"Cellule {n}", created),
        )
        conn.execute(
            "INSERT INTO member_identities(transport, address, member_id, created_at) "
            "VALUES ('memory', ?, ?, ?)",
            (str(member_id), member_id, created),
        )
    due_at = to_db(START - timedelta(hours=1))
    for n in range(ROUTED):
        holder = MEMBERS + 1 + n % CELL
        incident = conn.execute(
            "INSERT INTO incidents(reference, declarant_id, incident_type, event_date, facts, "
            "possible_eigs, anonymous, contact_mode, status, assigned_to, channel, declared_at) "
            "VALUES (?, ?, 'situation_complexe', '2026-11-20', ?, 0, 1, 'message', 'assigned', "
            "?, 'memory', ?)",
            (f"REX-2026-{n + 1:05d}", 1 + n % MEMBERS, "Faits " * 20, holder, created),
        ).lastrowid
        offer = conn.execute(
            "INSERT INTO case_offers(incident_id, member_id, offered_at) VALUES (?, ?, ?)",
            (incident, holder, created),
        ).lastrowid
        conn.execute(
            "INSERT INTO reminders(key, kind, member_id, due_at, payload, status, created_at) "
            "VALUES (?, 'ack_timeout', ?, ?, ?, 'pending', ?)",
            (f"ack:{offer}:timeout", holder, due_at, json.dumps({"offer": offer}), created),
        )
    rows = []
    for n in range(pending - ROUTED):
        # The due ones are an hour old; the others fall over the next 30 days.
        when = (
            START - timedelta(hours=1)
            if n < due - ROUTED
            else START + timedelta(minutes=1 + n % 43_200)
        )
        member_id = 1 + n % MEMBERS
        rows.append((f"bench:{n}", member_id, to_db(when), json.dumps({"version": 1}), created))
    conn.executemany(
        "INSERT INTO reminders(key, kind, member_id, due_at, payload, status, created_at) "
        "VALUES (?, 'draft', ?, ?, ?, 'pending', ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()
    # Written in clear as an older version did: encrypted in place as a start-up would, so
    # that the database is what the current version would have written (not timed).
    connect(str(db_path), keyring_for(db_path))[0].close()


async def run(pending: int, due: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as tmp:
        db_path = Path(tmp) / "rexbot.db"
        fill(db_path, pending, due)
        # No quiet hours: the clock is a Sunday afternoon anyway.
        harness = Harness(db_path, quiet_hours=None)
        cards_before = ROUTED
        started = time.perf_counter()
        await harness.start()
        startup = time.perf_counter() - started
        started = time.perf_counter()
        fired = await harness.scheduler.run_due()
        await harness.outbox.wait_idle(timeout=120)
        dispatch = time.perf_counter() - started
        delivered = sum(len(v) for v in harness.transport.received.values())
        left = await harness.sql(
            "SELECT COUNT(*) FROM reminders WHERE status = 'pending' AND due_at <= ?",
            (to_db(START),),
        )
        rerouted = await harness.sql(
            "SELECT COUNT(*) FROM case_offers WHERE id > ?", (cards_before,)
        )
        await harness.stop()
    return {
        "pending": pending,
        "due": due,
        "startup_s": round(startup, 3),
        "dispatch_s": round(dispatch, 3),
        "fired": fired,
        "messages_delivered": delivered,
        "due_left": left[0][0],
        "cases_rerouted": rerouted[0][0],
        "reminders_per_s": round(fired / dispatch, 1) if dispatch else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.pending, args.due))))


if __name__ == "__main__":
    main()

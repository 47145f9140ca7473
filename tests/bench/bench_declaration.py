#!/usr/bin/env python
"""Benchmark: N professionals each enroll and complete a REX declaration on Telegram.

    python tests/bench/bench_declaration.py --users 200

Runs rexbot (the real process, real Telegram transport, SQLite on disk) and the baseline
(python-telegram-bot's ConversationHandler + PicklePersistence) against the same local Bot API
stand-in, with no think time (throughput) and with 1 s between inputs (latency), and prints one
JSON line. Every rexbot declaration is checked to be committed in the database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.bench.bench_baseline import FIRST_USER_ID  # noqa: E402
from tests.bench.bench_baseline import run as run_baseline  # noqa: E402
from tests.support.botapi_standin import BotApiStandIn  # noqa: E402
from tests.support.load import declaration_script, measure  # noqa: E402
from tests.support.prepared_db import (  # noqa: E402
    database_with_invitations,
    stand_in_settings,
)
from tests.support.scripted_users import Action, Text  # noqa: E402

REXBOT = [sys.executable, "-m", "bot.cli", "run"]


def rexbot_script(code: str) -> list[Action]:
    """The baseline's script, enrolling with a real invitation code first."""
    return [Text(f"/start {code}"), *declaration_script()[1:]]


prepare = database_with_invitations


async def run_rexbot(users: int, think: float, budget: float) -> dict[str, Any]:
    standin = BotApiStandIn()
    await standin.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-rexbot-") as tmp:
            db_path = Path(tmp) / "rexbot.db"
            codes = prepare(db_path, users)
            env = stand_in_settings(standin.token, standin.base_url, db_path)
            scripts = {FIRST_USER_ID + i: rexbot_script(code) for i, code in enumerate(codes)}
            result = await measure(
                REXBOT, env, standin, scripts, think, ready_line="rexbot ready", timeout=budget
            )
            conn = sqlite3.connect(db_path)
            result["declarations_committed"] = conn.execute(
                "SELECT COUNT(*) FROM incidents"
            ).fetchone()[0]
            conn.close()
            return result
    finally:
        await standin.stop()


async def main_async(users: int, budget: float, skip_baseline: bool) -> dict[str, Any]:
    report: dict[str, Any] = {"users": users}
    rexbot = await run_rexbot(users, 0.0, budget)
    report["rexbot"] = rexbot
    report["rexbot_think_1s"] = await run_rexbot(users, 1.0, budget)
    if not skip_baseline:
        baseline = await run_baseline(users, 0.0, budget)
        report["baseline"] = baseline
        report["ratio_updates_per_s"] = (
            round(rexbot["updates_per_s"] / baseline["updates_per_s"], 2)
            if baseline["updates_per_s"]
            else None
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args.users, args.timeout, args.skip_baseline))))


if __name__ == "__main__":
    main()

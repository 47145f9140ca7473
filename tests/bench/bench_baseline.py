#!/usr/bin/env python
"""Benchmark the baseline PTB bot (tests/bench/baseline_ptb.py) alone.

    python tests/bench/bench_baseline.py --users 200 --think 0

Every user runs one complete REX declaration; prints one JSON line with the figures
returned by ``tests.support.load.measure``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

# Run as a plain script, the repository root is not on sys.path yet.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.botapi_standin import BotApiStandIn  # noqa: E402
from tests.support.load import BASELINE, declaration_script, measure  # noqa: E402

FIRST_USER_ID = 100_000_001


async def run(users: int, think: float, budget: float) -> dict[str, object]:
    standin = BotApiStandIn()
    await standin.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
            argv = [
                sys.executable,
                str(BASELINE),
                "--base-url",
                standin.base_url,
                "--token",
                standin.token,
                "--persistence",
                str(Path(tmp) / "baseline.pickle"),
            ]
            scripts = {FIRST_USER_ID + i: declaration_script() for i in range(users)}
            return await measure(argv, {}, standin, scripts, think, timeout=budget)
    finally:
        await standin.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the baseline PTB bot")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--think", type=float, default=0.0, help="seconds between actions")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.users, args.think, args.timeout))), flush=True)


if __name__ == "__main__":
    main()

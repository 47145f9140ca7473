#!/usr/bin/env python
"""Benchmark: 200 members declaring a REX by e-mail at the same time, through rexbot's inbound
SMTP listener (STARTTLS, client certificate required) and a local relay that requires the bot's
client certificate.

    python tests/bench/bench_mail.py [--members 200]

Each member enrolls (/start CODE) then declares in 8 replies, each answering the bot's last
mail. Reports, as one JSON line: the mails handled per second, and the time from a member's
mail being sent to the bot's answer being accepted by the relay (p50, p95, p99).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.invitations import invite  # noqa: E402
from tests.support.mail import FACTS, mail_app  # noqa: E402
from tests.support.mail_gateway import Gateway, Relay  # noqa: E402

STEPS = ["1", "1", FACTS, "Passer", "Passer", "2", "Rester anonyme", "Confirmer"]


async def member(gateway: Gateway, relay: Relay, address: str, code: str) -> list[float]:
    latencies = []
    started = time.monotonic()
    await gateway.send(address, subject=f"/start {code}")
    await relay.wait_for(address, 1, timeout=300)
    latencies.append(time.monotonic() - started)
    started = time.monotonic()
    await gateway.send(address, "/declarer")
    previous = await relay.wait_for(address, 2, timeout=300)
    latencies.append(time.monotonic() - started)
    for number, text in enumerate(STEPS, 3):
        started = time.monotonic()
        await gateway.send(address, text, reply_to=previous)
        previous = await relay.wait_for(address, number, timeout=300)
        latencies.append(time.monotonic() - started)
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def run(members: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        async with mail_app(Path(tmp)) as (app, gateway, relay):
            codes = [await invite(app, f"Professionnel {n}") for n in range(members)]
            addresses = [f"pro{n}@infirmier.mssante.fr" for n in range(members)]
            started = time.monotonic()
            results = await asyncio.gather(
                *(member(gateway, relay, a, c) for a, c in zip(addresses, codes, strict=True))
            )
            duration = time.monotonic() - started
            declared = await app.db.call(
                lambda conn: conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
            )
    latencies = [value for series in results for value in series]
    return {
        "members": members,
        "mails_in": len(latencies),
        "declarations": declared,
        "duration_s": round(duration, 2),
        "mails_per_s": round(len(latencies) / duration, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.members))))


if __name__ == "__main__":
    main()

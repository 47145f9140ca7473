#!/usr/bin/env python
"""Benchmark: an RCP agenda broadcast to 1,000 members through the real Telegram transport,
against the Bot API stand-in enforcing Telegram's flood limits (429 + retry_after).

    python tests/bench/bench_broadcast.py [--members 1000]

Each member receives two messages (the agenda, the .ics invitation); the coordinator too. The
floor is the number of messages divided by Telegram's 30 messages/s. Reports, as one JSON line:
the duration and its ratio to the floor, the 429s received, duplicates (messages beyond the two
each person should get), and the peak RSS. Targets (issue 5): ratio ≤ 1.05, 0 429s, 0 duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.botapi_standin import RateLimits  # noqa: E402
from tests.support.broadcast import (  # noqa: E402
    COORDINATOR_CHAT,
    FIRST_CHAT,
    meeting_ready_to_publish,
    press_publish,
)
from tests.support.telegram import telegram_app  # noqa: E402

TELEGRAM_RATE = 30.0


async def run(members: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        async with telegram_app(
            Path(tmp),
            standin_limits=RateLimits(),
            telegram_global_rate=TELEGRAM_RATE,
            telegram_chat_rate=1,
        ) as (app, standin):
            version = await meeting_ready_to_publish(app, members)
            chats = [COORDINATOR_CHAT, *(FIRST_CHAT + n for n in range(members))]
            started = time.monotonic()
            await press_publish(app, version)

            def agendas(chat: int) -> int:
                return sum(
                    1
                    for m in standin.messages(chat)
                    if m.get("text", "").startswith("Ordre du jour —") or "document" in m
                )

            await standin.wait_for(
                lambda: all(agendas(chat) >= 2 for chat in chats), timeout=members
            )
            duration = time.monotonic() - started
            await asyncio.sleep(1.0)  # a duplicate would show up now
            messages = sum(agendas(chat) for chat in chats)
            expected = 2 * len(chats)
            floor = expected / TELEGRAM_RATE
            return {
                "members": members,
                "messages": messages,
                "duration_s": round(duration, 2),
                "floor_s": round(floor, 2),
                "ratio": round(duration / floor, 3),
                "too_many_requests": standin.too_many_requests,
                "duplicates": messages - expected,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=1_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.members))))


if __name__ == "__main__":
    main()

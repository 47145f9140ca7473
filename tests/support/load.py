"""Load runs for the benchmarks and their tests: the runner, its percentiles, a scripted REX."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import signal
import tempfile
from pathlib import Path
from typing import IO, Any

from tests.support.botapi_standin import BotApiStandIn
from tests.support.scripted_users import Action, Button, Text, run_scripted_users

__all__ = ["BASELINE", "FACTS", "declaration_script", "measure", "percentile"]

# The baseline bot: python-telegram-bot's ConversationHandler + PicklePersistence.
BASELINE = Path(__file__).resolve().parents[1] / "bench" / "baseline_ptb.py"
FACTS = (
    "Lors de la sortie d'hospitalisation, l'ordonnance transmise à la pharmacie "
    "ne mentionnait pas l'arrêt de l'anticoagulant"
)
assert len(FACTS) == 120, len(FACTS)

_STARTUP_TIMEOUT = 60.0
_STOP_GRACE = 10.0


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set size) of a live process, in MiB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _tail(stream: IO[bytes], limit: int = 4000) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")[-limit:]


async def _wait_ready(stdout: asyncio.StreamReader, ready_line: str) -> None:
    while True:
        line = await stdout.readline()
        if not line:
            raise RuntimeError("bot exited before announcing readiness")
        if ready_line in line.decode("utf-8", "replace"):
            return


async def _drain(stdout: asyncio.StreamReader) -> None:
    # Keep reading so a chatty bot never blocks on a full pipe.
    while await stdout.readline():
        pass


async def _stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(proc.wait(), _STOP_GRACE)
    except TimeoutError:
        proc.kill()
        await proc.wait()


async def measure(
    bot_argv: list[str],
    env: dict[str, str],
    standin: BotApiStandIn,
    scripts: dict[int, list[Action]],
    think_time: float,
    ready_line: str = "READY",
    timeout: float = 300,  # noqa: ASYNC109 - the whole run's budget, passed to the users
) -> dict[str, Any]:
    """Run ``bot_argv`` (environment = os.environ updated with ``env``) in a subprocess against
    ``standin`` and the scripted users of ``scripts``, in this process, and return the figures:
    throughput, reply latency percentiles and the bot's peak RSS, so the baseline PTB bot and
    rexbot can be compared on the same scripts.

    The stand-in is started (and stopped afterwards) unless it is already running; a bot
    pointed at it usually needs its port, so callers typically start it themselves.
    """
    started_here = not standin.is_running
    if started_here:
        await standin.start()
    errors: dict[str, list[str]] = {}
    peak_rss: float | None = None
    with tempfile.TemporaryFile() as stderr:
        proc = await asyncio.create_subprocess_exec(
            *bot_argv,
            env={**os.environ, **env},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
        )
        assert proc.stdout is not None
        drain: asyncio.Task[None] | None = None
        try:
            try:
                await asyncio.wait_for(
                    _wait_ready(proc.stdout, ready_line), min(timeout, _STARTUP_TIMEOUT)
                )
            except (RuntimeError, TimeoutError) as exc:
                raise RuntimeError(
                    f"bot did not print {ready_line!r} ({exc!r}); stderr:\n{_tail(stderr)}"
                ) from exc
            drain = asyncio.create_task(_drain(proc.stdout))
            result = await run_scripted_users(standin, scripts, think_time, timeout)
            # VmHWM disappears with the process, so sample it before stopping the bot.
            peak_rss = _peak_rss_mb(proc.pid)
            if proc.returncode is not None:
                errors["bot"] = [
                    f"bot exited early with code {proc.returncode}; stderr:\n{_tail(stderr)}"
                ]
        finally:
            await _stop(proc)
            if drain is not None:
                drain.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await drain
            if started_here:
                await standin.stop()

    errors.update({str(user): messages for user, messages in result.errors.items()})
    latencies_ms = [latency * 1000 for latency in result.latencies]
    return {
        "users": len(scripts),
        "updates": result.updates_sent,
        "updates_per_s": round(result.updates_sent / result.wall_time, 1)
        if result.wall_time > 0
        else 0.0,
        "p50_ms": round(percentile(latencies_ms, 50), 1),
        "p95_ms": round(percentile(latencies_ms, 95), 1),
        "p99_ms": round(percentile(latencies_ms, 99), 1),
        "peak_rss_mb": None if peak_rss is None else round(peak_rss, 1),
        "errors": errors,
    }


def declaration_script() -> list[Action]:
    """One complete REX declaration, as the baseline bot asks it (rexbot's enrollment aside)."""
    return [
        Text("/start x"),
        Text("/declarer"),
        Button("Événement indésirable"),
        Button("Aujourd'hui"),
        Text(FACTS),
        Button("Passer"),
        Button("Passer"),
        Button("Non"),
        Button("Révéler mon identité"),
        Button("Par message uniquement"),
        Button("Confirmer"),
    ]

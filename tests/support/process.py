"""The real rexbot process, started, killed and restarted on one database (crash tests)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import IO

from tests.support.botapi_standin import BotApiStandIn
from tests.support.prepared_db import stand_in_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
BOT_ARGV = (sys.executable, "-m", "bot.cli", "run")
READY_LINE = "rexbot ready: telegram @"
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


def bot_env(standin: BotApiStandIn, db_path: Path) -> dict[str, str]:
    # Drop any REXBOT_*/TELEGRAM_* of the caller so only ours configure the bot.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REXBOT_", "TELEGRAM_"))}
    env.update(stand_in_settings(standin.token, standin.base_url, db_path))
    return env


class BotProcess:
    """The real `python -m bot.cli run`, restartable on the same database and environment."""

    def __init__(
        self, env: dict[str, str], stderr_path: Path, ready_line: str = READY_LINE
    ) -> None:
        self.env = env
        self.ready_line = ready_line
        self.stderr_path = stderr_path
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0
        self._drain: asyncio.Task[None] | None = None

    def stderr_tail(self, limit: int = 6000) -> str:
        try:
            text = self.stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no stderr file)"
        return text[-limit:]

    async def start(self) -> None:
        self.starts += 1
        with self.stderr_path.open("ab") as err:
            err.write(f"----- start {self.starts} -----\n".encode())
        err_file: IO[bytes] = self.stderr_path.open("ab")
        try:
            self.proc = await asyncio.create_subprocess_exec(
                *BOT_ARGV,
                cwd=REPO_ROOT,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=err_file,
            )
        finally:
            err_file.close()
        assert self.proc.stdout is not None
        try:
            async with asyncio.timeout(READY_TIMEOUT):
                while True:
                    line = await self.proc.stdout.readline()
                    if not line:
                        raise RuntimeError("bot exited before announcing readiness")
                    if self.ready_line in line.decode("utf-8", "replace"):
                        break
        except (RuntimeError, TimeoutError) as exc:
            raise AssertionError(
                f"start {self.starts}: no {self.ready_line!r} line ({exc!r}); stderr:\n"
                f"{self.stderr_tail()}"
            ) from exc
        self._drain = asyncio.create_task(self._drain_stdout(self.proc.stdout))

    @staticmethod
    async def _drain_stdout(stdout: asyncio.StreamReader) -> None:
        while await stdout.readline():
            pass

    async def _reap(self) -> int:
        assert self.proc is not None
        code = await self.proc.wait()
        if self._drain is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._drain
            self._drain = None
        return code

    def sigkill(self) -> None:
        """SIGKILL the running bot now (synchronous: usable from a stand-in hook)."""
        assert self.proc is not None
        if self.proc.returncode is not None:
            raise AssertionError(
                f"the bot died on its own (code {self.proc.returncode}); stderr:\n"
                f"{self.stderr_tail()}"
            )
        # Not reaped yet, so the pid cannot have been reused.
        os.kill(self.proc.pid, signal.SIGKILL)

    async def wait_killed(self) -> None:
        code = await self._reap()
        assert code == -signal.SIGKILL, f"killed bot exited with {code}"

    async def terminate(self) -> int:
        """SIGTERM (the orderly stop) and the exit code."""
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(STOP_TIMEOUT):
                return await self._reap()
        except TimeoutError:
            self.proc.kill()
            await self._reap()
            raise AssertionError(f"bot ignored SIGTERM for {STOP_TIMEOUT}s") from None

    async def cleanup(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self._reap()

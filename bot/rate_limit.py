"""Token buckets: Telegram allows ~30 messages/s per bot and ~1/s per chat with short bursts."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """`rate` tokens per second up to `burst`; rate 0 means no limit."""

    def __init__(
        self, rate: float, burst: float, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self._monotonic = monotonic
        self._tokens = self.burst
        self._stamp = monotonic()

    def reserve(self) -> float:
        """Take one token now and return how long to wait before using it."""
        if self.rate <= 0:
            return 0.0
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def is_full(self) -> bool:
        """True once the bucket has refilled: forgetting it then changes nothing."""
        if self.rate <= 0:
            return True
        elapsed = self._monotonic() - self._stamp
        return self._tokens + elapsed * self.rate >= self.burst

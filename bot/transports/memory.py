"""An in-memory transport: what each address received, with failures to inject (tests, demos)."""

from __future__ import annotations

from collections import defaultdict

from bot.transports.contract import Capabilities, Runtime
from flows.domain.messages import Delivery


class MemoryTransport:
    def __init__(self, name: str = "memory", max_text: int | None = None) -> None:
        self.name = name
        # Paced like a real channel, so the outbox's limits can be tested with it.
        self.capabilities = Capabilities(max_text=max_text, paced=True)
        self.received: dict[str, list[Delivery]] = defaultdict(list)
        self.edits: dict[str, list[Delivery]] = defaultdict(list)
        self.attempts = 0
        # Exceptions raised by the next deliveries, in order (None lets one through).
        self.failures: list[Exception | None] = []
        self.runtime: Runtime | None = None
        self._refs = 0

    async def open(self) -> None:
        return None

    async def start(self, runtime: Runtime) -> str | None:
        # Tests feed inbound messages to the engine themselves; the runtime is kept for them.
        self.runtime = runtime
        return None

    async def stop(self) -> None:
        self.runtime = None

    async def deliver(self, delivery: Delivery) -> str | None:
        self.attempts += 1
        if self.failures:
            failure = self.failures.pop(0)
            if failure is not None:
                raise failure
        if delivery.edit_ref:
            self.edits[delivery.address].append(delivery)
            return delivery.edit_ref
        self.received[delivery.address].append(delivery)
        self._refs += 1
        return str(self._refs)

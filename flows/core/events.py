"""The message bus: domain events recorded by a step, handed to the handlers subscribed to them.

Handlers run after the step, in the order the events were recorded, with the step's context:
what they write belongs to the same transaction. An event nobody handles is a wiring mistake and
fails loudly rather than being dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flows.core.context import FlowContext
from flows.domain.events import Event

E = TypeVar("E", bound=Event)
Handler = Callable[[FlowContext, Any], None]


class UnhandledEvent(LookupError):
    pass


class MessageBus:
    def __init__(self) -> None:
        self._handlers: dict[type[Event], list[Handler]] = {}

    def subscribe(self, kind: type[E], handler: Callable[[FlowContext, E], None]) -> None:
        self._handlers.setdefault(kind, []).append(handler)

    def subscribed(self) -> frozenset[type[Event]]:
        return frozenset(self._handlers)

    def publish(self, ctx: FlowContext) -> None:
        """Handle every event the step recorded, and those its handlers record in turn."""
        while ctx.events:
            event = ctx.events.pop(0)
            handlers = self._handlers.get(type(event))
            if not handlers:
                raise UnhandledEvent(type(event).__name__)
            for handler in handlers:
                handler(ctx, event)

"""Invitation codes created in a running rexbot App, for the end-to-end tests and benchmarks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.app import App
from bot.invitations import InvitationRequest, create_invitations
from flows.domain.model import Role
from storage.database import run_in_transaction


async def invite(
    app: App, name: str, role: Role = Role.PROFESSIONAL, profession: str | None = "infirmier"
) -> str:
    now = app.clock.now()

    def work(conn: Any) -> str:
        request = InvitationRequest(name, role, profession, None, None)
        return create_invitations(conn, [request], now, timedelta(days=7))[0].code

    return await app.db.call(lambda conn: run_in_transaction(conn, work))

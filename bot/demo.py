"""The demo territory: a few members to try every role from the console."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta

from bot.invitations import InvitationRequest, create_invitations
from flows.domain.model import Role
from flows.text.matching import normalise
from storage.unit_of_work import SqlRepositories

DEMO_MEMBERS: tuple[tuple[str, Role, str], ...] = (
    ("Camille Durand", Role.PROFESSIONAL, "infirmier"),
    ("Karim Benali", Role.PROFESSIONAL, "medecin_generaliste"),
    ("Léa Moreau", Role.PROFESSIONAL, "pharmacien"),
    ("Sophie Martin", Role.CELL, "masseur_kinesitherapeute"),
    ("Lucas Petit", Role.CELL, "orthophoniste"),
    ("Inès Lefèvre", Role.CELL, "psychologue"),
    ("Nadia Roux", Role.PILOT, "medecin_generaliste"),
    ("Julie Bernard", Role.COORDINATOR, "autre"),
)


# Invited without a profession, so that enrolling shows the profession question too.
DEMO_NEWCOMER = "Alex Nouveau"
DEMO_INVITE_TTL = timedelta(days=30)


def console_address(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def seed_demo(conn: sqlite3.Connection, now: datetime) -> str:
    """Create the demo members once (an empty database only) and make sure an invitation is
    waiting, so a newcomer can also try enrolling; returns that invitation's code."""
    repos = SqlRepositories(conn)
    if not repos.members.all():
        for name, role, profession in DEMO_MEMBERS:
            member = repos.members.add(name, role, profession, "fr", None, None, now)
            repos.members.link_identity(member.id, "console", console_address(name), now)
            repos.audit.append(now, None, "member.seeded", f"member:{member.id}", "demo")
    code = repos.invitations.open_for(DEMO_NEWCOMER, now)
    if code is None:
        request = InvitationRequest(DEMO_NEWCOMER, Role.PROFESSIONAL, None, None, None)
        code = create_invitations(conn, [request], now, DEMO_INVITE_TTL)[0].code
    return code

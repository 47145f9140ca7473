"""All repositories over one connection, for one transaction."""

from __future__ import annotations

import sqlite3

from storage.audit import SqlAuditLog
from storage.availability import SqlAvailability
from storage.bot_facts import SqlBotFacts
from storage.cases import SqlCases
from storage.casework import SqlCasework
from storage.conversations import SqlConversations
from storage.incidents import SqlIncidents
from storage.indicators import SqlIndicators
from storage.invitations import SqlInvitations
from storage.members import SqlMembers
from storage.outbox import SqlOutbox
from storage.rcp import SqlRcp
from storage.reminders import SqlReminders
from storage.updates import SqlProcessedUpdates


class SqlRepositories:
    """Satisfies `flows.core.ports.Repositories`, plus what the engine and the CLI need."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.members = SqlMembers(conn)
        self.invitations = SqlInvitations(conn)
        self.incidents = SqlIncidents(conn)
        self.reminders = SqlReminders(conn)
        self.audit = SqlAuditLog(conn)
        self.outbox = SqlOutbox(conn)
        self.conversations = SqlConversations(conn)
        self.updates = SqlProcessedUpdates(conn)
        self.facts = SqlBotFacts(conn)
        self.availability = SqlAvailability(conn)
        self.cases = SqlCases(conn)
        self.casework = SqlCasework(conn)
        self.indicators = SqlIndicators(conn)
        self.rcp = SqlRcp(conn)

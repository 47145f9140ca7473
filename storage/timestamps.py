"""Instants in the database: ISO 8601 in UTC, so that text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text)


def maybe_from_db(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)

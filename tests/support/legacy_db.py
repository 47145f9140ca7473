"""A database as version 7 left it (before encryption at rest): every text in clear. For the
tests of the in-place encryption; run as a module, it opens such a database with a key and is
SIGKILLed by its own progress callback after some batches (a crash half-way):

    python -m tests.support.legacy_db <database> <key file> <batches before the kill>
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from storage.database import connect
from storage.encryption import Keyring
from storage.keys import read_key_file
from storage.schema import _statements, available

AT = "2026-11-22T10:00:00.000000+00:00"
FACTS = "Sortie un vendredi soir sans ordonnance, cas numéro {n}."
PHONE = "+33612345678"
MAIL = "camille.durand@infirmier.mssante.fr"
MESSAGE = "Pouvez-vous rappeler la pharmacie « du marché » ?"
NOTE = "closed: la famille a été prévenue par téléphone"
TIMELINE = "Appel du pharmacien à l'infirmière de garde"
FACTOR = "Absence de protocole écrit pour les sorties tardives"
ACTION = "Rédiger la fiche réflexe des sorties du vendredi"
COMMENT = "Merci, réponse très rapide de la cellule."
ITEM = "Relecture du circuit des ordonnances de sortie"
DECISION = "Diffuser la fiche réflexe aux officines du secteur"
STATE = {"flow": "declare", "data": {"facts": "Brouillon : patiente âgée sortie sans traitement"}}
SENT = "Votre déclaration REX-2026-0001 est enregistrée."
PENDING = "Message en attente pour Camille : rappel du cas en cours."
TEXTS = [PHONE, MAIL, MESSAGE, NOTE, TIMELINE, FACTOR, ACTION, COMMENT, ITEM, DECISION]
TEXTS += [STATE["data"]["facts"], PENDING, FACTS.format(n=1)]


def make_legacy_db(path: Path, cases: int = 1) -> None:
    """Schema version 7 and rows written the way that version wrote them."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)"
    )
    for version, name, sql in available():
        if version > 7:
            break
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, AT))
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO members(id, name, role, language, phone, email, created_at) "
        "VALUES (1, 'Camille Durand', 'professional', 'fr', ?, ?, ?)",
        (PHONE, MAIL, AT),
    )
    conn.execute(
        "INSERT INTO members(id, name, role, language, created_at) "
        "VALUES (2, 'Sophie Martin', 'cell', 'fr', ?)",
        (AT,),
    )
    for member_id, transport, address in ((1, "mail", MAIL), (2, "telegram", "200")):
        conn.execute(
            "INSERT INTO member_identities(transport, address, member_id, created_at) "
            "VALUES (?, ?, ?, ?)",
            (transport, address, member_id, AT),
        )
    conn.execute(
        "INSERT INTO conversations(member_id, version, state, updated_at) VALUES (1, 3, ?, ?)",
        (json.dumps(STATE, ensure_ascii=False), AT),
    )
    conn.execute(
        "INSERT INTO invitations(code, name, role, phone, email, created_at, expires_at) "
        "VALUES ('ABCDEFGHJK', 'Lucas Petit', 'cell', ?, ?, ?, ?)",
        (PHONE, "lucas.petit@cpts.mssante.fr", AT, AT),
    )
    for n in range(1, cases + 1):
        conn.execute(
            "INSERT INTO incidents(id, reference, declarant_id, incident_type, event_date, facts, "
            "possible_eigs, anonymous, contact_mode, phone, status, channel, declared_at, "
            "outcome, close_reason) VALUES (?, ?, 1, 'evenement_indesirable', '2026-11-20', ?, "
            "0, 0, 'phone', ?, 'resolved', 'mail', ?, ?, 'level 1')",
            (n, f"REX-2026-{n:04d}", FACTS.format(n=n), PHONE, AT, f"Réglé, cas {n}."),
        )
        conn.execute(
            "INSERT INTO incident_history(incident_id, at, status, actor_id, note) "
            "VALUES (?, ?, 'resolved', 2, ?)",
            (n, AT, NOTE),
        )
    conn.execute(
        "INSERT INTO case_messages(incident_id, at, author_id, author_role, text) "
        "VALUES (1, ?, 2, 'member', ?)",
        (AT, MESSAGE),
    )
    conn.execute(
        "INSERT INTO case_timeline(incident_id, happened_at, text, added_at) VALUES (1, ?, ?, ?)",
        (AT, TIMELINE, AT),
    )
    conn.execute(
        "INSERT INTO case_factors(incident_id, family, text, added_at) VALUES (1, 'team', ?, ?)",
        (FACTOR, AT),
    )
    conn.execute(
        "INSERT INTO case_actions(incident_id, text, owner_id, due_on, created_at) "
        "VALUES (1, ?, 2, '2026-12-01', ?)",
        (ACTION, AT),
    )
    conn.execute(
        "INSERT INTO satisfaction(incident_id, respondent_id, audience, reactivity, help, "
        "comment, asked_at, answered_at) VALUES (1, 1, 'declarant', 4, 5, ?, ?, ?)",
        (COMMENT, AT, AT),
    )
    conn.execute(
        "INSERT INTO rcp_meetings(id, title, starts_at, duration_min, place, audience, "
        "proposals_until, votes_until, max_items, status, created_at) "
        "VALUES (1, 'RCP de décembre', ?, 60, 'Salle 2', 'all', ?, ?, 5, 'proposals', ?)",
        (AT, AT, AT, AT),
    )
    conn.execute(
        "INSERT INTO rcp_items(meeting_id, author_id, title, description, kind, minutes_est, "
        "created_at) VALUES (1, 1, 'Ordonnances de sortie', ?, 'protocol', 15, ?)",
        (ITEM, AT),
    )
    conn.execute(
        "INSERT INTO rcp_decisions(meeting_id, text, owner_id, due_on, created_at) "
        "VALUES (1, ?, 2, '2026-12-15', ?)",
        (DECISION, AT),
    )
    for text, status, digest in (
        ("", "sent", hashlib.sha256(SENT.encode()).hexdigest()),
        (PENDING, "pending", None),
    ):
        conn.execute(
            "INSERT INTO outbox(created_at, member_id, transport, address, payload, status, "
            "text_sha256) VALUES (?, 1, 'mail', ?, ?, ?, ?)",
            (AT, MAIL, json.dumps({"text": text}, ensure_ascii=False), status, digest),
        )
    conn.execute(
        "INSERT INTO outbox(created_at, member_id, transport, address, payload, status, "
        "last_error) VALUES (?, 1, 'mail', ?, ?, 'failed', ?)",
        (AT, MAIL, json.dumps({"text": PENDING}), f"rejected: 550 5.1.1 <{MAIL}> unknown user"),
    )
    conn.execute("COMMIT")
    conn.close()


def _killed_after(batches: int) -> Callable[[str, int], None]:
    seen = 0

    def progress(job: str, rows: int) -> None:
        nonlocal seen
        seen += 1
        if seen == batches:
            os.kill(os.getpid(), signal.SIGKILL)  # a crash: no cleanup, no rollback hook

    return progress


if __name__ == "__main__":
    database, key, batches = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    keyring = Keyring(read_key_file(key))
    connect(str(database), keyring, encrypt_batch=2, progress=_killed_after(batches))
    sys.exit("not killed: the encryption ended before the kill")

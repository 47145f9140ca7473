"""Creating invitations, one or a whole roster from CSV (all rows or none)."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.domain.codes import new_code
from flows.domain.model import Invitation, Role
from flows.members.enrollment import OTHER, PROFESSIONS
from flows.text.i18n import t
from flows.text.matching import normalise
from flows.text.phones import normalise_french_phone
from storage.unit_of_work import SqlRepositories

# No 0/O or 1/I/L: codes are read aloud and typed by hand.
ROLE_WORDS = {role.value: role for role in Role} | {
    "professionnel": Role.PROFESSIONAL,
    "professionnelle": Role.PROFESSIONAL,
    "cellule": Role.CELL,
    "cellule_qualite": Role.CELL,
    "pilote": Role.PILOT,
    "referent_qualite": Role.PILOT,
    "coordinateur": Role.COORDINATOR,
    "coordinatrice": Role.COORDINATOR,
    "coordination": Role.COORDINATOR,
}
# Everyday short names of the professions of the list.
PROFESSION_WORDS = {
    "medecin": "medecin_generaliste",
    "mg": "medecin_generaliste",
    "generaliste": "medecin_generaliste",
    "ide": "infirmier",
    "infirmiere": "infirmier",
    "pharmacienne": "pharmacien",
    "kine": "masseur_kinesitherapeute",
    "kinesitherapeute": "masseur_kinesitherapeute",
    "orthophonie": "orthophoniste",
    "sf": "sage_femme",
    "psy": "psychologue",
    "assistant_social": "travailleur_social",
    "assistante_sociale": "travailleur_social",
    "travailleuse_sociale": "travailleur_social",
}


class RosterError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class InvitationRequest:
    name: str
    role: Role
    profession: str | None
    phone: str | None
    email: str | None


def bot_name(username: str) -> str:
    """The bare username, whether given as "name", "@name" or "https://t.me/name"."""
    bare = username.strip().removeprefix("https://").removeprefix("http://")
    return bare.removeprefix("t.me/").removeprefix("telegram.me/").strip("/").lstrip("@")


def deep_link(username: str | None, code: str) -> str:
    return f"https://t.me/{bot_name(username)}?start={code}" if username else ""


def parse_role(text: str) -> Role | None:
    return ROLE_WORDS.get(normalise(text).replace(" ", "_"))


def parse_profession(text: str | None) -> str | None:
    """A known profession id from an id or a French label; otherwise the text as typed."""
    if not text or not text.strip():
        return None
    wanted = normalise(text).replace(" ", "_")
    if wanted in PROFESSION_WORDS:
        return PROFESSION_WORDS[wanted]
    for profession in (*PROFESSIONS, OTHER):
        label = normalise(t("fr", f"profession.{profession}")).replace(" ", "_")
        if wanted in (profession, label) or label.startswith(wanted):
            return profession
    return text.strip()


def check_request(
    name: str, role: str, profession: str | None, phone: str | None, email: str | None
) -> tuple[InvitationRequest | None, list[str]]:
    problems = []
    if not name.strip():
        problems.append("le nom est vide")
    parsed_role = parse_role(role or "")
    if parsed_role is None:
        expected = ", ".join(r.value for r in Role)
        problems.append(f"rôle inconnu « {role} » (attendu : {expected}, ou leur nom français)")
    normalised_phone = None
    if phone and phone.strip():
        normalised_phone = normalise_french_phone(phone)
        if normalised_phone is None:
            problems.append("numéro de téléphone invalide")
    if email and email.strip() and ("@" not in email or " " in email.strip()):
        problems.append("adresse e-mail invalide")
    if problems or parsed_role is None:
        return None, problems
    request = InvitationRequest(
        name.strip(),
        parsed_role,
        parse_profession(profession),
        normalised_phone,
        email.strip() if email and email.strip() else None,
    )
    return request, []


def read_roster(text: str) -> list[InvitationRequest]:
    """Every row checked first; any problem rejects the whole file, with line numbers."""
    reader = csv.DictReader(io.StringIO(text))
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = {"name", "role"} - header
    if missing:
        raise RosterError([f"colonnes manquantes : {', '.join(sorted(missing))} (ligne 1)"])
    requests: list[InvitationRequest] = []
    problems: list[str] = []
    for raw in reader:
        if None in raw:  # DictReader's place for values beyond the header's columns
            problems.append(f"ligne {reader.line_num} : plus de valeurs que de colonnes")
            continue
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        request, row_problems = check_request(
            row.get("name", ""),
            row.get("role", ""),
            row.get("profession"),
            row.get("phone"),
            row.get("email"),
        )
        line = reader.line_num
        problems.extend(f"ligne {line} : {problem}" for problem in row_problems)
        if request is not None:
            requests.append(request)
    if problems:
        raise RosterError(problems)
    if not requests:
        raise RosterError(["le fichier ne contient aucune ligne"])
    return requests


def create_invitations(
    conn: sqlite3.Connection, requests: list[InvitationRequest], now: datetime, ttl: timedelta
) -> list[Invitation]:
    repos = SqlRepositories(conn)
    created = []
    for request in requests:
        invitation = Invitation(
            code=new_code(),
            name=request.name,
            role=request.role,
            profession=request.profession,
            phone=request.phone,
            email=request.email,
            created_at=now,
            expires_at=now + ttl,
            used_at=None,
            member_id=None,
        )
        repos.invitations.add(invitation)
        repos.audit.append(
            now,
            None,
            "invitation.created",
            f"invitation:{invitation.code[:3]}…",
            "cli",
            {"name": request.name, "role": request.role.value},
        )
        created.append(invitation)
    return created


def write_roster(original: str, invitations: list[Invitation], username: str | None) -> str:
    reader = csv.DictReader(io.StringIO(original))
    fields = [*(reader.fieldnames or []), "code", "link"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row, invitation in zip(reader, invitations, strict=True):
        writer.writerow(
            {**row, "code": invitation.code, "link": deep_link(username, invitation.code)}
        )
    return out.getvalue()

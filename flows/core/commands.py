"""Commands as people type them ("/Déclarer", "/declarer@bot args"), for every transport."""

from __future__ import annotations

from flows.domain.messages import Inbound, InboundKind
from flows.text.matching import normalise

# The commands offered in a chat's command menu, with the catalogue key describing each.
PUBLIC_COMMANDS: tuple[tuple[str, str], ...] = (
    ("declarer", "command.declarer"),
    ("mes_declarations", "command.mes_declarations"),
    ("rcp", "command.rcp"),
    ("aide", "command.aide"),
    ("annuler", "command.annuler"),
    ("langue", "command.langue"),
)
# Commands for the quality cell only (not in everyone's command menu).
CELL_COMMANDS = (
    "absent",
    "disponible",
    "assigner",
    "cellule",
    "dossiers",
    "journal",
    "nom",
    "horaires",
    "cas",
    "indicateurs",
    # For declarants, offered from /mes_declarations rather than the menu.
    "retirer",
    "rouvrir",
    "canal",
)
COMMANDS: frozenset[str] = frozenset(
    {name for name, _ in PUBLIC_COMMANDS} | {"start", "menu", *CELL_COMMANDS}
)
ALIASES = {
    "help": "aide",
    "cancel": "annuler",
    "declare": "declarer",
    "language": "langue",
    "mes_rex": "mes_declarations",
}


def parse_command(text: str) -> tuple[str, str] | None:
    """(command, arguments) for a text starting with "/", else None. Accents and case are
    forgiven, a bot suffix (@name) is dropped, and English aliases map to the French names."""
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    command = normalise(head.split("@", 1)[0]).replace(" ", "_")
    return ALIASES.get(command, command), args.strip()


def text_inbound(transport: str, address: str, external_id: str, text: str) -> Inbound:
    """A typed message: a command or plain text."""
    parsed = parse_command(text)
    if parsed is None:
        return Inbound(transport, address, external_id, InboundKind.TEXT, text=text)
    command, args = parsed
    return Inbound(
        transport,
        address,
        external_id,
        InboundKind.COMMAND,
        text=text,
        command=command,
        args=args,
    )

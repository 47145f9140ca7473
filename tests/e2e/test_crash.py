"""Crash test: the real rexbot process is SIGKILLed at random moments while users declare.

Eight simulated Telegram users (driven through the in-process Bot API stand-in) enroll and
make two complete declarations each, while a killer task SIGKILLs the bot and restarts it on
the same SQLite file: half the kills at a random moment, half from inside the stand-in's
sendMessage handler (so a message is certainly in flight). Each inbound update is one
transaction and the offset is confirmed only after the batch committed; the outbox marks a
chat's message sent before sending its next one. So nothing may be lost, and each kill may
re-send at most the one message per chat that was in flight. The test checks exactly that
against the database and the Bot API calls the stand-in received.

    .venv/bin/python -m pytest tests/e2e/test_crash.py -q -s   # -s shows the summary line
"""

from __future__ import annotations

import asyncio
import bisect
import json
import random
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flows.domain.messages import Delivery
from storage.conversations import SqlConversations
from storage.database import connect
from storage.members import SqlMembers
from storage.outbox import SqlOutbox
from tests.support.botapi_standin import BotApiStandIn, JSONDict
from tests.support.keys import keyring_for
from tests.support.prepared_db import database_with_invitations
from tests.support.process import BotProcess, bot_env

SEED = 20_261_122
USERS = 8
FIRST_USER_ID = 7_100_001
DECLARATIONS = 2
KILLS = (4, 6)  # inclusive range, drawn from the seeded generator
KILL_INTERVAL = (0.3, 1.5)  # seconds between the bot being ready and the next kill
THINK = (0.05, 0.35)  # a user's pause before each action
STEP_TIMEOUT = 20.0  # the bot may be down (or restarting) while a user waits
SETTLE_TIMEOUT = 20.0
BUDGET = 110.0  # hard ceiling for the whole scenario; a normal run takes ~10 s

FACTS = "Sortie d'hospitalisation un vendredi soir sans transmission du traitement au cabinet."
WHY = "Le bilan de sortie n'a pas été envoyé au cabinet infirmier."
PHONE = "06 12 34 56 78"
REFERENCE_RE = re.compile(r"REX-(\d{4})-(\d{4})")
ERROR_TEXT = "erreur technique"  # flows/text/i18n/fr.py "error.internal"
STALE_TEXT = "plus valable"  # flows/text/i18n/fr.py "input.stale"


# ---------------------------------------------------------------------------------- the bot


prepare = database_with_invitations


# ------------------------------------------------------------------------------ the users


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # "text" or "button"
    value: str
    expect: str  # a piece of the bot message that must follow


def script(code: str, user_index: int) -> list[Step]:
    """Enrollment then two declarations, varied a little between users and declarations."""
    steps = [Step("text", f"/start {code}", "Bienvenue")]
    for n in range(DECLARATIONS):
        if n == 0:
            steps.append(Step("text", "/declarer", "De quel type"))
        else:
            # The menu under the previous confirmation.
            steps.append(Step("button", "Déclarer un REX", "De quel type"))
        steps.append(Step("button", "Événement indésirable", "Quand"))
        if (user_index + n) % 2:
            steps.append(Step("text", "hier", "Que s'est-il passé"))
        else:
            steps.append(Step("button", "Aujourd'hui", "Que s'est-il passé"))
        steps.append(Step("text", FACTS, "Pourquoi"))
        if user_index % 2:
            steps.append(Step("text", WHY, "appris"))
        else:
            steps.append(Step("button", "Passer", "appris"))
        steps.append(Step("button", "Passer", "dommage grave"))
        steps.append(Step("button", "Non", "identité"))
        if n == 1 and user_index % 2 == 0:
            steps.append(Step("button", "Révéler mon identité", "joindre"))
            steps.append(Step("button", "Par téléphone", "numéro"))
            steps.append(Step("text", PHONE, "moment"))
            steps.append(Step("button", "Le matin (8 h – 12 h)", "Récapitulatif"))
        elif n == 1:
            steps.append(Step("button", "Révéler mon identité", "joindre"))
            steps.append(Step("button", "Par message uniquement", "Récapitulatif"))
        else:
            steps.append(Step("button", "Rester anonyme", "Récapitulatif"))
        steps.append(Step("button", "Confirmer", "REX-"))
    return steps


@dataclass(slots=True)
class UserRun:
    user_id: int
    steps: list[Step]
    rng: random.Random
    update_ids: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


def _button(standin: BotApiStandIn, user_id: int, prompt: str, label: str) -> tuple[int, str]:
    """The callback data of `label` on the latest bot message of the current step."""
    for message in reversed(standin.messages(user_id)):
        if prompt not in message.get("text", ""):
            continue
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button.get("text") == label:
                    return message["message_id"], button["callback_data"]
    texts = [m.get("text", "")[:60] for m in standin.messages(user_id)[-5:]]
    raise AssertionError(
        f"user {user_id}: no button {label!r} on a message with {prompt!r}; last: {texts!r}"
    )


async def _wait_sent(
    standin: BotApiStandIn, user_id: int, start: int, contains: str, what: str
) -> JSONDict:
    """The first bot message sent to the chat from index `start` on containing `contains`."""
    sent = standin._sent_log.setdefault(user_id, [])
    found: list[JSONDict] = []
    scanned = start

    def match() -> bool:
        nonlocal scanned
        while scanned < len(sent):
            message = sent[scanned]
            scanned += 1
            if contains in message.get("text", ""):
                found.append(message)
                return True
        return False

    try:
        await standin.wait_for(match, STEP_TIMEOUT)
    except TimeoutError:
        texts = [m.get("text", "")[:70] for m in sent[start:]]
        raise AssertionError(
            f"user {user_id}, {what}: no bot message containing {contains!r} within "
            f"{STEP_TIMEOUT}s; sent meanwhile: {texts!r}"
        ) from None
    return found[0]


async def drive(standin: BotApiStandIn, run: UserRun, last_gate: asyncio.Event) -> None:
    """Step-aware driving: act only once the current step's prompt is on screen."""
    prompt = ""
    for index, step in enumerate(run.steps):
        if index == len(run.steps) - 1:
            # The last confirmation waits for the killer, so every kill lands mid-scenario.
            await last_gate.wait()
        await asyncio.sleep(run.rng.uniform(*THINK))
        mark = len(standin._sent_log.setdefault(run.user_id, []))
        if step.kind == "text":
            update_id = standin.user_message(run.user_id, step.value, first_name=f"U{run.user_id}")
        else:
            message_id, data = _button(standin, run.user_id, prompt, step.value)
            update_id = standin.press(run.user_id, message_id, data)
        run.update_ids.append(update_id)
        what = f"step {index} ({step.kind} {step.value!r})"
        reply = await _wait_sent(standin, run.user_id, mark, step.expect, what)
        prompt = step.expect
        if step.expect == "REX-":
            match = REFERENCE_RE.search(reply["text"])
            assert match, reply["text"]
            run.references.append(match.group(0))


@dataclass(slots=True)
class Kill:
    mode: str  # "random": at a random moment; "in_flight": while a sendMessage is in flight
    at: float = 0.0
    chat: int | None = None  # the chat whose message was in flight


async def _kill_in_flight(standin: BotApiStandIn, bot: BotProcess, kill: Kill) -> bool:
    """SIGKILL the bot from inside the stand-in's sendMessage handler: the request has
    arrived, the bot will never see the answer, so that outbox row cannot be marked sent."""
    fired = asyncio.Event()

    def hook(chat_id: int, message: JSONDict) -> None:
        if fired.is_set():
            return
        kill.at = time.monotonic()
        kill.chat = chat_id
        bot.sigkill()
        fired.set()

    standin.on_bot_message = hook
    try:
        async with asyncio.timeout(3.0):
            await fired.wait()
    except TimeoutError:
        return False  # no traffic at the moment: fall back to a plain kill
    finally:
        standin.on_bot_message = None
    return True


async def killer(
    standin: BotApiStandIn,
    bot: BotProcess,
    rng: random.Random,
    plan: list[Kill],
    done: asyncio.Event,
) -> None:
    try:
        for kill in plan:
            await asyncio.sleep(rng.uniform(*KILL_INTERVAL))
            if kill.mode != "in_flight" or not await _kill_in_flight(standin, bot, kill):
                kill.mode = "random"
                kill.at = time.monotonic()
                bot.sigkill()
            await bot.wait_killed()
            await bot.start()
    finally:
        done.set()


# ---------------------------------------------------------------------------- the checks


def _buttons(markup: Any) -> list[tuple[str, str]]:
    rows = (markup or {}).get("inline_keyboard", []) if isinstance(markup, dict) else []
    return [(str(b.get("text")), str(b.get("callback_data"))) for row in rows for b in row]


def _delivers(payload: JSONDict, method: str, params: JSONDict) -> bool:
    """Whether the Bot API call `method(params)` is the delivery of this outbox payload."""
    # Sent rows keep only a keyed digest of their text (privacy): compare on that.
    text = str(params.get("text", ""))
    if not payload["sent_text_matches"](text):
        return False
    if "edit_ref" in payload:
        return method == "editMessageText" and str(params.get("message_id")) == str(
            payload["edit_ref"]
        )
    if method != "sendMessage":
        return False
    version = payload.get("version")
    expected = [
        (label, f"{version if version is not None else ''}|{choice_id}")
        for choice_id, label in payload.get("choices", [])
    ]
    return _buttons(params.get("reply_markup")) == expected


@dataclass(slots=True)
class Duplicate:
    at: float
    chat: int
    outbox_id: int
    method: str


def align(
    chat: int, rows: list[tuple[int, JSONDict]], calls: list[tuple[float, str, JSONDict]]
) -> tuple[list[Duplicate], list[str]]:
    """Walk a chat's sendMessage/editMessageText calls against its outbox rows (id order).

    The outbox sends a chat's rows strictly in order, so each call is either the first
    delivery of the next row or a re-send of the row just delivered (the one in flight when
    the bot was killed). Anything else, or a row never delivered, is a problem.
    """
    duplicates: list[Duplicate] = []
    problems: list[str] = []
    position = 0
    for at, method, params in calls:
        if position < len(rows) and _delivers(rows[position][1], method, params):
            position += 1
        elif position > 0 and _delivers(rows[position - 1][1], method, params):
            duplicates.append(Duplicate(at, chat, rows[position - 1][0], method))
        else:
            problems.append(
                f"chat {chat}: unexpected {method} {str(params.get('text'))[:60]!r} "
                f"(next outbox row: {rows[position][0] if position < len(rows) else None})"
            )
    for outbox_id, _ in rows[position:]:
        problems.append(f"chat {chat}: outbox row {outbox_id} never received")
    return duplicates, problems


def check_database(
    db_path: Path, runs: list[UserRun], sent_calls: list[tuple[float, str, JSONDict]]
) -> None:
    # Read as rexbot reads it: addresses and states are encrypted at rest.
    conn, _ = connect(str(db_path), keyring_for(db_path))
    try:
        year = datetime.now(ZoneInfo("Europe/Paris")).year
        members = SqlMembers(conn)
        incidents = [
            (reference, address)
            for reference, declarant in conn.execute(
                "SELECT reference, declarant_id FROM incidents"
            ).fetchall()
            for transport, address in members.identities(declarant)
            if transport == "telegram"
        ]
        total = conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
        conversations = [
            (row[0], json.dumps(SqlConversations(conn).load(row[0]).state))
            for row in conn.execute("SELECT member_id FROM conversations").fetchall()
        ]
        counter = conn.execute(
            "SELECT last FROM reference_counters WHERE year = ?", (year,)
        ).fetchone()
    finally:
        conn.close()

    expected = USERS * DECLARATIONS
    # References quoted in confirmations the stand-in received (sendMessage params are not
    # rewritten by later edits, unlike the stand-in's message objects).
    confirmed = {
        match.group(0)
        for _, method, params in sent_calls
        if method == "sendMessage" and "enregistrée sous la référence" in str(params.get("text"))
        for match in REFERENCE_RE.finditer(str(params.get("text")))
    }
    stored = Counter(reference for reference, _ in incidents)
    assert total == len(incidents), "an incident's declarant has no Telegram identity"
    assert all(n == 1 for n in stored.values()), f"references stored twice: {stored}"
    assert set(stored) == confirmed, (
        f"confirmed but not stored: {sorted(confirmed - set(stored))}; "
        f"stored but never confirmed: {sorted(set(stored) - confirmed)}"
    )
    assert total == len(confirmed) == expected, (total, len(confirmed), expected)
    numbers = sorted(int(m.group(2)) for m in map(REFERENCE_RE.fullmatch, stored) if m)
    assert numbers == list(range(1, expected + 1)), f"references not gapless: {numbers}"
    assert all(r.startswith(f"REX-{year}-") for r in stored), sorted(stored)
    assert counter == (expected,), f"reference counter {counter} for {year}"

    per_user = Counter(address for _, address in incidents)
    assert per_user == {str(run.user_id): DECLARATIONS for run in runs}, per_user
    for run in runs:
        mine = {reference for reference, address in incidents if address == str(run.user_id)}
        assert set(run.references) == mine, (run.user_id, run.references, mine)

    assert len(conversations) == USERS, conversations
    for member_id, state in conversations:
        try:
            decoded = json.loads(state)
        except ValueError as exc:
            raise AssertionError(f"member {member_id}: state is not JSON: {state!r}") from exc
        assert decoded == {}, f"member {member_id}: state {decoded!r} after the last confirmation"


def check_updates(db_path: Path, runs: list[UserRun]) -> None:
    """Every update the users sent was handled (its transaction committed) exactly once."""
    conn = sqlite3.connect(db_path)
    try:
        # External ids are "<bot id>:<update id>".
        processed = {
            row[0].partition(":")[2]
            for row in conn.execute(
                "SELECT external_id FROM processed_updates WHERE transport = 'telegram'"
            )
        }
    finally:
        conn.close()
    created = {str(update_id) for run in runs for update_id in run.update_ids}
    assert processed == created, (
        f"updates never handled: {sorted(created - processed, key=int)}; "
        f"unknown: {sorted(processed - created)}"
    )


def check_outbox(
    db_path: Path, runs: list[UserRun], calls: list[tuple[float, str, JSONDict]]
) -> list[Duplicate]:
    conn, _ = connect(str(db_path), keyring_for(db_path))
    outbox = SqlOutbox(conn)
    try:
        rows = [
            (r[0], r[1], r[2], outbox.get(r[0]))
            for r in conn.execute("SELECT id, status, last_error FROM outbox ORDER BY id")
        ]
        return _check_outbox(outbox, rows, runs, calls)
    finally:
        conn.close()


def _payload(outbox: SqlOutbox, outbox_id: int, delivery: Delivery) -> JSONDict:
    """What the checks compare a Bot API call with: the stored buttons, the edited message,
    and whether a text is the one sent (only its keyed digest is kept)."""
    payload: JSONDict = {
        "sent_text_matches": lambda text: outbox.sent_text_matches(outbox_id, text)
    }
    if delivery.choices:
        payload["choices"] = [[c.id, c.label] for c in delivery.choices]
        payload["version"] = delivery.version
    if delivery.edit_ref:
        payload["edit_ref"] = delivery.edit_ref
    return payload


def _check_outbox(
    outbox: SqlOutbox,
    rows: list[tuple[int, str, str | None, Delivery | None]],
    runs: list[UserRun],
    calls: list[tuple[float, str, JSONDict]],
) -> list[Duplicate]:
    not_sent = [(r[0], r[1], r[2]) for r in rows if r[1] != "sent"]
    assert not not_sent, f"outbox rows not sent: {not_sent}"
    problems: list[str] = []
    duplicates: list[Duplicate] = []
    chats = {run.user_id for run in runs}
    assert {int(r[3].address) for r in rows if r[3]} == chats
    for chat in sorted(chats):
        chat_rows = [
            (r[0], _payload(outbox, r[0], r[3])) for r in rows if r[3] and int(r[3].address) == chat
        ]
        chat_calls = [
            (at, method, params)
            for at, method, params in calls
            if method in ("sendMessage", "editMessageText") and params.get("chat_id") == chat
        ]
        found, issues = align(chat, chat_rows, chat_calls)
        duplicates += found
        problems += issues
    assert not problems, "\n".join(problems)
    return duplicates


def check_duplicates(duplicates: list[Duplicate], kills: list[Kill], chats: int) -> None:
    """Each kill may cause at most one re-send per chat: the message that was in flight.

    A re-send is attributed to the last kill before the stand-in received it (the process
    that re-sends it was started after that kill), so the bound is checked per kill.
    """
    assert len(duplicates) <= len(kills) * chats, (len(duplicates), len(kills))
    kill_times = [kill.at for kill in kills]
    assert kill_times == sorted(kill_times)
    per_kill: Counter[tuple[int, int]] = Counter()
    for dup in duplicates:
        index = bisect.bisect_right(kill_times, dup.at) - 1
        assert index >= 0, f"re-send with no kill before it: {dup}"
        per_kill[(index, dup.chat)] += 1
    too_many = {key: n for key, n in per_kill.items() if n > 1}
    assert not too_many, f"more than one re-send per chat for one kill: {too_many}; {duplicates}"


# ------------------------------------------------------------------------------ the test


async def _settle(standin: BotApiStandIn, db_path: Path) -> None:
    """Wait until every update is confirmed and nothing is pending in the outbox."""
    async with asyncio.timeout(SETTLE_TIMEOUT):
        while True:
            conn = sqlite3.connect(db_path, timeout=10)
            try:
                pending = conn.execute(
                    "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
                ).fetchone()[0]
            finally:
                conn.close()
            if pending == 0 and standin.pending_updates == 0:
                break
            await asyncio.sleep(0.1)
    # A last look for stragglers (a late re-send would show up in the checks).
    await asyncio.sleep(0.5)


async def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    started = time.monotonic()
    rng = random.Random(SEED)
    count = rng.randint(*KILLS)
    # Half the kills at a random moment, half while a sendMessage is in flight.
    modes = ["in_flight" if i % 2 else "random" for i in range(count)]
    rng.shuffle(modes)
    plan = [Kill(mode) for mode in modes]
    standin = BotApiStandIn()
    await standin.start()
    db_path = tmp_path / "rexbot.db"
    codes = prepare(db_path, USERS)
    bot = BotProcess(bot_env(standin, db_path), tmp_path / "bot-stderr.log")
    runs = [
        UserRun(FIRST_USER_ID + i, script(code, i), random.Random(SEED + i))
        for i, code in enumerate(codes)
    ]
    try:
        async with asyncio.timeout(BUDGET):
            await bot.start()
            killer_done = asyncio.Event()
            async with asyncio.TaskGroup() as group:
                group.create_task(killer(standin, bot, rng, plan, killer_done))
                for run in runs:
                    group.create_task(drive(standin, run, killer_done))
            await _settle(standin, db_path)
            code = await bot.terminate()
            assert code == 0, f"bot exited with {code} on SIGTERM"

        calls = list(standin.calls)
        updates = sum(len(run.update_ids) for run in runs)
        check_updates(db_path, runs)
        check_database(db_path, runs, calls)
        duplicates = check_outbox(db_path, runs, calls)
        check_duplicates(duplicates, plan, USERS)
        texts = [str(p.get("text")) for _, m, p in calls if m == "sendMessage"]
        assert not [t for t in texts if ERROR_TEXT in t], "the bot answered with an error"
        assert not [t for t in texts if STALE_TEXT in t], "a button press was seen as stale"
        assert bot.starts == len(plan) + 1
        edits = sum(d.method == "editMessageText" for d in duplicates)
        in_flight = sum(kill.mode == "in_flight" for kill in plan)
        print(
            f"\ncrash test: {len(plan)} kills ({in_flight} with a sendMessage in flight), "
            f"{updates} updates, {len(duplicates)} duplicates re-sent "
            f"({len(duplicates) - edits} sendMessage, {edits} editMessageText), "
            f"{len(texts)} sendMessage calls, {time.monotonic() - started:.1f} s"
        )
    except BaseException:
        print(f"\n=== bot stderr (tail) ===\n{bot.stderr_tail()}")
        raise
    finally:
        await bot.cleanup()
        await standin.stop()

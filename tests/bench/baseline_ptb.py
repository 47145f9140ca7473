#!/usr/bin/env python
"""Baseline REX declaration bot, written the way python-telegram-bot's examples are.

It is the yardstick for rexbot's benchmarks: the same questions, buttons and number
of messages per step, built from stock PTB parts (ConversationHandler, PicklePersistence,
default HTTPXRequest, sequential update processing, run_polling)::

    python tests/bench/baseline_ptb.py --base-url http://127.0.0.1:PORT/bot \\
        --token 123456:TEST-TOKEN --persistence /tmp/baseline.pickle

Prints ``READY`` on stdout once polling has started.
"""

from __future__ import annotations

import argparse
import datetime as dtm
import logging
import re
from typing import Any

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)

logging.basicConfig(
    format="%(asctime)s - %(name)s - %(levelname)s - %(message)s", level=logging.INFO
)
# As in PTB's examples: httpx would log every single request at INFO.
logging.getLogger("httpx").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

(
    TYPE,
    DATE,
    FACTS,
    WHY,
    LEARNED,
    GRAVITY,
    ANONYMITY,
    CONTACT,
    PHONE,
    SLOT,
    RECAP,
) = range(11)

# Same wording as rexbot, so both bots move comparable payloads.
INCIDENT_TYPES = {
    "ei": "Événement indésirable",
    "pa": "Presqu'accident",
    "sc": "Situation complexe",
    "dc": "Dysfonctionnement de coordination ou de parcours",
}
ASK_TYPE = "Nouvelle déclaration (REX). De quel type d'événement s'agit-il ?"
ASK_DATE = (
    "Quand cela s'est-il passé ? Touchez un bouton ou écrivez une date (ex. 12/11, 12/11/2026)."
)
DATE_UNREADABLE = "Je n'ai pas reconnu cette date. Écrivez-la par exemple 12/11 ou 12/11/2026."
ASK_FACTS = (
    "Que s'est-il passé ? Décrivez les faits dans l'ordre où ils se sont produits, sans "
    "interprétation (20 à 4 000 caractères). N'indiquez aucun nom ni identifiant de patient."
)
FACTS_LENGTH = "Votre texte fait {length} caractères : il en faut entre 20 et 4 000."
ASK_WHY = "Pourquoi cela s'est-il produit, selon vous ? (facultatif)"
ASK_LEARNED = "Qu'en avez-vous appris, ou qu'attendez-vous de la cellule qualité ? (facultatif)"
ASK_GRAVITY = (
    "Le patient a-t-il subi un dommage grave : décès, mise en jeu du pronostic vital, "
    "ou séquelle durable ?"
)
ASK_ANONYMITY = (
    "Souhaitez-vous que le membre de la cellule qui prendra votre déclaration connaisse "
    "votre identité ? Si vous restez anonyme, tous les échanges passeront par le bot."
)
ASK_CONTACT = "Comment la cellule peut-elle vous joindre ?"
ASK_PHONE = "À quel numéro ? (ex. 06 12 34 56 78)"
PHONE_INVALID = "Ce numéro ne semble pas valide. Écrivez-le par exemple 06 12 34 56 78."
ASK_SLOT = "À quel moment préférez-vous être appelé·e ?"
CANCELLED = "Déclaration annulée : rien n'a été enregistré."

DATE_RE = re.compile(r"\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s*")
PHONE_RE = re.compile(r"\+?[\d .-]{10,20}")


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in buttons]
    )


SKIP_KEYBOARD = keyboard(("Passer", "skip"))


def chat_of(update: Update) -> Chat:
    chat = update.effective_chat
    if chat is None:
        raise RuntimeError("update without chat")
    return chat


def draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    if context.user_data is None:
        raise RuntimeError("user_data is unavailable")
    rex: dict[str, Any] = context.user_data.setdefault("rex", {})
    return rex


async def close_keyboard(update: Update) -> str:
    """Acknowledge a button press and remove the keyboard it came from; returns its data."""
    query = update.callback_query
    if query is None:
        raise RuntimeError("expected a callback query")
    await query.answer()
    await query.edit_message_reply_markup(None)
    return query.data or ""


def message_text(update: Update) -> str:
    message = update.effective_message
    return (message.text if message is not None else None) or ""


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await chat_of(update).send_message(
        "Bienvenue ! Je recueille les retours d'expérience (REX) de la CPTS.",
        reply_markup=keyboard(("Déclarer un REX", "menu:declare")),
    )


async def declare(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if update.callback_query is not None:
        await close_keyboard(update)
    if context.user_data is not None:
        context.user_data["rex"] = {}
    await chat_of(update).send_message(
        ASK_TYPE,
        reply_markup=keyboard(*((label, f"type:{key}") for key, label in INCIDENT_TYPES.items())),
    )
    return TYPE


async def ask_date(update: Update, prefix: str = "") -> int:
    await chat_of(update).send_message(
        prefix + ASK_DATE,
        reply_markup=keyboard(("Aujourd'hui", "date:today"), ("Hier", "date:yesterday")),
    )
    return DATE


async def pick_type(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    data = await close_keyboard(update)
    draft(context)["type"] = INCIDENT_TYPES[data.removeprefix("type:")]
    return await ask_date(update)


async def date_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    data = await close_keyboard(update)
    today = dtm.date.today()
    draft(context)["date"] = today if data == "date:today" else today - dtm.timedelta(days=1)
    await chat_of(update).send_message(ASK_FACTS)
    return FACTS


async def date_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    match = DATE_RE.fullmatch(message_text(update))
    today = dtm.date.today()
    try:
        if match is None:
            raise ValueError("no date")
        day, month, year = match.groups()
        draft(context)["date"] = dtm.date(int(year) if year else today.year, int(month), int(day))
    except ValueError:
        return await ask_date(update, DATE_UNREADABLE + "\n")
    await chat_of(update).send_message(ASK_FACTS)
    return FACTS


async def facts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    text = message_text(update).strip()
    if not 20 <= len(text) <= 4000:
        await chat_of(update).send_message(FACTS_LENGTH.format(length=len(text)) + "\n" + ASK_FACTS)
        return FACTS
    draft(context)["facts"] = text
    await chat_of(update).send_message(ASK_WHY, reply_markup=SKIP_KEYBOARD)
    return WHY


async def why(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if update.callback_query is not None:
        await close_keyboard(update)
        draft(context)["why"] = None
    else:
        draft(context)["why"] = message_text(update)
    await chat_of(update).send_message(ASK_LEARNED, reply_markup=SKIP_KEYBOARD)
    return LEARNED


async def learned(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if update.callback_query is not None:
        await close_keyboard(update)
        draft(context)["learned"] = None
    else:
        draft(context)["learned"] = message_text(update)
    await chat_of(update).send_message(
        ASK_GRAVITY, reply_markup=keyboard(("Oui", "grav:yes"), ("Non", "grav:no"))
    )
    return GRAVITY


async def gravity(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft(context)["serious_harm"] = await close_keyboard(update) == "grav:yes"
    await chat_of(update).send_message(
        ASK_ANONYMITY,
        reply_markup=keyboard(
            ("Révéler mon identité", "anon:reveal"), ("Rester anonyme", "anon:hide")
        ),
    )
    return ANONYMITY


async def anonymity(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft(context)["anonymous"] = await close_keyboard(update) == "anon:hide"
    await chat_of(update).send_message(
        ASK_CONTACT,
        reply_markup=keyboard(
            ("Par téléphone", "contact:phone"), ("Par message uniquement", "contact:message")
        ),
    )
    return CONTACT


async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if await close_keyboard(update) == "contact:phone":
        draft(context)["contact"] = "phone"
        await chat_of(update).send_message(ASK_PHONE)
        return PHONE
    draft(context)["contact"] = "message"
    return await recap(update, context)


async def phone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    text = message_text(update).strip()
    if PHONE_RE.fullmatch(text) is None:
        await chat_of(update).send_message(PHONE_INVALID)
        return PHONE
    draft(context)["phone"] = text
    await chat_of(update).send_message(ASK_SLOT)
    return SLOT


async def slot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft(context)["slot"] = message_text(update).strip()
    return await recap(update, context)


async def recap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    rex = draft(context)
    lines = [
        "Récapitulatif de votre déclaration. Tout est-il juste ?",
        f"Type : {rex.get('type')}",
        f"Date : {rex['date']:%d/%m/%Y}" if rex.get("date") else "Date : non renseignée",
        f"Faits : {rex.get('facts')}",
        f"Causes : {rex.get('why') or 'non renseigné'}",
        f"Enseignements et attentes : {rex.get('learned') or 'non renseigné'}",
        f"Dommage grave : {'Oui' if rex.get('serious_harm') else 'Non'}",
        f"Identité : {'anonyme' if rex.get('anonymous') else 'révélée'}",
    ]
    if rex.get("contact") == "phone":
        lines.append(f"Contact : par téléphone, {rex.get('phone')} ({rex.get('slot')})")
    else:
        lines.append("Contact : par message uniquement")
    await chat_of(update).send_message(
        "\n".join(lines),
        reply_markup=keyboard(
            ("Confirmer", "recap:confirm"), ("Modifier", "recap:edit"), ("Annuler", "recap:cancel")
        ),
    )
    return RECAP


async def recap_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    choice = await close_keyboard(update)
    if choice == "recap:edit":
        # The simplest "modify" a PTB example would offer: go through the form again.
        return await declare(update, context)
    rex = draft(context)
    if context.user_data is not None:
        context.user_data.pop("rex", None)
    if choice == "recap:cancel":
        await chat_of(update).send_message(CANCELLED)
        return ConversationHandler.END
    counter = int(context.bot_data.get("counter", 0)) + 1
    context.bot_data["counter"] = counter
    reference = f"REX-{dtm.date.today().year}-{counter:04d}"
    context.bot_data.setdefault("cases", {})[reference] = {
        **rex,
        "reference": reference,
        "user_id": update.effective_user.id if update.effective_user else None,
        "created_at": dtm.datetime.now(dtm.UTC).isoformat(),
    }
    await chat_of(update).send_message(f"Déclaration enregistrée : {reference}")
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if context.user_data is not None:
        context.user_data.pop("rex", None)
    await chat_of(update).send_message(CANCELLED)
    return ConversationHandler.END


async def announce_ready(context: ContextTypes.DEFAULT_TYPE) -> None:
    # The job queue starts after the updater, so this runs once polling is live.
    print("READY", flush=True)


async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    if application.job_queue is None:
        raise RuntimeError("the job queue (APScheduler) is required to announce READY")
    application.job_queue.run_once(announce_ready, 0, job_kwargs={"misfire_grace_time": None})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--persistence", required=True)
    args = parser.parse_args()

    application = (
        Application.builder()
        .token(args.token)
        .base_url(args.base_url)
        .persistence(PicklePersistence(filepath=args.persistence))
        .post_init(post_init)
        .build()
    )

    text = filters.TEXT & ~filters.COMMAND
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("declarer", declare),
            CallbackQueryHandler(declare, pattern="^menu:declare$"),
        ],
        states={
            TYPE: [CallbackQueryHandler(pick_type, pattern="^type:")],
            DATE: [
                CallbackQueryHandler(date_button, pattern="^date:"),
                MessageHandler(text, date_text),
            ],
            FACTS: [MessageHandler(text, facts)],
            WHY: [CallbackQueryHandler(why, pattern="^skip$"), MessageHandler(text, why)],
            LEARNED: [
                CallbackQueryHandler(learned, pattern="^skip$"),
                MessageHandler(text, learned),
            ],
            GRAVITY: [CallbackQueryHandler(gravity, pattern="^grav:")],
            ANONYMITY: [CallbackQueryHandler(anonymity, pattern="^anon:")],
            CONTACT: [CallbackQueryHandler(contact, pattern="^contact:")],
            PHONE: [MessageHandler(text, phone)],
            SLOT: [MessageHandler(text, slot)],
            RECAP: [CallbackQueryHandler(recap_choice, pattern="^recap:")],
        },
        fallbacks=[CommandHandler("annuler", cancel)],
        name="declare",
        persistent=True,
    )
    application.add_handler(conversation)
    application.add_handler(CommandHandler("start", start))

    application.run_polling(
        poll_interval=0,
        timeout=dtm.timedelta(seconds=10),
        drop_pending_updates=False,
        allowed_updates=Update.ALL_TYPES,
    )


if __name__ == "__main__":
    main()

"""Satisfaction: 1 to 5 on the cell's reactivity and on its help, then an optional comment.

Asked once per person and case (on closure, at the level-2 check-in, or in the level-3 survey of
the professionals involved). The buttons carry the survey, not a conversation version: they can
be answered later, whatever the person is doing. Answers are kept for the indicators only and are
never shown next to who gave them.
"""

from __future__ import annotations

from typing import Any

from flows.core.context import FlowContext
from flows.core.form import Field, Form
from flows.core.free_text import free_text
from flows.core.menu import show_menu
from flows.domain.messages import Choice
from flows.domain.model import Case
from flows.text.i18n import t

PREFIX = "sat"
QUESTIONS = ("reactivity", "help")
FLOW = "satisfaction_comment"
COMMENT_MAX = 1000
DECLARANT, INVOLVED = "declarant", "involved"


def ask(ctx: FlowContext, case: Case, respondent_id: int, audience: str = DECLARANT) -> bool:
    """Send the first question, unless this person was asked about this case already."""
    respondent = ctx.repos.members.get(respondent_id)
    if respondent is None or not respondent.active:
        return False
    if not ctx.repos.casework.ask_survey(case.id, respondent_id, audience, ctx.now):
        return False
    survey = ctx.repos.casework.survey(case.id, respondent_id)
    assert survey is not None
    lang = respondent.language
    intro = t(lang, f"satisfaction.intro_{audience}", reference=case.reference)
    question = t(lang, "satisfaction.q_reactivity")
    ctx.send(respondent_id, f"{intro}\n\n{question}", _scale(lang, "reactivity", survey.id))
    return True


def _scale(language: str, question: str, survey_id: int) -> list[Choice]:
    return [
        Choice(
            f"{PREFIX}:{question}:{score}:{survey_id}", t(language, f"satisfaction.score_{score}")
        )
        for score in range(1, 6)
    ]


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """A satisfaction button: a score, or whether to add a comment."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    survey = None
    if len(parts) >= 3 and parts[-1].isdigit():
        survey = _own_survey(ctx, int(parts[-1]))
    if survey is None:
        ctx.choice_accepted = False
        ctx.reply(ctx.t("satisfaction.not_yours"))
        return
    survey_id, case_id = survey
    action = parts[1]
    if action in QUESTIONS and len(parts) == 4 and parts[2] in "12345":
        _rate(ctx, survey_id, case_id, action, int(parts[2]))
    elif action == "comment":
        ctx.set_state({"flow": FLOW, "mode": "fill", "step": "text", "data": {"survey": survey_id}})
        COMMENT_FORM.prompt(ctx)
    elif action == "nocomment":
        show_menu(ctx, ctx.t("satisfaction.thanks"))
    else:
        ctx.choice_accepted = False
        ctx.reply(ctx.t("satisfaction.not_yours"))


def _own_survey(ctx: FlowContext, survey_id: int) -> tuple[int, int] | None:
    """(survey id, case id) if this survey was asked of this person."""
    assert ctx.member is not None
    survey = ctx.repos.casework.survey_by_id(survey_id)
    if survey is None or survey.respondent_id != ctx.member.id:
        return None
    return survey.id, survey.incident_id


def _rate(ctx: FlowContext, survey_id: int, case_id: int, question: str, score: int) -> None:
    if not ctx.repos.casework.rate(survey_id, question, score, ctx.now):
        ctx.choice_accepted = False
        ctx.notice = ctx.t("satisfaction.already")
        ctx.reply(ctx.t("satisfaction.already"))
        return
    ctx.audit("satisfaction.answered", f"survey:{survey_id}", {"question": question})
    if question == "reactivity":
        ctx.reply(ctx.t("satisfaction.q_help"), _scale(ctx.language, "help", survey_id))
        return
    ctx.reply(
        ctx.t("satisfaction.ask_comment"),
        [
            Choice(f"{PREFIX}:comment:{survey_id}", ctx.t("satisfaction.write_comment")),
            Choice(f"{PREFIX}:nocomment:{survey_id}", ctx.t("satisfaction.no_comment")),
        ],
    )


def typed_comment(ctx: FlowContext, choice_id: str, text: str) -> bool:
    """A comment written right after "Un commentaire ?" instead of pressing the button."""
    survey = _own_survey(ctx, int(choice_id.rsplit(":", 1)[1]))
    if survey is None:
        return False
    checked = free_text(2, COMMENT_MAX)(ctx, text)
    if checked.error is not None:
        ctx.reply(ctx.t(checked.error, **checked.params))
        return True
    _comment_done(ctx, {"survey": survey[0], "text": checked.value})
    return True


def _comment_done(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.repos.casework.comment(int(data["survey"]), str(data["text"]))
    ctx.set_state({})
    show_menu(ctx, ctx.t("satisfaction.thanks"))


def _comment_cancelled(ctx: FlowContext) -> None:
    show_menu(ctx, ctx.t("satisfaction.thanks"))


COMMENT_FORM = Form(
    FLOW,
    [
        Field(
            "text",
            "satisfaction.ask_comment_text",
            "satisfaction.label_comment",
            parse_text=free_text(2, COMMENT_MAX),
        )
    ],
    _comment_done,
    _comment_cancelled,
    catalogue="casework",
)

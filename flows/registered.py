"""Every flow the bot offers: one line each. Adding a flow is its module plus a line here."""

from __future__ import annotations

from flows import (
    announcement,
    business_plan,
    dashboard_link,
    deadline_list,
    enrolment,
    idea_history,
    my_ideas,
    reminder_preferences,
    review,
    sales_points,
    scoring,
    self_assessment,
    stats,
    training,
)
from flows.effects import CheckStamp
from flows.engine import Env, Form, Outcome, new_form, start
from flows.messages import RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.registration import MAX_PHOTOS, REGISTRATION, photo_refusal
from flows.registry import Entry, Registry
from flows.verification import VERIFICATION


def describe_registration(form: Form, env: Env) -> str:
    """Which product and which question, for "continue or start over?"."""
    # The district question shares the commune's number (the 2025 structure has no district).
    number = REGISTRATION.number_of(form.step if form.step != "district" else "commune")
    product = str(form.data.get("product_name") or "")
    step = env.t("RESUME_STEP", n=number[0], total=number[1]) if number else ""
    if product:
        return env.t("RESUME_WHAT_PRODUCT", product=product, step=step)
    return env.t("RESUME_WHAT", step=step)


def begin_stamp_check(msg: UserMessage, env: Env) -> Outcome:
    """A photo, a serial or a link checks at once; else the flow asks for one."""
    for photo in msg.photos:
        if isinstance(photo, StoredPhoto):
            effect = CheckStamp(photo=photo.sha256, codes=photo.codes, advice=photo.advice)
            return Outcome(new_form(VERIFICATION, env), (), (effect,))
        if isinstance(photo, RejectedPhoto):
            return Outcome(None, (Reply(photo_refusal(env, photo.reason)),), ())
    if msg.command is not None and msg.command_arg:
        return Outcome(new_form(VERIFICATION, env), (), (CheckStamp(text=msg.command_arg),))
    if msg.command is None and msg.choice is None and msg.text:
        return Outcome(new_form(VERIFICATION, env), (), (CheckStamp(text=msg.text),))
    return start(VERIFICATION, env)


def help_replies(env: Env) -> tuple[Reply, ...]:
    return (Reply(env.t("HELP", max_photos=MAX_PHOTOS)),)


REGISTRY = Registry(
    (
        Entry(
            "register",
            REGISTRATION,
            commands=("register", "dangky"),
            menu_key="MENU_REGISTER",
            order=10,
            asks_resume=True,
            describe=describe_registration,
        ),
        Entry(
            "my_ideas",
            my_ideas.MY_IDEAS,
            commands=("myideas", "ideas", "ytuong"),
            menu_key="MENU_MY_IDEAS",
            order=20,
            pausable=False,
            begin_with=my_ideas.begin,
        ),
        Entry(
            "verify",
            VERIFICATION,
            commands=("verify", "kiemtra"),
            menu_key="MENU_CHECK_STAMP",
            order=30,
            pausable=False,
            begin_with=begin_stamp_check,
            checks_stamps=True,
        ),
        *enrolment.ENTRIES,
        *sales_points.ENTRIES,
        *review.ENTRIES,
        *deadline_list.ENTRIES,
        *business_plan.ENTRIES,
        *idea_history.ENTRIES,
        *stats.ENTRIES,
        *dashboard_link.ENTRIES,
        *scoring.ENTRIES,
        *training.ENTRIES,
        *self_assessment.ENTRIES,
        *announcement.ENTRIES,
        *reminder_preferences.ENTRIES,
        Entry(
            "help",
            commands=("help", "huongdan", "trogiup"),
            menu_key="MENU_HELP",
            order=90,
            act=help_replies,
        ),
    )
)

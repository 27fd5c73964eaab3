"""Announcements carried out: the audience counted for the preview, the announcement written
with one reminder row per recipient (in the step's transaction; the sweep delivers them), and a
recipient's "Tôi sẽ tham gia" recorded once. Who may address whom is checked again here, and
a refusal is audited like every officer action."""

from __future__ import annotations

from typing import Final

from flows.announcement import (
    REPLY,
    SEND,
    TEXT_MAX,
    announcement_params,
    sender_label,
)
from flows.announcement_effects import (
    ATTEND,
    ATTENDABLE,
    OFFICERS,
    TOPICS,
    AnnouncementSent,
    AttendanceRecorded,
    Audience,
    AudienceCounted,
    CountAudience,
    RecordAttendance,
    SendAnnouncement,
)
from flows.authorization import Area, authorize
from flows.officer_effects import ActionRefused
from flows.principal import COMMUNE, DISTRICT, PROVINCE
from flows.reminder_types import ANNOUNCEMENT, Candidate
from handlers.effects import EffectContext, EffectRegistry
from storage.admin_units_source import load_admin_units
from storage.announcements import Member, subject_of

REFUSED: Final = "auth.refused"
SENT: Final = "announcement.sent"


def _level_reason(ctx: EffectContext, audience: Audience) -> str:
    """Officers are addressed one level down at most: the province's district officers, a
    district's (or the province's) commune officers. "" when allowed."""
    if audience.kind != OFFICERS:
        return ""
    if audience.level == COMMUNE:
        return ""
    if audience.level == DISTRICT and ctx.principal.has_role(PROVINCE):
        return ""
    return "ANNOUNCE_AUTH_LEVEL"


async def _refusal(ctx: EffectContext, audience: Audience, subject: str) -> ActionRefused | None:
    decision = authorize(ctx.principal, SEND, Area(district=audience.area))
    reason = decision.reason if not decision else _level_reason(ctx, audience)
    if not reason:
        return None
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=REFUSED,
        subject=subject,
        area=audience.area,
        before=None,
        after={"action": SEND, "reason": reason, "audience": _audience_json(audience)},
        now=ctx.now,
    )
    return ActionRefused(reason)


def _audience_json(audience: Audience) -> dict[str, str | None]:
    return {
        "kind": audience.kind,
        "area": audience.area,
        "group": audience.group,
        "level": audience.level,
        "structure": audience.structure,
    }


async def _members(ctx: EffectContext, audience: Audience) -> tuple[list[Member], int]:
    """Who receives it (never the sender), and how many are left out as they blocked us."""
    communes: list[str] | None = None
    if audience.kind == OFFICERS and audience.level == COMMUNE and audience.area is not None:
        units = load_admin_units(audience.structure)
        communes = [c.code for c in units.communes_of(audience.area)]
    found = [
        m
        for m in await ctx.uow.announcements.members(audience, communes)
        if m.user_id != ctx.user.id
    ]
    reached = [m for m in found if not m.blocked]
    return reached, len(found) - len(reached)


async def _sender_name(ctx: EffectContext) -> str:
    return (await ctx.uow.users.names_many([ctx.user.id])).get(ctx.user.id, "")


def register_announcement_effects(registry: EffectRegistry) -> None:
    async def count(ctx: EffectContext, effect: CountAudience) -> AudienceCounted | ActionRefused:
        refused = await _refusal(ctx, effect.audience, "announcement:new")
        if refused is not None:
            return refused
        reached, blocked = await _members(ctx, effect.audience)
        return AudienceCounted(len(reached), blocked, await _sender_name(ctx))

    async def send(
        ctx: EffectContext, effect: SendAnnouncement
    ) -> AnnouncementSent | ActionRefused:
        refused = await _refusal(ctx, effect.audience, "announcement:new")
        if refused is not None:
            return refused
        if effect.topic not in TOPICS or not effect.text or len(effect.text) > TEXT_MAX:
            raise ValueError(f"an announcement the flow would not have asked for: {effect!r}")
        reached, _ = await _members(ctx, effect.audience)
        announcements = ctx.uow.announcements
        announcement_id = await announcements.add(
            ctx.user.id, effect.audience, effect.topic, effect.text, len(reached), ctx.now
        )
        sender = sender_label(await _sender_name(ctx), effect.sender_area)
        params = announcement_params(announcement_id, effect.topic, effect.text, sender)
        subject, due = subject_of(announcement_id), effect.due_at
        candidates = [
            Candidate(ANNOUNCEMENT, m.user_id, subject, due, params=params) for m in reached
        ]
        written = await ctx.uow.reminders.add_many(candidates, ctx.now)
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=SENT,
            subject=subject,
            area=effect.audience.area,
            before=None,
            after={
                "audience": _audience_json(effect.audience),
                "topic": effect.topic,
                "recipients": written,
            },
            now=ctx.now,
        )
        return AnnouncementSent(announcement_id, written, due)

    async def attend(
        ctx: EffectContext, effect: RecordAttendance
    ) -> AttendanceRecorded | ActionRefused:
        announcements = ctx.uow.announcements
        topic = await announcements.topic_of(effect.announcement_id)
        allowed = authorize(ctx.principal, REPLY, owner=ctx.user.id)
        if (
            not allowed
            or topic not in ATTENDABLE
            or not await announcements.is_recipient(effect.announcement_id, ctx.user.id)
        ):
            await ctx.uow.audit.record(
                actor_user_id=ctx.user.id,
                action=REFUSED,
                subject=subject_of(effect.announcement_id),
                area=None,
                before=None,
                after={"action": REPLY, "reason": "ANNOUNCEMENT_NOT_YOURS"},
                now=ctx.now,
            )
            return ActionRefused("ANNOUNCEMENT_NOT_YOURS")
        first = await announcements.record_reply(
            effect.announcement_id, ctx.user.id, ATTEND, ctx.now
        )
        return AttendanceRecorded(first, str(topic))

    registry.register(CountAudience, count)
    registry.register(SendAnnouncement, send)
    registry.register(RecordAttendance, attend)

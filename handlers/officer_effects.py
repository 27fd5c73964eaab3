"""Officers' enrolment carried out: redeem a code and grant its role, invite and revoke (for
administrators, authorized again here), every action and every refusal in the audit log.

Wrong codes are counted from the audit log ("officer.invite_failed" in the last
`FAILED_CODES_WINDOW`), so the limit holds across restarts and processes.
"""

from __future__ import annotations

from dataclasses import replace

from flows.authorization import authorize
from flows.enrolment import FAILED_CODES_WINDOW, MAX_FAILED_CODES
from flows.officer_effects import (
    LIMITED,
    OLD_STRUCTURE,
    ActionRefused,
    InviteOfficer,
    InviteRedeemed,
    InviteRefused,
    ListOfficers,
    OfficerInvited,
    OfficerRevoked,
    OfficerRow,
    OfficersListed,
    RedeemInvite,
    RevokeOfficer,
)
from flows.principal import RoleGrant
from handlers.effects import EffectContext, EffectRegistry

FAILED = "officer.invite_failed"
REFUSED = "auth.refused"


async def _refuse(ctx: EffectContext, action: str, reason: str, subject: str) -> ActionRefused:
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=REFUSED,
        subject=subject,
        area=None,
        before=None,
        after={"action": action, "reason": reason},
        now=ctx.now,
    )
    return ActionRefused(reason)


def register_officer_effects(registry: EffectRegistry) -> None:
    async def redeem(ctx: EffectContext, effect: RedeemInvite) -> InviteRedeemed | InviteRefused:
        subject = f"user:{ctx.user.id}"
        failures = await ctx.uow.audit.count_since(
            actor_user_id=ctx.user.id, action=FAILED, since=ctx.now - FAILED_CODES_WINDOW
        )
        if failures >= MAX_FAILED_CODES:
            # Not even looked at, and not counted: the window ends an hour after the last
            # real try, not after the last impatient one.
            return InviteRefused(LIMITED)
        found = await ctx.uow.officers.redeem(effect.code, ctx.user.id, ctx.now)
        invite = found.invite
        reason = found.refusal
        if invite is not None and invite.structure != effect.structure:
            reason = OLD_STRUCTURE
        if invite is None or reason is not None:
            after = {"reason": reason, "invite": found.invite_id}
            await ctx.uow.audit.record(
                actor_user_id=ctx.user.id,
                action=FAILED,
                subject=subject,
                area=None,
                before=None,
                after=after,
                now=ctx.now,
            )
            return InviteRefused(str(reason))
        grant = RoleGrant(invite.role, invite.area)
        before = [[g.role, g.area] for g in ctx.principal.grants]
        already = grant in ctx.principal.grants
        if not already:
            await ctx.uow.users.grant(
                ctx.user.id, invite.role, invite.area, invite.structure, ctx.now
            )
            # The rest of this step (the menu after the reply) sees the new role.
            ctx.principal = replace(ctx.principal, grants=(*ctx.principal.grants, grant))
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action="officer.enrolled",
            subject=subject,
            area=invite.area,
            before={"roles": before},
            after={
                "roles": [[g.role, g.area] for g in ctx.principal.grants],
                "invite": invite.id,
                "structure": invite.structure,
            },
            now=ctx.now,
        )
        return InviteRedeemed(invite.role, invite.area, already)

    async def invite(ctx: EffectContext, effect: InviteOfficer) -> OfficerInvited | ActionRefused:
        decision = authorize(ctx.principal, "officer.invite")
        if not decision:
            return await _refuse(ctx, "officer.invite", decision.reason, "invite:new")
        made = await ctx.uow.officers.create_invite(
            role=effect.role,
            area=effect.area,
            structure=effect.structure,
            name=effect.name,
            now=ctx.now,
        )
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action="officer.invited",
            subject=f"invite:{made.invite.id}",
            area=effect.area,
            before=None,
            after=_invite_json(effect),
            now=ctx.now,
        )
        expires = made.invite.expires_at.isoformat()
        return OfficerInvited(made.code, effect.role, effect.area, expires)

    async def list_officers(
        ctx: EffectContext, effect: ListOfficers
    ) -> OfficersListed | ActionRefused:
        decision = authorize(ctx.principal, "officer.revoke")
        if not decision:
            return await _refuse(ctx, "officer.revoke", decision.reason, "officers")
        rows = await ctx.uow.officers.officers()
        listed = tuple(
            OfficerRow(o.user_id, o.name or f"{o.channel}:{o.external_id}", o.role, o.area)
            for o in rows
        )
        return OfficersListed(listed)

    async def revoke(ctx: EffectContext, effect: RevokeOfficer) -> OfficerRevoked | ActionRefused:
        subject = f"user:{effect.user_id}"
        decision = authorize(ctx.principal, "officer.revoke")
        if not decision:
            return await _refuse(ctx, "officer.revoke", decision.reason, subject)
        if effect.user_id == ctx.user.id:
            return await _refuse(ctx, "officer.revoke", "REVOKE_SELF", subject)
        taken = await ctx.uow.officers.revoke_roles(effect.user_id, ctx.now)
        roles = tuple((o.role, o.area) for o in taken)
        if taken:
            await ctx.uow.audit.record(
                actor_user_id=ctx.user.id,
                action="officer.revoked",
                subject=subject,
                area=None,
                before={"roles": [list(r) for r in roles]},
                after={"roles": []},
                now=ctx.now,
            )
        return OfficerRevoked(effect.user_id, roles)

    registry.register(RedeemInvite, redeem)
    registry.register(InviteOfficer, invite)
    registry.register(ListOfficers, list_officers)
    registry.register(RevokeOfficer, revoke)


def _invite_json(effect: InviteOfficer) -> dict[str, object]:
    return {
        "role": effect.role,
        "area": effect.area,
        "structure": effect.structure,
        "name": effect.name,
    }

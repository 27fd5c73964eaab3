"""The registration's effects: store a finished form, list a producer's ideas."""

from __future__ import annotations

import asyncio

from flows.authorization import authorize
from flows.effects import IdeasLoaded, IdeaSubmitted, LoadMyIdeas, SubmitIdea
from handlers.effects import EffectContext, EffectRegistry, RefusedEffect
from handlers.review_effects import tell_next
from storage.ideas import NewPhoto
from storage.photo_store import PhotoStore


def register_idea_effects(registry: EffectRegistry, photo_store: PhotoStore) -> None:
    async def submit(ctx: EffectContext, effect: SubmitIdea) -> IdeaSubmitted:
        decision = authorize(ctx.principal, "idea.register")
        if not decision:
            raise RefusedEffect(decision.reason)
        photos = []
        for sha in effect.photos:
            width, height = await asyncio.to_thread(photo_store.size_of, sha)
            photos.append(NewPhoto(sha, width, height))
        idea = await ctx.uow.ideas.submit(ctx.user.id, effect.answers, photos, ctx.now)
        # The commune's officers learn of it at once, as of every later step of the chain.
        await tell_next(registry, ctx, idea)
        return IdeaSubmitted(idea.registration_number, idea.id)

    async def load_mine(ctx: EffectContext, effect: LoadMyIdeas) -> IdeasLoaded:
        return IdeasLoaded(await ctx.uow.ideas.summaries_for(ctx.user.id))

    registry.register(SubmitIdea, submit)
    registry.register(LoadMyIdeas, load_mine)

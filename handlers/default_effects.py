"""Every feature's effect handlers, registered once: a new feature adds its line here."""

from __future__ import annotations

from handlers.announcement_effects import register_announcement_effects
from handlers.business_plan_effects import register_business_plan_effects
from handlers.deadline_list_effects import register_deadline_list_effects
from handlers.effects import EffectRegistry
from handlers.idea_effects import register_idea_effects
from handlers.idea_history_effects import register_idea_history_effects
from handlers.language_effects import register_language_effects
from handlers.notify import register_notify
from handlers.officer_effects import register_officer_effects
from handlers.refusal_effects import register_refusal_effects
from handlers.reminder_preference_effects import register_reminder_preference_effects
from handlers.review_effects import register_review_effects
from handlers.sales_point_effects import register_sales_point_effects
from handlers.scoring_effects import register_scoring_effects
from handlers.stamp_check import StampChecker
from handlers.stamp_effects import register_stamp_effects
from handlers.stats_effects import register_stats_effects
from handlers.training_effects import register_training_effects
from storage.document_store import DocumentStore
from storage.photo_store import PhotoStore


def default_effects(
    photo_store: PhotoStore, checker: StampChecker, documents: DocumentStore | None = None
) -> EffectRegistry:
    registry = EffectRegistry()
    register_idea_effects(registry, photo_store)
    register_stamp_effects(registry, checker)
    register_language_effects(registry)
    register_notify(registry)
    register_officer_effects(registry)
    register_review_effects(registry)
    register_business_plan_effects(registry, photo_store, documents)
    register_sales_point_effects(registry)
    register_scoring_effects(registry, checker)
    register_stats_effects(registry, checker)
    register_training_effects(registry)
    register_refusal_effects(registry)
    register_idea_history_effects(registry)
    register_deadline_list_effects(registry)
    register_announcement_effects(registry)
    register_reminder_preference_effects(registry)
    return registry

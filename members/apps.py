from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from moderation.registry import hide_handlers

        from .models import Recommendation
        from .roles import moderators_group_sync
        from .services import recommendation_remove

        post_migrate.connect(moderators_group_sync, sender=self)
        hide_handlers.register(
            Recommendation,
            lambda target, moderator, reason: recommendation_remove(
                recommendation=target, moderator=moderator, reason=reason
            ),
        )

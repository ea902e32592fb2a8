from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from moderation.registry import hide_handlers, member_suspension


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from .models import Recommendation
        from .roles import moderators_group_sync
        from .services import member_suspend, recommendation_remove

        # After every app, not only this one: the apps migrated after members (forums, events,
        # moderation) create their permissions later in the same migrate.
        post_migrate.connect(moderators_group_sync, dispatch_uid="moderators_group_sync")
        hide_handlers.register(
            Recommendation,
            lambda target, moderator, reason: recommendation_remove(
                recommendation=target, moderator=moderator, reason=reason
            ),
        )
        member_suspension.register(member_suspend)

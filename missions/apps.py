from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "missions"
    verbose_name = _("Missions")

    def ready(self):
        from members.hooks import (
            register_account_erasure,
            register_export_section,
            register_profile_section,
        )
        from moderation.registry import hide_handlers

        from .export import missions_erase, missions_export
        from .models import Mission
        from .profile import referrals_section
        from .services import mission_hide

        register_profile_section(referrals_section)
        register_export_section("missions", missions_export)
        register_account_erasure(missions_erase)
        hide_handlers.register(
            Mission,
            lambda target, moderator, reason: mission_hide(
                mission=target, moderator=moderator, reason=reason
            ),
        )

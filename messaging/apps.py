from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "messaging"
    verbose_name = _("Private messages")

    def ready(self):
        from members.hooks import (
            register_account_erasure,
            register_export_section,
            register_profile_action,
        )
        from moderation.registry import hide_handlers
        from notifications.models import Kind
        from notifications.registry import navbar_counts

        from .models import Message
        from .profile import write_action
        from .selectors import export_of, members_with_write_state, unread_count_query
        from .services import message_hide, messaging_erase

        register_profile_action(annotate=members_with_write_state, action=write_action)
        register_export_section("private_messages", export_of)
        register_account_erasure(messaging_erase)
        hide_handlers.register(Message, message_hide)
        navbar_counts.register("messages", kind=Kind.MESSAGE, count=unread_count_query)

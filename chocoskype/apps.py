from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChocoskypeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chocoskype"
    verbose_name = _("ChocoSkype ritual")

    def ready(self):
        from events.hooks import register_reminder_text
        from notifications.models import Kind
        from notifications.services import register_email_links

        from .binomes import reminder_paragraphs
        from .links import email_link_labels

        register_reminder_text(reminder_paragraphs)
        register_email_links(Kind.CHOCOSKYPE, email_link_labels)

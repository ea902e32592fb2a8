from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChocoskypeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chocoskype"
    verbose_name = _("ChocoSkype ritual")

    def ready(self):
        from events.hooks import register_reminder_text

        from .binomes import reminder_paragraphs

        register_reminder_text(reminder_paragraphs)

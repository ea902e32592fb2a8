from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import digest_sections


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from .selectors import events_announced_near

        digest_sections.register("events", events_announced_near)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from moderation.registry import hide_handlers


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from . import page_cache
        from .models import Post
        from .services import post_hide

        page_cache.connect()
        hide_handlers.register(
            Post,
            lambda target, moderator, reason: post_hide(
                moderator=moderator, post=target, reason=reason
            ),
        )

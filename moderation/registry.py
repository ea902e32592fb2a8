"""How the moderation queue acts through the apps above it.

Apps register a function for their models (``hide_handlers.register(Post, post_hide)``) so
that the moderation queue can act on any report without knowing every app; the members app
registers how a member is suspended (``member_suspension.register(member_suspend)``).
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

HideHandler = Callable[..., None]


class HideHandlers:
    def __init__(self) -> None:
        self._handlers: dict[type[Model], HideHandler] = {}

    def register(self, model: type[Model], handler: HideHandler) -> None:
        self._handlers[model] = handler

    def for_target(self, target: Model) -> HideHandler | None:
        return self._handlers.get(type(target))


hide_handlers = HideHandlers()


class MemberSuspension:
    """The report queue's way to suspend the authors it lists: the function the members app
    registers (its service, which logs the action); PermissionDenied for a member who may not
    be suspended."""

    def __init__(self) -> None:
        self._suspend: Callable[..., None] | None = None

    def register(self, suspend: Callable[..., None]) -> None:
        self._suspend = suspend

    def __call__(self, *, moderator, member, reason: str, until=None) -> None:
        if self._suspend is None:
            raise ImproperlyConfigured("No app has registered how members are suspended.")
        self._suspend(moderator=moderator, member=member, reason=reason, until=until)


member_suspension = MemberSuspension()

"""How each kind of reportable content is hidden by a moderator.

Apps register a function for their models (``hide_handlers.register(Post, post_hide)``) so
that the moderation queue can act on any report without knowing every app.
"""

from collections.abc import Callable

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

"""Ways for apps built on events to add to what events send, without events importing them."""

from collections.abc import Callable

from .models import Event

# Each returns paragraphs to add to a member's reminder of an event (in the member's language,
# already active), or an empty list.
ReminderText = Callable[[Event, object], list[str]]
_reminder_texts: list[ReminderText] = []


def register_reminder_text(provider: ReminderText) -> None:
    if provider not in _reminder_texts:
        _reminder_texts.append(provider)


def reminder_paragraphs(event: Event, member) -> list[str]:
    return [paragraph for provider in _reminder_texts for paragraph in provider(event, member)]

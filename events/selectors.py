from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Event


def events_upcoming_for(user) -> QuerySet[Event]:
    return Event.objects.visible_to(user).upcoming().select_related("organiser")


def get_event_for_reader(user, pk: int) -> Event:
    """An event the reader may see; a members-only event is a 404 to visitors."""
    return get_object_or_404(Event.objects.visible_to(user).select_related("organiser"), pk=pk)


def events_upcoming_organised_by(*, organiser, viewer) -> QuerySet[Event]:
    """A member's upcoming events, as their profile lists them."""
    return events_upcoming_for(viewer).filter(organiser=organiser)

"""Events' personas and helpers: an organiser, a co-host, a full afterwork, an online session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import selectors
from events.models import Event, Rsvp
from events.services import VideoSource
from tests.factories import EventFactory, MemberFactory

JITSI_ROOM = "https://meet.jit.si/freelancehub-secret-room-4f1c2a"


@pytest.fixture
def organiser(db):
    """Léa organises the events; Claire (``member``) and Karim (``other_member``) attend."""
    return MemberFactory(username="lea", display_name="Léa Roux")


@pytest.fixture
def co_host(db):
    return MemberFactory(username="hugo", display_name="Hugo Lambert")


@pytest.fixture
def suspended_member(db):
    now = timezone.now()
    return MemberFactory(
        username="bruno",
        display_name="Bruno Spam",
        suspended_at=now - timedelta(days=1),
        suspended_until=now + timedelta(days=6),
        suspension_reason="Spam.",
    )


@pytest.fixture
def event(organiser, co_host):
    """An afterwork in Lyon next week, ten seats, with a co-host."""
    event = EventFactory(
        title="Afterwork des freelances lyonnais",
        organiser=organiser,
        capacity=10,
        address="12 rue d’Austerlitz",
        region="ara",
        description="On parle **tarifs** autour d’un verre.",
    )
    event.co_hosts.add(co_host)
    return event


@pytest.fixture
def online_event(organiser):
    """A ChocoSkype in three days with a private room."""
    starts_at = timezone.now() + timedelta(days=3)
    return EventFactory(
        kind=Event.Kind.CHOCOSKYPE,
        title="ChocoSkype du mardi",
        organiser=organiser,
        is_online=True,
        city="",
        venue_name="",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        capacity=4,
        video_url=JITSI_ROOM,
        video_room_is_generated=True,
    )


def take_seats(event: Event, members, status=Rsvp.Status.GOING) -> list[Rsvp]:
    """Seats given directly, bypassing the services, to set up a test quickly."""
    now = timezone.now()
    rsvps = []
    for offset, member in enumerate(members):
        rsvps.append(
            Rsvp.objects.create(
                event=event,
                member=member,
                status=status,
                waitlisted_at=now + timedelta(seconds=offset)
                if status == Rsvp.Status.WAITLISTED
                else None,
            )
        )
    if status in Rsvp.SEAT_STATUSES:
        Event.objects.filter(pk=event.pk).update(seats_taken=event.seats_taken + len(rsvps))
        event.refresh_from_db()
    return rsvps


def waitlist_as_shown(event: Event) -> dict:
    """Each waiting member's position, as the event's page and their “my events” page show it."""
    shown = {}
    for rsvp in event.rsvps.filter(status=Rsvp.Status.WAITLISTED).select_related("member"):
        on_my_events = {
            waiting.event_id: waiting.position
            for waiting in selectors.my_events(member=rsvp.member)["waitlisted"]
        }
        shown[rsvp.member] = (selectors.waitlist_position(rsvp), on_my_events[event.pk])
    return shown


def form_data(**overrides) -> dict:
    """What the event form posts for an afterwork in Lyon in two weeks."""
    day = (timezone.localdate() + timedelta(days=14)).isoformat()
    return {
        "kind": Event.Kind.AFTERWORK,
        "title": "Apéro des rédacteurs",
        "description": "Venez **nombreux** <script>alert(1)</script>",
        "date": day,
        "start_time": "19:00",
        "end_time": "22:30",
        "timezone": "Europe/Paris",
        "place": "in_person",
        "venue_name": "Le Bistrot des Canuts",
        "address": "12 rue d’Austerlitz",
        "city": "Lyon",
        "region": "ara",
        "video_source": VideoSource.ROOM,
        "video_link": "",
        "visibility": Event.Visibility.PUBLIC,
        "capacity": "20",
        "rsvp_deadline": "",
        "offer_cutoff_hours": "24",
        "co_hosts": "",
        **overrides,
    }

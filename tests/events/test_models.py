"""The invariants the database keeps, whoever writes: constraints and rendered descriptions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from events.models import Event, Rsvp, video_provider_name
from tests.factories import EventFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_at": timezone.now()},
        {"city": "", "is_online": False},
        {"capacity": 0},
        {"rsvp_deadline": timezone.now() + timedelta(days=30)},
        {"video_url": "http://zoom.us/j/1"},
    ],
)
def test_the_database_refuses_an_impossible_event(event, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(**changes)


def test_full_clean_explains_a_broken_constraint(event):
    event.seats_taken = 5
    event.capacity = 2

    with translation.override("en"), pytest.raises(ValidationError) as error:
        event.full_clean()

    assert error.value.message_dict["__all__"] == [
        "The capacity cannot be lower than the number of seats already taken."
    ]


def test_an_rsvp_is_unique_and_a_waitlist_place_needs_a_time(event, member):
    Rsvp.objects.create(event=event, member=member, status=Rsvp.Status.GOING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.create(event=event, member=member, status=Rsvp.Status.GOING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.create(event=event, member=MemberFactory(), status=Rsvp.Status.WAITLISTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.create(event=event, member=MemberFactory(), status=Rsvp.Status.OFFERED)


def test_the_description_is_rendered_at_every_save(organiser):
    event = EventFactory(organiser=organiser, description="# Titre\n\n<img src=x onerror=alert(1)>")

    assert event.description_html == "<h3>Titre</h3>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"
    event.description = "*neuf*"
    event.save(update_fields=["description"])
    event.refresh_from_db()
    assert event.description_html == "<p><em>neuf</em></p>\n"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://meet.jit.si/freelancehub-abc", "Jitsi Meet"),
        ("https://jitsi.example.org/room", "Jitsi Meet"),
        ("https://us02web.zoom.us/j/123", "Zoom"),
        ("https://meet.google.com/abc-defg-hij", "Google Meet"),
        ("https://teams.microsoft.com/l/meetup-join/x", "Microsoft Teams"),
        ("https://join.skype.com/abc", "Skype"),
        ("https://zoom.us.evil.example/j/1", ""),
        ("https://visio.example.org/r", ""),
    ],
)
def test_video_providers_are_recognised_by_their_host(url, provider):
    assert video_provider_name(url) == provider


def test_seats_and_the_hosts(event, co_host, member):
    event.capacity = 2
    event.seats_taken = 2

    assert event.is_full and event.seats_left == 0
    assert event.is_hosted_by(event.organiser) and event.is_hosted_by(co_host)
    assert not event.is_hosted_by(member)
    assert event.map_url.startswith("https://www.openstreetmap.org/search?query=Le+Comptoir")


def test_two_members_never_hold_the_same_place_on_a_waitlist(event):
    place = timezone.now()
    Rsvp.objects.create(
        event=event, member=MemberFactory(), status=Rsvp.Status.WAITLISTED, waitlisted_at=place
    )
    Rsvp.objects.create(
        event=EventFactory(),
        member=MemberFactory(),
        status=Rsvp.Status.WAITLISTED,
        waitlisted_at=place,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.create(
            event=event, member=MemberFactory(), status=Rsvp.Status.WAITLISTED, waitlisted_at=place
        )

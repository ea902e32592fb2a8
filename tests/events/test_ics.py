"""Calendar files: valid RFC 5545 parsed back with icalendar, stable UID, growing SEQUENCE, the
join link for attendees only, the Google Calendar link and the two feeds."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events import ics, services
from events.models import Event, Rsvp
from tests.factories import EventFactory

from .conftest import JITSI_ROOM, take_seats

pytestmark = pytest.mark.django_db


def parse(content: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ics.PRODID
    return calendar


def the_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (vevent,) = calendar.events
    return vevent


def test_an_event_file_has_its_timezone_and_every_required_property(event):
    event.timezone = "America/Toronto"
    event.save()

    calendar = parse(ics.event_ics(event, for_attendee=False))
    vevent = the_event(calendar)

    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.timezones] == ["America/Toronto"]
    assert vevent["DTSTART"].params["TZID"] == "America/Toronto"
    # Calendars count in whole seconds.
    assert vevent.start == event.starts_at.astimezone(ZoneInfo("America/Toronto")).replace(
        microsecond=0
    )
    assert vevent.end == event.ends_at.replace(microsecond=0)
    assert vevent["UID"] == f"event-{event.pk}@127.0.0.1"
    assert vevent["SUMMARY"] == "Afterwork des freelances lyonnais"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert vevent["LOCATION"] == "Le Comptoir, 12 rue d’Austerlitz, Lyon"
    assert vevent["URL"] == f"http://127.0.0.1:8000/events/{event.pk}/"
    assert vevent["ORGANIZER"].params["CN"] == "Léa Roux"
    assert event.organiser.email not in str(vevent["ORGANIZER"])
    assert "DTSTAMP" in vevent


def test_the_uid_stays_and_the_sequence_grows_until_the_cancellation(event, organiser):
    before = the_event(parse(ics.event_ics(event, for_attendee=False)))
    later = event.starts_at + timedelta(hours=1)
    services.event_update(
        actor=organiser,
        event=event,
        data=services.EventData(
            kind=event.kind,
            title=event.title,
            description=event.description,
            starts_at=later,
            ends_at=later + timedelta(hours=3),
            timezone=event.timezone,
            is_online=False,
            venue_name=event.venue_name,
            address=event.address,
            city=event.city,
            capacity=event.capacity,
        ),
    )
    event.refresh_from_db()
    moved = the_event(parse(ics.event_ics(event, for_attendee=False)))
    services.event_cancel(actor=organiser, event=event, reason="Fermeture")
    event.refresh_from_db()
    cancelled_calendar = parse(ics.event_ics(event, for_attendee=True))
    cancelled = the_event(cancelled_calendar)

    assert before["UID"] == moved["UID"] == cancelled["UID"]
    assert (before["SEQUENCE"], moved["SEQUENCE"], cancelled["SEQUENCE"]) == (0, 1, 2)
    assert moved.start == later.replace(microsecond=0)
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled_calendar["METHOD"] == "CANCEL"
    assert "Fermeture" in cancelled["DESCRIPTION"]


def test_an_online_event_carries_the_join_link_for_attendees_only(online_event):
    for_attendee = the_event(parse(ics.event_ics(online_event, for_attendee=True)))
    for_others = the_event(parse(ics.event_ics(online_event, for_attendee=False)))
    join = f"http://127.0.0.1:8000/events/{online_event.pk}/join/"

    assert for_attendee["LOCATION"] == join
    assert join in for_attendee["DESCRIPTION"]
    assert for_others["LOCATION"] == "Online"
    assert join not in for_others["DESCRIPTION"]
    for content in (for_attendee, for_others):
        assert JITSI_ROOM not in content.to_ical().decode()


def test_the_download_gives_the_link_to_an_attendee_and_not_to_another_member(
    client, online_event, member, other_member
):
    take_seats(online_event, [member])
    url = reverse("events:ics", args=[online_event.pk])

    client.force_login(member)
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="freelancehub-event-{online_event.pk}.ics"'
    )
    assert "/join/" in the_event(parse(response.content))["LOCATION"]

    client.force_login(other_member)
    assert the_event(parse(client.get(url).content))["LOCATION"] == "Online"


def test_a_members_only_event_file_is_a_visitors_404(client, event):
    event.visibility = Event.Visibility.MEMBERS
    event.save()

    assert client.get(reverse("events:ics", args=[event.pk])).status_code == 404


def test_the_google_calendar_link_is_filled_in(event, online_event):
    query = parse_qs(urlsplit(ics.google_calendar_url(event, for_attendee=False)).query)

    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == [event.title]
    start = event.starts_at.astimezone(ics.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = event.ends_at.astimezone(ics.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert query["dates"] == [f"{start}/{end}"]
    assert query["location"] == ["Le Comptoir, 12 rue d’Austerlitz, Lyon"]
    assert query["ctz"] == ["Europe/Paris"]
    online = ics.google_calendar_url(online_event, for_attendee=False)
    assert "join" not in online and JITSI_ROOM not in online


def test_the_public_feed_lists_public_events_and_recent_cancellations(client, event, organiser):
    members_only = EventFactory(organiser=organiser, visibility=Event.Visibility.MEMBERS)
    cancelled = EventFactory(organiser=organiser, title="Annulé")
    services.event_cancel(actor=organiser, event=cancelled, reason="Pluie")
    old = EventFactory(
        organiser=organiser,
        starts_at=timezone.now() - timedelta(days=90),
        ends_at=timezone.now() - timedelta(days=90) + timedelta(hours=2),
    )

    response = client.get(reverse("events:feed"))

    calendar = parse(response.content)
    uids = {str(vevent["UID"]) for vevent in calendar.events}
    assert uids == {ics.event_uid(event), ics.event_uid(cancelled)}
    assert ics.event_uid(members_only) not in uids and ics.event_uid(old) not in uids


def test_a_members_private_feed_lists_what_they_attend_and_host_until_revoked(
    client, event, online_event, member, organiser
):
    take_seats(online_event, [member])
    waitlisted = EventFactory(organiser=organiser, title="Liste d’attente")
    take_seats(waitlisted, [member], Rsvp.Status.WAITLISTED)
    hosted = EventFactory(organiser=member, title="Mon apéro")
    token = services.calendar_token_reset(member=member)
    url = reverse("events:member_feed", args=[token])

    response = client.get(url)

    assert response.status_code == 200
    calendar = parse(response.content)
    summaries = {str(vevent["SUMMARY"]) for vevent in calendar.events}
    assert summaries == {online_event.title, hosted.title}
    online = next(v for v in calendar.events if v["SUMMARY"] == online_event.title)
    assert "/join/" in online["LOCATION"]

    services.calendar_token_reset(member=member)
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:member_feed", args=["nope"])).status_code == 404

"""Private meetings (a ChocoSkype pair's): only the members invited see them, anywhere."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import selectors, services
from events.forms import EventForm
from events.models import Event, EventData, Rsvp, VideoSource
from home.sitemaps import EventSitemap
from tests.factories import MemberFactory

TITLE = "ChocoSkype Claire × Karim"


@pytest.fixture
def third_member(db):
    return MemberFactory(username="ines", display_name="Inès Moreau")


@pytest.fixture
def meeting(member, other_member):
    starts_at = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return services.private_meeting_create(
        organiser=member,
        guests=[other_member],
        data=EventData(
            kind=Event.Kind.CHOCOSKYPE,
            title=TITLE,
            description="",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
            timezone="Europe/Paris",
            is_online=True,
            visibility=Event.Visibility.PRIVATE,
            video_source=VideoSource.ROOM,
        ),
    )


def test_a_private_meeting_seats_both_members_without_telling_them(
    meeting, member, other_member, mailoutbox
):
    assert meeting.visibility == Event.Visibility.PRIVATE
    assert meeting.video_room_is_generated and meeting.video_url.startswith("https://")
    assert set(meeting.rsvps.values_list("member__username", "status")) == {
        ("claire", Rsvp.Status.GOING),
        ("karim", Rsvp.Status.GOING),
    }
    assert meeting.seats_taken == 2 == meeting.capacity
    assert mailoutbox == []


def test_a_third_member_finds_it_nowhere(client, meeting, third_member):
    client.force_login(third_member)
    month = timezone.localdate(meeting.starts_at)
    pages = [
        reverse("events:list"),
        reverse("events:past"),
        reverse("events:calendar") + f"?month={month:%Y-%m}",
        reverse("events:mine"),
        reverse("events:feed"),
        "/",
        meeting.organiser.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert TITLE not in response.content.decode(), url
    for name in ("events:detail", "events:ics", "events:join", "events:attendees"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404, name
    assert (
        client.post(reverse("events:rsvp", args=[meeting.pk]), {"answer": "going"}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("events:comment", args=[meeting.pk]), {"body": "Je viens !"}
        ).status_code
        == 404
    )
    assert meeting not in selectors.events_announced_near(
        member=third_member, since=timezone.now() - timedelta(days=1), limit=10
    )
    assert meeting not in list(EventSitemap().items())
    assert not Event.objects.visible_to(AnonymousUser()).filter(pk=meeting.pk).exists()
    assert not Event.objects.visible_to(third_member).filter(pk=meeting.pk).exists()
    token = services.calendar_token_reset(member=third_member)
    feed = client.get(reverse("events:member_feed", args=[token]))
    assert TITLE not in feed.content.decode()


def test_a_visitor_finds_it_nowhere(client, meeting):
    assert client.get(reverse("events:detail", args=[meeting.pk])).status_code == 404
    assert TITLE not in client.get(reverse("events:list")).content.decode()
    assert TITLE not in client.get(reverse("events:feed")).content.decode()


def test_both_members_see_it_in_their_events_feed_and_ics(client, meeting, member, other_member):
    for reader in (member, other_member):
        client.force_login(reader)
        mine = client.get(reverse("events:mine")).content.decode()
        assert TITLE in mine
        # Its card says who may come, not seats: its two seats are its two members.
        assert "Seulement les personnes invitées" in mine
        assert "Complet" not in mine
        page = client.get(reverse("events:detail", args=[meeting.pk])).content.decode()
        assert TITLE in page
        assert 'id="discussion' not in page
        ics = client.get(reverse("events:ics", args=[meeting.pk])).content.decode()
        assert "CLASS:PRIVATE" in ics
        token = services.calendar_token_reset(member=reader)
        feed = client.get(reverse("events:member_feed", args=[token])).content.decode()
        assert "ChocoSkype Claire" in feed


def test_either_member_may_cancel_it_and_nobody_may_discuss_it(meeting, other_member):
    with pytest.raises(ValidationError):
        services.event_comment_post(author=other_member, event=meeting, body="Bonjour")
    services.event_cancel(actor=other_member, event=meeting, reason="Un empêchement.")
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_the_event_form_offers_no_private_visibility(member, meeting):
    assert Event.Visibility.PRIVATE not in dict(
        EventForm(member=member).fields["visibility"].choices
    )
    editing = EventForm(event=meeting, member=member)
    assert list(dict(editing.fields["visibility"].choices)) == [Event.Visibility.PRIVATE]

"""RSVP rules: capacity, waitlist order, promotion, offers near the event, deadline, cancellation,
and who may do what."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from events import services
from events.models import Event, EventLogEntry, EventPreferences, Rsvp
from events.services import EventData, VideoSource
from tests.factories import EventFactory, MemberFactory, ModeratorFactory

from .conftest import take_seats, waitlist_as_shown

pytestmark = pytest.mark.django_db

GOING = Rsvp.Status.GOING
WAITLISTED = Rsvp.Status.WAITLISTED
OFFERED = Rsvp.Status.OFFERED
NOT_GOING = Rsvp.Status.NOT_GOING
INTERESTED = Rsvp.Status.INTERESTED


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the msgids' language."""
    with translation.override("en"):
        yield


def respond(member, event, answer=GOING) -> Rsvp:
    return services.rsvp_respond(member=member, event=event, answer=answer)


def statuses(event) -> dict[str, str]:
    return dict(event.rsvps.values_list("member__username", "status"))


def test_the_first_members_get_the_seats_and_the_next_wait_in_order(event):
    event.capacity = 2
    event.save()
    members = MemberFactory.create_batch(4)

    answers = [respond(member, event) for member in members]

    assert [rsvp.status for rsvp in answers] == [GOING, GOING, WAITLISTED, WAITLISTED]
    event.refresh_from_db()
    assert event.seats_taken == 2
    waitlist = list(Rsvp.objects.waitlist().filter(event=event))
    assert [rsvp.member for rsvp in waitlist] == members[2:]


def test_answering_going_twice_changes_nothing(event, member):
    first = respond(member, event)
    second = respond(member, event)

    assert first.pk == second.pk
    event.refresh_from_db()
    assert event.seats_taken == 1
    assert event.rsvps.count() == 1


def test_cancelling_a_seat_promotes_the_first_on_the_waitlist_and_tells_them(
    event, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    respond(member, event)
    third = MemberFactory(username="third")
    respond(other_member, event)
    respond(third, event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        respond(member, event, NOT_GOING)

    assert statuses(event) == {"claire": NOT_GOING, "karim": GOING, "third": WAITLISTED}
    event.refresh_from_db()
    assert event.seats_taken == 1
    (promoted_mail,) = mailoutbox
    assert promoted_mail.to == [other_member.email]
    assert "Afterwork des freelances lyonnais" in promoted_mail.subject
    assert promoted_mail.attachments[0].mimetype == "text/calendar"


def test_leaving_the_waitlist_keeps_the_others_in_order(event):
    event.capacity = 1
    event.save()
    first, second, third, fourth = MemberFactory.create_batch(4)
    for member in (first, second, third, fourth):
        respond(member, event)

    respond(second, event, NOT_GOING)
    respond(first, event, NOT_GOING)

    assert statuses(event)[third.username] == GOING
    assert [r.member for r in Rsvp.objects.waitlist().filter(event=event)] == [fourth]


def test_coming_back_after_leaving_goes_to_the_end_of_the_waitlist(event):
    event.capacity = 1
    event.save()
    seated, first, second = MemberFactory.create_batch(3)
    for member in (seated, first, second):
        respond(member, event)

    respond(first, event, NOT_GOING)
    respond(first, event, GOING)

    assert [r.member for r in Rsvp.objects.waitlist().filter(event=event)] == [second, first]


def waitlist(event) -> list:
    return [rsvp.member for rsvp in Rsvp.objects.waitlist().filter(event=event)]


def test_the_waitlist_is_in_the_order_answers_reached_the_event_not_the_order_of_the_clicks(
    event, organiser, member, other_member, monkeypatch
):
    """Claire clicks first, but Karim's answer takes the event's lock while hers waits for it:
    Karim holds the first place, is shown it, and is the first to move up."""
    event.capacity = 1
    event.save()
    respond(MemberFactory(), event)
    event_lock = services._event_lock

    def karim_gets_there_first(pk):
        monkeypatch.setattr(services, "_event_lock", event_lock)
        respond(other_member, event)
        return event_lock(pk)

    monkeypatch.setattr(services, "_event_lock", karim_gets_there_first)
    respond(member, event)

    assert waitlist(event) == [other_member, member]
    assert waitlist_as_shown(event) == {other_member: (1, 1), member: (2, 2)}
    promoted = services.event_capacity_set(actor=organiser, event=event, capacity=2)
    assert [rsvp.member for rsvp in promoted] == [other_member]
    assert waitlist_as_shown(event) == {member: (1, 1)}


@pytest.mark.parametrize(
    "clock_moves",
    [
        pytest.param(timedelta(0), id="two answers read the same instant"),
        pytest.param(-timedelta(minutes=1), id="a server whose clock is a minute behind"),
    ],
)
def test_a_place_on_the_waitlist_comes_after_every_place_given_before_it(
    event, organiser, member, other_member, monkeypatch, clock_moves
):
    """Claire said “interested” long ago; Karim joins the waitlist, then Claire does, on a
    clock that has not moved on: she is behind him all the same."""
    event.capacity = 1
    event.allows_interested = True
    event.save()
    respond(MemberFactory(), event)
    respond(member, event, INTERESTED)
    clock = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: clock)
    respond(other_member, event)

    clock += clock_moves
    respond(member, event)

    assert waitlist(event) == [other_member, member]
    assert waitlist_as_shown(event) == {other_member: (1, 1), member: (2, 2)}
    promoted = services.event_capacity_set(actor=organiser, event=event, capacity=2)
    assert [rsvp.member for rsvp in promoted] == [other_member]


def test_raising_the_capacity_promotes_the_waitlist_in_order(
    event, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    members = MemberFactory.create_batch(4)
    for member in members:
        respond(member, event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.event_capacity_set(actor=organiser, event=event, capacity=3)

    assert [rsvp.member for rsvp in promoted] == members[1:3]
    assert statuses(event)[members[3].username] == WAITLISTED
    event.refresh_from_db()
    assert (event.capacity, event.seats_taken) == (3, 3)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in members[1:3])
    assert EventLogEntry.objects.filter(
        event=event, action=EventLogEntry.Action.CAPACITY_CHANGED, actor=organiser
    ).exists()


def test_removing_the_limit_promotes_the_whole_waitlist(event, organiser):
    event.capacity = 1
    event.save()
    for member in MemberFactory.create_batch(3):
        respond(member, event)

    services.event_capacity_set(actor=organiser, event=event, capacity=None)

    assert set(statuses(event).values()) == {GOING}


def test_the_capacity_cannot_go_below_the_seats_taken(event, organiser):
    for member in MemberFactory.create_batch(3):
        respond(member, event)

    with pytest.raises(ValidationError) as error:
        services.event_capacity_set(actor=organiser, event=event, capacity=2)

    assert "capacity" in error.value.message_dict
    services.event_capacity_set(actor=organiser, event=event, capacity=3)
    event.refresh_from_db()
    assert event.capacity == 3


def test_the_database_refuses_an_oversold_event(event):
    event.capacity = 1
    event.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=2)


def test_near_the_event_a_freed_seat_is_offered_and_must_be_confirmed(
    member, other_member, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(hours=10)
    event = EventFactory(organiser=organiser, capacity=1, starts_at=soon, offer_cutoff_hours=24)
    respond(member, event)
    respond(other_member, event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        respond(member, event, NOT_GOING)

    offer = Rsvp.objects.get(event=event, member=other_member)
    assert offer.status == OFFERED
    assert timezone.now() < offer.offer_expires_at <= soon
    event.refresh_from_db()
    assert event.seats_taken == 1, "an offered seat is held"
    (offer_mail,) = mailoutbox
    assert offer_mail.to == [other_member.email]
    assert "/events/" in offer_mail.body

    # Somebody new cannot take the held seat.
    newcomer = MemberFactory()
    assert respond(newcomer, event).status == WAITLISTED

    assert respond(other_member, event).status == GOING
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_a_declined_offer_goes_to_the_next_in_line(member, other_member, organiser):
    soon = timezone.now() + timedelta(hours=10)
    event = EventFactory(organiser=organiser, capacity=1, starts_at=soon)
    third = MemberFactory()
    for m in (member, other_member, third):
        respond(m, event)
    respond(member, event, NOT_GOING)

    respond(other_member, event, NOT_GOING)

    assert Rsvp.objects.get(event=event, member=third).status == OFFERED
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_a_lapsed_offer_passes_to_the_next_in_line(
    member, other_member, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(hours=10)
    event = EventFactory(organiser=organiser, capacity=1, starts_at=soon)
    third = MemberFactory()
    for m in (member, other_member, third):
        respond(m, event)
    respond(member, event, NOT_GOING)
    mailoutbox.clear()

    later = timezone.now() + services.OFFER_WINDOW + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rsvp_offers_expire(now=later) == 1

    assert Rsvp.objects.get(event=event, member=other_member).status == NOT_GOING
    assert Rsvp.objects.get(event=event, member=third).status == OFFERED
    assert {m.to[0] for m in mailoutbox} == {other_member.email, third.email}
    assert services.rsvp_offers_expire(now=later) == 0


def test_with_a_zero_cutoff_seats_are_given_until_the_start(member, other_member, organiser):
    soon = timezone.now() + timedelta(hours=2)
    event = EventFactory(organiser=organiser, capacity=1, starts_at=soon, offer_cutoff_hours=0)
    respond(member, event)
    respond(other_member, event)

    respond(member, event, NOT_GOING)

    assert Rsvp.objects.get(event=event, member=other_member).status == GOING


def test_answers_close_at_the_deadline_but_a_seat_can_still_be_given_back(
    event, member, other_member
):
    respond(member, event)
    Event.objects.filter(pk=event.pk).update(rsvp_deadline=timezone.now() - timedelta(minutes=1))
    event.refresh_from_db()

    with pytest.raises(ValidationError, match="closed"):
        respond(other_member, event)

    assert respond(member, event, NOT_GOING).status == NOT_GOING


def test_nobody_answers_a_cancelled_or_started_event(event, member, organiser):
    started = EventFactory(organiser=organiser, starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="started"):
        respond(member, started)

    services.event_cancel(actor=organiser, event=event, reason="Le bar est fermé.")
    with pytest.raises(ValidationError, match="cancelled"):
        respond(member, event)


def test_interested_only_where_the_organiser_allows_it(event, member):
    with pytest.raises(ValidationError):
        respond(member, event, INTERESTED)

    event.allows_interested = True
    event.save()
    assert respond(member, event, INTERESTED).status == INTERESTED
    event.refresh_from_db()
    assert event.seats_taken == 0
    assert respond(member, event, GOING).status == GOING


def test_the_organiser_does_not_answer_their_own_event(event, organiser):
    with pytest.raises(ValidationError):
        respond(organiser, event)


def test_a_suspended_member_cannot_answer(event, suspended_member):
    with pytest.raises(PermissionDenied):
        respond(suspended_member, event)


def test_a_removed_attendee_frees_the_seat_and_cannot_come_back(
    event, organiser, co_host, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    respond(member, event)
    respond(other_member, event)
    rsvp = Rsvp.objects.get(event=event, member=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_remove(actor=co_host, rsvp=rsvp)

    assert statuses(event) == {"claire": Rsvp.Status.REMOVED, "karim": GOING}
    assert {m.to[0] for m in mailoutbox} >= {member.email, other_member.email}
    with pytest.raises(ValidationError, match="removed"):
        respond(member, event)
    assert EventLogEntry.objects.get(action=EventLogEntry.Action.ATTENDEE_REMOVED).actor == co_host


def test_only_hosts_remove_attendees_change_capacity_and_write(event, member, other_member):
    (rsvp,) = take_seats(event, [other_member])
    with pytest.raises(PermissionDenied):
        services.rsvp_remove(actor=member, rsvp=rsvp)
    with pytest.raises(PermissionDenied):
        services.event_capacity_set(actor=member, event=event, capacity=50)
    with pytest.raises(PermissionDenied):
        services.event_attendees_message(
            actor=member, event=event, subject="Promo", body="Achetez", include_waitlist=False
        )


def test_cancelling_tells_everyone_who_answered_with_a_cancelling_invitation(
    event, organiser, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    event.allows_interested = True
    event.save()
    respond(member, event)
    respond(other_member, event, INTERESTED)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=organiser, event=event, reason="Le bar ferme pour travaux.")

    event.refresh_from_db()
    assert event.is_cancelled
    assert event.sequence == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])
    message = next(m for m in mailoutbox if m.to == [member.email])
    assert "Le bar ferme pour travaux." in message.body
    ics = message.attachments[0].content
    assert "STATUS:CANCELLED" in ics
    assert "METHOD:CANCEL" in ics


def test_cancelling_needs_a_reason_and_the_organiser_or_a_moderator(event, co_host, member):
    with pytest.raises(ValidationError):
        services.event_cancel(actor=event.organiser, event=event, reason="  ")
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=co_host, event=event, reason="Non")
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=member, event=event, reason="Non")

    services.event_cancel(actor=ModeratorFactory(), event=event, reason="Spam")

    event.refresh_from_db()
    assert event.is_cancelled


def event_data(**overrides) -> EventData:
    starts_at = timezone.now() + timedelta(days=10)
    return EventData(
        **{
            "kind": Event.Kind.AFTERWORK,
            "title": "Apéro",
            "description": "Un **verre**",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=3),
            "timezone": "Europe/Paris",
            "is_online": False,
            "venue_name": "Le Bistrot",
            "address": "1 rue",
            "city": "Lyon",
            "capacity": 10,
            **overrides,
        }
    )


def test_event_create_renders_the_description_and_generates_a_private_room(member, other_member):
    event = services.event_create(
        organiser=member,
        data=event_data(
            is_online=True, city="", video_source=VideoSource.ROOM, description="**Hi** <b>x</b>"
        ),
        co_hosts=[other_member, member],
    )

    assert event.description_html == "<p><strong>Hi</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"
    assert event.video_url.startswith("https://meet.jit.si/freelancehub-")
    assert len(event.video_url.rsplit("-", 1)[1]) == 32
    assert event.video_room_is_generated
    assert list(event.co_hosts.all()) == [other_member]
    assert (event.venue_name, event.city) == ("", "")


def test_the_room_base_url_is_configurable(member, settings):
    settings.EVENTS_VIDEO_ROOM_BASE_URL = "https://visio.example.org/rooms"

    event = services.event_create(
        organiser=member, data=event_data(is_online=True, video_source=VideoSource.ROOM)
    )

    assert event.video_url.startswith("https://visio.example.org/rooms/freelancehub-")


def test_event_create_refuses_the_past_and_a_suspended_organiser(member, suspended_member):
    with pytest.raises(ValidationError):
        services.event_create(
            organiser=member,
            data=event_data(starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now()),
        )
    with pytest.raises(PermissionDenied):
        services.event_create(organiser=suspended_member, data=event_data())


def test_changing_the_time_tells_attendees_and_bumps_the_sequence(
    event, organiser, member, mailoutbox, django_capture_on_commit_callbacks
):
    respond(member, event)
    mailoutbox.clear()
    later = event.starts_at + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            actor=organiser,
            event=event,
            data=event_data(
                title=event.title,
                starts_at=later,
                ends_at=later + timedelta(hours=2),
                capacity=event.capacity,
            ),
        )

    event.refresh_from_db()
    assert event.starts_at == later
    assert event.sequence == 1
    (message,) = mailoutbox
    assert message.to == [member.email]
    assert message.attachments[0].filename == f"freelancehub-event-{event.pk}.ics"
    assert EventLogEntry.objects.filter(action=EventLogEntry.Action.RESCHEDULED).exists()


def test_a_description_change_bumps_the_sequence_but_tells_nobody(
    event, organiser, member, mailoutbox, django_capture_on_commit_callbacks
):
    respond(member, event)
    mailoutbox.clear()
    data = event_data(
        title=event.title,
        description="Nouveau texte",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue_name=event.venue_name,
        address=event.address,
        city=event.city,
        region=event.region,
        capacity=event.capacity,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=organiser, event=event, data=data)

    event.refresh_from_db()
    assert event.sequence == 1
    assert event.description_html == "<p>Nouveau texte</p>\n"
    assert mailoutbox == []


def test_co_hosts_edit_but_only_the_organiser_changes_co_hosts(event, co_host, member):
    data = event_data(title="Nouveau titre", capacity=event.capacity)

    services.event_update(actor=co_host, event=event, data=data)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=co_host, event=event, data=data, co_hosts=[member])
    with pytest.raises(PermissionDenied):
        services.event_update(actor=member, event=event, data=data)

    event.refresh_from_db()
    assert event.title == "Nouveau titre"


def test_messaging_attendees_is_limited_per_day(
    event, organiser, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    take_seats(event, [member])
    take_seats(event, [other_member], Rsvp.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        count = services.event_attendees_message(
            actor=organiser,
            event=event,
            subject="Changement de salle",
            body="On sera à l’étage.",
            include_waitlist=False,
        )

    assert count == 1
    (message,) = mailoutbox
    assert message.to == [member.email]
    assert "On sera à l’étage." in message.body
    assert organiser.email not in message.body
    for _ in range(services.MAX_MESSAGES_PER_DAY - 1):
        services.event_attendees_message(
            actor=organiser, event=event, subject="x", body="y", include_waitlist=True
        )
    with pytest.raises(ValidationError):
        services.event_attendees_message(
            actor=organiser, event=event, subject="x", body="y", include_waitlist=True
        )


def test_check_in_marks_confirmed_attendees_only(event, co_host, member, other_member):
    (seat,) = take_seats(event, [member])
    (waiting,) = take_seats(event, [other_member], Rsvp.Status.WAITLISTED)

    assert services.rsvp_check_in(actor=co_host, rsvp=seat, present=True).checked_in_at
    with pytest.raises(ValidationError):
        services.rsvp_check_in(actor=co_host, rsvp=waiting, present=True)
    with pytest.raises(PermissionDenied):
        services.rsvp_check_in(actor=other_member, rsvp=seat, present=False)
    assert services.rsvp_check_in(actor=co_host, rsvp=seat, present=False).checked_in_at is None


def test_calendar_token_reset_revokes_the_old_address(member):
    first = services.calendar_token_reset(member=member)
    second = services.calendar_token_reset(member=member)

    assert first != second
    assert len(second) >= 32
    assert EventPreferences.objects.get(member=member).calendar_token == second

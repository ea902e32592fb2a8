"""Reminders: 24 h before every event, 1 h before online ones with the link, each sent once even
when the job runs twice, in the attendee's language and timezone."""

import io
import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from core.formats import date_format
from events import services
from events.models import Event, ReminderSent, Rsvp
from tests.factories import EventFactory, MemberFactory

from .conftest import JITSI_ROOM, take_seats


def in_hours(hours: float) -> dict:
    starts_at = timezone.now() + timedelta(hours=hours)
    return {"starts_at": starts_at, "ends_at": starts_at + timedelta(hours=2)}


def send(django_capture_on_commit_callbacks, **kwargs) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return services.event_reminders_send(**kwargs)


@pytest.mark.django_db
def test_the_day_before_each_confirmed_attendee_gets_one_reminder(
    organiser, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(organiser=organiser, title="Afterwork lillois", **in_hours(20))
    take_seats(event, [member])
    take_seats(event, [other_member], Rsvp.Status.WAITLISTED)
    far = EventFactory(organiser=organiser, **in_hours(30))
    take_seats(far, [member])

    assert send(django_capture_on_commit_callbacks) == 1
    assert send(django_capture_on_commit_callbacks) == 0

    (reminder,) = mailoutbox
    assert reminder.to == [member.email]
    assert "Afterwork lillois" in reminder.subject
    assert ReminderSent.objects.get().kind == ReminderSent.Kind.DAY_BEFORE


@pytest.mark.django_db
def test_an_online_event_gets_the_link_an_hour_before(
    online_event, member, mailoutbox, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=online_event.pk).update(**in_hours(20))
    take_seats(online_event, [member])
    assert send(django_capture_on_commit_callbacks) == 1

    later = timezone.now() + timedelta(hours=19, minutes=30)
    assert send(django_capture_on_commit_callbacks, now=later) == 1
    assert send(django_capture_on_commit_callbacks, now=later) == 0

    day_before, hour_before = mailoutbox
    join = f"http://127.0.0.1:8000/events/{online_event.pk}/join/"
    assert join in hour_before.body
    assert JITSI_ROOM not in hour_before.body
    assert hour_before.subject != day_before.subject
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == ["1h", "24h"]


@pytest.mark.django_db
def test_in_its_last_hour_an_online_event_sends_only_the_reminder_with_the_link(
    online_event, member, mailoutbox, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=online_event.pk).update(**in_hours(0.5))
    take_seats(online_event, [member])

    assert send(django_capture_on_commit_callbacks) == 1
    assert ReminderSent.objects.get().kind == ReminderSent.Kind.HOUR_BEFORE


@pytest.mark.django_db
def test_no_reminder_for_a_cancelled_event_and_a_new_one_after_a_move(
    organiser, member, mailoutbox, django_capture_on_commit_callbacks
):
    cancelled = EventFactory(organiser=organiser, status=Event.Status.CANCELLED, **in_hours(5))
    take_seats(cancelled, [member])
    moved = EventFactory(organiser=organiser, **in_hours(5))
    take_seats(moved, [member])
    assert send(django_capture_on_commit_callbacks) == 1

    Event.objects.filter(pk=moved.pk).update(**in_hours(6))

    assert send(django_capture_on_commit_callbacks) == 1
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_reminder_speaks_the_attendees_language_and_timezone(
    organiser, mailoutbox, django_capture_on_commit_callbacks
):
    karim = MemberFactory(language="en", timezone="America/Toronto")
    claire = MemberFactory(language="fr", timezone="Europe/Paris")
    event = EventFactory(organiser=organiser, title="Apéro", **in_hours(20))
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
        + timedelta(days=1),
        ends_at=timezone.now().replace(hour=21, minute=0, second=0, microsecond=0)
        + timedelta(days=1),
    )
    event.refresh_from_db()
    take_seats(event, [karim, claire])

    send(django_capture_on_commit_callbacks, now=event.starts_at - timedelta(hours=23))

    by_member = {message.to[0]: message for message in mailoutbox}
    english, french = by_member[karim.email], by_member[claire.email]
    assert english.subject.startswith("[FreelanceHub] Tomorrow")
    assert "Hello" in english.body and "America/Toronto" in english.body
    with translation.override("en"), timezone.override(ZoneInfo("America/Toronto")):
        toronto = date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    with translation.override("fr"), timezone.override(ZoneInfo("Europe/Paris")):
        paris = date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    assert toronto.endswith("1 p.m.")  # 18:00 UTC, in winter
    assert paris.endswith("19\u00a0h")
    assert toronto in english.body
    assert paris in french.body and "Europe/Paris" in french.body


@pytest.mark.django_db
def test_the_command_sends_the_reminders_and_passes_lapsed_offers_on(organiser, member, mailoutbox):
    event = EventFactory(organiser=organiser, **in_hours(3))
    take_seats(event, [member])
    stdout = io.StringIO()

    call_command("send_event_reminders", stdout=stdout)

    assert "Reminders sent: 1. Lapsed offers passed on: 0." in stdout.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jobs_running_at_once_send_each_reminder_once(organiser, mailoutbox):
    """Two workers in their own connections run the job at the same moment."""
    event = EventFactory(organiser=organiser, **in_hours(10))
    take_seats(event, MemberFactory.create_batch(12))
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def job():
        try:
            barrier.wait()
            counts.append(services.event_reminders_send())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(counts) == 12
    assert len(mailoutbox) == 12
    assert ReminderSent.objects.count() == 12

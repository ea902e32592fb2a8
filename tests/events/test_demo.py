"""The demo's events: a full afterwork with its waitlist, recurring ChocoSkypes, answers that
agree with the seat counts, and a second run that adds nothing."""

import io
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Event, EventSeries, Rsvp

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 26)


def seed(today: date = TODAY) -> str:
    stdout = io.StringIO()
    with mock.patch.object(timezone, "localdate", return_value=today):
        call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_the_demo_has_a_full_afterwork_a_weekly_chocoskype_and_consistent_seats():
    first = seed()

    full = Event.objects.get(title="Afterwork FreelanceHub Paris")
    assert (full.capacity, full.seats_taken) == (8, 8)
    waitlist = [r.member.username for r in Rsvp.objects.waitlist().filter(event=full)]
    assert waitlist == ["mathieu-leroy", "claire", "alexandre-blanc"]

    weekly = EventSeries.objects.get(frequency=EventSeries.Frequency.WEEKLY)
    assert weekly.organiser.username == "karim"
    dates = list(weekly.occurrences.values_list("occurrence_date", flat=True))
    assert len(dates) >= 8
    assert all(day.weekday() == 4 for day in dates)
    monthly = EventSeries.objects.get(frequency=EventSeries.Frequency.MONTHLY)
    assert all(o.occurrence_date.day <= 7 for o in monthly.occurrences.all())

    assert not Event.objects.filter(is_online=True, video_url="").exists()
    for event in Event.objects.annotate(
        seats=Count("rsvps", filter=Q(rsvps__status__in=Rsvp.SEAT_STATUSES))
    ):
        event.full_clean()
        assert event.seats == event.seats_taken, event.title
    assert "RSVPs: 0 created" not in first

    second = seed()
    assert "Event series: 0 created, 0 dates added. RSVPs: 0 created. Video rooms: 0." in second


def test_later_runs_add_the_dates_the_horizon_reaches():
    seed()
    weekly = EventSeries.objects.get(frequency=EventSeries.Frequency.WEEKLY)
    before = weekly.occurrences.count()

    output = seed(TODAY + timedelta(days=14))

    assert weekly.occurrences.count() == before + 2
    assert "RSVPs: 0 created" in output


def test_the_demo_waitlist_joined_before_the_demo_day():
    """A waitlist place is taken when a member answers: never in the future."""
    seed()

    demo_day_start = timezone.make_aware(datetime.combine(TODAY, time(0)))
    waitlisted = Rsvp.objects.filter(status=Rsvp.Status.WAITLISTED)
    assert waitlisted.exists()
    assert all(rsvp.waitlisted_at < demo_day_start for rsvp in waitlisted)

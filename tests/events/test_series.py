"""Recurring events: occurrences made ahead of time, one date changed or cancelled alone, the
series changed or stopped, and the daily command."""

import io
import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import Event, EventSeries, Rsvp
from events.services import EventData, VideoSource

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def first_tuesday_after(day: date) -> date:
    return day + timedelta(days=(1 - day.weekday()) % 7 or 7)


def chocoskype_data(first: date, **overrides) -> EventData:
    starts_at = datetime.combine(first, time(9), tzinfo=PARIS)
    return EventData(
        **{
            "kind": Event.Kind.CHOCOSKYPE,
            "title": "ChocoSkype du mardi",
            "description": "Un chocolat en visio.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1),
            "timezone": "Europe/Paris",
            "is_online": True,
            "capacity": 6,
            "video_source": VideoSource.ROOM,
            **overrides,
        }
    )


@pytest.fixture
def weekly(organiser, co_host):
    first = first_tuesday_after(timezone.localdate())
    return services.series_create(
        organiser=organiser,
        data=chocoskype_data(first),
        frequency=EventSeries.Frequency.WEEKLY,
        co_hosts=[co_host],
    )


def test_a_weekly_series_creates_its_dates_up_to_the_horizon(weekly, co_host, settings):
    occurrences = list(weekly.occurrences.order_by("starts_at"))

    horizon = timezone.localdate() + timedelta(days=settings.EVENTS_SERIES_HORIZON_DAYS)
    assert 8 <= len(occurrences) <= 9
    assert all(o.occurrence_date <= horizon for o in occurrences)
    for previous, following in itertools.pairwise(occurrences):
        assert following.occurrence_date - previous.occurrence_date == timedelta(weeks=1)
    for occurrence in occurrences:
        local = occurrence.starts_at.astimezone(PARIS)
        # 09:00 in Paris on either side of a daylight-saving change.
        assert (local.weekday(), local.time()) == (1, time(9))
        assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=1)
        assert occurrence.video_url == weekly.video_url
        assert occurrence.description_html == "<p>Un chocolat en visio.</p>\n"
        assert list(occurrence.co_hosts.all()) == [co_host]
    assert weekly.video_url.startswith("https://meet.jit.si/freelancehub-")


def test_making_the_dates_again_duplicates_nothing_and_tops_up_later(weekly):
    count = weekly.occurrences.count()

    assert services.series_occurrences_create(series=weekly) == []
    later = timezone.now() + timedelta(weeks=2)
    created = services.series_occurrences_create(series=weekly, now=later)

    assert len(created) in {2, 3}
    assert weekly.occurrences.count() == count + len(created)
    assert weekly.occurrences.values("occurrence_date").distinct().count() == count + len(created)


def test_the_command_tops_up_every_running_series(weekly):
    weekly.occurrences.order_by("-starts_at").first().delete()
    stdout = io.StringIO()

    call_command("create_event_occurrences", stdout=stdout)

    assert "Occurrences created: 1" in stdout.getvalue()


def test_every_other_week_until_a_last_date(organiser):
    first = first_tuesday_after(timezone.localdate())
    series = services.series_create(
        organiser=organiser,
        data=chocoskype_data(first),
        frequency=EventSeries.Frequency.WEEKLY,
        interval=2,
        until=first + timedelta(weeks=4),
    )

    assert list(series.occurrences.values_list("occurrence_date", flat=True)) == [
        first,
        first + timedelta(weeks=2),
        first + timedelta(weeks=4),
    ]


@pytest.mark.parametrize(
    ("first_date", "expected"),
    [
        # The 1st Thursday of each month.
        (
            date(2027, 1, 7),
            [date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4), date(2027, 4, 1)],
        ),
        # A 5th Thursday means the last Thursday of the month.
        (date(2027, 4, 29), [date(2027, 4, 29), date(2027, 5, 27), date(2027, 6, 24)]),
        # The 3rd Tuesday, across a year.
        (date(2027, 11, 16), [date(2027, 11, 16), date(2027, 12, 21), date(2028, 1, 18)]),
    ],
)
def test_a_monthly_series_keeps_the_weekday_and_its_rank(first_date, expected):
    series = EventSeries(
        frequency=EventSeries.Frequency.MONTHLY,
        interval=1,
        first_date=first_date,
        start_time=time(19),
        duration=timedelta(hours=3),
    )

    assert series.slot_dates(first_date, expected[-1]) == expected


def test_one_date_edited_alone_keeps_its_change_when_the_series_changes(
    weekly, organiser, member, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third = weekly.occurrences.order_by("starts_at")[:3]
    moved = first.starts_at + timedelta(hours=2)
    services.event_update(
        actor=organiser,
        event=first,
        data=chocoskype_data(
            first.occurrence_date,
            starts_at=moved,
            ends_at=moved + timedelta(hours=1),
            title="ChocoSkype spécial",
        ),
    )
    services.rsvp_respond(member=member, event=second, answer=Rsvp.Status.GOING)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(
            actor=organiser,
            series=weekly,
            data=chocoskype_data(
                weekly.first_date,
                starts_at=datetime.combine(weekly.first_date, time(10), tzinfo=PARIS),
                ends_at=datetime.combine(weekly.first_date, time(11, 30), tzinfo=PARIS),
                title="ChocoSkype du mardi (10 h)",
            ),
        )

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.is_edited_alone
    assert (first.title, first.starts_at) == ("ChocoSkype spécial", moved)
    for occurrence in (second, third):
        assert occurrence.title == "ChocoSkype du mardi (10 h)"
        assert occurrence.starts_at.astimezone(PARIS).time() == time(10)
        assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90)
        assert not occurrence.is_edited_alone
    # The attendee of the second date hears about the new time.
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_one_date_cancelled_alone_is_not_revived(weekly, organiser):
    first, second = weekly.occurrences.order_by("starts_at")[:2]

    services.event_cancel(actor=organiser, event=second, reason="Jour férié")
    services.series_occurrences_create(series=weekly)
    services.series_update(
        actor=organiser,
        series=weekly,
        data=chocoskype_data(weekly.first_date, title="Nouveau titre"),
    )

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.is_cancelled and second.title == "ChocoSkype du mardi"
    assert first.title == "Nouveau titre"
    assert weekly.occurrences.filter(occurrence_date=second.occurrence_date).count() == 1


def test_stopping_a_series_cancels_its_upcoming_dates_and_makes_no_more(
    weekly, organiser, member, mailoutbox, django_capture_on_commit_callbacks
):
    first = weekly.occurrences.order_by("starts_at").first()
    services.rsvp_respond(member=member, event=first, answer=Rsvp.Status.GOING)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.series_stop(actor=organiser, series=weekly, reason="Pause estivale")

    assert cancelled == weekly.occurrences.count()
    assert not weekly.occurrences.filter(status=Event.Status.SCHEDULED).exists()
    assert [m.to for m in mailoutbox] == [[member.email]]
    later = timezone.now() + timedelta(weeks=10)
    assert services.series_occurrences_create(series=weekly, now=later) == []


def test_only_the_series_hosts_change_it(weekly, co_host, member):
    data = chocoskype_data(weekly.first_date, title="Pris par un co-hôte")

    services.series_update(actor=co_host, series=weekly, data=data)
    with pytest.raises(services.PermissionDenied):
        services.series_update(actor=member, series=weekly, data=data)
    with pytest.raises(services.PermissionDenied):
        services.series_stop(actor=co_host, series=weekly, reason="Non")

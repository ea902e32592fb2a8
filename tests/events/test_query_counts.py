"""Every list page of events runs the same small number of queries whatever the list's size.

Each page is measured with a few items, then with ten times more: the count must not move, and
it stays under a pinned maximum. On failure, pytest-django lists the SQL that ran.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventPreferences, EventSeries, Rsvp
from tests.factories import EventFactory, MemberFactory

from .conftest import take_seats

pytestmark = pytest.mark.django_db

FEW = 3
MANY = 30
# A member's request also reads their session, their account and the bell's unread count.
MEMBER_EXTRA_QUERIES = 3


@pytest.fixture
def world(member, organiser):
    """The lists' subjects: the member attends, the organiser hosts."""
    event = EventFactory(organiser=organiser, capacity=None)
    event.co_hosts.add(MemberFactory())
    start = timezone.now() + timedelta(days=2)
    series = EventSeries.objects.create(
        organiser=organiser,
        kind=Event.Kind.CHOCOSKYPE,
        title="Série",
        frequency=EventSeries.Frequency.WEEKLY,
        first_date=timezone.localdate(start),
        start_time=start.time(),
        duration=timedelta(hours=1),
        is_online=True,
    )
    return {"event": event, "series": series, "member": member, "organiser": organiser}


def add_upcoming(world, count: int) -> None:
    start = timezone.now() + timedelta(days=1)
    for i in range(count):
        event = EventFactory(
            starts_at=start + timedelta(hours=i),
            visibility=Event.Visibility.MEMBERS if i % 2 else Event.Visibility.PUBLIC,
            is_online=i % 3 == 0,
            capacity=5 if i % 2 else None,
        )
        if i % 2:
            take_seats(event, [world["member"]])
    # A series is one card whatever its number of dates (the next one, its cadence joined).
    add_occurrences(world, count)


def add_past(world, count: int) -> None:
    start = timezone.now() - timedelta(days=40)
    for i in range(count):
        EventFactory(starts_at=start + timedelta(hours=i), ends_at=start + timedelta(hours=i + 2))


def add_in_this_month(world, count: int) -> None:
    first = timezone.localdate().replace(day=1)
    for i in range(count):
        starts_at = timezone.make_aware(
            datetime.combine(first + timedelta(days=i % 27), time(8 + i % 12))
        )
        EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))


def add_my_events(world, count: int) -> None:
    member = world["member"]
    for i in range(count):
        event = EventFactory(capacity=1 if i % 3 == 1 else None)
        if i % 3 == 0:
            take_seats(event, [member])
        elif i % 3 == 1:
            take_seats(event, [MemberFactory()])
            services.rsvp_respond(member=member, event=event, answer=Rsvp.Status.GOING)
        else:
            EventFactory(organiser=member)


def add_attendees(world, count: int) -> None:
    members = MemberFactory.create_batch(count)
    take_seats(world["event"], members)
    for member in members[::3]:
        EventPreferences.objects.create(member=member, hidden_from_attendee_lists=True)
    take_seats(world["event"], MemberFactory.create_batch(2), Rsvp.Status.WAITLISTED)


def add_occurrences(world, count: int) -> None:
    series = world["series"]
    made = series.occurrences.count()
    start = timezone.now() + timedelta(days=3)
    for i in range(made, made + count):
        EventFactory(
            organiser=world["organiser"],
            series=series,
            occurrence_date=timezone.localdate(start) + timedelta(weeks=i),
            starts_at=start + timedelta(weeks=i),
            ends_at=start + timedelta(weeks=i, hours=1),
        )


def add_feed_events(world, count: int) -> None:
    for event in EventFactory.create_batch(count):
        take_seats(event, [world["member"]])


# name, its arguments, what fills it, who reads it, the most queries it may run
LIST_PAGES = [
    ("events:list", None, add_upcoming, "visitor", 2),
    ("events:list", None, add_upcoming, "member", 2),
    ("events:past", None, add_past, "visitor", 2),
    ("events:calendar", None, add_in_this_month, "member", 1),
    ("events:mine", None, add_my_events, "member", 5),
    ("events:attendees", "event", add_attendees, "member", 5),
    ("events:manage", "event", add_attendees, "organiser", 4),
    ("events:check_in", "event", add_attendees, "organiser", 3),
    ("events:series_detail", "series", add_occurrences, "visitor", 4),
    ("events:feed", None, add_feed_events, "visitor", 1),
]


def reader_count(item) -> int:
    return len(item.object_list) if hasattr(item, "object_list") else len(item)


def shown_items(response) -> int:
    context = response.context
    if response.get("Content-Type", "").startswith("text/calendar"):
        return response.content.count(b"BEGIN:VEVENT")
    if "page_obj" in context:
        return len(context["page_obj"].object_list)
    if "weeks" in context:
        return sum(len(day.events) for week in context["weeks"] for day in week)
    if "rsvps" in context:
        return len(context["rsvps"])
    if "seated" in context:
        return len(context["seated"]) + len(context["waitlist"])
    return sum(len(context[key]) for key in ("going", "waitlisted", "hosting"))


@pytest.mark.parametrize(("name", "argument", "add_items", "persona", "maximum"), LIST_PAGES)
def test_list_pages_run_a_constant_number_of_queries(
    client,
    world,
    django_assert_num_queries,
    django_assert_max_num_queries,
    name,
    argument,
    add_items,
    persona,
    maximum,
):
    if persona != "visitor":
        client.force_login(world[persona])
        maximum += MEMBER_EXTRA_QUERIES
    url = reverse(name, args=[world[argument].pk] if argument else [])
    add_items(world, FEW)
    # Warms the per-process caches (site, content types) and the member's activity stamp.
    client.get(url)

    with django_assert_max_num_queries(maximum) as few_queries:
        response = client.get(url)
    assert response.status_code == 200
    few_items = shown_items(response)

    add_items(world, MANY - FEW)
    with django_assert_num_queries(len(few_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert shown_items(response) > few_items

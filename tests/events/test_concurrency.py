"""Capacity under concurrent requests, on PostgreSQL, through separate database connections.

Each member answers from a thread of its own, so each uses its own connection and transaction,
as gunicorn workers do. A barrier releases them together, and a short pause is added between
reading the seats and writing the answer, where a real request does its work: without the lock
on the event's row, the seats would be counted by many requests before any of them writes.
The harness is shown to catch an oversell by running a naive version through it as well.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.utils import timezone

from events import services
from events.models import Event, Rsvp
from tests.factories import EventFactory, MemberFactory

from .conftest import waitlist_as_shown

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEMBERS = 50
SEATS = 10
WORK = 0.02  # seconds between reading the seats and writing the answer
WAITING = 5
STAGGER = 0.1  # seconds between two clicks, and between two answers reaching the event's lock


@pytest.fixture
def wide_pool():
    """Enough pooled connections for every thread at once: with the pool's default of ten, at
    most ten requests would run together, and ten seats would hide any race."""
    pool = connection.settings_dict.get("OPTIONS", {}).get("pool")
    if not isinstance(pool, dict):
        yield
        return
    saved = dict(pool)
    connection.close_pool()
    pool.update(min_size=1, max_size=MEMBERS + 5)
    yield
    connection.close_pool()
    pool.clear()
    pool.update(saved)


@pytest.fixture
def slow_work(monkeypatch):
    """The pause, in the real service between its decision and its write."""
    full_clean = Rsvp.full_clean

    def full_clean_after_some_work(self, *args, **kwargs):
        time.sleep(WORK)
        return full_clean(self, *args, **kwargs)

    monkeypatch.setattr(Rsvp, "full_clean", full_clean_after_some_work)


def all_at_once(action: Callable, arguments: list) -> tuple[list, list[Exception]]:
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []
    lock = threading.Lock()

    def run(argument):
        try:
            barrier.wait(timeout=60)
            result = action(argument)
            with lock:
                results.append(result)
        except Exception as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def naive_rsvp(event: Event, member) -> str:
    """What the service would be without the row lock: count, think, write."""
    with transaction.atomic():
        taken = Rsvp.objects.filter(event=event, status=Rsvp.Status.GOING).count()
        time.sleep(WORK)
        going = taken < event.capacity
        Rsvp.objects.create(
            event=event,
            member=member,
            status=Rsvp.Status.GOING if going else Rsvp.Status.WAITLISTED,
            waitlisted_at=None if going else timezone.now(),
        )
    return Rsvp.Status.GOING if going else Rsvp.Status.WAITLISTED


def seat_counts(event: Event) -> Counter:
    return Counter(event.rsvps.values_list("status", flat=True))


def test_fifty_members_at_once_for_ten_seats_confirms_exactly_ten(wide_pool, slow_work):
    event = EventFactory(capacity=SEATS)
    members = MemberFactory.create_batch(MEMBERS)
    started = time.monotonic()

    results, errors = all_at_once(
        lambda member: (
            services.rsvp_respond(member=member, event=event, answer=Rsvp.Status.GOING).status
        ),
        members,
    )

    elapsed = time.monotonic() - started
    assert errors == []
    assert Counter(results) == {Rsvp.Status.GOING: SEATS, Rsvp.Status.WAITLISTED: MEMBERS - SEATS}
    assert seat_counts(event) == Counter(results)
    event.refresh_from_db()
    assert event.seats_taken == SEATS
    # Every request waited its turn on the event's row: the pauses add up, they do not overlap.
    assert elapsed >= MEMBERS * WORK
    waitlist = list(Rsvp.objects.waitlist().filter(event=event))
    assert len({rsvp.waitlisted_at for rsvp in waitlist}) == len(waitlist)


def test_the_same_harness_catches_a_naive_version_overselling(wide_pool):
    event = EventFactory(capacity=SEATS)
    members = MemberFactory.create_batch(MEMBERS)

    _results, errors = all_at_once(lambda member: naive_rsvp(event, member), members)

    assert errors == []
    assert seat_counts(event)[Rsvp.Status.GOING] > SEATS, "the race did not happen"


def test_ten_cancellations_at_once_promote_the_first_ten_of_the_waitlist(wide_pool, slow_work):
    event = EventFactory(capacity=SEATS)
    seated = MemberFactory.create_batch(SEATS)
    waiting = MemberFactory.create_batch(20)
    for member in [*seated, *waiting]:
        services.rsvp_respond(member=member, event=event, answer=Rsvp.Status.GOING)

    _results, errors = all_at_once(
        lambda member: (
            services.rsvp_respond(member=member, event=event, answer=Rsvp.Status.NOT_GOING).status
        ),
        seated,
    )

    assert errors == []
    going = set(event.rsvps.filter(status=Rsvp.Status.GOING).values_list("member", flat=True))
    assert going == {member.pk for member in waiting[:SEATS]}
    event.refresh_from_db()
    assert event.seats_taken == SEATS


def test_a_member_clicking_five_times_at_once_gets_one_seat(wide_pool):
    event = EventFactory(capacity=SEATS)
    member = MemberFactory()

    results, errors = all_at_once(
        lambda _click: (
            services.rsvp_respond(member=member, event=event, answer=Rsvp.Status.GOING).status
        ),
        list(range(5)),
    )

    assert errors == []
    assert set(results) == {Rsvp.Status.GOING}
    assert event.rsvps.count() == 1
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_the_waitlist_is_the_order_answers_reached_the_lock_and_members_are_shown_it(monkeypatch):
    """Each member clicks a little after the one before, and their answer reaches the event's
    lock a little before (a busier worker, a longer wait for a connection): the line, the
    positions shown and the promotions all follow the lock."""
    event = EventFactory(capacity=1)
    services.rsvp_respond(member=MemberFactory(), event=event, answer=Rsvp.Status.GOING)
    waiting = MemberFactory.create_batch(WAITING)
    reached_the_lock = []
    answer = threading.local()
    event_lock = services._event_lock

    def event_lock_later(pk):
        time.sleep((WAITING - answer.rank) * 2 * STAGGER)
        locked = event_lock(pk)
        reached_the_lock.append(answer.member)
        return locked

    def click(ranked):
        answer.rank, answer.member = ranked
        time.sleep(answer.rank * STAGGER)
        return services.rsvp_respond(member=answer.member, event=event, answer=Rsvp.Status.GOING)

    monkeypatch.setattr(services, "_event_lock", event_lock_later)
    results, errors = all_at_once(click, list(enumerate(waiting)))
    monkeypatch.setattr(services, "_event_lock", event_lock)

    assert errors == []
    assert {rsvp.status for rsvp in results} == {Rsvp.Status.WAITLISTED}
    assert reached_the_lock != waiting, "the answers reached the lock in the order of the clicks"
    assert [rsvp.member for rsvp in Rsvp.objects.waitlist().filter(event=event)] == (
        reached_the_lock
    )
    assert waitlist_as_shown(event) == {
        member: (position, position) for position, member in enumerate(reached_the_lock, 1)
    }
    promoted = []
    for capacity in range(2, WAITING + 2):
        promoted += services.event_capacity_set(
            actor=event.organiser, event=event, capacity=capacity
        )
    assert [rsvp.member for rsvp in promoted] == reached_the_lock

"""Migrations that change existing rows, run from the state before them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from events.models import Rsvp
from tests.factories import EventFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The state before 0005_one_member_per_waitlist_place.
BEFORE_UNIQUE_PLACES = ("events", "0004_event_discussion")


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def migrate_to_latest() -> None:
    """Every app forward again: going back in events took the apps that depend on it back too
    (chocoskype), whose tables the tests after this one need."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_places_shared_before_the_lock_gave_them_are_set_apart_in_the_line_s_order():
    migrate(BEFORE_UNIQUE_PLACES)
    try:
        event, other_event = EventFactory.create_batch(2, capacity=1)
        place = timezone.now()
        later = place + timedelta(microseconds=2)
        # The ids give the order among equal places, as the waitlist read them.
        first, second, third, fourth, elsewhere = (
            Rsvp.objects.create(
                event=on, member=MemberFactory(), status=Rsvp.Status.WAITLISTED, waitlisted_at=at
            )
            for on, at in [
                (event, place),
                (event, place),
                (event, place),
                (event, later),
                (other_event, place),
            ]
        )
    finally:
        migrate_to_latest()

    places = dict(Rsvp.objects.values_list("pk", "waitlisted_at"))
    assert [places[rsvp.pk] - place for rsvp in (first, second, third, fourth, elsewhere)] == [
        timedelta(0),
        timedelta(microseconds=1),
        timedelta(microseconds=2),
        timedelta(microseconds=3),
        timedelta(0),
    ]

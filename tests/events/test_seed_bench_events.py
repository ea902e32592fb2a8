"""`manage.py seed_bench_events`: the events bench/run.sh measures, on a small bench board."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Event, Rsvp

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_board():
    call_command(
        "seed_bench",
        users=60,
        topics=20,
        posts=100,
        long_topic=30,
        allow_sqlite=True,
        stdout=io.StringIO(),
    )


def run(**options) -> str:
    stdout = io.StringIO()
    call_command("seed_bench_events", stdout=stdout, **options)
    return stdout.getvalue()


def events() -> list:
    return list(
        Event.objects.order_by("title", "starts_at").values_list(
            "title", "kind", "visibility", "capacity", "seats_taken", "organiser__username"
        )
    )


def test_it_needs_a_bench_board():
    with pytest.raises(CommandError, match="seed_bench first"):
        run()
    assert not Event.objects.exists()


def test_it_adds_past_and_upcoming_events_with_their_answers(bench_board):
    output = run(events=20)

    assert "20 (4 past)" in output
    now = timezone.now()
    assert Event.objects.filter(ends_at__lt=now).count() == 4
    assert Event.objects.filter(starts_at__gt=now).count() == 16
    assert Event.objects.filter(visibility=Event.Visibility.MEMBERS).count() == 5
    seats = Event.objects.annotate(
        going=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.GOING))
    ).values_list("seats_taken", "going", "capacity")
    for taken, going, capacity in seats:
        assert taken == going
        assert capacity is None or taken <= capacity
    assert Rsvp.objects.filter(status=Rsvp.Status.WAITLISTED).exists()
    assert not Rsvp.objects.filter(member__username__lte="bench-00005").exists()
    with pytest.raises(CommandError, match="already holds events"):
        run()


def test_the_same_arguments_add_the_same_events(bench_board):
    run(events=12)
    first = events()
    Event.objects.all().delete()

    run(events=12)

    assert events() == first

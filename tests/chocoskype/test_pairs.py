"""A pair's page: private to its members, one click picks a time (the first of two wins), other
times can be proposed, the meeting cancelled with a word, and after the date: did you meet?"""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from chocoskype import services
from chocoskype.models import Pairing, PairingMember
from events.models import Event, Rsvp
from notifications.models import Kind, Notification
from tests.factories import MemberFactory, ModeratorFactory

from .test_rounds import next_monday, participant_make


@pytest.fixture
def pair(db):
    """Claire (Paris) and Karim (Montréal), paired by this week's round."""
    participant_make("claire")
    participant_make("karim", tz="America/Montreal", language="en", languages=["fr", "en"])
    services.round_run(held_on=next_monday())
    return Pairing.objects.get()


def members_of(pairing):
    return {pm.member.username: pm.member for pm in pairing.members.select_related("member")}


def page(pairing) -> str:
    return reverse("chocoskype:pair", args=[pairing.pk])


def first_time(pairing) -> datetime:
    return datetime.fromisoformat(pairing.proposed_times[0])


def test_only_the_pairs_members_see_its_page(client, pair):
    claire = members_of(pair)["claire"]
    assert client.get(page(pair)).status_code == 302  # to sign in
    for outsider in (MemberFactory(username="ines"), ModeratorFactory(username="sophie")):
        client.force_login(outsider)
        assert client.get(page(pair)).status_code == 404
        response = client.post(
            reverse("chocoskype:pair_pick", args=[pair.pk]),
            {"starts_at": pair.proposed_times[0]},
        )
        assert response.status_code == 404
        assert client.post(reverse("chocoskype:pair_cancel", args=[pair.pk])).status_code == 404
    client.force_login(claire)
    response = client.get(page(pair))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Karim" in body and "Headline of karim" in body
    assert body.count('name="starts_at"') == 3


def test_the_times_show_in_the_readers_timezone(client, pair):
    moment = first_time(pair)
    for username, tz in (("claire", "Europe/Paris"), ("karim", "America/Montreal")):
        client.force_login(members_of(pair)[username])
        body = client.get(page(pair)).content.decode()
        local = timezone.localtime(moment, timezone=ZoneInfo(tz))
        assert f'datetime="{local.isoformat()}"' in body


def test_the_pair_page_query_count_is_pinned(client, pair, django_assert_num_queries):
    client.force_login(members_of(pair)["claire"])
    client.get(page(pair))
    with django_assert_num_queries(6):
        assert client.get(page(pair)).status_code == 200


def test_a_pick_makes_a_private_meeting_in_both_members_events(
    client, pair, django_capture_on_commit_callbacks
):
    people = members_of(pair)
    client.force_login(people["claire"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("chocoskype:pair_pick", args=[pair.pk]),
            {"starts_at": pair.proposed_times[1]},
        )
    assert response.status_code == 302
    pair.refresh_from_db()
    event = pair.event
    assert pair.status == Pairing.Status.SCHEDULED
    assert event.starts_at == datetime.fromisoformat(pair.proposed_times[1])
    assert event.kind == Event.Kind.CHOCOSKYPE and event.visibility == Event.Visibility.PRIVATE
    assert event.video_room_is_generated
    assert f'{page(pair)}"' in event.description_html  # a link back to the pair's page
    assert set(event.rsvps.values_list("member__username", "status")) == {
        ("claire", Rsvp.Status.GOING),
        ("karim", Rsvp.Status.GOING),
    }
    told = Notification.objects.get(
        recipient=people["karim"], kind=Kind.CHOCOSKYPE, actor=people["claire"]
    )
    assert "picked a time" in told.title
    for username in ("claire", "karim"):
        client.force_login(people[username])
        assert event.title in client.get(reverse("events:mine")).content.decode()
    client.force_login(people["karim"])
    assert "See the meeting" in client.get(page(pair)).content.decode()


def test_the_second_of_two_picks_sees_the_first_time(client, pair):
    people = members_of(pair)
    services.pairing_time_pick(member=people["claire"], pk=pair.pk, starts_at=first_time(pair))
    client.force_login(people["karim"])
    response = client.post(
        reverse("chocoskype:pair_pick", args=[pair.pk]),
        {"starts_at": pair.proposed_times[2]},
        follow=True,
    )
    assert "A time was picked a moment before you" in response.content.decode()
    pair.refresh_from_db()
    assert pair.event.starts_at == first_time(pair)
    assert Event.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_picks_at_once_make_one_meeting():
    participant_make("claire")
    participant_make("karim")
    services.round_run(held_on=next_monday())
    pairing = Pairing.objects.get()
    people = list(members_of(pairing).values())
    barrier = threading.Barrier(2)
    results, errors = [], []

    def pick(member, value):
        try:
            barrier.wait(timeout=30)
            chosen = services.pairing_time_pick(
                member=member, pk=pairing.pk, starts_at=datetime.fromisoformat(value)
            )
            results.append(chosen.event_id)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=pick, args=(member, value))
        for member, value in zip(people, pairing.proposed_times[:2], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Event.objects.count() == 1
    assert results == [Event.objects.get().pk] * 2


def test_a_member_proposes_other_times_in_their_timezone(
    client, pair, django_capture_on_commit_callbacks
):
    people = members_of(pair)
    services.pairing_time_pick(member=people["claire"], pk=pair.pk, starts_at=first_time(pair))
    client.force_login(people["karim"])  # in Montréal
    day = (timezone.now() + timedelta(days=9)).date()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("chocoskype:pair_propose", args=[pair.pk]),
            {"first": f"{day}T10:00", "second": f"{day}T14:00", "third": ""},
        )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pairing.Status.PROPOSED and pair.event is None
    assert [datetime.fromisoformat(t).hour for t in pair.proposed_times] in ([15, 19], [14, 18])
    assert Event.objects.get().is_cancelled
    assert Notification.objects.filter(
        recipient=people["claire"], title__contains="propose d’autres horaires"
    ).exists()

    past = client.post(
        reverse("chocoskype:pair_propose", args=[pair.pk]), {"first": "2020-01-01T10:00"}
    )
    assert past.status_code == 400
    assert "Propose times in the future." in past.content.decode()
    nonsense = client.post(reverse("chocoskype:pair_propose", args=[pair.pk]), {"first": "demain"})
    assert nonsense.status_code == 400


def test_a_member_cancels_with_a_word_to_the_other(
    client, pair, django_capture_on_commit_callbacks
):
    people = members_of(pair)
    client.force_login(people["karim"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("chocoskype:pair_cancel", args=[pair.pk]),
            {"note": "Désolé, un rendu urgent."},
        )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pairing.Status.CANCELLED and pair.cancelled_by == people["karim"]
    told = Notification.objects.get(recipient=people["claire"], title__contains="a annulé")
    assert told.excerpt == "Désolé, un rendu urgent."


def test_a_planned_meeting_cancelled_is_cancelled_in_the_events(client, pair):
    people = members_of(pair)
    services.pairing_time_pick(member=people["claire"], pk=pair.pk, starts_at=first_time(pair))
    services.pairing_cancel(member=people["karim"], pk=pair.pk, note="Malade.")
    event = Event.objects.get()
    assert event.is_cancelled and event.cancellation_reason == "Malade."


def test_after_the_date_each_says_whether_they_met(
    client, pair, django_capture_on_commit_callbacks
):
    people = members_of(pair)
    services.pairing_time_pick(member=people["claire"], pk=pair.pk, starts_at=first_time(pair))
    client.force_login(people["karim"])
    early = client.post(reverse("chocoskype:pair_outcome", args=[pair.pk]), {"outcome": "met"})
    assert early.status_code == 400
    Event.objects.update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    body = client.get(page(pair)).content.decode()
    assert "Did you meet?" in body
    assert reverse("members:recommend", args=["claire"]) in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("chocoskype:pair_outcome", args=[pair.pk]),
            {"outcome": "met", "thanks": "Merci pour les conseils !"},
        )
    assert response.status_code == 302
    mine = PairingMember.objects.get(pairing=pair, member=people["karim"])
    assert mine.outcome == PairingMember.Outcome.MET and mine.answered_at
    assert Notification.objects.filter(
        recipient=people["claire"], excerpt="Merci pour les conseils !"
    ).exists()
    bad = client.post(reverse("chocoskype:pair_outcome", args=[pair.pk]), {"outcome": "maybe"})
    assert bad.status_code == 400


def test_my_events_with_a_chocoskype_keeps_its_query_count(client, pair, django_assert_num_queries):
    people = members_of(pair)
    services.pairing_time_pick(member=people["claire"], pk=pair.pk, starts_at=first_time(pair))
    client.force_login(people["karim"])
    client.get(reverse("events:mine"))
    with django_assert_num_queries(8):
        assert client.get(reverse("events:mine")).status_code == 200

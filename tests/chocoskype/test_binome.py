"""Binômes: proposed and accepted, run as a private series seated for both, one date skipped
or moved, goals repeated by the reminder, ended by either member; private to the two."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chocoskype import binomes
from chocoskype.models import Binome, BinomeGoal
from events.models import Event, Rsvp
from events.selectors import events_for_member_feed, my_events
from events.services import event_reminders_send
from notifications.models import Notification
from tests.factories import MemberFactory


@pytest.fixture
def lea(db):
    return MemberFactory(username="lea-redac", display_name="Léa Dupont", open_to_chocoskype=True)


def propose(proposer, other, **extra):
    return binomes.binome_propose(
        proposer=proposer,
        other=other,
        cadence=extra.pop("cadence", "weekly"),
        weekday=extra.pop("weekday", 1),
        local_time=extra.pop("local_time", time(9)),
        **extra,
    )


@pytest.fixture
def running(member, lea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        binome = propose(member, lea)
        binomes.binome_accept(member=lea, pk=binome.pk)
    binome.refresh_from_db()
    return binome


def test_proposed_from_the_profile_flow_and_accepted_it_runs_as_a_private_series(
    member_client, member, lea, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("chocoskype:binome_propose", args=[lea.username]),
            {"cadence": "fortnightly", "weekday": "1", "local_time": "09:30", "message": "Go"},
        )
    binome = Binome.objects.get()
    assert response.status_code == 302
    assert (binome.member_a_id, binome.member_b_id) == tuple(sorted([member.pk, lea.pk]))
    assert binome.is_proposed and binome.series is None
    assert Notification.objects.filter(recipient=lea).exists()
    # A second proposal while one waits is refused.
    with pytest.raises(ValidationError):
        propose(lea, member)
    # The proposer cannot accept their own proposal.
    assert (
        member_client.post(reverse("chocoskype:binome_accept", args=[binome.pk])).status_code == 403
    )

    client.force_login(lea)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("chocoskype:binome_accept", args=[binome.pk]))
    binome.refresh_from_db()
    assert binome.is_running
    series = binome.series
    assert series.visibility == Event.Visibility.PRIVATE
    assert (series.frequency, series.interval) == ("weekly", 2)
    occurrences = list(series.occurrences.order_by("starts_at"))
    assert occurrences and all(e.visibility == "private" for e in occurrences)
    first = occurrences[0]
    local = first.starts_at.astimezone(timezone.get_default_timezone())
    assert (local.weekday(), local.time()) == (1, time(9, 30))
    assert {r.member_id for r in first.rsvps.filter(status=Rsvp.Status.GOING)} == {
        member.pk,
        lea.pk,
    }
    for who in (member, lea):
        assert first in [r.event for r in my_events(member=who)["going"]]
        assert first in list(events_for_member_feed(who))
    # Nobody else sees it; the page of the meeting and its .ics answer its members.
    assert first not in Event.objects.visible_to(MemberFactory())
    assert client.get(reverse("events:ics", args=[first.pk])).status_code == 200
    assert Notification.objects.filter(recipient=member, url__contains="binomes").exists()


def test_declining_ends_the_proposal_and_another_may_follow(member, lea):
    binome = propose(member, lea)
    binomes.binome_decline(member=lea, pk=binome.pk)
    binome.refresh_from_db()
    assert binome.ended_at and binome.ended_by == lea
    # Once declined, a new proposal may come.
    member.open_to_chocoskype = True
    member.save()
    propose(lea, member)


def test_blocked_or_closed_members_cannot_be_proposed(member, lea):
    from members.models import Block

    with pytest.raises(ValidationError):
        propose(member, member)
    with pytest.raises(ValidationError):
        propose(member, MemberFactory(open_to_chocoskype=False))
    Block.objects.create(blocker=lea, blocked=member)
    with pytest.raises(ValidationError):
        propose(member, lea)


def test_every_binome_url_is_a_404_to_a_third_member_and_a_moderator(
    client, running, moderator, lea
):
    event = running.series.occurrences.first()
    goal = binomes.goal_add(member=lea, pk=running.pk, text="Relancer trois clients")
    urls = [
        ("get", reverse("chocoskype:binome", args=[running.pk])),
        ("post", reverse("chocoskype:binome_accept", args=[running.pk])),
        ("post", reverse("chocoskype:binome_decline", args=[running.pk])),
        ("post", reverse("chocoskype:binome_end", args=[running.pk])),
        ("post", reverse("chocoskype:binome_skip", args=[running.pk, event.pk])),
        ("post", reverse("chocoskype:binome_move", args=[running.pk, event.pk])),
        ("post", reverse("chocoskype:binome_goal_add", args=[running.pk])),
        ("post", reverse("chocoskype:binome_goal_done", args=[running.pk, goal.pk])),
        ("post", reverse("chocoskype:binome_goal_delete", args=[running.pk, goal.pk])),
    ]
    for reader in (MemberFactory(), moderator):
        client.force_login(reader)
        for method, url in urls:
            assert getattr(client, method)(url, {"text": "x"}).status_code == 404, url
    running.refresh_from_db()
    assert running.is_running and BinomeGoal.objects.filter(pk=goal.pk).exists()


def test_skip_one_date_tells_the_other_and_move_another(
    member_client, member, lea, running, django_capture_on_commit_callbacks
):
    first, second = list(running.series.occurrences.order_by("starts_at"))[:2]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("chocoskype:binome_skip", args=[running.pk, first.pk]))
    first.refresh_from_db()
    assert first.is_cancelled
    assert lea.email in [address for m in mail.outbox for address in m.to]
    second.refresh_from_db()
    assert not second.is_cancelled

    new_local = (second.starts_at + timedelta(days=1)).astimezone(timezone.get_default_timezone())
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse("chocoskype:binome_move", args=[running.pk, second.pk]),
            {"starts_at": new_local.strftime("%Y-%m-%dT%H:%M")},
        )
    second.refresh_from_db()
    assert second.starts_at == new_local.replace(second=0, microsecond=0)
    assert second.status == Event.Status.SCHEDULED and second.is_edited_alone
    # The partner who is not the series' organiser may move too; bad input is a message.
    response = member_client.post(
        reverse("chocoskype:binome_move", args=[running.pk, second.pk]), {"starts_at": "nope"}
    )
    assert response.status_code == 302


def test_goals_added_ticked_deleted_by_their_owner_and_repeated_by_the_reminder(
    client, member, lea, running, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(lea)
    client.post(
        reverse("chocoskype:binome_goal_add", args=[running.pk]), {"text": "Finir mon site"}
    )
    mine = binomes.goal_add(member=member, pk=running.pk, text="Envoyer deux devis")
    done = binomes.goal_add(member=member, pk=running.pk, text="Déjà fait")
    binomes.goal_set_done(member=member, pk=running.pk, goal_pk=done.pk, done=True)
    # Lea may not tick or delete Claire's goal.
    assert (
        client.post(
            reverse("chocoskype:binome_goal_delete", args=[running.pk, mine.pk])
        ).status_code
        == 403
    )
    # An empty goal is refused with a message, not a 500.
    response = client.post(reverse("chocoskype:binome_goal_add", args=[running.pk]), {"text": " "})
    assert response.status_code == 400

    with django_assert_num_queries(7):
        response = client.get(reverse("chocoskype:binome", args=[running.pk]))
    page = response.content.decode()
    assert "Finir mon site" in page and "Envoyer deux devis" in page

    event = running.series.occurrences.order_by("starts_at").first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_reminders_send(now=event.starts_at - timedelta(hours=20))
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Finir mon site" in bodies[member.email] and "Envoyer deux devis" in bodies[member.email]
    assert "Déjà fait" not in bodies[lea.email]

    client.post(
        reverse(
            "chocoskype:binome_goal_delete",
            args=[running.pk, BinomeGoal.objects.get(text="Finir mon site").pk],
        )
    )
    assert not BinomeGoal.objects.filter(text="Finir mon site").exists()


def test_either_member_ends_the_binome_and_the_coming_dates_are_cancelled(
    client, member, lea, running, django_capture_on_commit_callbacks
):
    client.force_login(lea)  # the guest, not the series' organiser
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("chocoskype:binome_end", args=[running.pk]), {"note": "Merci !"})
    running.refresh_from_db()
    assert running.ended_at and running.ended_by == lea
    assert running.series.is_stopped
    assert not running.series.occurrences.filter(status=Event.Status.SCHEDULED).exists()
    assert Notification.objects.filter(recipient=member, title__contains="Léa").exists()
    # The ritual page no longer lists it.
    assert binomes.binomes_of(member) == []


def test_the_ritual_page_lists_running_binomes(member_client, running, lea):
    page = member_client.get(reverse("chocoskype:home")).content.decode()
    assert reverse("chocoskype:binome", args=[running.pk]) in page
    assert "Léa Dupont" in page


def test_the_first_date_is_a_day_ahead_at_the_usual_time(member, lea):
    binome = propose(member, lea, weekday=0, local_time=time(18))
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)  # a Sunday
    start = binomes.first_start(binome, now=now)
    assert start.weekday() == 0 and start.time() == time(18)
    assert start - now >= binomes.FIRST_DATE_AFTER


def test_members_who_want_a_binome_are_paired_among_themselves_then_make_it_one(
    db, client, django_capture_on_commit_callbacks
):
    from chocoskype import services
    from tests.chocoskype.test_rounds import groups_of, next_monday, participant_make

    for name in ("rot1", "rot2"):
        participant_make(name)
    wanting = [participant_make(name, mode="binome") for name in ("bin1", "bin2")]
    settled = [participant_make(name, mode="binome") for name in ("set1", "set2")]
    settled[1].member.open_to_chocoskype = True
    settled[1].member.save()
    running = propose(settled[0].member, settled[1].member)
    binomes.binome_accept(member=settled[1].member, pk=running.pk)

    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_run(held_on=next_monday())
    assert groups_of(round_) == {frozenset({"rot1", "rot2"}), frozenset({"bin1", "bin2"})}

    pairing = round_.pairings.get(members__member=wanting[0].member)
    first, second = (p.member for p in wanting)
    client.force_login(first)
    pair_page = client.get(reverse("chocoskype:pair", args=[pairing.pk])).content.decode()
    assert reverse("chocoskype:pair_binome", args=[pairing.pk]) in pair_page
    # A rotation pair has no such offer, and posting to it is a 404.
    rotation = round_.pairings.exclude(pk=pairing.pk).get()
    client.force_login(rotation.members.first().member)
    assert (
        "pair-binome-title"
        not in client.get(reverse("chocoskype:pair", args=[rotation.pk])).content.decode()
    )
    assert client.post(reverse("chocoskype:pair_binome", args=[rotation.pk])).status_code == 404

    client.force_login(first)
    response = client.post(
        reverse("chocoskype:pair_binome", args=[pairing.pk]),
        {"cadence": "monthly", "weekday": "3", "local_time": "12:30"},
    )
    binome = Binome.objects.get(pairing=pairing)
    assert response.url == reverse("chocoskype:binome", args=[binome.pk])
    client.force_login(second)
    client.post(reverse("chocoskype:binome_accept", args=[binome.pk]))
    binome.refresh_from_db()
    assert binome.is_running and binome.series.frequency == "monthly"


def test_the_ritual_form_offers_the_binome_mode(member_client, member):
    from chocoskype.models import Participant

    page = member_client.get(reverse("chocoskype:home")).content.decode()
    assert 'name="mode" value="binome"' in page
    member_client.post(
        reverse("chocoskype:home"),
        {
            "cadence": "weekly",
            "mode": "binome",
            "languages": ["fr"],
            "slots": ["0-morning"],
            "trade_preference": "any",
        },
    )
    assert Participant.objects.get(member=member).mode == "binome"

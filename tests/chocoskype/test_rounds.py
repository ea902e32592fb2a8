"""Rounds: who is paired, idempotence (twice, and twice at once), and the pair's news told once
to each member, in their language with the times in their timezone."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from chocoskype import services
from chocoskype.models import (
    Cadence,
    Mode,
    Pairing,
    PairingMember,
    Participant,
    Round,
)
from chocoskype.notifications import as_recipient, when
from members.models import Block
from notifications.models import Kind, Notification
from tests.factories import MemberFactory

# Every weekday, morning to evening: anyone shares hours with anyone in Europe or America.
ALL_DAY = [
    f"{day}-{part}" for day in range(7) for part in ("morning", "lunch", "afternoon", "evening")
]


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def participant_make(username: str, *, tz="Europe/Paris", language="fr", **choices) -> Participant:
    """A member opted in directly (the ritual's form is tested elsewhere)."""
    member = MemberFactory(
        username=username,
        display_name=username.capitalize(),
        timezone=tz,
        language=language,
        headline=f"Headline of {username}",
    )
    choices.setdefault("languages", ["fr"])
    choices.setdefault("slots", ALL_DAY)
    return Participant.objects.create(member=member, **choices)


def groups_of(round_: Round) -> set[frozenset[str]]:
    return {
        frozenset(pairing.members.values_list("member__username", flat=True))
        for pairing in round_.pairings.all()
    }


def test_a_round_pairs_everyone_once_and_tells_each_once(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    for name in ("claire", "karim", "lea", "ines"):
        participant_make(name, topics=f"{name} parle de tarifs")
    held_on = next_monday()
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_run(held_on=held_on)
    first = groups_of(round_)
    assert len(first) == 2 and set().union(*first) == {"claire", "karim", "lea", "ines"}
    assert round_.finished_at and round_.participant_count == 4 and round_.pairing_count == 2
    assert len(mailoutbox) == 4
    assert Notification.objects.filter(kind=Kind.CHOCOSKYPE).count() == 4
    assert not PairingMember.objects.filter(told_at__isnull=True).exists()
    for pairing in Pairing.objects.all():
        assert len(pairing.proposed_times) == 3
        times = [datetime.fromisoformat(t) for t in pairing.proposed_times]
        assert all(t > timezone.now() for t in times)
        assert len({t.date() for t in times}) == 3  # spread over three days

    with django_capture_on_commit_callbacks(execute=True):
        again = services.round_run(held_on=held_on)
    assert again.pk == round_.pk and groups_of(again) == first
    assert Pairing.objects.count() == 2
    assert len(mailoutbox) == 4
    assert Notification.objects.filter(kind=Kind.CHOCOSKYPE).count() == 4

    (claire_mail,) = [m for m in mailoutbox if m.to == ["claire@example.org"]]
    partner = next(group for group in first if "claire" in group) - {"claire"}
    (partner_name,) = partner
    assert partner_name.capitalize() in claire_mail.body
    assert f"Headline of {partner_name}" in claire_mail.body
    assert f"{partner_name} parle de tarifs" in claire_mail.body
    assert "/chocoskype/pairs/" in claire_mail.body
    assert "/chocoskype/email/pause/" in claire_mail.body
    assert "/chocoskype/email/leave/" in claire_mail.body
    assert claire_mail.extra_headers["List-Unsubscribe"]


def test_the_times_are_in_each_members_own_timezone_and_language(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    claire = participant_make("claire")
    karim = participant_make("karim", tz="America/Montreal", language="en", languages=["fr", "en"])
    with django_capture_on_commit_callbacks(execute=True):
        services.round_run(held_on=next_monday())
    pairing = Pairing.objects.get()
    times = [datetime.fromisoformat(t) for t in pairing.proposed_times]
    mails = {message.to[0]: message for message in mailoutbox}
    for member, greeting in ((claire.member, "Bonjour"), (karim.member, "Hello")):
        body = mails[member.email].body
        assert greeting in body
        with as_recipient(member):
            for moment in times:
                assert when(moment) in body
    with as_recipient(claire.member):
        paris = when(times[0])
    with as_recipient(karim.member):
        montreal = when(times[0])
    assert paris != montreal
    with translation.override("en"):
        assert "America/Montreal" in mails[karim.member.email].body


def test_who_takes_part_in_a_round(db, django_capture_on_commit_callbacks):
    held_on = next_monday()
    participant_make("claire")
    participant_make("karim")
    skipping = participant_make("skipper", skip_next_round=True)
    participant_make("paused", paused_until=held_on)
    participant_make("resumed", paused_until=held_on - timedelta(days=1))
    participant_make("gone", left_at=timezone.now())
    participant_make("excluded", excluded_at=timezone.now(), exclusion_reason="Absent")
    participant_make("binome", mode=Mode.BINOME)
    participant_make(
        "fortnight",
        cadence=Cadence.FORTNIGHTLY,
        last_paired_at=timezone.now() - timedelta(days=8),
    )
    participant_make("weekly", last_paired_at=timezone.now() - timedelta(days=7))
    suspended = participant_make("troll")
    suspended.member.suspended_at = timezone.now()
    suspended.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_run(held_on=held_on)
    paired = set().union(*groups_of(round_))
    assert paired == {"claire", "karim", "resumed", "weekly"}
    skipping.refresh_from_db()
    assert skipping.skip_next_round is False
    assert Participant.objects.get(member__username="claire").last_paired_at is not None


def test_blocked_members_and_recent_partners_are_not_paired(db):
    claire = participant_make("claire")
    karim = participant_make("karim")
    lea = participant_make("lea")
    participant_make("ines")
    Block.objects.create(blocker=karim.member, blocked=claire.member)
    earlier = Round.objects.create(held_on=next_monday() - timedelta(weeks=3))
    met = Pairing.objects.create(round=earlier)
    for participant in (claire, lea):
        PairingMember.objects.create(pairing=met, member=participant.member, round=earlier)
    round_ = services.round_run(held_on=next_monday())
    assert groups_of(round_) == {frozenset({"claire", "ines"}), frozenset({"karim", "lea"})}


def test_the_command_runs_the_round_of_a_date(db):
    participant_make("claire")
    participant_make("karim")
    held_on = next_monday()
    call_command("chocoskype_round", "--date", held_on.isoformat())
    call_command("chocoskype_round", "--date", held_on.isoformat())
    assert Round.objects.get().held_on == held_on
    assert Pairing.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("chocoskype_round", "--date", "2026-13-40")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_round_and_tell_each_member_once(mailoutbox):
    for index in range(10):
        participant_make(f"membre{index}")
    held_on = next_monday()
    barrier = threading.Barrier(2)
    rounds, errors = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            rounds.append(services.round_run(held_on=held_on).pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(set(rounds)) == 1 and Round.objects.count() == 1
    assert Pairing.objects.count() == 5
    assert PairingMember.objects.count() == 10
    assert len(mailoutbox) == 10
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        f"membre{index}@example.org" for index in range(10)
    )


def test_a_member_silent_on_three_pairs_is_paused_and_told_why(
    db, django_capture_on_commit_callbacks
):
    ghost = participant_make("ghost")
    diligent = participant_make("diligent")
    resumed = participant_make("resumed")
    partner = participant_make("partner")
    held_on = next_monday()
    for weeks_ago in (1, 2, 3):
        earlier = Round.objects.create(held_on=held_on - timedelta(weeks=weeks_ago))
        for participant in (ghost, diligent, resumed):
            # Nobody picked a time, cancelled or answered; but the diligent member met once.
            status = (
                Pairing.Status.SCHEDULED
                if participant is diligent and weeks_ago == 2
                else Pairing.Status.PROPOSED
            )
            pairing = Pairing.objects.create(round=earlier, status=status)
            PairingMember.objects.create(pairing=pairing, member=participant.member, round=earlier)
    resumed.topics = "Je reviens !"
    resumed.save()  # changing one's choices (or resuming) starts afresh
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_run(held_on=held_on)
    ghost.refresh_from_db()
    assert ghost.paused_until == held_on + services.GHOST_PAUSE
    paired = set().union(*groups_of(round_))
    assert "ghost" not in paired
    assert paired == {"diligent", "resumed", "partner"}
    told = Notification.objects.get(recipient=ghost.member, kind=Kind.CHOCOSKYPE)
    assert "three" in told.title or "trois" in told.title
    assert not Notification.objects.filter(recipient=partner.member, title__contains="paused")


def test_partners_met_before_the_cooldown_come_after_those_never_met(db):
    """The round knows a year of pairs: inside the cooldown they may not meet again; after it,
    those who met longest ago score closer to those who never met."""
    names = ("claire", "lea", "ines", "karim")
    claire, lea, ines, karim = (participant_make(name) for name in names)
    for weeks, first, second in ((20, claire, lea), (40, ines, karim), (60, claire, karim)):
        held = Round.objects.create(held_on=next_monday() - timedelta(weeks=weeks))
        met = Pairing.objects.create(round=held)
        Pairing.objects.filter(pk=met.pk).update(created_at=timezone.now() - timedelta(weeks=weeks))
        for participant in (first, second):
            PairingMember.objects.create(pairing=met, member=participant.member, round=held)
    ids = [p.member_id for p in (claire, lea, ines, karim)]
    assert services.last_met_between(ids, held_on=next_monday()) == {
        frozenset({claire.member_id, lea.member_id}): 20,
        frozenset({ines.member_id, karim.member_id}): 40,
    }
    round_ = services.round_run(held_on=next_monday())
    assert groups_of(round_) in (
        {frozenset({"claire", "ines"}), frozenset({"lea", "karim"})},
        {frozenset({"claire", "karim"}), frozenset({"lea", "ines"})},
    )

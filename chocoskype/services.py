"""Rounds and pairs: the round that pairs the participants, and what a pair does next (pick a
time, propose others, cancel, say whether they met).

Every function runs in one transaction and tells the members only after commit
(chocoskype.notifications). A round is idempotent: its row (unique ``held_on``) is locked while
it pairs, so a second run, at once or later, finds the pairs made and everyone already told
(``PairingMember.told_at``).
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, EventData, VideoSource
from events.services import event_cancel, private_meeting_create
from members.models import Block, Member

from . import notifications
from .models import (
    CADENCE_DAYS,
    COOLDOWN_WEEKS,
    Binome,
    Mode,
    Pairing,
    PairingMember,
    Participant,
    Round,
)
from .pairing import Candidate, pair_round, proposed_times, week_hours

PROPOSED_COUNT = 3
# The pair needs a little time to read the e-mail before the first time proposed.
FIRST_TIME_AFTER = timedelta(hours=12)
MEETING_LENGTH = timedelta(minutes=30)
# Times a member proposes by hand: not in the past, not months ahead.
PROPOSE_WITHIN = timedelta(weeks=6)
# Members whose last three pairs passed without a word from them are paused for a while.
GHOST_MEETINGS = 3
GHOST_PAUSE = timedelta(weeks=8)
# How far back a member's pairs are read for that: three monthly rounds.
GHOST_LOOKBACK = timedelta(weeks=13)
# Pairings that count as having met (or been meant to) for the cooldown.
MET_STATUSES = (Pairing.Status.PROPOSED, Pairing.Status.SCHEDULED)


# --- Rounds ----------------------------------------------------------------------------------


def round_run(*, held_on: date, now: datetime | None = None) -> Round:
    """Pairs the participants for the round of ``held_on`` and tells each member once.

    Safe to run twice and at once: the second run waits on the round's row, then finds the
    round finished and nobody left to tell."""
    now = now or timezone.now()
    with transaction.atomic():
        round_, _created = Round.objects.get_or_create(held_on=held_on)
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.finished_at is None:
            _round_pair_locked(round_, now)
        untold = list(
            PairingMember.objects.filter(round=round_, told_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        PairingMember.objects.filter(pk__in=untold).update(told_at=now)
        pairing_ids = sorted(
            set(PairingMember.objects.filter(pk__in=untold).values_list("pairing_id", flat=True))
        )
        transaction.on_commit(
            lambda: notifications.pairs_tell(pairing_ids=pairing_ids, member_ids_told=untold),
            robust=True,
        )
    return round_


def _round_pair_locked(round_: Round, now: datetime) -> None:
    _ghosts_pause(held_on=round_.held_on, now=now)
    participants = participants_eligible(held_on=round_.held_on)
    # A member who asked to skip this round has skipped it: the wish is used up.
    skipping = Participant.objects.filter(
        pk__in=[p.pk for p in participants_active(held_on=round_.held_on)],
        skip_next_round=True,
    )
    skipping.update(skip_next_round=False)
    week_start = round_.held_on - timedelta(days=round_.held_on.weekday())
    candidates = _candidates(participants, round_.held_on, week_start)
    ids = [c.id for c in candidates]
    last_met = last_met_between(ids, held_on=round_.held_on)
    blocked = blocked_between(ids)
    # Those who asked for a standing partner are paired among themselves, by the same rules,
    # so that each pair may agree to become a binôme; the rest meet someone new.
    wants_binome = {p.member_id for p in participants if p.mode == Mode.BINOME}
    groups = [
        group
        for in_binome_mode in (False, True)
        for group in pair_round(
            [c for c in candidates if (c.id in wants_binome) == in_binome_mode],
            last_met=last_met,
            blocked=blocked,
            cooldown_rounds=COOLDOWN_WEEKS,
        )
    ]
    by_id = {p.member_id: p for p in participants}
    not_before = max(now, _aware(round_.held_on)) + FIRST_TIME_AFTER
    # Two statements for the whole round, whatever its size (PostgreSQL and SQLite give the
    # new pairs' ids back from bulk_create).
    pairings = Pairing.objects.bulk_create(
        Pairing(
            round=round_,
            status=Pairing.Status.PROPOSED,
            proposed_times=[
                moment.astimezone(UTC).isoformat()
                for moment in times_shared(
                    [(by_id[i].slots, by_id[i].member.timezone) for i in group],
                    week_start,
                    not_before,
                )
            ],
        )
        for group in groups
    )
    PairingMember.objects.bulk_create(
        PairingMember(pairing=pairing, member_id=member_id, round=round_)
        for pairing, group in zip(pairings, groups, strict=True)
        for member_id in group
    )
    paired = [member_id for group in groups for member_id in group]
    Participant.objects.filter(member_id__in=paired).update(last_paired_at=now)
    round_.participant_count = len(candidates)
    round_.pairing_count = len(groups)
    round_.finished_at = now
    round_.save(update_fields=["participant_count", "pairing_count", "finished_at"])


def _ghosts_pause(*, held_on: date, now: datetime) -> list[int]:
    """Pauses the members whose last GHOST_MEETINGS pairs passed without a word from them (no
    time picked by anyone, no cancellation, no answer), as their partners waited in vain; each
    is told why and may resume in one click. Only pairs since the member last changed their
    choices or resumed count, so that resuming starts afresh."""
    since = held_on - GHOST_LOOKBACK
    rows = (
        PairingMember.objects.filter(
            round__held_on__lt=held_on,
            round__held_on__gte=since,
            member__chocoskype__in=participants_active(held_on=held_on),
            pairing__created_at__gt=F("member__chocoskype__updated_at"),
        )
        .order_by("member_id", "-round__held_on")
        .values_list("member_id", "outcome", "pairing__status")
    )
    latest: dict[int, list[bool]] = {}
    for member_id, outcome, status in rows:
        missed = latest.setdefault(member_id, [])
        if len(missed) < GHOST_MEETINGS:
            missed.append(outcome == "" and status == Pairing.Status.PROPOSED)
    ghosts = [
        member_id
        for member_id, missed in latest.items()
        if len(missed) == GHOST_MEETINGS and all(missed)
    ]
    if ghosts:
        until = held_on + GHOST_PAUSE
        Participant.objects.filter(member_id__in=ghosts).update(paused_until=until, updated_at=now)
        transaction.on_commit(
            lambda: notifications.ghosts_tell(member_ids=ghosts, until=until), robust=True
        )
    return ghosts


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def participants_active(*, held_on: date):
    """Participants, not gone, not excluded, not paused on the round's date, whose account may
    still take part; in the binôme mode, only those without a running binôme."""
    now = timezone.now()
    running = Binome.objects.filter(started_at__isnull=False, ended_at__isnull=True)
    return (
        Participant.objects.filter(
            left_at__isnull=True,
            excluded_at__isnull=True,
            member__is_active=True,
            member__deleted_at__isnull=True,
        )
        .filter(Q(paused_until__isnull=True) | Q(paused_until__lt=held_on))
        .exclude(
            Q(member__suspended_at__isnull=False)
            & (Q(member__suspended_until__isnull=True) | Q(member__suspended_until__gt=now))
        )
        .exclude(
            Q(mode=Mode.BINOME)
            & (Q(member__in=running.values("member_a")) | Q(member__in=running.values("member_b")))
        )
    )


def participants_eligible(*, held_on: date) -> list[Participant]:
    """Those to pair in this round: active, not skipping it, and due by their cadence (not
    paired in the last CADENCE_DAYS - 1 days, so that a weekly member is in every round)."""
    due = []
    participants = (
        participants_active(held_on=held_on)
        .filter(skip_next_round=False)
        .select_related("member")
        .prefetch_related("member__trades")
        .order_by("member_id")
    )
    for participant in participants:
        last = participant.last_paired_at
        days = CADENCE_DAYS.get(participant.cadence, 7)
        if last is None or timezone.localdate(last) < held_on - timedelta(days=days - 1):
            due.append(participant)
    return due


def _candidates(participants: Sequence[Participant], held_on: date, week_start: date):
    noon = datetime.combine(held_on, time(12), tzinfo=ZoneInfo("UTC"))
    candidates = []
    for participant in participants:
        member = participant.member
        tz_name = _tz_name(member.timezone)
        offset = noon.astimezone(ZoneInfo(tz_name)).utcoffset() or timedelta(0)
        since = participant.last_paired_at or participant.joined_at
        waited = max(0, (held_on - timezone.localdate(since)).days // 7 - 1)
        if participant.last_paired_at is None:
            waited += 1
        candidates.append(
            Candidate(
                id=member.pk,
                languages=frozenset(participant.languages),
                hours=week_hours(participant.slots, tz_name, week_start),
                utc_offset_minutes=int(offset.total_seconds() // 60),
                trades=frozenset(trade.pk for trade in member.trades.all()),
                trade_preference=participant.trade_preference,
                waiting_rounds=waited,
            )
        )
    return candidates


def _tz_name(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError):
        return settings.TIME_ZONE
    return name


# A year of pairs: how far back the pairing's preference for people who never met looks.
HISTORY_WEEKS = 52


def last_met_between(member_ids: Sequence[int], *, held_on: date) -> dict[frozenset[int], int]:
    """For every two of these members put together in the last year: how many rounds (weeks)
    ago, the latest time. Inside the cooldown they may not meet again; after it, the pairing
    puts those who met longest ago nearer to those who never met."""
    since = _aware(held_on - timedelta(weeks=HISTORY_WEEKS))
    rows = PairingMember.objects.filter(
        member_id__in=member_ids,
        pairing__created_at__gte=since,
        pairing__status__in=MET_STATUSES,
    ).values_list("pairing_id", "member_id", "pairing__round__held_on", "pairing__created_at")
    groups: dict[int, list[int]] = {}
    dates: dict[int, date] = {}
    for pairing_id, member_id, round_day, created_at in rows:
        groups.setdefault(pairing_id, []).append(member_id)
        dates[pairing_id] = round_day or timezone.localdate(created_at)
    last_met: dict[frozenset[int], int] = {}
    for pairing_id, members in groups.items():
        ago = max(0, (held_on - dates[pairing_id]).days // 7)
        for pair in combinations(sorted(members), 2):
            key = frozenset(pair)
            last_met[key] = min(ago, last_met.get(key, ago))
    return last_met


def blocked_between(member_ids: Sequence[int]) -> set[frozenset[int]]:
    """Pairs of these members where one blocked the other, whichever."""
    return {
        frozenset(pair)
        for pair in Block.objects.filter(
            blocker_id__in=member_ids, blocked_id__in=member_ids
        ).values_list("blocker_id", "blocked_id")
    }


def times_shared(
    members: Sequence[tuple[Sequence[str], str]], week_start: date, not_before: datetime
) -> list[datetime]:
    """Up to three starts inside every member's slots (given as (slots, timezone)): in the
    round's week, then the next when the week has too few left."""
    times: list[datetime] = []
    for week in (week_start, week_start + timedelta(days=7)):
        hours = [week_hours(slots, _tz_name(tz), week) for slots, tz in members]
        common = frozenset.intersection(*hours) if hours else frozenset()
        times += proposed_times(
            common, week, count=PROPOSED_COUNT - len(times), not_before=not_before
        )
        if len(times) >= PROPOSED_COUNT:
            break
    return times[:PROPOSED_COUNT]


# --- A pair's choices ------------------------------------------------------------------------


def _pairing_lock(*, member, pk: int) -> tuple[Pairing, list[Member]]:
    """The pair's row, locked, and its other members; a pair the member is not in is a 404."""
    if not member.is_authenticated:
        raise Http404
    pairing = Pairing.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if pairing is None:
        raise Http404
    members = [pm.member for pm in pairing.members.select_related("member")]
    if member.pk not in {m.pk for m in members}:
        raise Http404
    if not member.can_post:
        raise PermissionDenied
    return pairing, [m for m in members if m.pk != member.pk]


def _proposed(pairing: Pairing) -> list[datetime]:
    return [datetime.fromisoformat(value) for value in pairing.proposed_times]


def pairing_time_pick(*, member, pk: int, starts_at: datetime) -> Pairing:
    """Picks one of the proposed times: the meeting becomes a private ChocoSkype in every
    member's events. When two pick at once, the first wins; the second finds it planned and
    gets the pair back unchanged (the page then shows the time chosen)."""
    with transaction.atomic():
        pairing, others = _pairing_lock(member=member, pk=pk)
        if pairing.status == Pairing.Status.SCHEDULED:
            return pairing
        if pairing.status != Pairing.Status.PROPOSED:
            raise ValidationError(_("This ChocoSkype is no longer waiting for a time."))
        if starts_at not in _proposed(pairing):
            raise ValidationError(_("Pick one of the times proposed."))
        if starts_at <= timezone.now():
            raise ValidationError(_("This time has passed: pick another or propose new ones."))
        with translation.override(settings.LANGUAGE_CODE):
            title = _("ChocoSkype: %(names)s") % {
                "names": " × ".join(m.public_name for m in [member, *others])
            }
            # The event is the calendar's side; the pair's page keeps the other choices.
            description = _("To propose other times or cancel: [the pair's page](%(url)s).") % {
                "url": settings.SITE_URL + reverse("chocoskype:pair", args=[pairing.pk])
            }
        event = private_meeting_create(
            organiser=member,
            guests=others,
            data=EventData(
                kind=Event.Kind.CHOCOSKYPE,
                title=title[:140],
                description=description,
                starts_at=starts_at,
                ends_at=starts_at + MEETING_LENGTH,
                timezone=_tz_name(member.timezone),
                is_online=True,
                visibility=Event.Visibility.PRIVATE,
                video_source=VideoSource.ROOM,
            ),
        )
        pairing.event = event
        pairing.status = Pairing.Status.SCHEDULED
        pairing.save(update_fields=["event", "status", "updated_at"])
        transaction.on_commit(
            lambda: notifications.time_picked_tell(pairing=pairing, actor=member, others=others),
            robust=True,
        )
    return pairing


def pairing_times_propose(*, member, pk: int, times: Sequence[datetime]) -> Pairing:
    """Proposes other times (one to three) instead of those of the round; a meeting already
    planned is called off, since its time no longer suits."""
    now = timezone.now()
    chosen = sorted(set(times))
    if not 1 <= len(chosen) <= PROPOSED_COUNT:
        raise ValidationError(_("Propose one to three times."))
    if any(moment <= now for moment in chosen):
        raise ValidationError(_("Propose times in the future."))
    if any(moment > now + PROPOSE_WITHIN for moment in chosen):
        raise ValidationError(_("Propose times in the next six weeks."))
    with transaction.atomic():
        pairing, others = _pairing_lock(member=member, pk=pk)
        if pairing.status not in MET_STATUSES:
            raise ValidationError(_("This ChocoSkype is no longer planned."))
        if pairing.event_id is not None:
            event_cancel(
                actor=member,
                event=pairing.event,
                reason=_("%(name)s proposed other times.") % {"name": member.public_name},
            )
            pairing.event = None
        pairing.status = Pairing.Status.PROPOSED
        pairing.proposed_times = [moment.astimezone(UTC).isoformat() for moment in chosen]
        pairing.save(update_fields=["event", "status", "proposed_times", "updated_at"])
        transaction.on_commit(
            lambda: notifications.times_proposed_tell(pairing=pairing, actor=member, others=others),
            robust=True,
        )
    return pairing


def pairing_cancel(*, member, pk: int, note: str) -> Pairing:
    """Calls the ChocoSkype off, with a word to the other; a planned meeting is cancelled in
    the events too (whose own message then tells its members)."""
    note = note.strip()
    with transaction.atomic():
        pairing, others = _pairing_lock(member=member, pk=pk)
        if pairing.status == Pairing.Status.CANCELLED:
            return pairing
        if pairing.status not in MET_STATUSES:
            raise ValidationError(_("This ChocoSkype is no longer planned."))
        had_event = pairing.event_id is not None
        if had_event:
            if pairing.event.has_started:
                raise ValidationError(
                    _("This ChocoSkype has started: it can no longer be cancelled.")
                )
            reason = note or _("%(name)s cannot make it.") % {"name": member.public_name}
            event_cancel(actor=member, event=pairing.event, reason=reason)
        pairing.status = Pairing.Status.CANCELLED
        pairing.cancelled_by = member
        pairing.cancellation_note = note[:255]
        pairing.save(update_fields=["status", "cancelled_by", "cancellation_note", "updated_at"])
        if not had_event:
            transaction.on_commit(
                lambda: notifications.cancelled_tell(pairing=pairing, actor=member, others=others),
                robust=True,
            )
    return pairing


def pairing_outcome_record(*, member, pk: int, outcome: str, thanks: str = "") -> PairingMember:
    """What a member says after the date: met, not met, or set another date; a thank-you note
    reaches the other members."""
    if outcome not in PairingMember.Outcome.values:
        raise ValidationError(_("Choose one of the answers."))
    thanks = thanks.strip()
    with transaction.atomic():
        pairing, others = _pairing_lock(member=member, pk=pk)
        if not pairing_is_over(pairing):
            raise ValidationError(_("You can say how it went once the date has passed."))
        mine = PairingMember.objects.select_for_update().get(pairing=pairing, member=member)
        thanked_before = bool(mine.thanks)
        mine.outcome = outcome
        mine.thanks = thanks[:200]
        mine.answered_at = timezone.now()
        mine.save(update_fields=["outcome", "thanks", "answered_at"])
        if thanks and not thanked_before:
            transaction.on_commit(
                lambda: notifications.thanks_tell(
                    pairing=pairing, actor=member, others=others, thanks=thanks
                ),
                robust=True,
            )
    return mine


def pairing_is_over(pairing: Pairing) -> bool:
    """Whether “did you meet?” may be asked: the meeting's start has passed."""
    event = pairing.event
    return (
        pairing.status == Pairing.Status.SCHEDULED
        and event is not None
        and event.starts_at <= timezone.now()
    )

"""A member's part in the ritual: joining, changing their choices, pausing, leaving, and what
their page reads (state, next round, history). Rounds and pairs are in services.py and
selectors.py; this module is what the member decides for themself (and the moderators'
exclusion, which the admin calls)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, SpokenLanguage
from moderation.models import ModerationAction
from moderation.services import moderation_log

from .models import SLOT_CODES, Mode, Pairing, PairingMember, Participant, Round

# How far ahead a member may pause: further than that, leaving says it better.
PAUSE_MAX_DAYS = 366
# Rounds are held every Monday (datetime.weekday()).
ROUND_WEEKDAY = 0
HISTORY_SHOWN = 50


# --- Reads -------------------------------------------------------------------------------


def participant_of(member) -> Participant | None:
    """The member's choices, whether they take part now or left (their choices are kept)."""
    if not member.is_authenticated:
        return None
    return Participant.objects.filter(member=member).first()


def languages_spoken_by(member: Member) -> list[str]:
    """The profile's languages, to prefill the form of a member who has not joined yet."""
    return list(
        SpokenLanguage.objects.filter(member=member).order_by("code").values_list("code", flat=True)
    )


def round_date_next(today: date | None = None) -> date:
    """The next Monday whose round has not run yet (today, on a Monday before it runs)."""
    today = today or timezone.localdate()
    day = today + timedelta(days=(ROUND_WEEKDAY - today.weekday()) % 7)
    if Round.objects.filter(held_on=day, finished_at__isnull=False).exists():
        day += timedelta(days=7)
    return day


def round_date_for(participant: Participant, next_round: date) -> date | None:
    """The first round the participant is in, given their pause; None when they left or are
    excluded. Their cadence may still make the rounds skip them: the round decides."""
    if not participant.is_active:
        return None
    day = next_round
    if participant.skip_next_round:
        day += timedelta(days=7)
    if participant.paused_until and participant.paused_until >= day:
        day += timedelta(days=(participant.paused_until - day).days // 7 * 7 + 7)
    return day


@dataclass(frozen=True)
class Meeting:
    """One freelancer (or two, in a trio) the member met, and when."""

    others: list[Member]
    on: datetime | date | None


def _meetings_of(member) -> QuerySet[PairingMember]:
    """The member's pairs that count as met: they said so, or the meeting is planned and its
    date passed (the answer to "did you meet?" may not have come yet)."""
    return PairingMember.objects.filter(member=member).filter(
        Q(outcome=PairingMember.Outcome.MET)
        | Q(
            outcome="",
            pairing__status=Pairing.Status.SCHEDULED,
            pairing__event__starts_at__lt=timezone.now(),
        )
    )


def history_of(member) -> tuple[list[Meeting], int]:
    """The latest meetings with the freelancers met (two queries, whatever their number), and
    how many different freelancers that makes in all (one more)."""
    others = PairingMember.objects.exclude(member=member).select_related("member")
    rows = (
        _meetings_of(member)
        .select_related("pairing__event", "pairing__round")
        .prefetch_related(Prefetch("pairing__members", queryset=others, to_attr="others"))
        .order_by("-pairing__created_at", "-pk")[:HISTORY_SHOWN]
    )
    meetings = []
    for row in rows:
        pairing = row.pairing
        when = pairing.event.starts_at if pairing.event else None
        if when is None and pairing.round:
            when = pairing.round.held_on
        meetings.append(Meeting(others=[other.member for other in pairing.others], on=when))
    count = (
        PairingMember.objects.filter(pairing__in=_meetings_of(member).values("pairing"))
        .exclude(member=member)
        .values("member")
        .distinct()
        .count()
    )
    return meetings, count


# --- Writes ------------------------------------------------------------------------------


@transaction.atomic
def participant_save(
    *,
    member: Member,
    cadence: str,
    languages: list[str],
    slots: list[str],
    trade_preference: str,
    topics: str,
    mode: str = Mode.ROTATION,
) -> Participant:
    """Joins the ritual, or saves new choices; a member who had left takes part again. In
    the binôme mode, rounds pair the member with another who wants a standing partner."""
    if not member.can_post:
        raise ValidationError(_("Your account cannot take part in the ritual for now."))
    participant, _created = Participant.objects.select_for_update().get_or_create(member=member)
    participant.cadence = cadence
    participant.mode = mode
    participant.languages = sorted(set(languages))
    participant.slots = sorted(set(slots) & SLOT_CODES)
    participant.trade_preference = trade_preference
    participant.topics = topics.strip()
    participant.left_at = None
    participant.full_clean()
    participant.save()
    return participant


def _participant_for_update(member: Member) -> Participant:
    try:
        return Participant.objects.select_for_update().get(member=member, left_at__isnull=True)
    except Participant.DoesNotExist:
        raise ValidationError(_("You are not taking part in the ritual.")) from None


@transaction.atomic
def participant_skip_next_round(*, member: Member) -> Participant:
    participant = _participant_for_update(member)
    participant.skip_next_round = True
    participant.save(update_fields=["skip_next_round", "updated_at"])
    return participant


@transaction.atomic
def participant_pause(*, member: Member, until: date) -> Participant:
    today = timezone.localdate()
    if until <= today:
        raise ValidationError(_("Choose a date after today."))
    if until > today + timedelta(days=PAUSE_MAX_DAYS):
        raise ValidationError(_("Choose a date within a year; or leave the ritual."))
    participant = _participant_for_update(member)
    participant.paused_until = until
    participant.save(update_fields=["paused_until", "updated_at"])
    return participant


@transaction.atomic
def participant_resume(*, member: Member) -> Participant:
    participant = _participant_for_update(member)
    participant.paused_until = None
    participant.skip_next_round = False
    participant.save(update_fields=["paused_until", "skip_next_round", "updated_at"])
    return participant


@transaction.atomic
def participant_leave(*, member: Member) -> Participant | None:
    """Leaves the ritual; the choices and history stay, for a return. Leaving twice is fine."""
    participant = Participant.objects.select_for_update().filter(member=member).first()
    if participant is None or participant.left_at is not None:
        return participant
    participant.left_at = timezone.now()
    participant.paused_until = None
    participant.skip_next_round = False
    participant.save(update_fields=["left_at", "paused_until", "skip_next_round", "updated_at"])
    return participant


# --- Moderators --------------------------------------------------------------------------


@transaction.atomic
def participant_exclude(*, moderator: Member, participant: Participant, reason: str) -> None:
    """Keeps a member out of every round until readmitted; logged, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the member is excluded from pairing."))
    if participant.excluded_at is not None:
        return
    participant.excluded_at = timezone.now()
    participant.exclusion_reason = reason[:255]
    participant.save(update_fields=["excluded_at", "exclusion_reason", "updated_at"])
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.SUSPEND,
        target=participant,
        member=participant.member,
        reason=reason,
    )


@transaction.atomic
def participant_readmit(*, moderator: Member, participant: Participant, reason: str = "") -> None:
    if participant.excluded_at is None:
        return
    participant.excluded_at = None
    participant.exclusion_reason = ""
    participant.save(update_fields=["excluded_at", "exclusion_reason", "updated_at"])
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.LIFT_SUSPENSION,
        target=participant,
        member=participant.member,
        reason=reason,
    )

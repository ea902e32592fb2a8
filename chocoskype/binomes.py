"""Binômes: two members who meet again and again at a usual time, for mutual coaching.

One member proposes (from a profile, or from a round's pair), the other accepts, and the binôme
runs as a private recurring series of the events app: every occurrence is in both members' “my
events”, calendar feed and reminders. Either member can skip or move one date, set goals for the
next time, or end the binôme. Every write checks that the member is one of the two; anyone
else, moderators included, gets a 404.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, EventData, EventSeries, VideoSource
from events.services import event_cancel, private_meeting_move, series_create, series_stop
from members.models import Member
from members.selectors import blocked_either_way
from notifications.models import Kind
from notifications.services import notify

from .models import BINOME_DURATION_MINUTES, Binome, BinomeGoal, Cadence, Mode, Pairing

# The other member needs a day to see the first date coming.
FIRST_DATE_AFTER = timedelta(hours=24)
GOALS_PER_MEMBER = 10
# A date moved by hand: not months ahead.
MOVE_WITHIN = timedelta(weeks=8)
SERIES_RHYTHM = {
    Cadence.WEEKLY: (EventSeries.Frequency.WEEKLY, 1),
    Cadence.FORTNIGHTLY: (EventSeries.Frequency.WEEKLY, 2),
    Cadence.MONTHLY: (EventSeries.Frequency.MONTHLY, 1),
}


# --- Reads -----------------------------------------------------------------------------------


def _of(member) -> Q:
    return Q(member_a=member) | Q(member_b=member)


def binomes_of(member) -> list[Binome]:
    """The member's binômes proposed or running, for the ritual's page."""
    if not member.is_authenticated:
        return []
    binomes = list(
        Binome.objects.filter(_of(member), ended_at__isnull=True)
        .select_related("member_a", "member_b")
        .order_by("-started_at", "-created_at")
    )
    for binome in binomes:
        binome.partner = binome.other(member)
    return binomes


def get_binome_for_member(member, pk: int) -> Binome:
    """A binôme the member is one of; any other is a 404, moderators' included."""
    if not member.is_authenticated:
        raise Http404
    binome = (
        Binome.objects.filter(_of(member), pk=pk)
        .select_related("member_a", "member_b", "series")
        .first()
    )
    if binome is None:
        raise Http404
    return binome


@dataclass(frozen=True)
class BinomePage:
    binome: Binome
    other: Member
    next_meeting: Event | None
    upcoming: list[Event]
    my_goals: list[BinomeGoal]
    their_goals: list[BinomeGoal]


def binome_page(member, pk: int) -> BinomePage:
    binome = get_binome_for_member(member, pk)
    prefetch_related_objects([binome.other(member)], "trades")
    upcoming = []
    if binome.series_id:
        upcoming = list(
            binome.series.occurrences.filter(ends_at__gte=timezone.now()).order_by(
                "starts_at", "pk"
            )[:4]
        )
    goals = list(binome.goals.all())
    return BinomePage(
        binome=binome,
        other=binome.other(member),
        next_meeting=next(
            (event for event in upcoming if event.status == Event.Status.SCHEDULED), None
        ),
        upcoming=upcoming,
        my_goals=[goal for goal in goals if goal.member_id == member.pk],
        their_goals=[goal for goal in goals if goal.member_id != member.pk],
    )


def reminder_paragraphs(event: Event, member) -> list[str]:
    """For the events' reminder of a binôme's meeting: both members' open goals."""
    if event.series_id is None or event.visibility != Event.Visibility.PRIVATE:
        return []
    binome = Binome.objects.filter(series_id=event.series_id).first()
    if binome is None:
        return []
    goals = list(binome.goals.filter(done=False).select_related("member"))
    if not goals:
        return [_("No goals set for this time yet: add yours on your binôme's page.")]
    lines = [
        _("%(name)s: %(goal)s")
        % {
            "name": _("You") if goal.member_id == member.pk else goal.member.public_name,
            "goal": goal.text,
        }
        for goal in goals
    ]
    return [_("Your goals for this meeting:"), *lines]


def _mode(member) -> str:
    participant = getattr(member, "chocoskype", None)
    return participant.mode if participant else ""


def pair_binome_offer(member, *, pairing: Pairing, others: list) -> dict | None:
    """For a round's pair of two who both asked for a standing partner: the binôme grown from
    it, if one was proposed (``{"binome": …}``), else an offer to propose one. None for any
    other pair, without a query."""
    if pairing.round_id is None or len(others) != 1:
        return None
    if _mode(member) != Mode.BINOME or _mode(others[0]) != Mode.BINOME:
        return None
    return {"binome": Binome.objects.filter(pairing=pairing).order_by("-created_at").first()}


# --- Forming ---------------------------------------------------------------------------------


def _ordered(first: Member, second: Member) -> tuple[Member, Member]:
    return (first, second) if first.pk < second.pk else (second, first)


def _tell(recipient: Member, actor: Member, binome: Binome, title: str, excerpt: str = ""):
    with translation.override(recipient.language):
        notify(
            recipient=recipient,
            kind=Kind.CHOCOSKYPE,
            actor=actor,
            title=title % {"name": actor.public_name},
            excerpt=excerpt,
            url=reverse("chocoskype:binome", args=[binome.pk]),
        )


def binome_propose(
    *,
    proposer: Member,
    other: Member,
    cadence: str,
    weekday: int,
    local_time: time,
    message: str = "",
    pairing: Pairing | None = None,
) -> Binome:
    """Proposes a standing partnership, at a usual weekday and time in the proposer's
    timezone; it starts when the other accepts."""
    if not proposer.can_post:
        raise PermissionDenied
    if proposer.pk == other.pk:
        raise ValidationError(_("You cannot form a binôme with yourself."))
    if not other.can_post:
        raise ValidationError(_("This member cannot form a binôme."))
    if pairing is None and not other.open_to_chocoskype:
        raise ValidationError(_("This member does not take ChocoSkype invitations."))
    if blocked_either_way(proposer, other):
        raise ValidationError(_("You cannot form a binôme with this member."))
    if cadence not in Cadence.values or weekday not in range(7):
        raise ValidationError(_("Choose how often and which day."))
    member_a, member_b = _ordered(proposer, other)
    with transaction.atomic():
        if Binome.objects.filter(
            member_a=member_a, member_b=member_b, ended_at__isnull=True
        ).exists():
            raise ValidationError(_("You already have a binôme with this member, or one proposed."))
        binome = Binome(
            member_a=member_a,
            member_b=member_b,
            proposed_by=proposer,
            pairing=pairing,
            cadence=cadence,
            weekday=weekday,
            local_time=local_time,
            timezone=proposer.timezone,
            message=message.strip(),
        )
        binome.full_clean()
        binome.save()
        transaction.on_commit(
            lambda: _tell(
                other, proposer, binome, _("%(name)s proposes you a binôme"), binome.message
            ),
            robust=True,
        )
    return binome


def _binome_lock(member: Member, pk: int) -> Binome:
    binome = (
        Binome.objects.select_for_update(of=("self",))
        .filter(_of(member), pk=pk)
        .select_related("member_a", "member_b", "proposed_by")
        .first()
    )
    if binome is None:
        raise Http404
    return binome


def first_start(binome: Binome, *, now: datetime) -> datetime:
    """The first usual day and time that comes at least a day from now."""
    tz = ZoneInfo(binome.timezone)
    day = timezone.localdate(now + FIRST_DATE_AFTER, timezone=tz)
    day += timedelta(days=(binome.weekday - day.weekday()) % 7)
    start = datetime.combine(day, binome.local_time, tzinfo=tz)
    if start < now + FIRST_DATE_AFTER:
        start = datetime.combine(day + timedelta(days=7), binome.local_time, tzinfo=tz)
    return start


def binome_accept(*, member: Member, pk: int, now: datetime | None = None) -> Binome:
    """The other member says yes: the series of meetings starts, with both seated."""
    now = now or timezone.now()
    with transaction.atomic():
        binome = _binome_lock(member, pk)
        if binome.proposed_by_id == member.pk:
            raise PermissionDenied
        if not binome.is_proposed:
            raise ValidationError(_("This binôme has already been answered."))
        proposer = binome.proposed_by
        if blocked_either_way(proposer, member):
            raise ValidationError(_("You cannot form a binôme with this member."))
        starts_at = first_start(binome, now=now)
        frequency, interval = SERIES_RHYTHM[binome.cadence]
        with translation.override(proposer.language):
            title = _("ChocoSkype binôme: %(first)s & %(second)s") % {
                "first": proposer.public_name,
                "second": member.public_name,
            }
        series = series_create(
            organiser=proposer,
            guests=[member],
            frequency=frequency,
            interval=interval,
            data=EventData(
                kind=Event.Kind.CHOCOSKYPE,
                title=title[:140],
                description="",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=BINOME_DURATION_MINUTES),
                timezone=binome.timezone,
                is_online=True,
                visibility=Event.Visibility.PRIVATE,
                video_source=VideoSource.ROOM,
            ),
        )
        binome.series = series
        binome.started_at = now
        binome.save(update_fields=["series", "started_at"])
        transaction.on_commit(
            lambda: _tell(proposer, member, binome, _("%(name)s accepts your binôme")),
            robust=True,
        )
    return binome


def binome_decline(*, member: Member, pk: int) -> Binome:
    with transaction.atomic():
        binome = _binome_lock(member, pk)
        if binome.proposed_by_id == member.pk:
            raise PermissionDenied
        if not binome.is_proposed:
            raise ValidationError(_("This binôme has already been answered."))
        binome.ended_at = timezone.now()
        binome.ended_by = member
        binome.save(update_fields=["ended_at", "ended_by"])
        proposer = binome.proposed_by
        transaction.on_commit(
            lambda: _tell(
                proposer, member, binome, _("%(name)s cannot take up your binôme for now")
            ),
            robust=True,
        )
    return binome


def binome_end(*, member: Member, pk: int, note: str = "") -> Binome:
    """Either member ends the binôme (or withdraws their proposal): the series stops, its
    coming dates are cancelled, and the other is told."""
    with transaction.atomic():
        binome = _binome_lock(member, pk)
        if binome.ended_at is not None:
            return binome
        if binome.is_proposed and binome.proposed_by_id != member.pk:
            raise ValidationError(_("Answer the proposal instead."))
        if binome.series_id:
            series_stop(
                actor=member,
                series=binome.series,
                reason=note.strip() or _("The binôme has ended."),
            )
        binome.ended_at = timezone.now()
        binome.ended_by = member
        binome.save(update_fields=["ended_at", "ended_by"])
        other = binome.other(member)
        transaction.on_commit(
            lambda: _tell(other, member, binome, _("%(name)s ended your binôme"), note.strip()),
            robust=True,
        )
    return binome


# --- One date --------------------------------------------------------------------------------


def _occurrence(binome: Binome, event_pk: int) -> Event:
    if not binome.is_running:
        raise ValidationError(_("This binôme is not running."))
    event = binome.series.occurrences.filter(pk=event_pk).first()
    if event is None:
        raise Http404
    return event


def binome_date_skip(*, member: Member, pk: int, event_pk: int, note: str = "") -> Event:
    """Cancels one date; the other hears of it through the events' cancellation."""
    with transaction.atomic():
        binome = _binome_lock(member, pk)
        event = _occurrence(binome, event_pk)
        return event_cancel(
            actor=member,
            event=event,
            reason=note.strip() or _("%(name)s skips this date.") % {"name": member.public_name},
        )


def binome_date_move(*, member: Member, pk: int, event_pk: int, starts_at: datetime) -> Event:
    with transaction.atomic():
        binome = _binome_lock(member, pk)
        event = _occurrence(binome, event_pk)
        if starts_at > timezone.now() + MOVE_WITHIN:
            raise ValidationError(_("Choose a date within the next eight weeks."))
        return private_meeting_move(actor=member, event=event, starts_at=starts_at)


# --- Goals -----------------------------------------------------------------------------------


def _next_date(binome: Binome) -> date | None:
    if not binome.series_id:
        return None
    event = (
        binome.series.occurrences.filter(
            starts_at__gte=timezone.now(), status=Event.Status.SCHEDULED
        )
        .order_by("starts_at")
        .first()
    )
    return event.occurrence_date if event else None


def goal_add(*, member: Member, pk: int, text: str) -> BinomeGoal:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write your goal."))
    with transaction.atomic():
        binome = _binome_lock(member, pk)
        if not binome.is_running:
            raise ValidationError(_("This binôme is not running."))
        if binome.goals.filter(member=member, done=False).count() >= GOALS_PER_MEMBER:
            raise ValidationError(
                _("You have %(count)d open goals: tick or delete some first.")
                % {"count": GOALS_PER_MEMBER}
            )
        goal = BinomeGoal(binome=binome, member=member, text=text, for_date=_next_date(binome))
        goal.full_clean()
        goal.save()
    return goal


def _own_goal(member: Member, pk: int, goal_pk: int) -> BinomeGoal:
    binome = get_binome_for_member(member, pk)
    goal = binome.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404
    if goal.member_id != member.pk:
        raise PermissionDenied
    return goal


def goal_set_done(*, member: Member, pk: int, goal_pk: int, done: bool) -> BinomeGoal:
    goal = _own_goal(member, pk, goal_pk)
    goal.done = done
    goal.save(update_fields=["done"])
    return goal


def goal_delete(*, member: Member, pk: int, goal_pk: int) -> None:
    _own_goal(member, pk, goal_pk).delete()

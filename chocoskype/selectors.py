"""Reads of rounds and pairs: a pair's page, for its members only."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from .models import Pairing, PairingMember, Participant, Round
from .services import GHOST_PAUSE


@dataclass(frozen=True)
class PairView:
    pairing: Pairing
    mine: PairingMember
    others: list  # the other members, with their trades
    times: list[datetime]  # the proposed starts, aware (the template shows them in the reader's)


def get_pairing_for_member(member, pk: int) -> PairView:
    """A pair the member is in, with what its page shows in three queries; any other pair is
    a 404, moderators' included, as the pair's page is private to its members."""
    if not member.is_authenticated:
        raise Http404
    pairing = (
        Pairing.objects.filter(pk=pk, members__member=member)
        .select_related("event", "round")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=PairingMember.objects.select_related("member", "member__chocoskype")
                .prefetch_related("member__trades")
                .order_by("pk"),
            )
        )
        .first()
    )
    if pairing is None:
        raise Http404
    members = list(pairing.members.all())
    mine = next(pm for pm in members if pm.member_id == member.pk)
    return PairView(
        pairing=pairing,
        mine=mine,
        others=[pm.member for pm in members if pm.member_id != member.pk],
        times=[datetime.fromisoformat(value) for value in pairing.proposed_times],
    )


# --- The admin's figures -----------------------------------------------------------------

# The Round list's summary covers this many latest rounds: about a quarter of weekly rounds.
ROUNDS_SUMMARISED = 12


def rounds_with_figures(queryset: QuerySet[Round] | None = None) -> QuerySet[Round]:
    """Rounds with what became of their pairs, counted in the rounds' own query (one query for
    a page of rounds, however many): the members paired, the pairs, the times picked (a meeting
    planned), and the members' answers to "did you meet?". "We set another date" counts as not
    met: they did not meet on the date they had."""
    queryset = Round.objects.all() if queryset is None else queryset
    answer = "pairings__members__outcome"
    return queryset.annotate(
        members_paired=Count("pairings__members"),
        pairs=Count("pairings", distinct=True),
        times_picked=Count(
            "pairings", filter=Q(pairings__status=Pairing.Status.SCHEDULED), distinct=True
        ),
        said_met=Count("pairings__members", filter=Q(**{answer: PairingMember.Outcome.MET})),
        said_not_met=Count(
            "pairings__members",
            filter=Q(
                **{
                    f"{answer}__in": [
                        PairingMember.Outcome.NOT_MET,
                        PairingMember.Outcome.RESCHEDULED,
                    ]
                }
            ),
        ),
        no_answer=Count("pairings__members", filter=Q(**{answer: ""})),
    )


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class RoundsSummary:
    """The latest rounds taken together, and where the participants stand today."""

    rounds: int
    first: date | None
    last: date | None
    participants: int  # those the rounds tried to pair
    members_paired: int
    left_out: int  # tried, but no allowed partner was found for them
    pairs: int
    times_picked: int
    said_met: int
    said_not_met: int
    no_answer: int
    states: dict[str, int]

    @property
    def paired_rate(self) -> int | None:
        return _percent(self.members_paired, self.participants)

    @property
    def left_out_rate(self) -> int | None:
        return _percent(self.left_out, self.participants)

    @property
    def times_picked_rate(self) -> int | None:
        return _percent(self.times_picked, self.pairs)

    @property
    def met_rate(self) -> int | None:
        return _percent(self.said_met, self.members_paired)

    @property
    def not_met_rate(self) -> int | None:
        return _percent(self.said_not_met, self.members_paired)

    @property
    def no_answer_rate(self) -> int | None:
        return _percent(self.no_answer, self.members_paired)


def ghost_pause_ends(today: date | None = None) -> list[date]:
    """The dates until which the rounds still running a pause paused their missing members (the
    rule of meetings passed without a word): a pause ending on one of them is the rule's. The
    participant keeps no mark of it, and this reads at most a handful of rounds."""
    today = today or timezone.localdate()
    held = Round.objects.filter(held_on__gte=today - GHOST_PAUSE).values_list("held_on", flat=True)
    return sorted(day + GHOST_PAUSE for day in held)


def participants_for_admin(queryset: QuerySet[Participant] | None = None):
    """Participants with their meetings met (their own "we met") and whether their pause is the
    missed-meetings rule's, in the participants' own query."""
    queryset = Participant.objects.all() if queryset is None else queryset
    met = (
        PairingMember.objects.filter(member=OuterRef("member"), outcome=PairingMember.Outcome.MET)
        .order_by()
        .values("member")
        .annotate(count=Count("pk"))
        .values("count")
    )
    ends = ghost_pause_ends()
    by_rule = (
        ExpressionWrapper(Q(paused_until__in=ends), output_field=BooleanField())
        if ends
        else Value(False)
    )
    return queryset.annotate(
        meetings_met=Coalesce(Subquery(met, output_field=IntegerField()), 0),
        paused_by_rule=by_rule,
    )


def participant_states(today: date | None = None) -> dict[str, int]:
    """How many participants take part, are paused (by themselves or by the missed-meetings
    rule), skip the next round, are excluded by a moderator, or left: one query (and one for
    the rule's dates)."""
    today = today or timezone.localdate()
    here = Q(left_at__isnull=True, excluded_at__isnull=True)
    paused = Q(paused_until__gte=today)
    by_rule = Q(paused_until__in=ends) if (ends := ghost_pause_ends(today)) else Q(pk__in=[])
    return Participant.objects.aggregate(
        taking_part=Count("pk", filter=here & ~paused & Q(skip_next_round=False)),
        paused_by_themselves=Count("pk", filter=here & paused & ~by_rule),
        paused_by_rule=Count("pk", filter=here & paused & by_rule),
        skipping=Count("pk", filter=here & ~paused & Q(skip_next_round=True)),
        excluded=Count("pk", filter=Q(left_at__isnull=True, excluded_at__isnull=False)),
        left=Count("pk", filter=Q(left_at__isnull=False)),
    )


def rounds_summary(*, last: int = ROUNDS_SUMMARISED) -> RoundsSummary:
    """The latest ``last`` rounds added up (one query), with the participants' states (two)."""
    rounds = list(rounds_with_figures().order_by("-held_on")[:last])
    paired = sum(r.members_paired for r in rounds)
    return RoundsSummary(
        rounds=len(rounds),
        first=rounds[-1].held_on if rounds else None,
        last=rounds[0].held_on if rounds else None,
        participants=sum(r.participant_count for r in rounds),
        members_paired=paired,
        left_out=sum(max(r.participant_count - r.members_paired, 0) for r in rounds),
        pairs=sum(r.pairs for r in rounds),
        times_picked=sum(r.times_picked for r in rounds),
        said_met=sum(r.said_met for r in rounds),
        said_not_met=sum(r.said_not_met for r in rounds),
        no_answer=sum(r.no_answer for r in rounds),
        states=participant_states(),
    )

"""Reads of missions and referrals. Missions are for members only: every read here takes the
signed-in reader, and leaves out the missions of an author they blocked or who blocked them."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from members.models import Block, Member, Trade
from members.selectors import AUTHOR_FIELDS

from .models import Interest, Mission, Referral

MODERATE_PERMISSION = "missions.change_mission"

# What a mission card shows of the mission (its description stays in the database).
CARD_FIELDS = [
    "title",
    "trade_id",
    "author_id",
    "budget_min",
    "budget_max",
    "deadline",
    "remote",
    "region",
    "city",
    "status",
    "taken_by_id",
    "hidden_at",
    "created_at",
]


def can_moderate_missions(user) -> bool:
    """Moderators: staff who may change missions (the moderators' group may)."""
    return bool(user.is_authenticated and user.is_staff and user.has_perm(MODERATE_PERMISSION))


def _blocked_between(reader, author_field: str):
    """A condition true when the reader and the member at ``author_field`` blocked one another."""
    return Exists(
        Block.objects.filter(
            Q(blocker=reader, blocked=OuterRef(author_field))
            | Q(blocker=OuterRef(author_field), blocked=reader)
        )
    )


def _interest_count():
    interests = Interest.objects.filter(mission=OuterRef("pk")).order_by().values("mission")
    return Coalesce(Subquery(interests.annotate(n=Count("pk")).values("n")[:1]), 0)


def _with_reader_interest(missions: QuerySet[Mission], reader) -> QuerySet[Mission]:
    return missions.annotate(
        reader_interested=Exists(Interest.objects.filter(mission=OuterRef("pk"), member=reader))
    )


def missions_board(*, reader, filters: dict) -> QuerySet[Mission]:
    """The board, newest first, ready for cards: the open missions (``mine``: the reader's own,
    whatever their state), of a trade, in a region (and the remote ones, which can be done from
    there), or remote only."""
    missions = Mission.objects.all()
    if filters.get("mine"):
        missions = missions.filter(author=reader)
    else:
        missions = missions.open().exclude(_blocked_between(reader, "author"))
    if trade := filters.get("trade"):
        missions = missions.filter(trade=trade)
    if filters.get("remote"):
        missions = missions.filter(remote=True)
    elif region := filters.get("region"):
        missions = missions.filter(Q(region=region) | Q(remote=True))
    return _with_reader_interest(
        missions.select_related("trade", "author")
        .only(
            *CARD_FIELDS,
            # The trade whole: its name is read in the reader's language (name_fr, name_en…).
            *(f"author__{field}" for field in AUTHOR_FIELDS),
        )
        .annotate(interest_count=_interest_count())
        .order_by("-created_at", "-pk"),
        reader,
    )


def get_mission_for_reader(reader, pk: int) -> Mission:
    """A mission the signed-in reader may open: any of theirs, and anyone else's unless a
    moderator hid it or one of the two blocked the other (a 404, as if there were none).
    Moderators open every mission."""
    missions = Mission.objects.select_related("trade", "author", "taken_by").filter(pk=pk)
    if not can_moderate_missions(reader):
        missions = missions.filter(
            Q(author=reader) | (Q(hidden_at__isnull=True) & ~_blocked_between(reader, "author"))
        )
    try:
        return _with_reader_interest(missions, reader).get()
    except Mission.DoesNotExist:
        raise Http404 from None


def interests_of(mission: Mission) -> QuerySet[Interest]:
    """Who said « ça m'intéresse », first come first, for the author's panel."""
    return (
        Interest.objects.filter(mission=mission, member__deleted_at__isnull=True)
        .select_related("member")
        .only("created_at", "mission_id", *(f"member__{field}" for field in AUTHOR_FIELDS))
        .order_by("created_at", "pk")
    )


def _referrals_with_people() -> QuerySet[Referral]:
    people = [f"{side}__{field}" for side in ("giver", "receiver") for field in AUTHOR_FIELDS]
    return Referral.objects.select_related("giver", "receiver", "mission").only(
        "created_at",
        "outcome",
        "amount",
        "outcome_at",
        "giver_id",
        "receiver_id",
        "mission_id",
        "mission__title",
        "mission__status",
        *people,
    )


def referrals_given(member: Member) -> QuerySet[Referral]:
    return _referrals_with_people().filter(giver=member).order_by("-created_at", "-pk")


def referrals_received(member: Member) -> QuerySet[Referral]:
    return _referrals_with_people().filter(receiver=member).order_by("-created_at", "-pk")


def get_referral_received(member: Member, pk: int) -> Referral:
    """One of the member's received referrals; anyone else's is a 404."""
    try:
        return referrals_received(member).get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class ReferralCounts:
    given: int
    received: int
    won: int

    @property
    def any(self) -> bool:
        return bool(self.given or self.received)


def referral_counts(member: Member) -> ReferralCounts:
    """How many referrals the member gave and received, and how many received were won: the
    counts a profile shows, in one query."""
    counts = Referral.objects.filter(Q(giver=member) | Q(receiver=member)).aggregate(
        given=Count("pk", filter=Q(giver=member)),
        received=Count("pk", filter=Q(receiver=member)),
        won=Count("pk", filter=Q(receiver=member, outcome=Referral.Outcome.WON)),
    )
    return ReferralCounts(**counts)


def members_matching(mission: Mission) -> QuerySet[Member]:
    """The members a new mission is for: of its trade, placed in its region (anywhere for a
    remote one), not its author, neither blocking nor blocked by them, able to be told."""
    members = (
        Member.objects.active()
        .filter(
            Exists(
                Trade.members.through.objects.filter(
                    member_id=OuterRef("pk"), trade_id=mission.trade_id
                )
            )
        )
        .exclude(pk=mission.author_id)
        .exclude(_blocked_between(mission.author_id, "pk"))
    )
    if not mission.remote:
        members = members.filter(region=mission.region)
    return members.only(
        "username", "language", "is_active", "deleted_at", "suspended_at", "suspended_until"
    ).order_by("pk")

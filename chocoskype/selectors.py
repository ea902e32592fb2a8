"""Reads of rounds and pairs: a pair's page, for its members only."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404

from .models import Pairing, PairingMember


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

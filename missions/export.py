"""A member's missions, interests and referrals in their data export (members.hooks), and what
goes with their account when they delete it.

Deleting an account keeps its row (members.services.member_account_delete). The member's own
missions and interests go with it; the referrals stay, counted on the other member's profile
(by a “deleted member”), without the amount the deleted member won."""

from .models import Interest, Mission, Referral


def _amount(value) -> str | None:
    # As text: an amount keeps its exact cents (a float would not).
    return None if value is None else str(value)


def missions_export(member) -> dict:
    missions = Mission.objects.filter(author=member).select_related("trade", "taken_by")
    interests = Interest.objects.filter(member=member).select_related("mission")
    referrals = (
        Referral.objects.filter(giver=member) | Referral.objects.filter(receiver=member)
    ).select_related("giver", "receiver", "mission")
    return {
        "published": [
            {
                "title": mission.title,
                "trade": mission.trade.name,
                "description": mission.description,
                "budget_min_eur_excl_vat": _amount(mission.budget_min),
                "budget_max_eur_excl_vat": _amount(mission.budget_max),
                "deadline": mission.deadline.isoformat() if mission.deadline else None,
                "remote": mission.remote,
                "region": mission.region,
                "city": mission.city,
                "status": mission.status,
                "taken_by": mission.taken_by.username if mission.taken_by else None,
                "published_at": mission.created_at.isoformat(),
            }
            for mission in missions.order_by("created_at", "pk")
        ],
        "interested_in": [
            {"mission": interest.mission.title, "at": interest.created_at.isoformat()}
            for interest in interests.order_by("created_at", "pk")
        ],
        "referrals": [
            {
                "direction": "given" if referral.giver_id == member.pk else "received",
                "giver": referral.giver.username if referral.giver else None,
                "receiver": referral.receiver.username if referral.receiver else None,
                "mission": referral.mission.title if referral.mission else None,
                "passed_on_at": referral.created_at.isoformat(),
                "outcome": referral.outcome,
                "amount_eur_excl_vat": _amount(referral.amount),
                "outcome_at": referral.outcome_at.isoformat() if referral.outcome_at else None,
            }
            for referral in referrals.order_by("created_at", "pk")
        ],
    }


def missions_erase(member) -> None:
    """The member's missions (their referrals keep their place, without the mission) and
    interests; the amounts of the work they won."""
    Interest.objects.filter(member=member).delete()
    Mission.objects.filter(author=member).delete()
    Referral.objects.filter(receiver=member).update(amount=None)

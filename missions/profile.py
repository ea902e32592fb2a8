"""The referrals on a member's profile (members.hooks profile sections): how many they passed on
and received, counts only, next to the recommendations."""

from members.hooks import ProfileSection

from .selectors import referral_counts

TEMPLATE = "missions/includes/profile_referrals.html"


def referrals_section(member, viewer) -> ProfileSection | None:
    """Shown when the member passed or received work, and always to the member themself (with
    the way to their referrals); one query."""
    if member.is_deleted:
        return None
    counts = referral_counts(member)
    is_owner = viewer.is_authenticated and viewer.pk == member.pk
    if not counts.any and not is_owner:
        return None
    return ProfileSection(TEMPLATE, {"referral_counts": counts, "referrals_owner": is_owner})

"""The observatory's rules, in one place: the selectors, the services and the method page read
them from here, so the page that explains the method says what the code does."""

import statistics
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

# No figure for a cut with fewer different members than this; and no cut is shown when one
# cell of its filters' lattice (each filter matched or not) holds between 1 and MIN_MEMBERS − 1
# members, so that no difference of two shown cuts can isolate fewer than MIN_MEMBERS members.
MIN_MEMBERS = 5
# P10 and P90 are shown only from this many members.
DECILES_FROM = 20
# Confidence: MIN_MEMBERS–14 low, 15–49 medium, 50 and more high.
MEDIUM_CONFIDENCE_FROM = 15
HIGH_CONFIDENCE_FROM = 50
# The figures use each member's latest report of the last PERIOD_YEARS calendar years
# (this year included): one member weighs once.
PERIOD_YEARS = 3
# Reports of accounts younger than this count in no figure yet.
HOLD_DAYS = 7
# Outliers: a report more than OUTLIER_DEVIATIONS robust deviations (1.4826 × MAD) from the
# median of the others of its service × unit (each other member's latest counted report of
# the period, as in the figures) waits for a moderator; the rule applies only when there are
# at least OUTLIER_MIN_OTHERS of them.
OUTLIER_DEVIATIONS = 3.5
OUTLIER_MIN_OTHERS = 10
MAD_SCALE = Decimal("1.4826")
# When more than half of the amounts are equal (MAD 0), the mean absolute deviation from the
# median stands in, scaled the same way for normal data (√(π/2)).
MEAN_AD_SCALE = Decimal("1.2533")
# How long the figures of every service × unit (the headlines, the topic cards, the CSV) are
# kept in the shared cache; a report saved, changed, reviewed or deleted renews them at once.
FIGURES_CACHE_SECONDS = 60
# Report saves per member per 24 hours; fewer for accounts younger than HOLD_DAYS.
SAVES_PER_DAY = 20
SAVES_PER_DAY_NEW_ACCOUNT = 5


def confidence_for(members: int) -> str:
    """ "low", "medium" or "high" for a figure behind ``members`` members ("" below MIN_MEMBERS)."""
    if members < MIN_MEMBERS:
        return ""
    if members < MEDIUM_CONFIDENCE_FROM:
        return "low"
    if members < HIGH_CONFIDENCE_FROM:
        return "medium"
    return "high"


def period_years(today=None) -> range:
    """The calendar years the figures cover, oldest first (this year and the two before)."""
    year = (today or timezone.localdate()).year
    return range(year - PERIOD_YEARS + 1, year + 1)


def robust_deviation(amounts: list[Decimal], median: Decimal) -> Decimal:
    """One robust deviation of ``amounts`` around their ``median``: MAD_SCALE × the median
    absolute deviation, or MEAN_AD_SCALE × the mean absolute deviation when the MAD is 0
    (0 only when every amount is the median: then any other amount is far)."""
    distances = [abs(amount - median) for amount in amounts]
    mad = statistics.median(distances)
    if mad:
        return MAD_SCALE * mad
    return MEAN_AD_SCALE * sum(distances) / len(distances)


def barred_members_q(now=None) -> Q:
    """The condition on members whose reports count in no figure: inactive, deleted,
    suspended, or younger than HOLD_DAYS."""
    now = now or timezone.now()
    return (
        Q(is_active=False)
        | Q(deleted_at__isnull=False)
        | Q(date_joined__gt=now - timedelta(days=HOLD_DAYS))
        | Q(suspended_at__isnull=False, suspended_until__isnull=True)
        | Q(suspended_at__isnull=False, suspended_until__gt=now)
    )


def counted_reports_q(now=None) -> Q:
    """The condition on RateReport rows that may count in a figure: published, by an active,
    not deleted, not suspended member whose account is older than HOLD_DAYS. The members left
    out are few: a NOT IN of them keeps the reports' index order (see RateReport's indexes)."""
    from members.models import Member

    barred = Member.objects.filter(barred_members_q(now)).values("pk")
    return Q(status="published") & ~Q(member_id__in=barred)

"""Reads of the observatory: aggregates only, never a report one by one (except a member's own).

The rules (rates.rules): each member weighs once, with their latest counted report of the
service × unit in the period (the last PERIOD_YEARS calendar years); a cut is shown only from
MIN_MEMBERS different members and only when every cell of its filters' lattice holds 0 or at
least MIN_MEMBERS members (so no difference of two shown cuts isolates fewer); P10–P90 from
DECILES_FROM members. On PostgreSQL the percentiles are percentile_cont in SQL; elsewhere
(SQLite in development) the same interpolation runs in Python on the counted rows.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from members.models import Trade

from .models import ExperienceBand, RateReport, Service, Unit  # noqa: F401


@dataclass(frozen=True)
class CutFilters:
    """A cut of a service × unit: each filter one value of its dimension, "" for any.
    ``experience`` is an ExperienceBand value, ``region`` a core.places.Region value,
    ``legal_status`` a members.models.LegalStatus value, ``client_type`` a ClientType value."""

    experience: str = ""
    region: str = ""
    legal_status: str = ""
    client_type: str = ""

    @classmethod
    def from_query(cls, query: Mapping) -> "CutFilters":
        """The filters of a GET QueryDict (keys: experience, region, legal_status,
        client_type); an unknown or missing value means "any"."""
        raise NotImplementedError

    def active(self) -> dict[str, str]:
        """The filters set, as {RateReport field name: value} (experience → experience_band)."""
        raise NotImplementedError

    def as_query(self) -> dict[str, str]:
        """The filters set, as GET parameters (for links and the CSV export's address)."""
        raise NotImplementedError

    @property
    def is_empty(self) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class YearPoint:
    """One year of the trend: the members who reported for that year, and their median."""

    year: int
    members: int
    median: Decimal


@dataclass(frozen=True)
class Bin:
    """One bar of the histogram: amounts from ``low`` (included) to ``high`` (excluded, except
    for the last bar). The first bar also counts every amount below ``low`` (open_low) and the
    last every amount above ``high`` (open_high): the tails are folded in."""

    low: Decimal
    high: Decimal
    count: int
    open_low: bool = False
    open_high: bool = False


@dataclass
class CutFigures:
    """What the observatory shows for one cut of one service × unit.

    ``members``: the members behind the cut (0 when withheld, so a withheld cut discloses no
    count); ``shown``: False when withheld, with ``withheld_reason`` "too_few" (fewer than
    MIN_MEMBERS) or "complement" (a complementary cut would isolate fewer than MIN_MEMBERS).
    Percentiles are Decimal (rounded to the cent, to the tenth of a cent below 1 €) or None;
    p10/p90 only from DECILES_FROM members. ``by_year``: the years of the period that pass the
    same rule (year as one more filter), oldest first; ``histogram``: 8 to 12 bars between the
    cut's P5 and P95 with readable edges (fewer when the amounts are too close together).
    """

    service: Service
    unit: str
    filters: CutFilters
    members: int = 0
    shown: bool = False
    withheld_reason: str = ""
    median: Decimal | None = None
    p25: Decimal | None = None
    p75: Decimal | None = None
    p10: Decimal | None = None
    p90: Decimal | None = None
    confidence: str = ""
    by_year: list[YearPoint] = field(default_factory=list)
    histogram: list[Bin] = field(default_factory=list)


@dataclass(frozen=True)
class Headline:
    """A service × unit's headline: its members and median, with no filter. ``members`` is 0
    and ``median`` None when fewer than MIN_MEMBERS members reported (card_for_tags only)."""

    service: Service
    unit: str
    members: int
    median: Decimal | None

    @property
    def unit_label(self) -> str:
        return Unit(self.unit).label


def services_by_trade() -> list[tuple[Trade, list[Service]]]:
    """Active services grouped by trade, trades and services in their admin order (one query)."""
    raise NotImplementedError


def member_sees_every_cut(member) -> bool:
    """Give to get: a member with at least one report (published or in review) sees every
    cut; visitors and other members see the headline figures. One query for a member."""
    raise NotImplementedError


def cut_figures(*, service: Service, unit: str, filters: CutFilters) -> CutFigures:
    """The figures of one cut of a service × unit (three queries on PostgreSQL when shown, one
    when withheld; one on other databases)."""
    raise NotImplementedError


def headline_figures(*, trade: Trade | None = None) -> list[Headline]:
    """Every service × unit (of ``trade``, or all) with at least MIN_MEMBERS members in the
    period, no filter, in the services' order then the units'; two queries in all."""
    raise NotImplementedError


def card_for_tags(tag_ids: Iterable[int]) -> list[Headline]:
    """What a topic's tags name: for each active service carrying one of ``tag_ids``, its
    service × unit headlines from MIN_MEMBERS members, or one Headline (unit = the service's
    default unit, members 0, median None) when none has enough members yet. Two queries."""
    raise NotImplementedError


def aggregates_csv_rows(*, member_sees_cuts: bool, filters: CutFilters) -> Iterable[list]:
    """Rows of the CSV export, header first: aggregates only, never a report. For a reader who
    sees the cuts, every service × unit's figures under ``filters`` (withheld cuts have empty
    figures); for others, the headline figures with no filter (``filters`` ignored)."""
    raise NotImplementedError


def reports_of(member) -> QuerySet[RateReport]:
    """The member's own reports (any status), newest year first, with their service and trade."""
    raise NotImplementedError

"""Reads of the observatory: aggregates only, never a report one by one (except a member's own).

The rules (rates.rules): each member weighs once, with their latest counted report of the
service × unit in the period (the last PERIOD_YEARS calendar years); a cut is shown only from
MIN_MEMBERS different members and only when every cell of its filters' lattice holds 0 or at
least MIN_MEMBERS members (so no difference of two shown cuts isolates fewer); P10–P90 from
DECILES_FROM members. On PostgreSQL the percentiles are percentile_cont in SQL; elsewhere
(SQLite in development) the same interpolation runs in Python on the counted rows.
"""

import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby
from uuid import uuid4

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.places import Region
from members.models import LegalStatus, Member, Trade

from .models import ClientType, ExperienceBand, RateReport, Service, Unit
from .rules import (
    DECILES_FROM,
    FIGURES_CACHE_SECONDS,
    MIN_MEMBERS,
    barred_members_q,
    confidence_for,
    counted_reports_q,
    period_years,
)

# The GET parameter of each filter, the RateReport field it reads, and its choices.
FILTERS = {
    "experience": ("experience_band", ExperienceBand),
    "region": ("region", Region),
    "legal_status": ("legal_status", LegalStatus),
    "client_type": ("client_type", ClientType),
}
# The percentiles of a cut, in one ordered-set aggregate: P5 and P95 bound the histogram.
FRACTIONS = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)


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
        values = {}
        for name, (_field, choices) in FILTERS.items():
            value = query.get(name) or ""
            values[name] = value if value in choices.values else ""
        return cls(**values)

    def active(self) -> dict[str, str]:
        """The filters set, as {RateReport field name: value} (experience → experience_band)."""
        return {
            field_name: getattr(self, name)
            for name, (field_name, _choices) in FILTERS.items()
            if getattr(self, name)
        }

    def as_query(self) -> dict[str, str]:
        """The filters set, as GET parameters (for links and the CSV export's address)."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def labels(self) -> dict[str, str]:
        """The filters set, as {GET parameter: the value's label in the reader's language}."""
        return {
            name: str(choices(getattr(self, name)).label)
            for name, (_field, choices) in FILTERS.items()
            if getattr(self, name)
        }

    @property
    def is_empty(self) -> bool:
        return not self.active()


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
    services = Service.objects.filter(is_active=True).select_related("trade")
    return [
        (trade, list(group))
        for trade, group in groupby(services, key=lambda service: service.trade)
    ]


def member_sees_every_cut(member) -> bool:
    """Give to get: a member with at least one report (published or in review) sees every
    cut; visitors and other members see the headline figures. One query for a member."""
    if not member.is_authenticated:
        return False
    return RateReport.objects.filter(
        member=member, status__in=[RateReport.Status.PUBLISHED, RateReport.Status.REVIEW]
    ).exists()


def cut_figures(*, service: Service, unit: str, filters: CutFilters) -> CutFigures:
    """The figures of one cut of a service × unit: the same for every reader, so kept in the
    shared cache under the figures' generation, as every_pair_stats's (a report saved, changed,
    reviewed or deleted starts a new one). On a miss, two queries on PostgreSQL when shown, one
    when withheld; one on other databases."""
    key = "rates:cut:{}:{}:{}:{}".format(
        _figures_generation(),
        service.pk,
        unit,
        ":".join(f"{name}={value}" for name, value in filters.as_query().items()),
    )
    figures = cache.get(key)
    if figures is None:
        figures = _cut_figures_read(service=service, unit=unit, filters=filters)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    # The caller's own service row (its name as this reader reads it, as the admin left it).
    figures.service = service
    return figures


def _cut_figures_read(*, service: Service, unit: str, filters: CutFilters) -> CutFigures:
    years = period_years()
    published = _published(years).filter(service=service, unit=unit)
    active = list(filters.active().items())
    if connection.vendor != "postgresql":
        rows = _rows(published)
        return figures_from_rows(rows, service=service, unit=unit, filters=filters, years=years)
    stats, year_stats = _pg_cut_stats(published, active)
    figures, quantiles = _base_figures(service, unit, filters, stats, len(active))
    if figures.shown:
        edges = histogram_edges(_decimal(quantiles[0.05]), _decimal(quantiles[0.95]))
        counts = _pg_bucket_counts(published, active, edges[1:-1]) if len(edges) > 2 else {}
        figures.histogram = _bins(edges, counts, figures.members, quantiles)
        figures.by_year = _year_points(years, year_stats, len(active))
    return figures


def headline_figures(*, trade: Trade | None = None) -> list[Headline]:
    """Every service × unit (of ``trade``, or all) with at least MIN_MEMBERS members in the
    period, no filter, in the services' order then the units'. One query, and one more when
    the figures are not in the shared cache (every_pair_stats)."""
    services = Service.objects.filter(is_active=True).select_related("trade")
    if trade is not None:
        services = services.filter(trade=trade)
    headlines = _headlines(list(services))
    return [headline for headline in headlines if headline.median is not None]


def card_for_tags(tag_ids: Iterable[int]) -> list[Headline]:
    """What a topic's tags name: for each active service carrying one of ``tag_ids``, its
    service × unit headlines from MIN_MEMBERS members, or one Headline (unit = the service's
    default unit, members 0, median None) when none has enough members yet. One query, and one
    more when the figures are not in the shared cache (every_pair_stats)."""
    tag_ids = list(tag_ids)
    if not tag_ids:
        return []
    services = list(
        Service.objects.filter(is_active=True, tag_id__in=tag_ids).select_related("trade")
    )
    card = []
    for service, headlines in groupby(_headlines(services), key=lambda h: h.service):
        shown = [headline for headline in headlines if headline.median is not None]
        card.extend(shown or [Headline(service, service.default_unit, 0, None)])
    return card


# The tags that name an active service, as this process last read them, and when. Every topic
# page asks (its card looks for them among the topic's tags); the services change seldom, in the
# admin: this process forgets them at once (service_tags_forget, on a service saved or deleted),
# the others within SERVICE_TAGS_SECONDS.
SERVICE_TAGS_SECONDS = 60
_service_tags: dict[str, tuple[float, frozenset[int]]] = {}


def service_tag_ids() -> frozenset[int]:
    """The ids of the forum tags that name an active service. One query at most a minute."""
    now = time.monotonic()
    known = _service_tags.get("ids")
    if known is None or now - known[0] > SERVICE_TAGS_SECONDS:
        ids = frozenset(
            Service.objects.filter(is_active=True, tag__isnull=False).values_list(
                "tag_id", flat=True
            )
        )
        known = _service_tags["ids"] = (now, ids)
    return known[1]


def service_tags_forget(**kwargs) -> None:
    """A receiver of Service's post_save and post_delete (RatesConfig.ready)."""
    _service_tags.clear()


def aggregates_csv_rows(*, member_sees_cuts: bool, filters: CutFilters) -> Iterator[list]:
    """Rows of the CSV export, header first: aggregates only, never a report. For a reader who
    sees the cuts, every service × unit with headline figures, under ``filters`` (a withheld
    cut has empty figures and says why in the last column); for others, the headline figures
    with no filter (``filters`` ignored). One query, and one more when the figures are not in
    the shared cache (every_pair_stats)."""
    services = list(Service.objects.filter(is_active=True).select_related("trade"))
    if not member_sees_cuts:
        yield [_("Trade"), _("Service"), _("Unit"), _("Members"), _("Median (€ excl. VAT)")]
        for headline in _headlines(services):
            if headline.median is not None:
                service = headline.service
                yield [
                    service.trade.name,
                    service.name,
                    headline.unit_label,
                    headline.members,
                    headline.median,
                ]
        return
    yield [
        _("Trade"), _("Service"), _("Unit"), _("Experience"), _("Region"), _("Legal status"),
        _("Client type"), _("Members"), _("Median (€ excl. VAT)"), "P25", "P75", "P10", "P90",
        _("Confidence"), _("Note"),
    ]  # fmt: skip
    if not services:
        return
    active = list(filters.active().items())
    all_stats = every_pair_stats(filters)
    labels = filters.labels()
    any_value = _("Any")
    filter_columns = [labels.get(name, any_value) for name in FILTERS]
    for service, unit in _pairs_in_order(services, all_stats):
        stats = all_stats[(service.pk, unit)]
        if sum(count for count, _quantiles in stats.values()) < MIN_MEMBERS:
            continue
        figures, _quantiles = _base_figures(service, unit, filters, stats, len(active))
        yield [
            service.trade.name,
            service.name,
            Unit(unit).label,
            *filter_columns,
            figures.members or "",
            *(
                "" if value is None else value
                for value in (figures.median, figures.p25, figures.p75, figures.p10, figures.p90)
            ),
            str(CONFIDENCE_LABELS[figures.confidence]) if figures.confidence else "",
            withheld_reason_text(figures.withheld_reason),
        ]


def reports_of(member) -> QuerySet[RateReport]:
    """The member's own reports (any status), newest year first, with their service and trade."""
    if not member.is_authenticated:
        return RateReport.objects.none()
    return (
        RateReport.objects.filter(member=member)
        .select_related("service__trade")
        .order_by("-year", "service__trade__position", "service__position", "unit", "pk")
    )


def peer_amounts(*, service: Service, unit: str, excluding_member) -> list[Decimal]:
    """The amounts the outlier rule compares a report with: the latest counted report of each
    other member for the service × unit in the period. One query."""
    counted = (
        _counted(period_years())
        .filter(service=service, unit=unit)
        .exclude(member_id=excluding_member.pk)
    )
    if connection.vendor == "postgresql":
        return list(
            counted.order_by("member_id", "-year")
            .distinct("member_id")
            .values_list("amount", flat=True)
        )
    rows = [Row(*values) for values in counted.values_list(*Row._fields)]
    return [row.amount for row in _latest_by_member(rows).values()]


# Lazy: read in the reader's language when shown, not in the one active at import.
CONFIDENCE_LABELS = {
    "low": gettext_lazy("low"),
    "medium": gettext_lazy("medium"),
    "high": gettext_lazy("high"),
}


def withheld_reason_text(reason: str) -> str:
    """Why a cut is withheld, in the reader's language ("" when it is shown)."""
    if reason == "too_few":
        return _("Fewer than %(count)d members reported for this cut.") % {"count": MIN_MEMBERS}
    if reason == "complement":
        return _(
            "Withheld: together with a neighbouring cut, it would single out fewer than "
            "%(count)d members."
        ) % {"count": MIN_MEMBERS}
    return ""


# --- The arithmetic, the same on every database -------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A counted report, as the Python path reads it."""

    member_id: int
    service_id: int
    unit: str
    year: int
    amount: Decimal
    experience_band: str
    region: str
    legal_status: str
    client_type: str

    _fields = (
        "member_id",
        "service_id",
        "unit",
        "year",
        "amount",
        "experience_band",
        "region",
        "legal_status",
        "client_type",
    )


# {(service_id, unit): {cell: (members, {fraction: value} or None)}}, where a cell is a tuple
# with one bool per active filter: does the member's report match it?
PairStats = dict[tuple[int, str], dict[tuple[bool, ...], tuple[int, dict[float, float] | None]]]
# {(year, *cell): (members, median)} of the reports of each year (one per member and year), and
# {(year, *cell): members} of the members' latest reports by the year of that report: what the
# trend's lattice is made of (see _year_points).
YearStats = tuple[dict[tuple, tuple[int, float]], dict[tuple, int]]

CENT = Decimal("0.01")
MILLI = Decimal("0.001")
HISTOGRAM_BINS = range(8, 13)
# Steps of the histogram's edges, most readable first (rank 0: 1, 2, 5 × 10ⁿ).
_STEP_MANTISSAS = (
    (Decimal(1), 0),
    (Decimal(2), 0),
    (Decimal(5), 0),
    (Decimal("2.5"), 1),
    (Decimal("1.5"), 2),
    (Decimal(3), 2),
    (Decimal(4), 2),
    (Decimal(6), 2),
    (Decimal(8), 2),
)


def percentile_cont(values: Sequence, fraction: float) -> float:
    """PostgreSQL's percentile_cont of sorted ``values``: linear interpolation between the two
    nearest ranks (the same as statistics.quantiles(method="inclusive"))."""
    position = (len(values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    low, high = float(values[lower]), float(values[upper])
    return low + (high - low) * (position - lower)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def money(value: float | Decimal | None) -> Decimal | None:
    """A figure as shown: to the cent, or to the tenth of a cent below 1 € (per-word rates)."""
    if value is None:
        return None
    value = value if isinstance(value, Decimal) else Decimal(repr(value))
    return value.quantize(MILLI if abs(value) < 1 else CENT, rounding=ROUND_HALF_UP)


def histogram_edges(p5: Decimal | None, p95: Decimal | None) -> list[Decimal]:
    """Edges of 8 to 12 bars of equal width covering P5–P95, on multiples of a readable step
    (1, 2 or 5 × 10ⁿ euros first, never below the cent); fewer bars when P5 and P95 are too
    close together for 8 bars of one cent; no edge at all when they are equal."""
    if p5 is None or p95 is None or p95 <= p5:
        return []
    best = None
    for exponent in range(-2, 7):
        for mantissa, rank in _STEP_MANTISSAS:
            step = mantissa.scaleb(exponent)
            if step % CENT:
                continue
            low = (p5 / step).to_integral_value(ROUND_FLOOR) * step
            high = (p95 / step).to_integral_value(ROUND_CEILING) * step
            bins = int((high - low) / step)
            if bins in HISTOGRAM_BINS:
                score = (0, rank, abs(bins - 10))
            else:
                score = (1, abs(bins - 10), rank)
            if best is None or score < best[0]:
                best = (score, low, step, bins)
    _score, low, step, bins = best
    return [(low + step * index).quantize(CENT) for index in range(bins + 1)]


def _bins(
    edges: list[Decimal], counts: Mapping[int, int], members: int, quantiles: Mapping
) -> list[Bin]:
    """The bars: ``counts`` by bucket (0 = below the first inner edge, the tail included)."""
    if len(edges) < 2:
        value = money(quantiles[0.5])
        return [Bin(value, value, members, open_low=True, open_high=True)]
    last = len(edges) - 2
    return [
        Bin(edges[i], edges[i + 1], counts.get(i, 0), open_low=i == 0, open_high=i == last)
        for i in range(last + 1)
    ]


def _withheld_reason(counts: Mapping[tuple[bool, ...], int], size: int) -> str:
    """Why a cut with ``size`` filters is withheld, from the members of each cell of its
    lattice ("" when it is shown)."""
    if counts.get((True,) * size, 0) < MIN_MEMBERS:
        return "too_few"
    if any(0 < count < MIN_MEMBERS for count in counts.values()):
        return "complement"
    return ""


def _base_figures(service, unit, filters, stats, size) -> tuple[CutFigures, dict]:
    """The cut's figures but its histogram and trend, and its percentiles by fraction."""
    figures = CutFigures(service=service, unit=unit, filters=filters)
    reason = _withheld_reason({cell: count for cell, (count, _q) in stats.items()}, size)
    if reason:
        figures.withheld_reason = reason
        return figures, {}
    members, quantiles = stats[(True,) * size]
    figures.members = members
    figures.shown = True
    figures.median = money(quantiles[0.5])
    figures.p25 = money(quantiles[0.25])
    figures.p75 = money(quantiles[0.75])
    if members >= DECILES_FROM:
        figures.p10 = money(quantiles[0.10])
        figures.p90 = money(quantiles[0.90])
    figures.confidence = confidence_for(members)
    return figures, quantiles


def _year_points(years: range, year_stats: YearStats, size: int) -> list[YearPoint]:
    """The trend: each year passes the rule of the cut with "the year is Y" as one more
    filter. Its lattice: the cells of the members who reported for Y (one report each), and
    the cells of the members whose latest report is of another year, which are those that
    the cut has and the year does not (for this year, exactly the difference of the two)."""
    same_year, latest_years = year_stats
    points = []
    for year in years:
        counts = {
            (True, *key[1:]): count for key, (count, _m) in same_year.items() if key[0] == year
        }
        for key, count in latest_years.items():
            if key[0] != year:
                cell = (False, *key[1:])
                counts[cell] = counts.get(cell, 0) + count
        if _withheld_reason(counts, size + 1):
            continue
        members, median = same_year[(year,) + (True,) * size]
        points.append(YearPoint(year, members, money(median)))
    return points


def _pairs_in_order(services: list[Service], stats: Mapping) -> Iterator[tuple[Service, str]]:
    for service in services:
        for unit in Unit.values:
            if (service.pk, unit) in stats:
                yield service, unit


def _headlines(services: list[Service]) -> list[Headline]:
    """Each service × unit of ``services`` that has counted reports, in order; median None
    (and members 0) below MIN_MEMBERS. From every_pair_stats: one query at most, none
    without services."""
    if not services:
        return []
    stats = every_pair_stats(CutFilters())
    headlines = []
    for service, unit in _pairs_in_order(services, stats):
        members, quantiles = stats[(service.pk, unit)][()]
        if members >= MIN_MEMBERS:
            headlines.append(Headline(service, unit, members, money(quantiles[0.5])))
        else:
            headlines.append(Headline(service, unit, 0, None))
    return headlines


# --- The shared cache of every service × unit's figures ------------------------------------

GENERATION_KEY = "rates:figures:generation"


def _figures_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid4().hex, None)
        generation = cache.get(GENERATION_KEY, "none")
    return generation


def every_pair_stats(filters: CutFilters) -> PairStats:
    """The lattice cells and percentiles of every service × unit under ``filters`` (inactive
    services included): the same for every reader, so kept in the shared cache for
    rules.FIGURES_CACHE_SECONDS under the current generation of the figures (a report saved,
    changed, reviewed or deleted starts a new one: figures_changed). What changes with time
    alone (a hold that ends, a suspension) shows within FIGURES_CACHE_SECONDS. One query on a
    miss (every report of the period, read in the figures' index order), none on a hit."""
    shown = ":".join(f"{name}={value}" for name, value in filters.as_query().items())
    key = f"rates:figures:{_figures_generation()}:{shown}"
    stats = cache.get(key)
    if stats is None:
        stats = dict(_pair_stats(_published(period_years()), list(filters.active().items())))
        cache.set(key, stats, FIGURES_CACHE_SECONDS)
    return stats


def figures_changed(**kwargs) -> None:
    """Starts a new generation of the cached figures, now and again once the transaction
    commits (so that no reader caches, under the new generation, what it read before the
    commit). A receiver of RateReport's post_save and post_delete (RatesConfig.ready)."""

    def new_generation():
        cache.set(GENERATION_KEY, uuid4().hex, None)

    new_generation()
    transaction.on_commit(new_generation, robust=True)


# --- The Python path (SQLite) ---------------------------------------------------------------


def _latest_by_member(rows: Iterable[Row]) -> dict[tuple[int, int, str], Row]:
    """Each member's latest report of each service × unit: one member weighs once."""
    latest: dict[tuple[int, int, str], Row] = {}
    for row in rows:
        key = (row.member_id, row.service_id, row.unit)
        if key not in latest or row.year > latest[key].year:
            latest[key] = row
    return latest


def _cell(row: Row, active: list[tuple[str, str]]) -> tuple[bool, ...]:
    return tuple(getattr(row, field_name) == value for field_name, value in active)


def python_pair_stats(rows: Iterable[Row], active: list[tuple[str, str]]) -> PairStats:
    """What the PostgreSQL query of _pg_pair_stats returns, computed from the counted rows."""
    amounts: dict[tuple[int, str], dict[tuple[bool, ...], list]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in _latest_by_member(rows).values():
        amounts[(row.service_id, row.unit)][_cell(row, active)].append(row.amount)
    return {
        pair: {cell: (len(values), _quantiles(sorted(values))) for cell, values in cells.items()}
        for pair, cells in amounts.items()
    }


def _quantiles(values: list) -> dict[float, float]:
    return {fraction: percentile_cont(values, fraction) for fraction in FRACTIONS}


def python_year_stats(rows: list[Row], active: list[tuple[str, str]]) -> YearStats:
    """The trend's part of what the PostgreSQL query of _pg_cut_stats returns, computed from
    the counted rows."""
    amounts: dict[tuple, list] = defaultdict(list)
    for row in rows:
        amounts[(row.year, *_cell(row, active))].append(row.amount)
    latest_years: dict[tuple, int] = defaultdict(int)
    for row in _latest_by_member(rows).values():
        latest_years[(row.year, *_cell(row, active))] += 1
    same_year = {
        key: (len(values), percentile_cont(sorted(values), 0.5)) for key, values in amounts.items()
    }
    return same_year, dict(latest_years)


def figures_from_rows(
    rows: list[Row], *, service: Service, unit: str, filters: CutFilters, years: range
) -> CutFigures:
    """cut_figures computed in Python from the service × unit's counted reports of the
    period (every year, not only each member's latest): the path of databases without
    percentile_cont, and the reference the PostgreSQL path is tested against."""
    active = list(filters.active().items())
    stats = python_pair_stats(rows, active).get((service.pk, unit), {})
    figures, quantiles = _base_figures(service, unit, filters, stats, len(active))
    if not figures.shown:
        return figures
    edges = histogram_edges(_decimal(quantiles[0.05]), _decimal(quantiles[0.95]))
    inner = edges[1:-1]
    counts: dict[int, int] = defaultdict(int)
    for row in _latest_by_member(rows).values():
        if all(_cell(row, active)):
            counts[bisect_right(inner, row.amount)] += 1
    figures.histogram = _bins(edges, counts, figures.members, quantiles)
    figures.by_year = _year_points(years, python_year_stats(rows, active), len(active))
    return figures


# --- The PostgreSQL path --------------------------------------------------------------------


def _published(years: range) -> QuerySet[RateReport]:
    """The published reports of the period, of every member: the PostgreSQL queries leave out
    the barred members' (rules.barred_members_q) after taking each member's latest report, so
    the planner reads the figures' index in order with exact estimates."""
    return RateReport.objects.filter(
        status=RateReport.Status.PUBLISHED, year__gte=years[0], year__lte=years[-1]
    ).order_by()


def _counted(years: range) -> QuerySet[RateReport]:
    """The reports that count, in the period."""
    return _published(years).filter(counted_reports_q(timezone.now()))


def _rows(published: QuerySet[RateReport]) -> list[Row]:
    """The counted rows of ``published``, for the Python path."""
    counted = published.filter(counted_reports_q(timezone.now()))
    return [Row(*values) for values in counted.values_list(*Row._fields)]


def _latest_sql(published: QuerySet[RateReport], *, barred_cte: bool = False) -> tuple[str, tuple]:
    """SQL of each counted member's latest published report of each service × unit: DISTINCT
    ON in the order of the figures' index (no sort), then the barred members left out (their
    reports all count in nothing, so leaving them out after is the same as before). With
    ``barred_cte``, the query has them in a CTE named "barred" (of _barred_sql)."""
    latest_sql, latest_params = (
        published.order_by("service_id", "unit", "member_id", "-year")
        .distinct("service_id", "unit", "member_id")
        .values(*Row._fields)
        .query.sql_with_params()
    )
    barred_sql, barred_params = ("SELECT * FROM barred", ()) if barred_cte else _barred_sql()
    sql = (
        f"SELECT * FROM ({latest_sql}) AS latest_reports "  # noqa: S608
        f"WHERE member_id NOT IN ({barred_sql})"
    )
    return sql, (*latest_params, *barred_params)


def _barred_sql() -> tuple[str, tuple]:
    """SQL of the ids of the members whose reports count in nothing (rules.barred_members_q)."""
    return (
        Member.objects.filter(barred_members_q(timezone.now()))
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )


def _cells_sql(active: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """One boolean column per active filter (its field names come from FILTERS, not input)."""
    return [f"({field_name} = %s)" for field_name, _value in active], [v for _f, v in active]


def _pair_stats(published: QuerySet[RateReport], active: list[tuple[str, str]]) -> PairStats:
    if connection.vendor == "postgresql":
        return _pg_pair_stats(published, active)
    return python_pair_stats(_rows(published), active)


def _pg_pair_stats(published: QuerySet[RateReport], active: list[tuple[str, str]]) -> PairStats:
    """One query: the members of every cell of the filters' lattice of each service × unit,
    with the cell's percentiles (the cell where every filter matches is the cut itself)."""
    latest_sql, latest_params = _latest_sql(published)
    cells, cell_params = _cells_sql(active)
    group_by = ", ".join(str(position) for position in range(1, len(cells) + 3))
    # Column names come from FILTERS (never from input); values are parameters.
    sql = (
        f"SELECT service_id, unit, {''.join(cell + ', ' for cell in cells)}count(*), "  # noqa: S608
        "percentile_cont(%s::float8[]) WITHIN GROUP (ORDER BY amount::float8) "
        f"FROM ({latest_sql}) AS latest GROUP BY {group_by}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*cell_params, list(FRACTIONS), *latest_params])
        rows = cursor.fetchall()
    stats: PairStats = defaultdict(dict)
    for service_id, unit, *cell, members, values in rows:
        stats[(service_id, unit)][tuple(cell)] = (
            members,
            dict(zip(FRACTIONS, values, strict=True)),
        )
    return stats


def _pg_bucket_counts(
    published: QuerySet[RateReport], active: list[tuple[str, str]], inner_edges: list[Decimal]
) -> dict[int, int]:
    """One query: the cut's members by histogram bucket (0 below the first inner edge)."""
    latest_sql, latest_params = _latest_sql(published)
    where = " AND ".join(f"{field_name} = %s" for field_name, _value in active) or "TRUE"
    sql = (
        "SELECT width_bucket(amount, %s::numeric[]), count(*) "  # noqa: S608
        f"FROM ({latest_sql}) AS latest WHERE {where} GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [inner_edges, *latest_params, *(v for _f, v in active)])
        return dict(cursor.fetchall())


def _pg_cut_stats(
    published: QuerySet[RateReport], active: list[tuple[str, str]]
) -> tuple[dict, YearStats]:
    """One query for a cut of one service × unit: the cells of its lattice with their
    percentiles (as _pg_pair_stats), the members and median of each year's reports (one per
    member and year, by the unique constraint) by cell, and the members' latest reports by
    year and cell (what the trend's rule needs)."""
    barred_sql, barred_params = _barred_sql()
    latest_sql, latest_params = _latest_sql(published, barred_cte=True)
    period_sql, period_params = published.values(*Row._fields).query.sql_with_params()
    cells, cell_params = _cells_sql(active)
    columns = "".join(", " + cell for cell in cells)
    by_cell = "".join(f", {position}" for position in range(3, len(cells) + 3))
    median = "percentile_cont(0.5) WITHIN GROUP (ORDER BY amount::float8)"
    sql = (
        f"WITH barred AS MATERIALIZED ({barred_sql}), "  # noqa: S608
        f"latest AS MATERIALIZED ({latest_sql}), "
        f"counted AS (SELECT * FROM ({period_sql}) AS period_reports "
        "WHERE member_id NOT IN (SELECT * FROM barred)) "
        f"SELECT 0, 0{columns}, count(*), "
        "percentile_cont(%s::float8[]) WITHIN GROUP (ORDER BY amount::float8) "
        f"FROM latest GROUP BY 1, 2{by_cell} "
        f"UNION ALL SELECT 1, year{columns}, count(*), ARRAY[{median}] "
        f"FROM counted GROUP BY 1, 2{by_cell} "
        f"UNION ALL SELECT 2, year{columns}, count(*), NULL "
        f"FROM latest GROUP BY 1, 2{by_cell}"
    )
    params = [
        *barred_params,
        *latest_params,
        *period_params,
        *cell_params,
        list(FRACTIONS),
        *cell_params,
        *cell_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    stats: dict = {}
    same_year: dict[tuple, tuple[int, float]] = {}
    latest_years: dict[tuple, int] = {}
    for kind, year, *cell, members, values in rows:
        if kind == 0:
            stats[tuple(cell)] = (members, dict(zip(FRACTIONS, values, strict=True)))
        elif kind == 1:
            same_year[(year, *cell)] = (members, values[0])
        else:
            latest_years[(year, *cell)] = members
    return stats, (same_year, latest_years)

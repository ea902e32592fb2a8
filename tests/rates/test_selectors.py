"""The observatory's figures: percentiles against a reference, who counts, the n ≥ 5 rule and
its complementary cuts, the trend, the histogram, and the number of queries."""

import statistics
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.utils import timezone, translation

from forums.models import Tag
from rates import selectors
from rates.models import RateReport
from rates.rules import MIN_MEMBERS, period_years
from rates.selectors import (
    CutFilters,
    Row,
    aggregates_csv_rows,
    card_for_tags,
    cut_figures,
    figures_from_rows,
    headline_figures,
    histogram_edges,
    member_sees_every_cut,
    money,
    python_pair_stats,
    reports_of,
    services_by_trade,
)
from tests.factories import MemberFactory, RateReportFactory, ServiceFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
NO_FILTER = CutFilters()


def report(service, amount, **fields):
    fields.setdefault("unit", service.default_unit)
    return RateReportFactory(service=service, amount=Decimal(str(amount)), **fields)


def reports(service, amounts, **fields):
    return [report(service, amount, **fields) for amount in amounts]


def exact_percentile(values, percent: int) -> Decimal:
    """The reference: statistics.quantiles with the inclusive method is percentile_cont."""
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[percent - 1]


def assert_near(figure, reference):
    """The figure is the reference rounded as shown (to the cent, or 0.001 below 1 €)."""
    unit = Decimal("0.001") if abs(reference) < 1 else Decimal("0.01")
    assert figure is not None
    assert abs(figure - reference) <= unit / 2 + Decimal("1e-9"), (figure, reference)


def counted_rows(service, unit):
    years = period_years()
    queryset = RateReport.objects.counted().filter(
        service=service, unit=unit, year__gte=years[0], year__lte=years[-1]
    )
    return [Row(*values) for values in queryset.values_list(*Row._fields)]


DATA_SETS = {
    "five per-word rates": [0.05, 0.06, 0.08, 0.10, 0.12],
    "seven amounts with cents": [12.5, 13.75, 15, 18.2, 22, 25.99, 40],
    "twenty day rates": [250, 300, 320, 350, 350, 380, 400, 400, 420, 450, 450, 480, 500, 520,
                         550, 600, 650, 700, 800, 900],
    "fifty-seven with ties": [100 + (i * 37) % 250 for i in range(57)],
}  # fmt: skip


@pytest.mark.parametrize("amounts", DATA_SETS.values(), ids=DATA_SETS.keys())
def test_percentiles_equal_the_reference_computation(amounts):
    service = ServiceFactory()
    reports(service, amounts)
    values = [Decimal(str(amount)) for amount in amounts]

    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)

    assert figures.shown and figures.members == len(amounts)
    assert_near(figures.median, exact_percentile(values, 50))
    assert_near(figures.p25, exact_percentile(values, 25))
    assert_near(figures.p75, exact_percentile(values, 75))
    if len(amounts) >= 20:
        assert_near(figures.p10, exact_percentile(values, 10))
        assert_near(figures.p90, exact_percentile(values, 90))
    else:
        assert figures.p10 is None and figures.p90 is None
    assert figures.median == money(statistics.median(values))
    # The Python path (SQLite) gives the same figures, histogram and trend included.
    rows = counted_rows(service, service.default_unit)
    assert figures == figures_from_rows(
        rows, service=service, unit=service.default_unit, filters=NO_FILTER, years=period_years()
    )


def test_the_python_path_computes_the_percentiles_of_each_members_latest_report():
    """A unit test of the SQLite path, without the database."""
    rows = [
        Row(1, 7, "word", THIS_YEAR, Decimal("0.10"), "2-5", "ara", "micro", "agency"),
        Row(1, 7, "word", THIS_YEAR - 1, Decimal("0.50"), "2-5", "ara", "micro", "agency"),
        Row(2, 7, "word", THIS_YEAR, Decimal("0.06"), "0-2", "idf", "micro", "sme"),
        Row(3, 7, "word", THIS_YEAR - 2, Decimal("0.08"), "0-2", "ara", "eurl", "sme"),
        Row(4, 7, "word", THIS_YEAR, Decimal("0.12"), "10+", "bre", "micro", "agency"),
        Row(5, 7, "word", THIS_YEAR, Decimal("0.05"), "5-10", "ara", "sasu", "agency"),
        Row(5, 7, "day", THIS_YEAR, Decimal("450"), "5-10", "ara", "sasu", "agency"),
    ]
    stats = python_pair_stats(rows, [])
    members, quantiles = stats[(7, "word")][()]
    latest = [Decimal("0.10"), Decimal("0.06"), Decimal("0.08"), Decimal("0.12"), Decimal("0.05")]
    assert members == 5
    for fraction in (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95):
        reference = exact_percentile(latest, round(fraction * 100))
        assert quantiles[fraction] == pytest.approx(float(reference))
    assert stats[(7, "day")][()][0] == 1

    by_region = python_pair_stats(rows, [("region", "ara")])[(7, "word")]
    assert {cell: count for cell, (count, _q) in by_region.items()} == {(True,): 3, (False,): 2}


def test_cut_figures_take_the_python_path_on_other_databases(monkeypatch):
    service = ServiceFactory()
    reports(service, DATA_SETS["twenty day rates"], region="ara")
    reports(service, [300, 310, 320, 330, 340], region="idf", year=THIS_YEAR - 1)
    filters = CutFilters(region="ara")
    on_postgresql = cut_figures(service=service, unit=service.default_unit, filters=filters)
    headlines = headline_figures()
    csv_rows = list(aggregates_csv_rows(member_sees_cuts=True, filters=filters))

    monkeypatch.setattr(connection, "vendor", "sqlite")
    cache.clear()  # the figures of every service × unit are computed again, in Python
    assert cut_figures(service=service, unit=service.default_unit, filters=filters) == (
        on_postgresql
    )
    assert headline_figures() == headlines
    assert list(aggregates_csv_rows(member_sees_cuts=True, filters=filters)) == csv_rows
    assert on_postgresql.shown and on_postgresql.members == 20


def test_one_member_weighs_once_with_their_latest_report_of_the_period():
    service = ServiceFactory()
    reports(service, [10, 20, 30, 40])
    veteran = MemberFactory(date_joined=timezone.now() - timedelta(days=1000))
    report(service, 1, member=veteran, year=THIS_YEAR - 2)
    report(service, 2, member=veteran, year=THIS_YEAR - 1)
    report(service, 300, member=veteran, year=THIS_YEAR)
    report(service, 5, year=THIS_YEAR - 3)  # before the period

    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)

    assert figures.members == 5
    assert figures.median == Decimal("30.00")
    [headline] = headline_figures()
    assert (headline.members, headline.median) == (5, Decimal("30.00"))


def test_held_suspended_deleted_and_reviewed_reports_count_in_no_figure():
    service = ServiceFactory()
    reports(service, [100, 110, 120, 130, 140])
    now = timezone.now()
    left_out = [
        MemberFactory(date_joined=now - timedelta(days=2)),  # held: a young account
        MemberFactory(date_joined=now - timedelta(days=90), suspended_at=now - timedelta(days=1)),
        MemberFactory(
            date_joined=now - timedelta(days=90),
            suspended_at=now - timedelta(days=1),
            suspended_until=now + timedelta(days=5),
        ),
        MemberFactory(date_joined=now - timedelta(days=90), deleted_at=now, is_active=False),
        MemberFactory(date_joined=now - timedelta(days=90), is_active=False),
    ]
    for member in left_out:
        report(service, 9000, member=member)
    report(service, 9000, status=RateReport.Status.REVIEW)
    report(service, 9000, status=RateReport.Status.REMOVED)

    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    assert (figures.members, figures.median, figures.p75) == (
        5,
        Decimal("120.00"),
        Decimal("130.00"),
    )
    assert [(h.members, h.median) for h in headline_figures()] == [(5, Decimal("120.00"))]

    # A suspension that ended, and a hold that passed, count again.
    back = MemberFactory(
        date_joined=now - timedelta(days=90),
        suspended_at=now - timedelta(days=20),
        suspended_until=now - timedelta(days=1),
    )
    report(service, 150, member=back)
    left_out[0].date_joined = now - timedelta(days=8)
    left_out[0].save(update_fields=["date_joined"])
    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    assert figures.members == 7


# --- The n ≥ 5 rule and the complementary cuts ---------------------------------------------------

FILTER_FIELDS = {
    "experience": "experience_band",
    "region": "region",
    "legal_status": "legal_status",
    "client_type": "client_type",
}
# Each filter's values: any, those in the data, and one nobody has.
FILTER_VALUES = {
    "experience": ["", "0-2", "2-5", "10+"],
    "region": ["", "ara", "idf", "bre", "cor"],
    "legal_status": ["", "micro", "eurl", "sasu"],
    "client_type": ["", "agency", "sme"],
}


def all_filters():
    for values in product(*FILTER_VALUES.values()):
        yield CutFilters(**dict(zip(FILTER_VALUES, values, strict=True)))


def expected_rule(people: list[dict], filters: CutFilters) -> tuple[int, str]:
    """The rule computed independently: the members of every cell of the filters' lattice."""
    active = [(FILTER_FIELDS[name], value) for name, value in filters.as_query().items()]
    cells = {
        cell: sum(
            1
            for person in people
            if tuple(person[field] == value for field, value in active) == cell
        )
        for cell in product((True, False), repeat=len(active))
    }
    members = cells[(True,) * len(active)]
    if members < MIN_MEMBERS:
        return 0, "too_few"
    if any(0 < count < MIN_MEMBERS for count in cells.values()):
        return 0, "complement"
    return members, ""


def make_people(service, people: list[dict]) -> None:
    years = {"0-2": 1, "2-5": 3, "5-10": 7, "10+": 12}
    for index, person in enumerate(people):
        report(
            service,
            100 + 10 * index,
            years_freelancing=years[person["experience_band"]],
            region=person["region"],
            legal_status=person["legal_status"],
            client_type=person["client_type"],
        )


def mixed_people() -> list[dict]:
    """24 members whose cells, over any combination of filters, are empty, small or large."""
    people = []
    for index in range(24):
        people.append(
            {
                "experience_band": "0-2" if index % 3 else "2-5",
                "region": "bre" if index in (5, 17) else ("ara" if index % 2 else "idf"),
                "legal_status": "eurl" if index % 4 == 0 else "micro",
                "client_type": "agency" if index < 14 else "sme",
            }
        )
    return people


def test_the_rule_of_five_holds_on_every_combination_of_filters():
    service = ServiceFactory()
    people = mixed_people()
    make_people(service, people)
    amounts = {index: Decimal(100 + 10 * index) for index in range(len(people))}
    outcomes = set()
    for filters in all_filters():
        figures = cut_figures(service=service, unit=service.default_unit, filters=filters)
        members, reason = expected_rule(people, filters)
        assert (figures.members, figures.withheld_reason) == (members, reason), filters
        assert figures.shown is (reason == "")
        if figures.shown:
            assert figures.members >= MIN_MEMBERS
            active = [(FILTER_FIELDS[n], v) for n, v in filters.as_query().items()]
            in_cut = [
                amounts[i]
                for i, person in enumerate(people)
                if all(person[field] == value for field, value in active)
            ]
            assert figures.median == money(statistics.median(in_cut))
            assert sum(bar.count for bar in figures.histogram) == figures.members
        else:
            assert figures.median is figures.p25 is figures.p75 is None
            assert figures.histogram == [] and figures.by_year == []
        outcomes.add(reason)
    # The data set exercises the three outcomes.
    assert outcomes == {"", "too_few", "complement"}


def shown_cuts(service) -> dict[CutFilters, int]:
    shown = {}
    for filters in all_filters():
        figures = cut_figures(service=service, unit=service.default_unit, filters=filters)
        if figures.shown:
            shown[filters] = figures.members
    return shown


def narrower(wide: CutFilters, narrow: CutFilters) -> bool:
    """``narrow`` keeps every filter of ``wide`` and adds at least one."""
    wide_filters, narrow_filters = wide.as_query(), narrow.as_query()
    return wide_filters != narrow_filters and wide_filters.items() <= narrow_filters.items()


def assert_no_difference_isolates_fewer_than_five(shown: dict[CutFilters, int]) -> None:
    for wide, narrow in product(shown, repeat=2):
        if narrower(wide, narrow):
            difference = shown[wide] - shown[narrow]
            assert difference == 0 or difference >= MIN_MEMBERS, (wide, narrow, difference)


def test_a_member_cannot_be_singled_out_by_a_region_and_its_complement():
    """Six members in Auvergne-Rhône-Alpes, one in Île-de-France: "everyone" minus
    "Auvergne-Rhône-Alpes" would be the member in Île-de-France."""
    service = ServiceFactory()
    base = {"experience_band": "2-5", "legal_status": "micro", "client_type": "agency"}
    make_people(service, [{**base, "region": "ara"}] * 6 + [{**base, "region": "idf"}])

    everyone = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    in_ara = cut_figures(
        service=service, unit=service.default_unit, filters=CutFilters(region="ara")
    )
    in_idf = cut_figures(
        service=service, unit=service.default_unit, filters=CutFilters(region="idf")
    )

    assert everyone.shown and everyone.members == 7
    assert (in_ara.shown, in_ara.withheld_reason, in_ara.members) == (False, "complement", 0)
    assert (in_idf.shown, in_idf.withheld_reason, in_idf.members) == (False, "too_few", 0)
    shown = shown_cuts(service)
    assert set(shown) == {
        NO_FILTER,
        CutFilters(experience="2-5"),
        CutFilters(legal_status="micro"),
        CutFilters(client_type="agency"),
        CutFilters(experience="2-5", legal_status="micro"),
        CutFilters(experience="2-5", client_type="agency"),
        CutFilters(legal_status="micro", client_type="agency"),
        CutFilters(experience="2-5", legal_status="micro", client_type="agency"),
    }
    assert_no_difference_isolates_fewer_than_five(shown)


def test_two_shown_filters_cannot_be_crossed_to_single_out_a_member():
    """Six juniors and six members in Auvergne-Rhône-Alpes, five of them both: each filter
    alone is shown, and their crossing (whose lattice holds two cells of one) is not, or
    "juniors" minus "juniors in Auvergne-Rhône-Alpes" would be one member."""
    service = ServiceFactory()
    base = {"legal_status": "micro", "client_type": "agency"}
    people = (
        [{**base, "experience_band": "0-2", "region": "ara"}] * 5
        + [{**base, "experience_band": "0-2", "region": "idf"}]
        + [{**base, "experience_band": "2-5", "region": "ara"}]
        + [{**base, "experience_band": "2-5", "region": "idf"}] * 5
    )
    make_people(service, people)

    def figures(**filters):
        return cut_figures(
            service=service, unit=service.default_unit, filters=CutFilters(**filters)
        )

    assert figures(experience="0-2").shown and figures(experience="0-2").members == 6
    assert figures(region="ara").shown and figures(region="ara").members == 6
    crossed = figures(experience="0-2", region="ara")
    assert (crossed.shown, crossed.withheld_reason) == (False, "complement")
    assert not figures(experience="2-5", region="idf").shown
    shown = shown_cuts(service)
    assert_no_difference_isolates_fewer_than_five(shown)
    # Any attempt on the mixed data set fails the same way.
    other = ServiceFactory()
    make_people(other, mixed_people())
    assert_no_difference_isolates_fewer_than_five(shown_cuts(other))


def test_the_trend_shows_each_year_that_passes_the_rule_with_the_year_as_a_filter():
    service = ServiceFactory()
    this_year = MemberFactory.create_batch(10, date_joined=timezone.now() - timedelta(days=800))
    for index, member in enumerate(this_year):
        report(service, 400 + 10 * index, member=member)
    # Two of them also reported last year.
    report(service, 300, member=this_year[0], year=THIS_YEAR - 1)
    report(service, 310, member=this_year[1], year=THIS_YEAR - 1)
    # One member reported last year only: "the cut" minus "this year" would be them.
    report(service, 900, year=THIS_YEAR - 1)

    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    assert figures.shown and figures.members == 11
    assert figures.by_year == []

    # With five more who reported only last year, both years are shown.
    reports(service, [320, 330, 340, 350, 360], year=THIS_YEAR - 1)
    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    assert figures.members == 16
    assert [(p.year, p.members, p.median) for p in figures.by_year] == [
        (THIS_YEAR - 1, 8, Decimal("335.00")),
        (THIS_YEAR, 10, Decimal("445.00")),
    ]
    assert figures == figures_from_rows(
        counted_rows(service, service.default_unit),
        service=service,
        unit=service.default_unit,
        filters=NO_FILTER,
        years=period_years(),
    )


@pytest.mark.parametrize(
    ("members", "confidence"), [(5, "low"), (14, "low"), (15, "medium"), (49, "medium"),
                                (50, "high")],
)  # fmt: skip
def test_confidence_follows_the_number_of_members(members, confidence):
    service = ServiceFactory()
    reports(service, [100 + index for index in range(members)])
    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    assert figures.confidence == confidence
    assert (figures.p10 is not None) is (members >= 20)


# --- The histogram ---------------------------------------------------------------------------

RANGES = [
    (Decimal("0.05"), Decimal("0.15")),
    (Decimal("0.04"), Decimal("0.21")),
    (Decimal("250"), Decimal("900")),
    (Decimal("12.5"), Decimal("40")),
    (Decimal("310"), Decimal("1490")),
    (Decimal("1200"), Decimal("9800")),
    (Decimal("45.3"), Decimal("46.1")),
    (Decimal("0.9"), Decimal("1.7")),
]


@pytest.mark.parametrize(("p5", "p95"), RANGES)
def test_histogram_edges_are_eight_to_twelve_readable_steps_around_p5_to_p95(p5, p95):
    edges = histogram_edges(p5, p95)
    steps = {edges[i + 1] - edges[i] for i in range(len(edges) - 1)}
    assert len(steps) == 1
    [step] = steps
    assert 8 <= len(edges) - 1 <= 12
    assert edges[0] <= p5 < edges[1] and edges[-2] < p95 <= edges[-1]
    # A readable step: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, at least a cent,
    # and every edge a multiple of it.
    mantissa = step.scaleb(-step.adjusted()).normalize()
    assert mantissa in {Decimal(m) for m in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "8")}
    assert step >= Decimal("0.01")
    assert all(edge % step == 0 for edge in edges)


def test_histogram_edges_of_close_or_equal_amounts():
    assert histogram_edges(Decimal("0.05"), Decimal("0.08")) == [
        Decimal("0.05"), Decimal("0.06"), Decimal("0.07"), Decimal("0.08")
    ]  # fmt: skip
    assert histogram_edges(Decimal("400"), Decimal("400")) == []


def test_the_histogram_folds_the_tails_into_the_first_and_last_bars():
    service = ServiceFactory()
    amounts = [0.01] + [0.05 + 0.005 * i for i in range(19)] + [2.50]
    amounts = [round(amount, 2) for amount in amounts]
    reports(service, amounts)

    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    bars = figures.histogram

    assert 8 <= len(bars) <= 12
    assert sum(bar.count for bar in bars) == figures.members == 21
    assert bars[0].open_low and bars[-1].open_high
    assert not any(bar.open_low or bar.open_high for bar in bars[1:-1])
    assert bars[-1].high < Decimal("2.50")  # the far amount sits in the last bar
    assert bars[0].low > Decimal("0.01")
    for bar in bars[1:-1]:
        expected = sum(1 for a in amounts if bar.low <= Decimal(str(a)) < bar.high)
        assert bar.count == expected


def test_a_cut_of_equal_amounts_has_one_bar():
    service = ServiceFactory()
    reports(service, [400] * 6)
    figures = cut_figures(service=service, unit=service.default_unit, filters=NO_FILTER)
    assert [(bar.low, bar.high, bar.count) for bar in figures.histogram] == [
        (Decimal("400.00"), Decimal("400.00"), 6)
    ]


# --- Headlines, cards, export, give to get ---------------------------------------------------


def test_headline_figures_list_each_service_and_unit_from_five_members(
    django_assert_max_num_queries,
):
    writing = ServiceFactory(default_unit="word")
    dev = ServiceFactory(default_unit="day")
    reports(writing, [0.05, 0.06, 0.07, 0.08, 0.09])
    reports(writing, [60, 70, 80, 90, 100], unit="article")
    reports(writing, [1, 2, 3, 4], unit="page")  # four members: no headline
    reports(dev, [350 + 10 * i for i in range(30)])

    with django_assert_max_num_queries(2):
        headlines = headline_figures()
    assert [(h.service, h.unit, h.members, h.median) for h in headlines] == [
        (writing, "word", 5, Decimal("0.070")),
        (writing, "article", 5, Decimal("80.00")),
        (dev, "day", 30, Decimal("495.00")),
    ]
    assert [h.service for h in headline_figures(trade=dev.trade)] == [dev]


def test_cut_figures_take_two_queries_when_shown_and_one_when_withheld(
    django_assert_max_num_queries,
):
    service = ServiceFactory()
    make_people(service, mixed_people())
    with django_assert_max_num_queries(2):
        shown = cut_figures(
            service=service, unit=service.default_unit, filters=CutFilters(client_type="agency")
        )
    assert shown.shown and shown.by_year and shown.histogram
    with django_assert_max_num_queries(1):
        withheld = cut_figures(
            service=service, unit=service.default_unit, filters=CutFilters(region="bre")
        )
    assert not withheld.shown


def test_card_for_tags_names_the_tagged_services(django_assert_max_num_queries):
    tag = Tag.objects.create(name="Rédaction", slug="redaction")
    other_tag = Tag.objects.create(name="URSSAF", slug="urssaf")
    article = ServiceFactory(tag=tag, default_unit="article")
    proofreading = ServiceFactory(tag=tag, default_unit="feuillet")
    ServiceFactory(tag=tag, is_active=False)
    reports(article, [80, 90, 100, 110, 120])
    reports(proofreading, [2, 3, 4])  # too few yet

    with django_assert_max_num_queries(2):
        card = card_for_tags([tag.pk, other_tag.pk])
    assert [(h.service, h.unit, h.members, h.median) for h in card] == [
        (article, "article", 5, Decimal("100.00")),
        (proofreading, "feuillet", 0, None),
    ]
    assert card_for_tags([other_tag.pk]) == []
    assert card_for_tags([]) == []


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_csv_holds_aggregates_only(english, django_assert_max_num_queries):
    service = ServiceFactory(name="Article de blog", default_unit="article")
    make_people(service, mixed_people())

    with django_assert_max_num_queries(2):
        visitor_rows = list(aggregates_csv_rows(member_sees_cuts=False, filters=NO_FILTER))
    assert visitor_rows == [
        ["Trade", "Service", "Unit", "Members", "Median (€ excl. VAT)"],
        [service.trade.name, "Article de blog", "per article", 24, Decimal("215.00")],
    ]

    with django_assert_max_num_queries(2):
        rows = list(
            aggregates_csv_rows(member_sees_cuts=True, filters=CutFilters(client_type="agency"))
        )
    header, row = rows
    assert header[:3] == ["Trade", "Service", "Unit"] and len(header) == len(row) == 15
    assert row[3:7] == ["Any", "Any", "Any", "Agency"]
    assert row[7] == 14 and row[8] == Decimal("165.00") and row[13] == "low"

    withheld = list(aggregates_csv_rows(member_sees_cuts=True, filters=CutFilters(region="bre")))[1]
    assert withheld[7:13] == ["", "", "", "", "", ""]
    assert withheld[14].startswith("Fewer than 5 members")


def test_give_to_get():
    member = MemberFactory()
    assert not member_sees_every_cut(AnonymousUser())
    assert not member_sees_every_cut(member)
    removed = report(ServiceFactory(), 10, member=member, status=RateReport.Status.REMOVED)
    assert not member_sees_every_cut(member)
    removed.status = RateReport.Status.REVIEW
    removed.save()
    assert member_sees_every_cut(member)
    report(ServiceFactory(), 10, member=member, year=THIS_YEAR - 1)
    assert member_sees_every_cut(member)


def test_filters_from_a_query_ignore_unknown_values():
    filters = CutFilters.from_query(
        QueryDict("experience=2-5&region=atlantis&legal_status=micro&client_type=&page=2")
    )
    assert filters == CutFilters(experience="2-5", legal_status="micro")
    assert filters.active() == {"experience_band": "2-5", "legal_status": "micro"}
    assert filters.as_query() == {"experience": "2-5", "legal_status": "micro"}
    assert not filters.is_empty and CutFilters.from_query(QueryDict()).is_empty
    assert replace(filters, region="idf").labels()["region"] == "Île-de-France"


def test_services_by_trade_and_a_members_own_reports(django_assert_max_num_queries):
    first = ServiceFactory(position=1)
    second = ServiceFactory(trade=first.trade, position=2)
    ServiceFactory(trade=first.trade, is_active=False)
    third = ServiceFactory()
    with django_assert_max_num_queries(1):
        grouped = services_by_trade()
    assert grouped == [(first.trade, [first, second]), (third.trade, [third])]

    mine = report(first, 10)
    report(first, 12)
    assert list(reports_of(mine.member)) == [mine]
    assert list(reports_of(AnonymousUser())) == []
    assert selectors.withheld_reason_text("") == ""


def test_the_figures_of_every_service_are_cached_until_a_report_changes(
    django_assert_max_num_queries,
):
    service = ServiceFactory()
    reports(service, [100, 110, 120, 130, 140])
    assert [h.members for h in headline_figures()] == [5]
    with django_assert_max_num_queries(1):  # the services; the figures from the cache
        assert [h.median for h in headline_figures()] == [Decimal("120.00")]

    # A new report renews them at once.
    report(service, 150)
    assert [(h.members, h.median) for h in headline_figures()] == [(6, Decimal("125.00"))]

    # A suspension changes no report: the cached figures hold for FIGURES_CACHE_SECONDS.
    suspended = RateReport.objects.filter(service=service).first().member
    suspended.suspended_at = timezone.now()
    suspended.save(update_fields=["suspended_at"])
    assert [h.members for h in headline_figures()] == [6]
    cache.clear()
    assert [h.members for h in headline_figures()] == [5]

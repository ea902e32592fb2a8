"""The observatory's pages for each persona: a visitor, Claire (a member who has reported
nothing), Karim (a member who reported) and Sophie (a moderator who has reported nothing).

Give to get: only Karim sees the cuts. Nobody sees anyone's report one by one: Karim's own
amounts appear on his "my rates" page and nowhere else. Bad input comes back with what was
typed, never a 500; the lists run a constant number of queries.
"""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Trade
from rates.models import RateReport, RateReportSave
from rates.rules import HOLD_DAYS, SAVES_PER_DAY, period_years
from rates.selectors import CutFilters, cut_figures
from rates.templatetags.observatory import euros_text
from tests.factories import MemberFactory, RateReportFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SEASONED = timedelta(days=60)
PERSONAS = ["visitor", "member", "reporter", "moderator"]
# Karim's amount for the blog article: among the others, but no figure equals it.
KARIM_AMOUNT = Decimal("0.17")
# Karim alone reported a rate for the rare service: it must show nowhere but on his page.
RARE_AMOUNT = Decimal("777.77")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """A browser that asks for English (tests assert English text)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def seasoned(member):
    member.date_joined = timezone.now() - SEASONED
    member.language = "en"
    member.save(update_fields=["date_joined", "language"])
    return member


@pytest.fixture
def writing(db):
    return Trade.objects.create(name="Rédaction web (test)", slug="redaction-test", position=0)


@pytest.fixture
def article(writing):
    return ServiceFactory(trade=writing, name="Article de blog", slug="article-de-blog")


@pytest.fixture
def rare(writing):
    return ServiceFactory(
        trade=writing, name="Livre blanc", slug="livre-blanc", default_unit="project"
    )


def reporters(service, amounts, *, unit="word", **fields) -> list[RateReport]:
    """One seasoned member per amount, each with a published report of this year."""
    return [
        RateReportFactory(service=service, unit=unit, amount=Decimal(amount), **fields)
        for amount in amounts
    ]


@pytest.fixture
def world(article, rare, member, other_member, moderator):
    """24 members reported the blog article per word (12 in Auvergne-Rhône-Alpes, 12 in
    Île-de-France), Karim (``other_member``) among them; Karim alone reported the rare service.
    Claire (``member``) and Sophie (``moderator``) have reported nothing."""
    for persona in (member, other_member, moderator):
        seasoned(persona)
    ara = [f"0.{n:02d}" for n in range(8, 20)]  # 0.08 … 0.19
    idf = [f"0.{n:02d}" for n in range(9, 21) if n != 17]  # 0.09 … 0.20 but 0.17
    reporters(article, ara, region="ara")
    reporters(article, idf, region="idf")
    karim = RateReportFactory(
        member=other_member, service=article, unit="word", amount=KARIM_AMOUNT, region="idf"
    )
    lonely = RateReportFactory(
        member=other_member, service=rare, unit="project", amount=RARE_AMOUNT, region="idf"
    )
    return {"karim": karim, "lonely": lonely}


def reader_client(client, persona, member, other_member, moderator):
    reader = {"visitor": None, "member": member, "reporter": other_member, "moderator": moderator}
    if reader[persona]:
        client.force_login(reader[persona])
    return client


def amounts_written(amount: Decimal) -> list[str]:
    """The ways a page or a file could show ``amount``."""
    text = f"{amount:f}"
    return [text, text.replace(".", ","), text.rstrip("0"), text.replace(".", ",").rstrip("0")]


# --- Every page, every persona -----------------------------------------------------------------


def pages(world, article, rare) -> dict[str, tuple[str, tuple]]:
    """Each page and what the visitor, Claire, Karim and Sophie get (LOGIN: the sign-in page)."""
    karim = world["karim"].pk
    return {
        "overview": (reverse("rates:overview"), (200, 200, 200, 200)),
        "overview by trade": (
            reverse("rates:overview") + f"?trade={article.trade.slug}",
            (200, 200, 200, 200),
        ),
        "service": (reverse("rates:service", args=[article.slug, "word"]), (200,) * 4),
        "service filtered": (
            reverse("rates:service", args=[article.slug, "word"]) + "?region=ara",
            (200,) * 4,
        ),
        "service withheld": (reverse("rates:service", args=[rare.slug, "project"]), (200,) * 4),
        "service unknown": (reverse("rates:service", args=["nope", "word"]), (404,) * 4),
        "unit unknown": (reverse("rates:service", args=[article.slug, "week"]), (404,) * 4),
        "export": (reverse("rates:export"), (200,) * 4),
        "export filtered": (reverse("rates:export") + "?region=ara", (200,) * 4),
        "method": (reverse("rates:method"), (200,) * 4),
        "report": (reverse("rates:report"), ("LOGIN", 200, 200, 200)),
        "mine": (reverse("rates:mine"), ("LOGIN", 200, 200, 200)),
        "edit": (reverse("rates:edit", args=[karim]), ("LOGIN", 404, 200, 404)),
        "delete": (reverse("rates:delete", args=[karim]), ("LOGIN", 404, 200, 404)),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_and_shows_no_report_of_another(
    client, world, article, rare, member, other_member, moderator, persona
):
    client = reader_client(client, persona, member, other_member, moderator)
    for name, (url, expected) in pages(world, article, rare).items():
        response = client.get(url)
        status = expected[PERSONAS.index(persona)]
        if status == "LOGIN":
            assert response.status_code == 302, name
            assert response["Location"] == f"{reverse('account_login')}?next={url}", name
            continue
        assert response.status_code == status, name
        content = response.content.decode()
        if response["Content-Type"].startswith("text/html") and status == 200:
            assert content.count("<h1") == 1, name
        if persona != "reporter":
            # Karim's amounts, one by one, reach nobody else, whatever the page.
            for written in amounts_written(RARE_AMOUNT) + amounts_written(KARIM_AMOUNT):
                assert written not in content, (name, written)
            assert other_member.email not in content


def test_karim_sees_his_own_amounts_on_his_page_only(client, world, other_member):
    client.force_login(other_member)

    mine = client.get(reverse("rates:mine")).content.decode()
    overview = client.get(reverse("rates:overview")).content.decode()

    assert "€777.77" in mine and "€0.17" in mine
    assert "777" not in overview
    assert "Livre blanc" in overview  # listed among the services waiting for reports


def test_a_withheld_cut_says_why_and_shows_no_count(client, world, rare, other_member):
    client.force_login(other_member)

    response = client.get(reverse("rates:service", args=[rare.slug, "project"]))

    content = response.content.decode()
    assert 'id="figures-withheld"' in content
    assert "Fewer than 5 members have reported this service" in content
    assert 'id="figure-members"' not in content
    assert "<svg" not in content


# --- Give to get ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["visitor", "member", "moderator"])
def test_without_a_report_the_headline_only(
    client, world, article, member, other_member, moderator, persona
):
    client = reader_client(client, persona, member, other_member, moderator)
    url = reverse("rates:service", args=[article.slug, "word"])
    unfiltered = cut_figures(service=article, unit="word", filters=CutFilters())

    response = client.get(url + "?region=ara")

    content = response.content.decode()
    assert response.context["figures"].median == unfiltered.median  # the filter is ignored
    assert response.context["figures"].members == unfiltered.members == 24
    assert 'id="figure-median"' in content
    assert "The filters are for members who have reported a rate" in content
    assert "Middle half (P25–P75)" not in content
    assert "<svg" not in content
    assert 'name="region"' not in content
    assert "Give one rate, see every figure" in content
    overview = client.get(reverse("rates:overview")).content.decode()
    assert "Give one rate, see every figure" in overview
    assert 'id="every-cut-open"' not in overview


def test_with_a_report_every_cut(client, world, article, other_member):
    client.force_login(other_member)
    url = reverse("rates:service", args=[article.slug, "word"])
    expected = cut_figures(service=article, unit="word", filters=CutFilters(region="ara"))

    response = client.get(url + "?region=ara")

    content = response.content.decode()
    figures = response.context["figures"]
    assert figures.shown and figures.members == expected.members == 12
    assert figures.median == expected.median
    assert "Figures for: Auvergne-Rhône-Alpes" in content
    assert "Middle half (P25–P75)" in content
    assert 'name="region"' in content
    assert "Give one rate, see every figure" not in content
    assert 'href="/tarifs/export.csv?region=ara"' in content
    overview = client.get(reverse("rates:overview")).content.decode()
    assert 'id="every-cut-open"' in overview
    assert "Give one rate, see every figure" not in overview


def test_the_histogram_is_an_accessible_image_with_its_table(client, world, article, other_member):
    client.force_login(other_member)

    response = client.get(reverse("rates:service", args=[article.slug, "word"]))

    content = response.content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", content, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="histogram-title histogram-desc"' in svg
    assert '<title id="histogram-title">' in svg and '<desc id="histogram-desc">' in svg
    assert "style=" not in svg  # colours come from the stylesheet (strict CSP)
    bins = response.context["figures"].histogram
    assert len(re.findall(r'<rect class="rates-bar"', svg)) == len(bins) > 1
    # The same numbers in the table after the drawing.
    table = content[content.index("</svg>") :]
    table = table[table.index("<table") : table.index("</table>")]
    counts = [int(n) for n in re.findall(r'<td class="text-end">(\d+)</td>', table)]
    assert counts == [b.count for b in bins]
    assert sum(counts) == 24
    assert "under €" in table and "and more" in table  # the folded tails say so


def test_amounts_are_written_the_french_way_in_french(client, world, article, other_member):
    client.force_login(other_member)
    other_member.language = "fr"
    other_member.save(update_fields=["language"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    with translation.override("fr"):
        response = client.get(reverse("rates:service", args=[article.slug, "word"]))

    content = response.content.decode()
    median = response.context["figures"].median
    with translation.override("fr"):
        written = euros_text(median)
    assert written == "0,14\u00a0€"
    assert f'id="figure-median">{written}<' in content
    assert "€0." not in content


# --- The CSV ---------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_of_a_visitor_holds_the_headlines_whatever_the_filters(client, world, article):
    rows = csv_rows(client.get(reverse("rates:export") + "?region=ara"))

    header, *data = rows
    assert len(header) == 5
    assert [row[1:4] for row in data] == [["Article de blog", "per word", "24"]]
    headline = cut_figures(service=article, unit="word", filters=CutFilters())
    assert Decimal(data[0][4]) == headline.median


def test_the_csv_of_a_reporter_holds_the_cut_and_withholds_what_is_too_small(
    client, world, article, other_member
):
    client.force_login(other_member)

    header, *data = csv_rows(client.get(reverse("rates:export") + "?region=ara"))

    assert "P25" in header
    by_service = {row[1]: dict(zip(header, row, strict=True)) for row in data}
    assert by_service["Article de blog"]["Members"] == "12"
    assert by_service["Article de blog"]["Region"] == "Auvergne-Rhône-Alpes"
    # Karim's lonely report: no line (fewer than 5 members), so no amount.
    assert "Livre blanc" not in by_service
    assert not any(written in str(rows) for rows in data for written in ("777", "0.17"))


# --- Reporting a rate ------------------------------------------------------------------------


def report_data(service, **changes) -> dict:
    data = {
        "service": str(service.pk),
        "unit": "word",
        "amount": "0,12",
        "year": str(timezone.localdate().year),
        "client_type": "agency",
        "client_source": "referral",
        "years_freelancing": "4",
        "region": "ara",
        "legal_status": "micro",
    }
    data.update(changes)
    return data


def test_the_form_starts_from_the_profile_with_the_members_trades_first(
    client, world, article, member
):
    development = Trade.objects.create(name="Développement (test)", slug="dev-test", position=9)
    ServiceFactory(trade=development, name="TJM développement", slug="tjm-dev", default_unit="day")
    member.trades.add(development)
    member.years_freelancing = 6
    member.region = "idf"
    member.legal_status = "sasu"
    member.save()
    client.force_login(member)

    response = client.get(reverse("rates:report") + f"?service={article.slug}")

    form = response.context["form"]
    assert form.initial["years_freelancing"] == 6
    assert form.initial["region"] == "idf" and form.initial["legal_status"] == "sasu"
    assert form.initial["year"] == timezone.localdate().year
    assert form.initial["service"] == article.pk and form.initial["unit"] == "word"
    groups = [label for label, _options in form.fields["service"].choices[1:]]
    assert groups[0] == "Développement (test)"


def test_a_member_reports_then_sees_every_cut(client, world, article, member):
    client.force_login(member)

    response = client.post(reverse("rates:report"), report_data(article, amount="0,12"))

    assert response.status_code == 302
    assert response["Location"] == reverse("rates:service", args=[article.slug, "word"])
    report = RateReport.objects.get(member=member)
    assert report.amount == Decimal("0.12")
    assert (report.region, report.legal_status, report.years_freelancing) == ("ara", "micro", 4)
    assert report.client_source == "referral"
    page = client.get(response["Location"])
    assert "Your rate is saved" in page.content.decode()
    assert page.context["sees_cuts"] is True


def test_reporting_the_same_again_replaces_it(client, world, article, member):
    client.force_login(member)
    client.post(reverse("rates:report"), report_data(article, amount="0,12"))

    response = client.post(
        reverse("rates:report"), report_data(article, amount="0,14"), follow=True
    )

    assert RateReport.objects.filter(member=member).count() == 1
    assert RateReport.objects.get(member=member).amount == Decimal("0.14")
    assert "replaces the one you had reported" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "douze euros"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "0,0455"}, "amount"),
        ({"service": "abc"}, "service"),
        ({"unit": "week"}, "unit"),
        ({"year": "1999"}, "year"),
        ({"client_type": ""}, "client_type"),
    ],
)
def test_bad_input_comes_back_with_what_was_typed(client, world, article, member, changes, field):
    client.force_login(member)
    data = report_data(article, years_freelancing="11")
    data.update(changes)

    response = client.post(reverse("rates:report"), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    content = response.content.decode()
    assert 'name="years_freelancing" value="11"' in content
    if field == "amount":
        assert f'value="{changes["amount"]}"' in content
    else:
        assert 'value="0,12"' in content
    assert not RateReport.objects.filter(member=member).exists()


def test_past_the_daily_limit_the_form_answers_429_and_keeps_everything(
    client, world, article, member
):
    RateReportSave.objects.bulk_create(RateReportSave(member=member) for _ in range(SAVES_PER_DAY))
    client.force_login(member)

    response = client.post(reverse("rates:report"), report_data(article, amount="1 200,50"))

    assert response.status_code == 429
    content = response.content.decode()
    assert f"You may save {SAVES_PER_DAY} rates a day" in content
    assert 'value="1 200,50"' in content
    assert 'id="report-errors"' in content
    assert not RateReport.objects.filter(member=member).exists()


def test_a_suspended_member_cannot_report(client, world, article, member):
    member.suspended_at = timezone.now() - timedelta(hours=1)
    member.save(update_fields=["suspended_at"])
    client.force_login(member)

    response = client.post(reverse("rates:report"), report_data(article))

    assert response.status_code == 403
    assert not RateReport.objects.filter(member=member).exists()


# --- My rates: statuses, edit, delete --------------------------------------------------------


def test_each_report_says_whether_it_counts(client, world, article, rare, member):
    this_year = timezone.localdate().year
    first = period_years()[0]
    counted = RateReportFactory(member=member, service=article, unit="word", year=this_year)
    older = RateReportFactory(member=member, service=article, unit="word", year=first)
    review = RateReportFactory(member=member, service=rare, unit="project", status="review")
    removed = RateReportFactory(member=member, service=article, unit="hour", status="removed")
    gone = RateReportFactory(member=member, service=rare, unit="day", year=first - 1)
    client.force_login(member)

    content = client.get(reverse("rates:mine")).content.decode()

    def state(report):
        card = content[content.index(f'id="report-{report.pk}"') :]
        return re.search(r'data-state="(\w+)"', card).group(1)

    assert state(counted) == "counted"
    assert state(older) == "superseded"
    assert state(review) == "review"
    assert state(removed) == "removed"
    assert state(gone) == "old"
    assert "a moderator looks at it before it counts" in content


def test_a_new_accounts_reports_wait_a_week(client, world, article):
    newcomer = MemberFactory(language="en")
    RateReportFactory(member=newcomer, service=article, unit="word")
    client.force_login(newcomer)

    content = client.get(reverse("rates:mine")).content.decode()

    assert 'data-state="held"' in content
    assert "reports of new accounts wait a week" in content
    assert HOLD_DAYS == 7


def test_the_author_corrects_a_report(client, world, article, other_member):
    report = world["karim"]
    client.force_login(other_member)
    url = reverse("rates:edit", args=[report.pk])

    form = client.get(url).context["form"]
    assert form.initial["amount"] == KARIM_AMOUNT
    data = report_data(article, amount="0,18", region="idf")
    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"] == reverse("rates:mine")
    report.refresh_from_db()
    assert report.amount == Decimal("0.18")


def test_a_correction_onto_another_report_of_the_same_year_is_refused_with_the_form_kept(
    client, world, article, other_member
):
    RateReportFactory(member=other_member, service=article, unit="hour", amount=Decimal("45"))
    client.force_login(other_member)
    url = reverse("rates:edit", args=[world["karim"].pk])

    response = client.post(url, report_data(article, unit="hour", amount="46"))

    assert response.status_code == 400
    assert "You already have a report for this service, unit and year" in response.content.decode()
    assert 'value="46"' in response.content.decode()


def test_the_author_deletes_a_report_after_confirming(client, world, other_member):
    report = world["karim"]
    client.force_login(other_member)
    url = reverse("rates:delete", args=[report.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert RateReport.objects.filter(pk=report.pk).exists()
    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("rates:mine")
    assert not RateReport.objects.filter(pk=report.pk).exists()


def test_nobody_else_corrects_or_deletes_a_report(client, world, article, member, moderator):
    report = world["karim"]
    for reader in (member, moderator):
        client.force_login(reader)
        edit = client.post(reverse("rates:edit", args=[report.pk]), report_data(article))
        delete = client.post(reverse("rates:delete", args=[report.pk]))
        assert (edit.status_code, delete.status_code) == (404, 404)
    report.refresh_from_db()
    assert report.amount == KARIM_AMOUNT


# --- Queries ---------------------------------------------------------------------------------
# Each list is read with a few items, then with more: the count must not move, and it stays under
# a pinned maximum (pytest-django lists the SQL when it is passed).

FEW = 2
MANY = 8
# A member's request also reads the session, the account and the bell's unread count (and the
# first one of a while notes the member as active: each test warms up with one request).
MEMBER_EXTRA_QUERIES = 3
OVERVIEW_QUERIES = 3  # the services twice (the trade filter's, the figures'), the figures
REPORTED_QUERIES = 1  # for a member: have they reported a rate? (give to get)
SERVICE_QUERIES = 6  # the service, the cut (3), the other units' headlines (2)
MINE_QUERIES = 1


def add_services(writing, count: int, offset: int) -> None:
    for n in range(count):
        service = ServiceFactory(trade=writing, slug=f"service-{offset + n}")
        reporters(service, ["0.10", "0.11", "0.12", "0.13", "0.14"])


def count_queries(client, url, ceiling, assert_max_num_queries) -> tuple[int, object]:
    """The queries of ``url`` once what is shared between readers (the headline figures) is
    cached again after a change: the first request stays under the ceiling too."""
    for _attempt in range(2):
        with assert_max_num_queries(ceiling) as captured:
            response = client.get(url)
        assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("persona", ["visitor", "reporter"])
def test_the_overview_runs_the_same_queries_whatever_the_services(
    client, world, writing, member, other_member, moderator, persona, django_assert_max_num_queries
):
    client = reader_client(client, persona, member, other_member, moderator)
    url = reverse("rates:overview")
    client.get(url)
    ceiling = OVERVIEW_QUERIES
    if persona == "reporter":
        ceiling += REPORTED_QUERIES + MEMBER_EXTRA_QUERIES
    add_services(writing, FEW, 0)
    few, _response = count_queries(client, url, ceiling, django_assert_max_num_queries)
    add_services(writing, MANY, FEW)
    many, response = count_queries(client, url, ceiling, django_assert_max_num_queries)

    assert few == many
    assert len(response.context["sections"][0]["headlines"]) == 1 + FEW + MANY


def test_a_service_page_runs_the_same_queries_whatever_the_reports(
    client, world, article, other_member, django_assert_max_num_queries
):
    client.force_login(other_member)
    url = reverse("rates:service", args=[article.slug, "word"]) + "?region=idf"
    client.get(url)
    ceiling = SERVICE_QUERIES + REPORTED_QUERIES + MEMBER_EXTRA_QUERIES
    few, _response = count_queries(client, url, ceiling, django_assert_max_num_queries)
    reporters(article, [f"0.{n:02d}" for n in range(10, 40)], region="idf")
    many, response = count_queries(client, url, ceiling, django_assert_max_num_queries)

    assert few == many
    assert response.context["figures"].members == 12 + 30


def test_my_rates_runs_the_same_queries_whatever_the_reports(
    client, world, writing, member, django_assert_max_num_queries
):
    client.force_login(member)
    url = reverse("rates:mine")
    client.get(url)
    ceiling = MINE_QUERIES + MEMBER_EXTRA_QUERIES
    for _n in range(FEW):
        RateReportFactory(member=member, service=ServiceFactory(trade=writing))
    few, _response = count_queries(client, url, ceiling, django_assert_max_num_queries)
    for _n in range(MANY):
        RateReportFactory(member=member, service=ServiceFactory(trade=writing))
    many, response = count_queries(client, url, ceiling, django_assert_max_num_queries)

    assert few == many
    assert len(response.context["rows"]) == FEW + MANY

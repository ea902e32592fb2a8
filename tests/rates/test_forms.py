"""The report form: amounts typed the French or the English way, the services offered (the
member's trades first), the profile's context as a start, and clear refusals."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from members.models import Trade
from rates.forms import CutFilterForm, RateReportForm, amount_parse, report_initial
from rates.templatetags.observatory import euros_text
from tests.factories import MemberFactory, ServiceFactory


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("0,12", "0.12"),
        ("0.12", "0.12"),
        (",5", "0.5"),
        ("1 200", "1200"),
        ("1\u00a0200", "1200"),
        ("1\u202f200,50", "1200.50"),
        ("1.200", "1200"),
        ("1,200", "1200"),
        ("1.200,50", "1200.50"),
        ("1,200.50", "1200.50"),
        ("450 €", "450"),
        ("€450", "450"),
        ("12,5", "12.5"),
        ("1 000 000", "1000000"),
        ("0,045", "0.045"),  # a rate per word, to the tenth of a cent
        ("0,0455", "0.0455"),  # read as it is: the form refuses the fourth decimal
    ],
)
def test_amounts_are_read_as_french_and_english_write_them(typed, amount):
    assert amount_parse(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "abc", "12 €/jour", "1,2,3", "1.20.300", "-5", "1e3", "."])
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(ValueError):
        amount_parse(typed)


@pytest.fixture
def groups(db):
    writing = Trade.objects.create(name="Rédacteur web test", slug="redacteur-test", position=1)
    development = Trade.objects.create(name="Développeur test", slug="dev-test", position=2)
    article = ServiceFactory(trade=writing, name="Article de blog", slug="article-blog")
    day = ServiceFactory(trade=development, name="TJM", slug="tjm", default_unit="day")
    return [(writing, [article]), (development, [day])]


def _data(service, **changes) -> dict:
    data = {
        "service": str(service.pk),
        "unit": "word",
        "amount": "0,12",
        "year": str(timezone.localdate().year),
        "client_type": "agency",
        "client_source": "direct",
        "years_freelancing": "3",
        "region": "ara",
        "legal_status": "micro",
    }
    data.update(changes)
    return data


def test_a_report_is_read_with_its_french_amount(groups):
    article = groups[0][1][0]
    form = RateReportForm(_data(article, amount="1 200,50"), service_groups=groups)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1200.50")
    assert form.cleaned_data["service"] == article
    assert form.cleaned_data["year"] == timezone.localdate().year


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "positive"),
        ("2 000 000", "too_large"),
        ("0,0455", "decimals"),
        ("beaucoup", "invalid"),
    ],
)
def test_a_wrong_amount_gets_its_own_message(groups, amount, code):
    form = RateReportForm(_data(groups[0][1][0], amount=amount), service_groups=groups)

    assert not form.is_valid()
    assert form.has_error("amount", code)


def test_a_rate_per_word_may_be_said_to_the_tenth_of_a_cent(groups):
    form = RateReportForm(_data(groups[0][1][0], amount="0,045"), service_groups=groups)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("0.045")


def test_a_service_not_offered_and_a_future_year_are_refused(groups):
    not_offered = ServiceFactory(is_active=False)
    form = RateReportForm(
        _data(not_offered, year=str(timezone.localdate().year + 1)), service_groups=groups
    )

    assert not form.is_valid()
    assert "service" in form.errors and "year" in form.errors


def test_the_members_trades_come_first(groups):
    development = groups[1][0]
    form = RateReportForm(service_groups=groups, member_trade_ids=[development.pk])

    choices = form.fields["service"].choices
    assert choices[0][0] == ""  # "Choose a service" first
    assert [label for label, _options in choices[1:]] == ["Développeur test", "Rédacteur web test"]


def test_the_form_starts_from_the_profile_and_this_year(db):
    member = MemberFactory(years_freelancing=7, region="idf", legal_status="sasu")
    service = ServiceFactory(default_unit="day")

    initial = report_initial(member=member, service=service)

    assert initial == {
        "year": timezone.localdate().year,
        "years_freelancing": 7,
        "region": "idf",
        "legal_status": "sasu",
        "service": service.pk,
        "unit": "day",
    }
    assert report_initial(member=member, service=service, unit="hour")["unit"] == "hour"


def test_an_older_year_is_offered_when_a_report_of_that_year_is_edited(groups):
    form = RateReportForm(service_groups=groups, extra_years=[2005])

    years = [value for value, _label in form.fields["year"].choices]
    assert years[0] == timezone.localdate().year
    assert 2005 in years


def test_the_filter_form_offers_any_value_first():
    form = CutFilterForm()

    assert set(form.fields) == {"experience", "region", "legal_status", "client_type"}
    for field in form.fields.values():
        assert field.choices[0][0] == ""


@pytest.mark.parametrize(
    ("language", "amount", "text"),
    [
        ("fr", "1200", "1\u00a0200\u00a0€"),
        ("fr", "1200.00", "1\u00a0200\u00a0€"),
        ("fr", "0.12", "0,12\u00a0€"),
        ("fr", "0.125", "0,125\u00a0€"),
        ("fr", "0.1", "0,10\u00a0€"),
        ("fr", "450.5", "450,50\u00a0€"),
        ("en", "1200", "€1,200"),
        ("en", "0.12", "€0.12"),
        ("fr", "0.045", "0,045\u00a0€"),
        ("fr", "1.125", "1,125\u00a0€"),
        ("fr", "1200.50", "1\u00a0200,50\u00a0€"),
    ],
)
def test_amounts_are_written_the_readers_way(language, amount, text):
    with translation.override(language):
        assert euros_text(Decimal(amount)) == text

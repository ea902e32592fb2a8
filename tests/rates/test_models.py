from decimal import Decimal

import pytest
from django.db import IntegrityError

from rates.models import ExperienceBand, RateReport
from tests.factories import RateReportFactory


@pytest.mark.parametrize(
    ("years", "band"),
    [(None, ""), (0, "0-2"), (1, "0-2"), (2, "2-5"), (4, "2-5"), (5, "5-10"), (9, "5-10"),
     (10, "10+"), (35, "10+")],
)  # fmt: skip
def test_experience_band_for_years(years, band):
    assert ExperienceBand.for_years(years) == band


@pytest.mark.django_db
def test_a_report_stores_its_experience_band():
    report = RateReportFactory(years_freelancing=7)
    report.refresh_from_db()
    assert report.experience_band == "5-10"
    report.years_freelancing = None
    report.save()
    report.refresh_from_db()
    assert report.experience_band == ""


@pytest.mark.django_db
def test_one_report_per_member_service_unit_and_year():
    report = RateReportFactory()
    with pytest.raises(IntegrityError):
        RateReportFactory(
            member=report.member, service=report.service, unit=report.unit, year=report.year
        )


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1"), Decimal("1000000.01")])
def test_the_database_refuses_amounts_out_of_bounds(amount):
    with pytest.raises(IntegrityError):
        RateReportFactory(amount=amount)


@pytest.mark.django_db
def test_the_database_refuses_years_before_2000():
    with pytest.raises(IntegrityError):
        RateReportFactory(year=1999)


@pytest.mark.django_db
def test_deleting_a_member_deletes_their_reports():
    report = RateReportFactory()
    report.member.delete()
    assert not RateReport.objects.filter(pk=report.pk).exists()

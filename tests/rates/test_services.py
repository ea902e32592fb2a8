"""Saving, replacing, changing and deleting a report; the limits; the outlier rule and the
moderators' review."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from moderation.models import ModerationAction
from rates import services
from rates.models import RateReport, RateReportSave
from rates.rules import SAVES_PER_DAY, SAVES_PER_DAY_NEW_ACCOUNT
from rates.selectors import CutFilters, cut_figures
from rates.services import (
    rate_report_delete,
    rate_report_remove,
    rate_report_restore,
    rate_report_save,
    rate_report_update,
)
from tests.factories import MemberFactory, RateReportFactory, ServiceFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def veteran(db):
    """Claire, a member for a year: past the hold on new accounts."""
    return MemberFactory(username="claire", date_joined=timezone.now() - timedelta(days=365))


@pytest.fixture
def service(db):
    return ServiceFactory(default_unit="article")


def save(member, service, amount, **changes):
    values = {
        "unit": service.default_unit,
        "year": THIS_YEAR,
        "years_freelancing": 3,
        "region": "ara",
        "legal_status": "micro",
        "client_type": "agency",
        "client_source": "direct",
        **changes,
    }
    return rate_report_save(member=member, service=service, amount=Decimal(str(amount)), **values)


def test_a_save_creates_a_published_report(veteran, service):
    report = save(veteran, service, "120.50", years_freelancing=12)
    report.refresh_from_db()
    assert (report.member, report.service, report.unit, report.year) == (
        veteran,
        service,
        "article",
        THIS_YEAR,
    )
    assert report.amount == Decimal("120.50")
    assert report.status == RateReport.Status.PUBLISHED
    assert report.experience_band == "10+"
    assert RateReportSave.objects.filter(member=veteran).count() == 1


def test_saving_the_same_service_unit_and_year_again_replaces_the_report(veteran, service):
    first = save(veteran, service, 100)
    again = save(veteran, service, 140, region="idf")
    other_year = save(veteran, service, 90, year=THIS_YEAR - 1)
    other_unit = save(veteran, service, 0.12, unit="word")

    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.amount, again.region) == (Decimal("140.00"), "idf")
    assert len({first.pk, other_year.pk, other_unit.pk}) == 3
    assert RateReport.objects.filter(member=veteran).count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "0"}, "amount", "Enter an amount above 0 and up to 1,000,000"),
        ({"amount": "-5"}, "amount", "Enter an amount above 0 and up to 1,000,000"),
        ({"amount": "1000000.01"}, "amount", "Enter an amount above 0 and up to 1,000,000"),
        ({"amount": "12.3456"}, "amount", "no more than 3 decimal places"),
        ({"year": THIS_YEAR + 1}, "year", "Enter a year from"),
        ({"year": THIS_YEAR - 3}, "year", "Enter a year from"),
        ({"years_freelancing": 61}, "years_freelancing", "from 0 to 60"),
        ({"client_type": "friend"}, "client_type", "is not a valid choice"),
        ({"client_source": ""}, "client_source", "cannot be blank"),
        ({"unit": "minute"}, "unit", "is not a valid choice"),
        ({"region": "atlantis"}, "region", "is not a valid choice"),
    ],
)
def test_invalid_values_are_refused_with_a_message_on_their_field(
    veteran, service, changes, field, message
):
    changes = dict(changes)
    amount = changes.pop("amount", "100")
    with pytest.raises(ValidationError) as error:
        save(veteran, service, amount, **changes)
    assert message in " ".join(error.value.message_dict[field])
    assert not RateReport.objects.exists()
    assert not RateReportSave.objects.exists()


def test_a_service_no_longer_offered_is_refused(veteran):
    retired = ServiceFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        save(veteran, retired, 100)
    assert "service" in error.value.message_dict


def test_a_suspended_member_may_not_report(service):
    suspended = MemberFactory(suspended_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        save(suspended, service, 100)


def test_members_save_twenty_rates_a_day(veteran):
    for index in range(SAVES_PER_DAY):
        save(veteran, ServiceFactory(), 100 + index)
    with pytest.raises(ValidationError) as error:
        save(veteran, ServiceFactory(), 100)
    assert error.value.code == "limit"
    assert error.value.messages == ["You may save 20 rates a day. Please come back tomorrow."]
    # Saves of more than a day ago no longer count.
    RateReportSave.objects.filter(member=veteran).update(
        saved_at=timezone.now() - timedelta(hours=25)
    )
    save(veteran, ServiceFactory(), 100)


def test_new_accounts_save_five_rates_a_day_and_replacing_counts(service):
    newcomer = MemberFactory(date_joined=timezone.now() - timedelta(days=2))
    for index in range(SAVES_PER_DAY_NEW_ACCOUNT):
        save(newcomer, service, 100 + index)
    with pytest.raises(ValidationError) as error:
        save(newcomer, service, 200)
    assert error.value.messages == [
        "New accounts may save 5 rates a day. Please come back tomorrow."
    ]
    assert RateReport.objects.get(member=newcomer).amount == Decimal("104.00")


def test_only_the_author_changes_or_deletes_a_report(veteran, service, other_member):
    report = save(veteran, service, 100)
    with pytest.raises(PermissionDenied):
        rate_report_update(member=other_member, report=report, amount=Decimal(1))
    with pytest.raises(PermissionDenied):
        rate_report_delete(member=other_member, report=report)
    report.refresh_from_db()
    assert report.amount == Decimal("100.00")

    changed = rate_report_update(
        member=veteran, report=report, amount=Decimal("110"), client_type="sme"
    )
    changed.refresh_from_db()
    assert (changed.amount, changed.client_type, changed.region) == (
        Decimal("110.00"),
        "sme",
        "ara",
    )
    rate_report_delete(member=veteran, report=report)
    assert not RateReport.objects.filter(pk=report.pk).exists()


def test_an_update_onto_another_report_of_the_member_is_refused(veteran, service):
    this_year = save(veteran, service, 100)
    save(veteran, service, 90, year=THIS_YEAR - 1)
    with pytest.raises(ValidationError) as error:
        rate_report_update(member=veteran, report=this_year, year=THIS_YEAR - 1)
    assert error.value.code == "duplicate"
    with pytest.raises(ValidationError):
        rate_report_update(member=veteran, report=this_year, amount=Decimal(0))
    with pytest.raises(TypeError):
        rate_report_update(member=veteran, report=this_year, status="published")


# --- Outliers --------------------------------------------------------------------------------

# Median 100, median absolute deviation 5: one robust deviation is 1.4826 × 5 = 7.413 €.
OTHERS = [90, 95, 95, 100, 100, 100, 100, 105, 105, 110]


@pytest.fixture
def peers(service):
    return [
        RateReportFactory(service=service, unit="article", amount=Decimal(amount))
        for amount in OTHERS
    ]


@pytest.mark.parametrize(
    ("amount", "status"),
    [
        ("125.20", "published"),  # 3.40 robust deviations above the median
        ("126.69", "review"),  # 3.60 above
        ("74.80", "published"),  # 3.40 below
        ("73.31", "review"),  # 3.60 below
    ],
)
def test_a_report_far_from_the_others_waits_for_a_moderator(
    veteran, service, peers, amount, status
):
    report = save(veteran, service, amount)
    assert report.status == status
    figures = cut_figures(service=service, unit="article", filters=CutFilters())
    assert figures.members == (11 if status == "published" else 10)


def test_the_outlier_rule_needs_ten_other_reports(veteran, service, peers):
    peers[0].delete()
    assert save(veteran, service, 1000).status == RateReport.Status.PUBLISHED


def test_when_most_amounts_are_equal_the_mean_deviation_stands_in(veteran, service):
    for amount in [400] * 7 + [450] * 5:
        RateReportFactory(service=service, unit="article", amount=Decimal(amount))
    # Mean absolute deviation 250 / 12, × 1.2533: 26.11 €; 3.5 of them: 91.38 €.
    assert save(veteran, service, 490).status == RateReport.Status.PUBLISHED
    assert save(veteran, service, 492).status == RateReport.Status.REVIEW


def test_a_moderator_restores_a_report_and_it_is_not_flagged_again(
    veteran, service, peers, moderator
):
    report = save(veteran, service, 300)
    assert report.status == RateReport.Status.REVIEW

    restored = rate_report_restore(moderator=moderator, report=report, reason="Real figure")
    restored.refresh_from_db()
    assert restored.status == RateReport.Status.PUBLISHED
    assert restored.reviewed_by == moderator and restored.reviewed_at is not None
    action = ModerationAction.objects.get()
    assert (action.actor, action.kind, action.member, action.target, action.reason) == (
        moderator,
        ModerationAction.Kind.APPROVE,
        veteran,
        restored,
        "Real figure",
    )
    assert cut_figures(service=service, unit="article", filters=CutFilters()).members == 11

    # Saved again with the same amount (a new region), it stays counted.
    assert save(veteran, service, 300, region="idf").status == RateReport.Status.PUBLISHED
    # A new amount is judged afresh.
    again = rate_report_update(member=veteran, report=restored, amount=Decimal(310))
    assert again.status == RateReport.Status.REVIEW and again.reviewed_by is None


def test_a_moderator_removes_a_report(veteran, service, peers, moderator):
    report = save(veteran, service, 300)
    removed = rate_report_remove(moderator=moderator, report=report)
    removed.refresh_from_db()
    assert removed.status == RateReport.Status.REMOVED
    assert ModerationAction.objects.get().kind == ModerationAction.Kind.HIDE
    # Saved again as it was, it stays out; removing twice does nothing more.
    assert save(veteran, service, 300).status == RateReport.Status.REMOVED
    rate_report_remove(moderator=moderator, report=removed)
    rate_report_restore(moderator=moderator, report=removed)
    removed.refresh_from_db()
    assert removed.status == RateReport.Status.REMOVED
    assert ModerationAction.objects.count() == 1


def test_members_may_not_review_reports(veteran, service, peers, other_member):
    report = save(veteran, service, 300)
    with pytest.raises(PermissionDenied):
        rate_report_restore(moderator=other_member, report=report)
    with pytest.raises(PermissionDenied):
        rate_report_remove(moderator=veteran, report=report)
    report.refresh_from_db()
    assert report.status == RateReport.Status.REVIEW
    assert not ModerationAction.objects.exists()


def test_staff_with_the_review_permission_review_reports(veteran, service, peers):
    reviewer = MemberFactory(is_staff=True)
    reviewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="rates", codename="review_ratereport")
    )
    assert services.can_review(reviewer)
    report = save(veteran, service, 300)
    rate_report_restore(moderator=reviewer, report=report)
    report.refresh_from_db()
    assert report.status == RateReport.Status.PUBLISHED

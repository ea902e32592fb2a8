"""The review queue in the admin: only reports in review, each read-only, restored or removed by
actions that go through rates.services; no admin page shows a published report."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from moderation.models import ModerationAction
from rates.models import RateReport
from tests.factories import MemberFactory, RateReportFactory, ServiceFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:rates_ratereport_changelist")
SERVICES = reverse("admin:rates_service_changelist")


def change_page(report):
    return reverse("admin:rates_ratereport_change", args=[report.pk])


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def service(db):
    return ServiceFactory(default_unit="day")


@pytest.fixture
def queue(service):
    """Five published reports, two in review, one removed."""
    published = [RateReportFactory(service=service, amount=Decimal(400 + 10 * i)) for i in range(5)]
    review = [
        RateReportFactory(service=service, amount=Decimal(amount), status="review")
        for amount in (4000, 9)
    ]
    removed = RateReportFactory(service=service, amount=Decimal(7777), status="removed")
    return published, review, removed


def test_the_queue_lists_only_reports_in_review(moderator_client, queue):
    _published, review, _removed = queue
    response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert listed == set(review)
    page = response.text
    # Amounts in the moderator's language (French).
    assert "4000,00" in page and "7777" not in page and "400,00" not in page
    # The median the reports were compared with: that of the published ones.
    assert "420,00" in page


def test_no_admin_page_shows_a_published_or_removed_report(moderator_client, queue):
    published, _review, removed = queue
    for report in [*published, removed]:
        response = moderator_client.get(change_page(report), follow=True)
        assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("admin:index")
        assert str(report.amount) not in response.text


def test_a_report_in_review_is_shown_read_only(moderator_client, queue):
    _published, review, _removed = queue
    response = moderator_client.get(change_page(review[0]))
    assert response.status_code == 200
    page = response.text
    assert "4000" in page
    for field in ["amount", "year", "service", "status", "unit", "region"]:
        assert f'name="{field}"' not in page
    assert 'name="_save"' not in page
    # Posting the form changes nothing.
    moderator_client.post(change_page(review[0]), {"amount": "400", "status": "published"})
    review[0].refresh_from_db()
    assert (review[0].amount, review[0].status) == (Decimal("4000.00"), "review")


def test_no_report_is_added_or_deleted_in_the_admin(moderator_client, admin_client, queue):
    _published, review, _removed = queue
    assert moderator_client.get(reverse("admin:rates_ratereport_add")).status_code == 403
    delete = reverse("admin:rates_ratereport_delete", args=[review[0].pk])
    assert moderator_client.post(delete, {"post": "yes"}).status_code == 403
    assert RateReport.objects.filter(pk=review[0].pk).exists()
    response = moderator_client.get(QUEUE)
    assert "delete_selected" not in response.text


def test_moderators_restore_and_remove_reports_from_the_list(moderator_client, moderator, queue):
    _published, review, _removed = queue
    restored, removed = review
    response = moderator_client.post(
        QUEUE, {"action": "restore", ACTION_CHECKBOX_NAME: [restored.pk]}, follow=True
    )
    assert "1 déclaration de nouveau prise en compte dans les chiffres." in response.text
    response = moderator_client.post(
        QUEUE, {"action": "remove", ACTION_CHECKBOX_NAME: [removed.pk]}, follow=True
    )
    assert "1 déclaration retirée." in response.text
    restored.refresh_from_db()
    removed.refresh_from_db()
    assert (restored.status, restored.reviewed_by) == ("published", moderator)
    assert (removed.status, removed.reviewed_by) == ("removed", moderator)
    assert list(
        ModerationAction.objects.order_by("pk").values_list("kind", "actor", "target_id")
    ) == [
        (ModerationAction.Kind.APPROVE, moderator.pk, restored.pk),
        (ModerationAction.Kind.HIDE, moderator.pk, removed.pk),
    ]
    assert list(moderator_client.get(QUEUE).context["cl"].result_list) == []


def test_a_report_is_reviewed_from_its_own_page(moderator_client, queue):
    _published, review, _removed = queue
    response = moderator_client.post(
        change_page(review[1]),
        {"CHANGE_FORM-action": "remove", ACTION_CHECKBOX_NAME: [review[1].pk]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == QUEUE
    assert "1 déclaration retirée." in response.text
    review[1].refresh_from_db()
    assert review[1].status == "removed"


def test_members_and_staff_without_the_permission_have_no_queue(client, queue):
    _published, review, _removed = queue
    member = MemberFactory()
    client.force_login(member)
    assert client.get(QUEUE).status_code == 302  # to the admin's sign-in
    staff = MemberFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(QUEUE).status_code == 403
    client.post(QUEUE, {"action": "restore", ACTION_CHECKBOX_NAME: [review[0].pk]})
    review[0].refresh_from_db()
    assert review[0].status == "review"


def test_the_queue_runs_the_same_queries_whatever_its_length(
    moderator_client, service, django_assert_max_num_queries
):
    for amount in (400, 410, 420, 430, 440):
        RateReportFactory(service=service, amount=Decimal(amount))
    RateReportFactory(service=service, amount=Decimal(5000), status="review")
    moderator_client.get(QUEUE)  # the session and permissions, read once
    cache.clear()  # the figures computed again, as after any change of a report
    with django_assert_max_num_queries(12) as few:
        moderator_client.get(QUEUE)
    for amount in range(6000, 6010):
        RateReportFactory(service=ServiceFactory(), amount=Decimal(amount), status="review")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = moderator_client.get(QUEUE)
    assert len(response.context["cl"].result_list) == 11


def test_administrators_manage_the_services(admin_client, service):
    response = admin_client.get(SERVICES)
    assert response.status_code == 200
    assert service.name in response.text
    response = admin_client.get(reverse("admin:rates_service_add"))
    assert 'name="name_fr"' in response.text and 'name="name_en"' in response.text

"""The moderation queue in the admin: moderators see open reports, hide content or dismiss."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Recommendation, Trade
from moderation.models import ModerationAction, Report
from moderation.services import report_create, reports_close
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:moderation_report_changelist")


@pytest.fixture
def moderator_en(moderator):
    moderator.language = "en"
    moderator.save(update_fields=["language"])
    return moderator


@pytest.fixture
def recommendation(member, other_member):
    """Karim's recommendation of Claire, which two members find abusive."""
    return Recommendation.objects.create(
        author=other_member, recipient=member, text="Contactez-moi sur mon site de paris."
    )


@pytest.fixture
def reports(member, recommendation):
    return [
        report_create(reporter=member, target=recommendation, reason="spam", note="Pub."),
        report_create(reporter=MemberFactory(), target=recommendation, reason="abuse"),
    ]


def run_action(client, action, reports):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in reports]},
        follow=True,
    )


def test_the_queue_lists_open_reports_first(moderator_client, moderator_en, reports, member):
    closed = report_create(reporter=MemberFactory(), target=member, reason="other")
    reports_close(
        reports=Report.objects.filter(pk=closed.pk),
        moderator=moderator_en,
        status=Report.Status.DISMISSED,
    )

    response = moderator_client.get(CHANGELIST, {"status__exact": "all"})

    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed[-1] == closed
    assert set(listed[:2]) == set(reports)
    page = response.content.decode()
    assert "Karim Benali recommends Claire Martin" in page  # the reported content, linked
    assert reverse("members:profile", args=["claire"]) in page

    # The queue opens on what waits; the other statuses are one filter away.
    for params in [{}, {"status__exact": "open"}]:
        response = moderator_client.get(CHANGELIST, params)
        assert set(response.context["cl"].result_list) == set(reports)
    dismissed = moderator_client.get(CHANGELIST, {"status__exact": "dismissed"})
    assert list(dismissed.context["cl"].result_list) == [closed]
    # Reports come from members, never from the admin.
    assert moderator_client.get(reverse("admin:moderation_report_add")).status_code == 403


def hide(client, reports, reason):
    """The hide action: the list's POST asks for the reason, the form's POST hides."""
    return client.post(
        CHANGELIST,
        {
            "action": "hide_reported_content",
            ACTION_CHECKBOX_NAME: [r.pk for r in reports],
            "reason": reason,
            "apply": "1",
        },
        follow=True,
    )


def test_hiding_a_reported_recommendation_resolves_its_reports_and_logs_it(
    client, moderator_client, moderator_en, reports, recommendation, member
):
    member.trades.add(Trade.objects.first())  # the directory lists profiles with a trade
    form = run_action(moderator_client, "hide_reported_content", reports[:1])
    assert form.context["form"]["reason"].value() == "Spam or advertising"

    response = hide(moderator_client, reports[:1], "Spam or advertising")

    assert response.status_code == 200
    assert "1 piece of content hidden." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.removed_at is not None
    # Every open report on the same content is closed, not only the selected one.
    for report in Report.objects.all():
        assert report.status == Report.Status.RESOLVED
        assert report.handled_by == moderator_en
        assert report.handled_at is not None
    action = ModerationAction.objects.get()
    assert action.kind == ModerationAction.Kind.HIDE
    assert action.actor == moderator_en
    assert action.target == recommendation
    assert action.member == recommendation.author
    assert action.reason == "Spam or advertising"

    # It is gone from the profile, for everyone including its recipient, and from the directory.
    for viewer in [None, member]:
        if viewer:
            client.force_login(viewer)
        profile = client.get(reverse("members:profile", args=["claire"]))
        assert "Contactez-moi" not in profile.content.decode()
        assert profile.context["recommendation_count"] == 0
        card = client.get(reverse("members:list"), {"q": "claire"}).context["page_obj"][0]
        assert card.recommendation_count == 0


def test_dismissing_reports_closes_them_and_logs_it(
    moderator_client, moderator_en, reports, recommendation
):
    response = run_action(moderator_client, "dismiss_reports", reports)

    assert "2 reports dismissed." in response.content.decode()
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    recommendation.refresh_from_db()
    assert recommendation.removed_at is None
    actions = ModerationAction.objects.all()
    assert [a.kind for a in actions] == [ModerationAction.Kind.DISMISS_REPORT] * 2
    assert {a.target for a in actions} == set(reports)
    assert {a.actor for a in actions} == {moderator_en}

    # Dismissing again changes and logs nothing.
    run_action(moderator_client, "dismiss_reports", reports)
    assert ModerationAction.objects.count() == 2


def test_content_without_a_hide_handler_is_left_alone_with_a_warning(
    moderator_client, moderator_en, other_member
):
    report = report_create(reporter=MemberFactory(), target=other_member, reason="other")

    response = hide(moderator_client, [report], "Spam")

    assert "has no content that can be hidden from here." in response.content.decode()
    assert "0 pieces of content hidden." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert not ModerationAction.objects.exists()


def test_plain_members_have_no_access_to_the_queue(member_client, reports):
    response = member_client.post(
        CHANGELIST, {"action": "dismiss_reports", ACTION_CHECKBOX_NAME: [reports[0].pk]}
    )

    assert response.status_code == 302
    assert Report.objects.filter(status=Report.Status.OPEN).count() == 2


def test_one_open_report_per_member_and_content(member, recommendation, moderator):
    report_create(reporter=member, target=recommendation, reason="spam")

    with pytest.raises(ValidationError):
        report_create(reporter=member, target=recommendation, reason="abuse")
    assert Report.objects.count() == 1

    # Once it is closed, the member may report the same content again.
    reports_close(reports=Report.objects.all(), moderator=moderator, status="dismissed")
    report_create(reporter=member, target=recommendation, reason="abuse")
    assert Report.objects.filter(status=Report.Status.OPEN).count() == 1


def test_the_moderation_log_is_read_only(moderator_client, reports, moderator):
    run_action(moderator_client, "dismiss_reports", reports)
    action = ModerationAction.objects.first()

    response = moderator_client.get(
        reverse("admin:moderation_moderationaction_change", args=[action.pk])
    )
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert (
        moderator_client.post(
            reverse("admin:moderation_moderationaction_delete", args=[action.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ModerationAction.objects.filter(pk=action.pk).exists()

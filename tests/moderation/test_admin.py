"""The moderators' admin: a report's own buttons, the queue opening on open reports, the count on
the admin's home, what members are told from there, and what moderators do not see."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from forums import services as forums_services
from forums.models import Category
from members.models import Recommendation
from moderation.models import ModerationAction, Report
from moderation.services import report_create
from notifications.models import Notification
from tests.factories import PASSWORD, MemberFactory
from tests.forums.conftest import add_replies, make_topic, seasoned

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:moderation_report_changelist")


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture
def moderator_client(client, moderator):
    """Sophie, reading the admin in English."""
    moderator.language = "en"
    moderator.save(update_fields=["language"])
    client.force_login(moderator)
    return client


@pytest.fixture
def spam(member, other_member):
    """Karim's reply in Claire's topic, full of advertising."""
    seasoned(member), seasoned(other_member)
    board = Category.objects.create(name="Tarifs", slug="tarifs-admin-moderation")
    topic = make_topic(author=member, category=board)
    [post] = add_replies(topic, 1, [other_member])
    return post


@pytest.fixture
def report(member, spam):
    return report_create(reporter=member, target=spam, reason="spam", note="Pub.")


def button_url(report, action: str) -> str:
    return reverse(f"admin:moderation_report_{action}", args=[report.pk])


# --- A report's own page ---------------------------------------------------------------------


def test_the_report_page_has_hide_warn_and_suspend_buttons(moderator_client, report):
    page = moderator_client.get(reverse("admin:moderation_report_change", args=[report.pk]))

    assert page.status_code == 200
    for action in ["hide", "warn", "suspend"]:
        assert f'href="{button_url(report, action)}"' in page.content.decode()


def test_hiding_from_the_report_page_with_the_moderators_reason(
    moderator_client, moderator, report, spam, other_member, django_capture_on_commit_callbacks
):
    form = moderator_client.get(button_url(report, "hide"))
    assert form.status_code == 200
    # Prefilled from the report's category, for the moderator to rewrite.
    assert form.context["form"]["reason"].value() == "Spam or advertising"
    # An empty reason is refused, with the form shown again.
    refused = moderator_client.post(button_url(report, "hide"), {"reason": " ", "apply": "1"})
    assert refused.status_code == 200 and refused.context["form"].errors
    spam.refresh_from_db()
    assert not spam.is_hidden

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            button_url(report, "hide"), {"reason": "Publicité hors sujet.", "apply": "1"}
        )

    assert response.status_code == 302
    assert response.url == reverse("admin:moderation_report_change", args=[report.pk])
    spam.refresh_from_db()
    report.refresh_from_db()
    assert spam.is_hidden and report.status == Report.Status.RESOLVED
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.HIDE)
    assert (action.actor, action.reason) == (moderator, "Publicité hors sujet.")
    # The author is told the moderator's words, not the reporter's category.
    [notification] = Notification.objects.filter(recipient=other_member)
    assert notification.excerpt == "Publicité hors sujet."


def test_warning_from_the_report_page_emails_and_notifies_with_a_link_to_the_post(
    moderator_client, report, spam, other_member, django_capture_on_commit_callbacks
):
    assert moderator_client.get(button_url(report, "warn")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            button_url(report, "warn"), {"message": "Pas de publicité ici.", "apply": "1"}
        )

    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [other_member.email]
    assert f"{settings.SITE_URL}{spam.get_absolute_url()}" in email.body
    [notification] = Notification.objects.filter(recipient=other_member)
    assert notification.url == spam.get_absolute_url()
    assert notification.excerpt == "Pas de publicité ici."
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED


def test_suspending_from_the_report_page_emails_the_member(
    moderator_client, report, other_member, django_capture_on_commit_callbacks
):
    until = timezone.localtime() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            button_url(report, "suspend"),
            {"reason": "Spam répété.", "until": until.strftime("%Y-%m-%dT%H:%M"), "apply": "1"},
        )

    assert response.status_code == 302
    other_member.refresh_from_db()
    assert other_member.is_suspended
    [email] = mail.outbox
    assert email.to == [other_member.email]
    assert "Spam répété." in email.body
    assert email.extra_headers["Reply-To"] == settings.MODERATION_EMAIL


def test_the_report_buttons_are_for_moderators_only(client, member, report, spam):
    client.force_login(member)
    for action in ["hide", "warn", "suspend"]:
        response = client.post(button_url(report, action), {"reason": "x", "apply": "1"})
        assert response.status_code == 302  # to the admin's sign-in
        assert response.url.startswith(reverse("admin:login"))
    # Staff without the moderators' rights cannot either.
    client.force_login(MemberFactory(is_staff=True))
    response = client.post(button_url(report, "hide"), {"reason": "x", "apply": "1"})
    assert response.status_code == 403
    spam.refresh_from_db()
    assert not spam.is_hidden
    assert not ModerationAction.objects.exists()
    assert moderator_get_404(client)


def moderator_get_404(client) -> bool:
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    return client.get(reverse("admin:moderation_report_hide", args=[999999])).status_code == 404


# --- The queue and the admin's home ----------------------------------------------------------


def test_the_queue_opens_on_open_reports(moderator_client, moderator, report, member):
    closed = report_create(reporter=MemberFactory(), target=member, reason="other")
    Report.objects.filter(pk=closed.pk).update(status=Report.Status.DISMISSED)

    assert list(moderator_client.get(CHANGELIST).context["cl"].result_list) == [report]
    everything = moderator_client.get(CHANGELIST, {"status__exact": "all"})
    assert set(everything.context["cl"].result_list) == {report, closed}


def test_the_queue_keeps_its_query_count_whatever_the_number_of_reports(
    moderator_client, spam, member, django_assert_num_queries
):
    """Reports of posts and of members' recommendations, 2 then 12: the same queries."""
    recommendation = Recommendation.objects.create(
        author=spam.author, recipient=member, text="Contactez-moi."
    )

    def report_more(count: int) -> None:
        for n in range(count):
            report_create(
                reporter=MemberFactory(), target=spam if n % 2 else recommendation, reason="spam"
            )

    report_more(2)
    moderator_client.get(CHANGELIST)  # the first page of a session notes the member's activity
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(CHANGELIST)
    report_more(10)
    with django_assert_num_queries(len(few)):
        response = moderator_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 12


def test_the_admin_home_says_how_many_reports_wait(moderator_client, report, spam):
    report_create(reporter=MemberFactory(), target=spam, reason="abuse")

    page = moderator_client.get(reverse("admin:index")).content.decode()

    assert "2 reports waiting" in page
    assert f'href="{CHANGELIST}?status__exact=open"' in page
    Report.objects.update(status=Report.Status.RESOLVED)
    assert "No report waiting" in moderator_client.get(reverse("admin:index")).content.decode()


def test_the_report_list_shows_short_excerpts(moderator_client, member, spam):
    forums_services.post_edit(editor=spam.author, post=spam, body="Achetez " * 100)
    report_create(reporter=member, target=spam, reason="spam")

    page = moderator_client.get(CHANGELIST).content.decode()

    # The start of the text, cut with an ellipsis, not 160 characters of it.
    assert "Achetez " * 10 in page and "Achetez " * 12 not in page
    assert "Achetez A…" in page


# --- Names the admin shows -------------------------------------------------------------------


def test_the_admin_names_are_translated_and_count_naturally():
    with translation.override("en"):
        assert str(Report._meta.get_field("target_type").verbose_name) == "kind of content"
        assert str(Report._meta.get_field("target_id").verbose_name) == "content number"
        assert str(ModerationAction._meta.verbose_name_plural) == "moderation log entries"


OUR_APPS = {"members", "forums", "events", "moderation", "notifications", "legal"}


def test_every_plural_of_the_admin_can_be_translated_as_a_plural():
    """“5 série d’événements”: a plural that reads like its singular in English shares its
    msgid, so French gets the singular. Such a plural is marked ``pgettext_lazy("plural", …)``."""
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in OUR_APPS:
            continue
        with translation.override("en"):
            same_words = str(opts.verbose_name) == str(opts.verbose_name_plural)
        if same_words:
            # The lazy string's arguments: (context, message) for pgettext_lazy.
            assert getattr(opts.verbose_name_plural, "_args", ())[:1] == ("plural",), opts.label


# --- What moderators see of a member ---------------------------------------------------------


def test_moderators_never_see_the_password_and_superusers_only_its_reset_link(
    client, moderator, other_member, admin_user
):
    url = reverse("admin:members_member_change", args=[other_member.pk])
    password_url = reverse("admin:auth_user_password_change", args=[other_member.pk])

    # The tests' hasher is MD5: Django's widget would show “algorithm: md5, salt: ab****…”.
    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert "<bdi>md5</bdi>" not in page
    assert password_url not in page and "../password/" not in page

    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "<bdi>md5</bdi>" not in page
    assert f'href="{password_url}"' in page


def test_the_suspended_page_says_how_to_answer_the_moderators(client, other_member):
    other_member.language = "en"
    other_member.suspended_at = timezone.now()
    other_member.suspension_reason = "Spam."
    other_member.save()

    response = client.post(
        reverse("account_login"), {"login": other_member.email, "password": PASSWORD}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert f'href="{reverse("legal:contact")}"' in page
    assert "the e-mail the moderators sent you when they suspended your account" in page


def test_suspending_from_the_members_list_emails_the_member(
    moderator_client, other_member, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:members_member_changelist")
    selection = {"action": "suspend_members", ACTION_CHECKBOX_NAME: [other_member.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            changelist, {**selection, "apply": "1", "reason": "Harcèlement.", "until": ""}
        )

    [email] = mail.outbox
    assert email.to == [other_member.email]
    assert "Harcèlement." in email.body

"""What members are told when moderators act: a suspension by e-mail, a warning by e-mail and
under the bell, a hidden post with the moderator's own reason."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from forums import services as forums_services
from forums.models import Category
from members.services import member_suspend
from moderation.models import ModerationAction
from moderation.services import member_warn
from notifications.models import Kind, Notification
from tests.forums.conftest import add_replies, make_topic, seasoned

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture
def reply(member, other_member):
    """Karim's reply in Claire's topic."""
    seasoned(member), seasoned(other_member)
    board = Category.objects.create(name="Tarifs", slug="tarifs-moderation")
    topic = make_topic(author=member, category=board)
    [post] = add_replies(topic, 1, [other_member])
    return post


def test_a_suspended_member_gets_an_email_saying_why_until_when_and_whom_to_answer(
    moderator, other_member, django_capture_on_commit_callbacks
):
    other_member.language, other_member.timezone = "fr", "America/Montreal"
    other_member.save(update_fields=["language", "timezone"])
    until = datetime(2030, 3, 14, 23, 30, tzinfo=timezone.UTC)

    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(
            moderator=moderator, member=other_member, reason="Publicité répétée.", until=until
        )

    [email] = mail.outbox
    assert email.to == [other_member.email]
    assert email.extra_headers["Reply-To"] == settings.MODERATION_EMAIL
    assert "Publicité répétée." in email.body
    # The end in the member's own timezone (19 h 30 in Montreal) and language.
    assert "jeudi 14 mars 2030, 19\u00a0h\u00a030" in email.body
    # Answering the e-mail reaches the moderators; so does the contact page.
    contact = f"{settings.SITE_URL}{reverse('legal:contact')}"
    assert contact in email.body
    html = email.alternatives[0][0]
    assert f'href="{contact}"' in html
    assert "Publicité répétée." in html


def test_a_suspension_without_an_end_says_so_and_nothing_is_sent_when_it_is_refused(
    moderator, other_member, admin_user, django_capture_on_commit_callbacks
):
    other_member.language = "en"
    other_member.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(moderator=moderator, member=other_member, reason="Harassment.")
    [email] = mail.outbox
    assert "until a moderator lifts the suspension" in email.body

    mail.outbox.clear()
    with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
        member_suspend(moderator=moderator, member=admin_user, reason="No.")
    assert mail.outbox == []


def test_a_warning_links_to_the_post_by_email_and_under_the_bell(
    moderator, other_member, reply, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_warn(
            moderator=moderator, member=other_member, message="Pas de publicité.", target=reply
        )

    # One e-mail, the warning's own: the notification is not e-mailed a second time.
    [email] = mail.outbox
    link = f"{settings.SITE_URL}{reply.get_absolute_url()}"
    assert link in email.body
    assert f'href="{link}"' in email.alternatives[0][0]
    assert email.extra_headers["Reply-To"] == settings.MODERATION_EMAIL
    [notification] = Notification.objects.filter(recipient=other_member)
    assert notification.kind == Kind.MODERATION
    assert notification.url == reply.get_absolute_url()
    assert notification.excerpt == "Pas de publicité."
    assert str(reply.topic) in notification.title
    assert notification.emailed_at is None


def test_a_hidden_post_tells_its_author_the_moderators_reason(
    moderator, other_member, reply, django_capture_on_commit_callbacks
):
    seasoned(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        forums_services.post_hide(
            moderator=moderator, post=reply, reason="Lien commercial retiré, merci."
        )

    action = ModerationAction.objects.get(kind=ModerationAction.Kind.HIDE)
    assert action.reason == "Lien commercial retiré, merci."
    [notification] = Notification.objects.filter(recipient=other_member)
    assert notification.excerpt == "Lien commercial retiré, merci."


def test_the_suspension_email_goes_out_only_once_committed(
    moderator, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_suspend(
            moderator=moderator,
            member=other_member,
            reason="Spam.",
            until=timezone.now() + timedelta(days=2),
        )
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1

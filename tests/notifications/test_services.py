"""notify and its e-mail: who gets what, on which channel, in which language, exactly once."""

from datetime import timedelta
from smtplib import SMTPException
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.tasks import default_task_backend
from django.utils import timezone, translation
from django.utils.translation import gettext

from members import services as members_services
from notifications import selectors, services
from notifications.models import (
    DEFAULT_CHANNELS,
    BouncedAddress,
    Channel,
    Kind,
    Notification,
    Preference,
)
from tests.factories import CategoryFactory

from .conftest import published, reply_publish, topic_publish

pytestmark = pytest.mark.django_db


def tell(recipient, *, kind=Kind.MENTION, actor=None, **fields) -> Notification | None:
    """notify() as a receiver calls it, with what it leaves for after commit run at once."""
    fields = {"title": "Karim mentioned you", "url": "/forums/p/1/", **fields}
    with published():
        return services.notify(recipient=recipient, kind=kind, actor=actor, **fields)


def failing_send(self, fail_silently=False):
    raise SMTPException("451 Temporary failure")


# --- Who is told -----------------------------------------------------------------------------


def test_notify_makes_one_unread_notification(member, other_member, mailoutbox):
    notification = tell(member, actor=other_member, excerpt="Bonjour @claire")

    assert notification == Notification.objects.get()
    assert (notification.recipient, notification.actor, notification.kind) == (
        member,
        other_member,
        Kind.MENTION,
    )
    assert notification.excerpt == "Bonjour @claire"
    assert notification.read_at is None
    assert selectors.unread_count(member) == 1


def test_notify_never_tells_the_actor(member, mailoutbox):
    assert tell(member, actor=member) is None
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_suspended_and_deleted_members_get_no_notification_and_no_email(
    member, other_member, moderator, mailoutbox
):
    members_services.member_suspend(moderator=moderator, member=member, reason="Spam.")
    members_services.member_account_delete(member=other_member)

    assert tell(member) is None
    assert tell(other_member) is None
    assert (
        services.notify_many(
            recipients=[member, other_member], kind=Kind.REPLY, title="Reply", url="/"
        )
        == []
    )
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_member_whose_suspension_has_ended_is_told_again(member, moderator):
    members_services.member_suspend(
        moderator=moderator, member=member, reason="Spam.", until=timezone.now() + timedelta(days=1)
    )
    member.suspended_at -= timedelta(days=2)
    member.suspended_until -= timedelta(days=2)
    member.save(update_fields=["suspended_at", "suspended_until"])

    assert tell(member) is not None


def test_notify_many_tells_each_member_once_but_not_the_actor(
    member, other_member, third_member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # One INSERT, one read of the preferences.
        notifications = services.notify_many(
            recipients=[member, other_member, member, third_member],
            kind=Kind.REPLY,
            actor=third_member,
            title="New reply",
            url="/forums/p/1/",
        )

    assert len(notifications) == 2
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["claire", "karim"]


# --- Preferences -----------------------------------------------------------------------------


def test_a_member_starts_with_the_default_channels(member):
    assert selectors.channels_of(member) == {kind.value: DEFAULT_CHANNELS[kind] for kind in Kind}
    assert set(DEFAULT_CHANNELS) == set(Kind)
    # What concerns the member directly comes at once; the boards' chatter waits for a digest.
    assert DEFAULT_CHANNELS[Kind.MENTION] == Channel.IMMEDIATE
    assert DEFAULT_CHANNELS[Kind.REPLY] == Channel.DAILY
    assert DEFAULT_CHANNELS[Kind.LIKE] == Channel.WEEKLY


def test_preferences_set_changes_only_the_kinds_named(member):
    services.preferences_set(member=member, channels={Kind.LIKE: Channel.NEVER})
    services.preferences_set(
        member=member, channels={Kind.LIKE: Channel.IMMEDIATE, Kind.REPLY: Channel.WEEKLY}
    )

    channels = selectors.channels_of(member)
    assert channels[Kind.LIKE] == Channel.IMMEDIATE
    assert channels[Kind.REPLY] == Channel.WEEKLY
    assert channels[Kind.MENTION] == DEFAULT_CHANNELS[Kind.MENTION]
    assert Preference.objects.filter(member=member).count() == 2


@pytest.mark.parametrize(
    ("kind", "channel", "emailed"),
    [
        (Kind.MENTION, None, True),  # Immediate by default.
        (Kind.REPLY, None, False),  # Daily by default.
        (Kind.MENTION, Channel.NEVER, False),
        (Kind.MENTION, Channel.WEEKLY, False),
        (Kind.REPLY, Channel.IMMEDIATE, True),
        (Kind.LIKE, Channel.DAILY, False),
    ],
)
def test_only_kinds_on_the_immediate_channel_are_emailed_at_once(
    member, other_member, mailoutbox, kind, channel, emailed
):
    if channel:
        services.preferences_set(member=member, channels={kind: channel})

    notification = tell(member, kind=kind, actor=other_member)

    assert len(mailoutbox) == (1 if emailed else 0)
    notification.refresh_from_db()
    assert (notification.emailed_at is not None) == emailed


# --- The e-mail ------------------------------------------------------------------------------


def test_an_immediate_email_has_a_text_and_an_html_part_and_one_click_unsubscribe(
    member, other_member, mailoutbox
):
    notification = tell(
        member, actor=other_member, title="Karim mentioned you in “Rates”",
        excerpt="Ask @claire", url="/forums/p/7/",
    )  # fmt: skip

    [email] = mailoutbox
    assert isinstance(email, EmailMultiAlternatives)
    assert email.to == [member.email]
    assert email.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Karim mentioned you in “Rates”"
    assert "Hello Claire Martin," in email.body
    assert f"{settings.SITE_URL}/forums/p/7/" in email.body
    assert "Ask @claire" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'href="{settings.SITE_URL}/forums/p/7/"' in html

    message = email.message()
    # The link is signed with the time it was made: read it from the message, then decode it.
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in email.body
    assert unsubscribe in html
    assert services.unsubscribe_read(urlsplit(unsubscribe).path.split("/")[-2]) == (
        member.pk,
        Kind.MENTION,
    )
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.email_attempts == 1
    assert notification.read_at is None, "e-mailing is not reading"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_email_is_in_the_members_language(member, other_member, mailoutbox, language):
    """Karim mentions Claire from a page in the other language: she reads it in her own."""
    member.language = language
    member.save(update_fields=["language"])
    topic_language = "fr" if language == "en" else "en"
    category = CategoryFactory()
    topic = topic_publish(author=other_member, category=category)
    with translation.override(topic_language):
        reply_publish(author=other_member, topic=topic, body="Qu'en dis-tu, @claire ?")

    [email] = mailoutbox
    with translation.override(language):
        title = gettext("%(name)s mentioned you in “%(topic)s”") % {
            "name": "Karim Benali", "topic": topic.title,
        }  # fmt: skip
        hello = gettext("Hello %(name)s,") % {"name": "Claire Martin"}
    assert email.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{title}"
    assert email.body.startswith(hello)
    [(html, _mimetype)] = email.alternatives
    assert f'<html lang="{language}">' in html
    assert hello in html


def test_attachments_travel_with_the_email(member, mailoutbox):
    tell(member, kind=Kind.EVENT_CHANGED, email_attachments=[
        ("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
    ])  # fmt: skip

    [email] = mailoutbox
    [attachment] = email.attachments
    assert attachment.filename == "event.ics"
    assert attachment.mimetype == "text/calendar"
    assert "BEGIN:VCALENDAR" in str(attachment.content)


def test_a_grouped_notification_is_emailed_once(member, other_member, third_member, mailoutbox):
    services.preferences_set(member=member, channels={Kind.LIKE: Channel.IMMEDIATE})

    for liker in (other_member, third_member):
        tell(member, kind=Kind.LIKE, actor=liker, group_key="like:7")

    assert Notification.objects.get().actor_count == 2
    assert len(mailoutbox) == 1


# --- Exactly once, and never lost ------------------------------------------------------------


def test_sending_one_notification_twice_sends_one_email(member, mailoutbox):
    notification = tell(member, kind=Kind.REPLY)  # Daily: not sent at once.
    assert mailoutbox == []

    assert services.notification_email_send(notification_id=notification.pk, attachments=[])
    assert not services.notification_email_send(notification_id=notification.pk, attachments=[])
    services.deliver_notification.enqueue(notification_id=notification.pk)

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_a_failing_send_keeps_the_notification_and_a_later_attempt_sends_it(
    member, mailoutbox, monkeypatch
):
    monkeypatch.setattr(EmailMultiAlternatives, "send", failing_send)

    notification = tell(member)

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert notification.read_at is None
    assert notification.email_attempts == 1
    assert selectors.unread_count(member) == 1

    assert not services.notification_email_send(notification_id=notification.pk, attachments=[])
    monkeypatch.undo()
    assert services.notification_email_send(notification_id=notification.pk, attachments=[])

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.email_attempts == 3


def test_a_failing_send_is_tried_again_later_where_the_task_backend_can_defer(
    member, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    notification = tell(member)
    [first] = default_task_backend.results
    assert first.task.func is services.deliver_notification.func
    assert first.kwargs["notification_id"] == notification.pk

    monkeypatch.setattr(EmailMultiAlternatives, "send", failing_send)
    before = timezone.now()
    with published():
        services.notification_email_send(notification_id=notification.pk, attachments=[])

    [_first, retry] = default_task_backend.results
    assert retry.kwargs["notification_id"] == notification.pk
    assert retry.task.run_after >= before + services.RETRY_DELAYS[0]

    # After the last attempt, the notification waits on the site only.
    Notification.objects.filter(pk=notification.pk).update(
        email_attempts=services.MAX_EMAIL_ATTEMPTS - 1
    )
    with published():
        services.notification_email_send(notification_id=notification.pk, attachments=[])
    assert len(default_task_backend.results) == 2
    assert Notification.objects.get().email_attempts == services.MAX_EMAIL_ATTEMPTS


def test_a_bouncing_address_gets_no_email_but_keeps_its_notifications(member, mailoutbox):
    BouncedAddress.objects.create(email=member.email.upper(), reason="550 No such user")

    notification = tell(member)

    assert mailoutbox == []
    assert Notification.objects.get() == notification
    assert selectors.unread_count(member) == 1
    assert not services.notification_email_send(notification_id=notification.pk, attachments=[])


def test_a_member_suspended_before_the_email_leaves_gets_none(member, moderator, mailoutbox):
    notification = tell(member, kind=Kind.REPLY)
    members_services.member_suspend(moderator=moderator, member=member, reason="Spam.")

    assert not services.notification_email_send(notification_id=notification.pk, attachments=[])
    assert mailoutbox == []


# --- Unsubscribe tokens ----------------------------------------------------------------------


def test_an_unsubscribe_token_names_its_member_and_kind_and_cannot_be_forged(member):
    token = services.unsubscribe_token(member, Kind.LIKE)

    assert services.unsubscribe_read(token) == (member.pk, Kind.LIKE)
    assert services.unsubscribe_read(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is None
    assert services.unsubscribe_read("not-a-token") is None
    forged = signing.dumps({"m": member.pk, "k": Kind.LIKE}, salt="another.salt", compress=True)
    assert services.unsubscribe_read(forged) is None
    unknown = signing.dumps(
        {"m": member.pk, "k": "everything"}, salt=services.UNSUBSCRIBE_SALT, compress=True
    )
    assert services.unsubscribe_read(unknown) is None


def test_unsubscribing_from_a_kind_stops_that_kind_only(member):
    services.unsubscribe_apply(member=member, key=Kind.MENTION)

    channels = selectors.channels_of(member)
    assert channels[Kind.MENTION] == Channel.NEVER
    assert {kind: channel for kind, channel in channels.items() if kind != Kind.MENTION} == {
        kind.value: DEFAULT_CHANNELS[kind] for kind in Kind if kind != Kind.MENTION
    }


@pytest.mark.parametrize("period", [Channel.DAILY, Channel.WEEKLY])
def test_unsubscribing_from_a_digest_stops_every_kind_it_gathers(member, period):
    services.preferences_set(member=member, channels={Kind.SOLUTION: period})
    gathered = {
        kind for kind, channel in selectors.channels_of(member).items() if channel == period
    }
    assert Kind.SOLUTION in gathered

    services.unsubscribe_apply(member=member, key=f"digest:{period}")

    channels = selectors.channels_of(member)
    assert {kind for kind in gathered if channels[kind] != Channel.NEVER} == set()
    assert period not in channels.values()
    assert channels[Kind.MENTION] == Channel.IMMEDIATE


# --- Reading ---------------------------------------------------------------------------------


def test_marking_read_touches_only_the_members_own_notifications(member, other_member):
    mine = [tell(member, title=f"n°{i}") for i in range(3)]
    theirs = tell(other_member)

    assert services.notifications_mark_read(member=member, notification_ids=[mine[0].pk]) == 1
    assert services.notifications_mark_read(member=member, notification_ids=[theirs.pk]) == 0
    assert selectors.unread_count(member) == 2
    assert services.notifications_mark_read(member=member) == 2
    assert selectors.unread_count(member) == 0
    assert selectors.unread_count(other_member) == 1


def test_a_watcher_set_to_immediate_gets_replies_by_email(member, other_member, topic, mailoutbox):
    services.preferences_set(member=member, channels={Kind.REPLY: Channel.IMMEDIATE})

    reply_publish(author=other_member, topic=topic)

    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject.endswith(f"New reply in “{topic.title}”")

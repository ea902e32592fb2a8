"""What members hear of new messages: one notification per conversation while unread, one e-mail
for a burst, delayed a few minutes and only if still unread, per their e-mail choices; and the
navbar's count of conversations with unread messages."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from messaging import notifications, services
from notifications.models import Kind, Notification
from notifications.selectors import unread_counts
from notifications.services import preferences_set

from .conftest import start

pytestmark = pytest.mark.django_db

MESSAGES_LINK = re.compile(r'<a [^>]*data-testid="messages-link"[^>]*>(.*?)</a>', re.DOTALL)
BELL = re.compile(r'<a [^>]*data-testid="notification-bell"[^>]*>(.*?)</a>', re.DOTALL)
BADGE = re.compile(r'<span class="badge[^"]*">(\d+)</span>')


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def test_a_new_message_notifies_the_others_once_per_conversation(
    member, other_member, third_member, on_commit
):
    message = on_commit(start, member, other_member, third_member, subject="Fiches produits")
    conversation = message.conversation
    for body in ["Deuxième message", "Troisième message"]:
        on_commit(services.message_send, author=member, conversation=conversation, body=body)

    for recipient in (other_member, third_member):
        [notification] = Notification.objects.filter(recipient=recipient)
        assert notification.kind == Kind.MESSAGE
        assert notification.title == "Claire Martin wrote in “Fiches produits”"
        assert notification.url == conversation.get_absolute_url()
        assert notification.actor_count == 3
        assert notification.group_key == f"conversation:{conversation.pk}"
    assert not Notification.objects.filter(recipient=member).exists()
    # Tasks run at once in the tests: the first message's e-mail left, the others' did not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([other_member.email, third_member.email])
    assert "Bonjour Karim" in mail.outbox[0].body


def test_a_one_to_one_message_says_who_wrote(member, other_member, on_commit):
    on_commit(start, member, other_member)
    assert Notification.objects.get(recipient=other_member).title == (
        "Claire Martin sent you a message"
    )


def test_reading_the_conversation_reads_its_notification_and_the_next_message_notifies_again(
    client, member, other_member, on_commit
):
    conversation = on_commit(start, member, other_member).conversation
    client.force_login(other_member)
    client.get(conversation.get_absolute_url())
    assert Notification.objects.get(recipient=other_member).read_at is not None

    on_commit(services.message_send, author=member, conversation=conversation, body="Encore")
    assert Notification.objects.filter(recipient=other_member, read_at__isnull=True).count() == 1


def test_the_email_waits_a_few_minutes_where_the_worker_can_defer(
    settings, member, other_member, on_commit
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    before = timezone.now()

    on_commit(start, member, other_member)

    [result] = notifications.message_email_send.get_backend().results
    assert result.task.run_after >= before + notifications.EMAIL_DELAY
    assert result.args == [] and result.kwargs == {
        "notification_id": Notification.objects.get(recipient=other_member).pk
    }
    assert mail.outbox == []


def test_the_delayed_email_leaves_only_if_still_unread_and_wanted_at_once(
    settings, member, other_member, on_commit
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    conversation = on_commit(start, member, other_member).conversation
    notification = Notification.objects.get(recipient=other_member)

    services.conversation_read(
        member=other_member, conversation=conversation, up_to=conversation.messages.get().pk
    )
    notifications.message_email_send.call(notification_id=notification.pk)
    assert mail.outbox == []

    Notification.objects.update(read_at=None)
    preferences_set(member=other_member, channels={Kind.MESSAGE: "daily"})
    notifications.message_email_send.call(notification_id=notification.pk)
    assert mail.outbox == []

    preferences_set(member=other_member, channels={Kind.MESSAGE: "immediate"})
    notifications.message_email_send.call(notification_id=notification.pk)
    notifications.message_email_send.call(notification_id=notification.pk)
    assert [m.to for m in mail.outbox] == [[other_member.email]]


def test_a_daily_choice_puts_the_message_in_the_digest(member, other_member, on_commit):
    from notifications.services import digest_send

    preferences_set(member=other_member, channels={Kind.MESSAGE: "daily"})
    on_commit(start, member, other_member)
    assert mail.outbox == []

    assert digest_send(member=other_member, period="daily")
    assert "Claire Martin sent you a message" in mail.outbox[0].body


def test_no_notification_for_a_member_who_left_nor_for_a_held_message(
    member, other_member, third_member, on_commit
):
    conversation = on_commit(start, member, other_member, third_member).conversation
    services.conversation_leave(member=third_member, conversation=conversation)
    Notification.objects.all().delete()

    on_commit(services.message_send, author=member, conversation=conversation, body="Suite")

    assert list(Notification.objects.values_list("recipient", flat=True)) == [other_member.pk]


# --- The navbar -----------------------------------------------------------------------------


def messages_badge(response) -> str | None:
    found = BADGE.search(MESSAGES_LINK.search(response.content.decode()).group(1))
    return found.group(1) if found else None


def test_the_navbar_counts_conversations_with_unread_messages_apart_from_the_bell(
    client, member, other_member, third_member, on_commit
):
    first = on_commit(start, member, other_member).conversation
    on_commit(services.message_send, author=member, conversation=first, body="Et encore")
    on_commit(start, third_member, other_member, body="Salut Karim, un café ?")
    Notification.objects.create(
        recipient=other_member, kind=Kind.LIKE, title="Léa aime votre message", url="/"
    )
    client.force_login(other_member)

    response = client.get(reverse("home"))

    assert messages_badge(response) == "2"
    assert "2 conversations with unread messages" in response.content.decode()
    # The bell counts the like only: the messages have their own icon.
    bell = BELL.search(response.content.decode()).group(1)
    assert BADGE.search(bell).group(1) == "1"
    assert unread_counts(other_member) == {"notifications": 1, "messages": 2}

    client.get(first.get_absolute_url())
    assert messages_badge(client.get(reverse("home"))) == "1"


def test_a_member_with_nothing_unread_sees_no_count(member_client, member, other_member):
    start(other_member, member)
    services.conversation_read(
        member=member,
        conversation=member.conversation_participations.get().conversation,
        up_to=10**12,
    )
    response = member_client.get(reverse("home"))
    assert messages_badge(response) is None
    assert "No unread message" in MESSAGES_LINK.search(response.content.decode()).group(1)


def test_a_visitor_sees_no_messages_link(client):
    response = client.get(reverse("home"))
    assert MESSAGES_LINK.search(response.content.decode()) is None
    assert "unread_counts" not in response.context


def test_the_notification_groups_only_while_unread(member, other_member, on_commit):
    conversation = on_commit(start, member, other_member).conversation
    Notification.objects.update(read_at=timezone.now() - timedelta(minutes=1))
    on_commit(services.message_send, author=member, conversation=conversation, body="Nouveau")
    assert Notification.objects.filter(recipient=other_member).count() == 2

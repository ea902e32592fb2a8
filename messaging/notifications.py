"""What members hear of new private messages: one notification per conversation while it is
unread (counted up by each new message), and one e-mail for a burst of messages.

A member who chose to get messages at once is e-mailed a few minutes after the first unread
message, and only if it is still unread then: a conversation going on live sends no e-mail,
and ten messages in a row send one. The daily and weekly digests gather the others' as for any
notification; “never” sends none.
"""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.usertext import html_excerpt
from members.models import Member
from notifications.models import Channel, Kind, Notification
from notifications.services import channel_for, notification_email_send, notify

from .models import Message

KIND = Kind.MESSAGE
EMAIL_DELAY = timedelta(minutes=5)
EXCERPT_CHARS = 200


def group_key(conversation_id: int) -> str:
    return f"conversation:{conversation_id}"


def _title(message: Message) -> str:
    """In the active language (the recipient's)."""
    conversation = message.conversation
    name = message.author.public_name
    if not conversation.is_group:
        return _("%(name)s sent you a message") % {"name": name}
    if conversation.subject:
        return _("%(name)s wrote in “%(subject)s”") % {
            "name": name,
            "subject": conversation.subject,
        }
    return _("%(name)s wrote in your group conversation") % {"name": name}


def message_published_notify(*, message_id: int) -> None:
    """Tells the conversation's other members, after the message's commit."""
    message = (
        Message.objects.select_related("author", "conversation")
        .filter(pk=message_id, status=Message.Status.PUBLISHED)
        .first()
    )
    if message is None:
        return
    recipients = Member.objects.filter(
        conversation_participations__conversation_id=message.conversation_id,
        conversation_participations__left_at__isnull=True,
    ).exclude(pk=message.author_id)
    url = message.conversation.get_absolute_url()
    excerpt = html_excerpt(message.body_html, EXCERPT_CHARS)
    for member in recipients:
        with override(member.language):
            title = _title(message)
        notification = notify(
            recipient=member,
            kind=KIND,
            actor=message.author,
            title=title,
            url=url,
            excerpt=excerpt,
            group_key=group_key(message.conversation_id),
            email=False,
        )
        if notification is not None:
            _email_later(notification)


def _email_later(notification: Notification) -> None:
    backend = message_email_send.get_backend()
    if backend.supports_defer:
        message_email_send.using(run_after=timezone.now() + EMAIL_DELAY).enqueue(
            notification_id=notification.pk
        )
    else:
        # A backend that runs tasks at once (development): the e-mail leaves at once.
        message_email_send.enqueue(notification_id=notification.pk)


@task
def message_email_send(*, notification_id: int) -> None:
    """E-mails a conversation's notification if its member still has not read it, and wants
    messages at once."""
    notification = (
        Notification.objects.filter(
            pk=notification_id, read_at__isnull=True, emailed_at__isnull=True
        )
        .select_related("recipient")
        .first()
    )
    if notification is None:
        return
    if channel_for(notification.recipient, KIND) != Channel.IMMEDIATE:
        return
    notification_email_send(notification_id=notification_id, attachments=[])

"""Writing private messages: starting a conversation, sending, reading, leaving, reporting, and
each member's choice of who may write to them; the moderators' approval and hiding.

Every write runs in a transaction; the other members hear of a new message after its commit
(messaging.notifications). A refusal the writer can act on is a ValidationError with a
translated message (``code="limit"`` for the daily limit); an action nobody may take from the
site's pages is a PermissionDenied.
"""

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.usertext import render_markdown
from members.models import Block, Member
from moderation.models import ModerationAction, Report
from moderation.services import moderation_log, report_create
from notifications.models import Notification
from notifications.services import notifications_mark_read

from . import notifications, selectors
from .models import (
    BODY_MAX_LENGTH,
    MAX_MEMBERS,
    SUBJECT_MAX_LENGTH,
    Conversation,
    Message,
    MessagePreference,
    Participant,
)

# Accounts younger than this start fewer conversations a day.
NEW_ACCOUNT_DAYS = 7
CONVERSATIONS_PER_DAY_NEW_ACCOUNT = 3
CONVERSATIONS_PER_DAY = 20
# The same text in this many conversations within the window is held for the moderators, from
# the last of them on. Short texts (« Merci ! », « Bonjour ») are said everywhere: they pass.
SAME_TEXT_CONVERSATIONS = 3
SAME_TEXT_WINDOW = timedelta(hours=24)
SAME_TEXT_MIN_CHARS = 30
LIMIT_CODE = "limit"
REVIEW_PERMISSION = "messaging.change_messageunderreview"


def can_review(user) -> bool:
    """Moderators (and administrators) who may approve and hide messages they are shown."""
    return bool(user.is_authenticated and user.is_staff and user.has_perm(REVIEW_PERMISSION))


# --- Checks ---------------------------------------------------------------------------------


def _lock_author(author: Member) -> None:
    """One write of a member at a time, so that two at once cannot both pass a limit."""
    locked = Member.objects.select_for_update().filter(pk=author.pk).first()
    if locked is None or not locked.can_post:
        raise PermissionDenied


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your message.")}, code="required")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Keep your message under %(max)s characters (it has %(count)s).")
                % {"max": BODY_MAX_LENGTH, "count": len(body)}
            },
            code="max_length",
        )
    return body


def _local_path(url: str) -> str:
    """A link to a page of the site only: an app's link is never a way out."""
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
        raise ValueError(f"Not a path of this site: {url!r}")
    return url[:300]


def fingerprint(body: str) -> str:
    """The digest of a text as a reader would compare it (case and spacing aside); empty for
    texts too short to tell a mass mailing."""
    normalised = " ".join(body.casefold().split())
    if len(normalised) < SAME_TEXT_MIN_CHARS:
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


def _is_mass_mailing(author: Member, text_digest: str, conversation_id: int | None) -> bool:
    if not text_digest:
        return False
    others = (
        Message.objects.filter(
            author=author,
            fingerprint=text_digest,
            created_at__gte=timezone.now() - SAME_TEXT_WINDOW,
        )
        .exclude(conversation_id=conversation_id)
        .values("conversation_id")
        .distinct()
    )
    return others[: SAME_TEXT_CONVERSATIONS - 1].count() >= SAME_TEXT_CONVERSATIONS - 1


def _check_daily_limit(author: Member) -> None:
    now = timezone.now()
    new_account = author.date_joined > now - timedelta(days=NEW_ACCOUNT_DAYS)
    limit = CONVERSATIONS_PER_DAY_NEW_ACCOUNT if new_account else CONVERSATIONS_PER_DAY
    started = Conversation.objects.filter(
        created_by=author, created_at__gt=now - timedelta(days=1)
    ).count()
    if started < limit:
        return
    if new_account:
        message = ngettext(
            "New members may start %(count)d conversation a day. You can still answer in "
            "your conversations; please come back tomorrow to start another.",
            "New members may start %(count)d conversations a day. You can still answer in "
            "your conversations; please come back tomorrow to start another.",
            limit,
        )
    else:
        message = ngettext(
            "You may start %(count)d conversation a day. You can still answer in your "
            "conversations; please come back tomorrow to start another.",
            "You may start %(count)d conversations a day. You can still answer in your "
            "conversations; please come back tomorrow to start another.",
            limit,
        )
    raise ValidationError(message % {"count": limit}, code=LIMIT_CODE)


def _refusal(author: Member, recipient: Member, *, invited: bool) -> str | None:
    """Why ``author`` may not write to ``recipient``, or None. The reason never says who
    blocked whom."""
    if recipient.pk == author.pk:
        return _("You cannot write to yourself.")
    if not recipient.is_active or recipient.is_deleted or recipient.is_suspended:
        return _("%(name)s cannot receive messages.") % {"name": recipient.public_name}
    if invited:
        blocked = Block.objects.filter(
            Q(blocker=author, blocked=recipient) | Q(blocker=recipient, blocked=author)
        ).exists()
        allowed = not blocked
    else:
        allowed = selectors.may_write(author, recipient)
    if not allowed:
        return _("%(name)s does not accept messages from you.") % {"name": recipient.public_name}
    return None


# --- Writing --------------------------------------------------------------------------------


def _message_create(
    *,
    conversation: Conversation,
    author: Member,
    body: str,
    context_title: str = "",
    context_url: str = "",
) -> Message:
    digest = fingerprint(body)
    held = _is_mass_mailing(author, digest, conversation.pk)
    message = Message(
        conversation=conversation,
        author=author,
        body=body,
        body_html=render_markdown(body),
        context_title=context_title[:200],
        context_url=context_url,
        fingerprint=digest,
        status=Message.Status.HELD if held else Message.Status.PUBLISHED,
    )
    message.full_clean(exclude=["conversation", "author"], validate_constraints=False)
    message.save()
    if not held:
        _published(message)
    return message


def _published(message: Message) -> None:
    """A message others may now read: the conversation's latest (unless a later one is), read
    by its author, announced to the others after commit."""
    Conversation.objects.filter(pk=message.conversation_id).filter(
        Q(last_message__isnull=True) | Q(last_message_id__lt=message.pk)
    ).update(last_message=message, last_message_at=message.created_at)
    Participant.objects.filter(
        conversation_id=message.conversation_id,
        member_id=message.author_id,
        last_read_message_id__lt=message.pk,
    ).update(last_read_message_id=message.pk, last_read_at=timezone.now())
    transaction.on_commit(
        lambda: notifications.message_published_notify(message_id=message.pk), robust=True
    )


@transaction.atomic
def conversation_start(
    *,
    author: Member,
    recipients: Iterable[Member],
    body: str,
    subject: str = "",
    context_url: str = "",
    invited_by_recipient: bool = False,
) -> Message:
    """Writes to one member or a small group. To one member with whom the author still has a
    one-to-one conversation, the message goes there; otherwise a conversation starts, within
    the daily limit. Returns the message (``message.conversation``; ``message.status`` says
    whether it is held for the moderators).

    ``context_url``: a page of the site the message is about (a mission), shown above it with
    ``subject``. ``invited_by_recipient``: the recipient asked to be written to (they published
    the mission): their choice of who may write to them does not apply, their blocks do.
    """
    _lock_author(author)
    recipients = list({member.pk: member for member in recipients}.values())
    if not recipients:
        raise ValidationError(_("Choose who to write to."), code="no_recipient")
    if len(recipients) + 1 > MAX_MEMBERS:
        raise ValidationError(
            _("A conversation has %(max)s members at most, you included.") % {"max": MAX_MEMBERS},
            code="too_many_members",
        )
    refusals = [
        refusal
        for recipient in recipients
        if (refusal := _refusal(author, recipient, invited=invited_by_recipient))
    ]
    if refusals:
        raise ValidationError(refusals, code="refused")
    body = _clean_body(body)
    subject = " ".join((subject or "").split())[:SUBJECT_MAX_LENGTH]
    context_url = _local_path(context_url)
    context_title = subject if context_url else ""
    conversation = None
    if len(recipients) == 1:
        conversation = selectors.open_direct_conversation(author, recipients[0])
    if conversation is None:
        _check_daily_limit(author)
        conversation = Conversation.objects.create(
            created_by=author, subject=subject, is_group=len(recipients) > 1
        )
        Participant.objects.bulk_create(
            Participant(conversation=conversation, member=member)
            for member in [author, *recipients]
        )
    return _message_create(
        conversation=conversation,
        author=author,
        body=body,
        context_title=context_title,
        context_url=context_url,
    )


@transaction.atomic
def message_send(*, author: Member, conversation: Conversation, body: str) -> Message:
    """Answers in a conversation the author is in: refused when every other member left, or
    when the author and one of them blocked each other."""
    _lock_author(author)
    members = list(
        Participant.objects.filter(conversation=conversation, left_at__isnull=True).values_list(
            "member_id", flat=True
        )
    )
    if author.pk not in members:
        raise PermissionDenied
    others = [pk for pk in members if pk != author.pk]
    if not others:
        raise ValidationError(
            _("Everyone else left this conversation: nobody would read your message."),
            code="alone",
        )
    if Block.objects.filter(
        Q(blocker=author, blocked__in=others) | Q(blocker__in=others, blocked=author)
    ).exists():
        raise ValidationError(
            _("You can no longer write in this conversation: a member in it and you blocked "
              "each other."),
            code="blocked",
        )  # fmt: skip
    return _message_create(conversation=conversation, author=author, body=_clean_body(body))


def conversation_read(*, member: Member, conversation: Conversation, up_to: int) -> bool:
    """Marks the conversation read up to the message ``up_to`` (never back), and its
    notification read; False when there was nothing new to mark."""
    marked = Participant.objects.filter(
        conversation=conversation,
        member=member,
        left_at__isnull=True,
        last_read_message_id__lt=up_to,
    ).update(last_read_message_id=up_to, last_read_at=timezone.now())
    if marked:
        _notification_read(member, conversation)
    return bool(marked)


def _notification_read(member: Member, conversation: Conversation) -> None:
    notifications_mark_read(
        member=member,
        notification_ids=Notification.objects.filter(
            recipient=member,
            group_key=notifications.group_key(conversation.pk),
            read_at__isnull=True,
        ).values("pk"),
    )


@transaction.atomic
def conversation_leave(*, member: Member, conversation: Conversation) -> None:
    """The member leaves: the conversation leaves their list, they get nothing more from it, and
    the others see that they left. Writing to them again starts a new conversation."""
    left = Participant.objects.filter(
        conversation=conversation, member=member, left_at__isnull=True
    ).update(left_at=timezone.now())
    if not left:
        raise PermissionDenied
    _notification_read(member, conversation)


def message_report(*, reporter: Member, message: Message, reason: str, note: str = "") -> Report:
    """A participant reports another's message to the moderators' queue; they will see it with
    the five messages before and after it, nothing else of the conversation."""
    if not reporter.can_post or message.author_id == reporter.pk:
        raise PermissionDenied
    if not Participant.objects.filter(
        conversation_id=message.conversation_id, member=reporter, left_at__isnull=True
    ).exists():
        raise PermissionDenied
    if message.status != Message.Status.PUBLISHED:
        raise ValidationError(_("The moderators already have this message in hand."))
    return report_create(reporter=reporter, target=message, reason=reason, note=note)


def preference_set(*, member: Member, accepts_from: str) -> MessagePreference:
    """Who may start a conversation with the member from now on (conversations already
    started go on; a block stops one)."""
    if accepts_from not in MessagePreference.AcceptsFrom.values:
        raise ValidationError({"accepts_from": _("Choose one of the options.")}, code="invalid")
    preference, _created = MessagePreference.objects.update_or_create(
        member=member, defaults={"accepts_from": accepts_from}
    )
    return preference


# --- Moderation -----------------------------------------------------------------------------


def _require_reviewer(moderator: Member) -> None:
    if not can_review(moderator):
        raise PermissionDenied


@transaction.atomic
def message_hide(message: Message, *, moderator: Member, reason: str = "") -> None:
    """Hides a message (the moderation queue's hide handler): its members see a line saying so
    in its place; its author is told."""
    _require_reviewer(moderator)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status == Message.Status.HIDDEN:
        return
    message.status = Message.Status.HIDDEN
    message.save(update_fields=["status"])
    latest = (
        Message.objects.published()
        .filter(conversation_id=message.conversation_id)
        .order_by("-id")
        .first()
    )
    Conversation.objects.filter(pk=message.conversation_id, last_message_id=message.pk).update(
        last_message=latest, last_message_at=latest.created_at if latest else None
    )
    moderation_log(
        actor=moderator, kind=ModerationAction.Kind.HIDE, target=message, member=message.author,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def message_approve(*, moderator: Member, message: Message) -> None:
    """Delivers a held message: the others read it and are told, as if just sent."""
    _require_reviewer(moderator)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != Message.Status.HELD:
        return
    message.status = Message.Status.PUBLISHED
    message.save(update_fields=["status"])
    _published(message)
    moderation_log(
        actor=moderator, kind=ModerationAction.Kind.APPROVE, target=message,
        member=message.author,
    )  # fmt: skip


# --- The account --------------------------------------------------------------------------


def messaging_erase(member: Member) -> None:
    """A deleted account leaves every conversation and drops its choice. What it wrote stays,
    by a “deleted member”, as its posts do: the others answered it."""
    Participant.objects.filter(member=member, left_at__isnull=True).update(left_at=timezone.now())
    MessagePreference.objects.filter(member=member).delete()

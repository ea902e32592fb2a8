"""Creating notifications, e-mailing them once (at once or in digests), and members' choices.

Other apps call ``notify`` (or send the signals notifications.receivers listens to); e-mail always
leaves through the tasks framework, after the transaction that created the notification.
"""

import base64
import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forums.selectors import topics_best_new, topics_unanswered_in_trades

from .models import (
    DEFAULT_CHANNELS,
    BouncedAddress,
    Channel,
    DigestRun,
    Kind,
    Notification,
    Preference,
)
from .registry import digest_sections

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
MAX_EMAIL_ATTEMPTS = 5
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]


def can_receive(member) -> bool:
    """Suspended and deleted members receive nothing."""
    return bool(member.is_active and not member.is_deleted and not member.is_suspended)


def channel_for(member, kind: str) -> str:
    preference = Preference.objects.filter(member=member, kind=kind).values_list(
        "channel", flat=True
    )
    return next(iter(preference), DEFAULT_CHANNELS[kind])


def channels_for(members, kind: str) -> dict[int, str]:
    """The e-mail channel of each member for one kind, in one query."""
    chosen = dict(
        Preference.objects.filter(member__in=members, kind=kind).values_list("member_id", "channel")
    )
    return {member.pk: chosen.get(member.pk, DEFAULT_CHANNELS[kind]) for member in members}


def notify(
    *,
    recipient,
    kind: str,
    title: str,
    url: str,
    actor=None,
    excerpt: str = "",
    group_key: str = "",
    email_attachments: list[tuple[str, bytes | str, str]] | None = None,
    email: bool = True,
) -> Notification | None:
    """Tells a member something happened; never the actor themself, never a suspended member.

    With a ``group_key``, an unread notification of the same group is counted up instead of
    a new one being made (and not e-mailed again). ``email=False`` is for apps that write their
    own, richer e-mail (events, with its calendar file) after asking ``channel_for``.
    """
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not can_receive(recipient):
        return None
    if group_key:
        grouped = Notification.objects.filter(
            recipient=recipient, group_key=group_key, read_at__isnull=True
        ).update(actor=actor, actor_count=F("actor_count") + 1, updated_at=timezone.now())
        if grouped:
            return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                actor=actor,
                title=title[:200],
                excerpt=excerpt[:300],
                url=url,
                group_key=group_key,
            )
    except IntegrityError:
        # Another request made the group's notification a moment ago: count up on it instead.
        Notification.objects.filter(
            recipient=recipient, group_key=group_key, read_at__isnull=True
        ).update(actor=actor, actor_count=F("actor_count") + 1, updated_at=timezone.now())
        return None
    if email and channel_for(recipient, kind) == Channel.IMMEDIATE:
        _deliver_after_commit(notification, email_attachments)
    return notification


def notify_many(
    *, recipients, kind: str, title: str, url: str, actor=None, excerpt: str = ""
) -> list[Notification]:
    """The same news for many members (watchers of a topic…), written in one INSERT."""
    recipients = [
        member
        for member in {member.pk: member for member in recipients}.values()
        if (actor is None or member.pk != actor.pk) and can_receive(member)
    ]
    if not recipients:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=member, kind=kind, actor=actor, title=title[:200], excerpt=excerpt[:300],
            url=url,
        )
        for member in recipients
    )  # fmt: skip
    channels = channels_for(recipients, kind)
    for notification in notifications:
        if channels[notification.recipient_id] == Channel.IMMEDIATE:
            _deliver_after_commit(notification, None)
    return notifications


def _deliver_after_commit(notification: Notification, attachments) -> None:
    encoded = [
        {
            "filename": filename,
            "content": base64.b64encode(
                content.encode() if isinstance(content, str) else content
            ).decode("ascii"),
            "mimetype": mimetype,
        }
        for filename, content, mimetype in attachments or []
    ]
    transaction.on_commit(
        lambda: deliver_notification.enqueue(notification_id=notification.pk, attachments=encoded),
        robust=True,
    )


# Links an app adds to every e-mail of one of its kinds (the ChocoSkype ritual's pause and leave):
# kind -> a function of the recipient giving (label, absolute URL) pairs. The apps above this one
# register theirs when they are ready, so that this app imports none of them.
_email_links: dict[str, Callable[[Any], list[tuple[str, str]]]] = {}


def register_email_links(kind: str, links: Callable[[Any], list[tuple[str, str]]]) -> None:
    _email_links[kind] = links


@task
def deliver_notification(*, notification_id: int, attachments: list | None = None) -> None:
    notification_email_send(notification_id=notification_id, attachments=attachments or [])


def notification_email_send(*, notification_id: int, attachments: list) -> bool:
    """E-mails one notification, once: a second run of the same job finds it sent.

    A failing send is counted and tried again later (where the task backend can defer); the
    notification itself is never lost: it stays on the site, unread.
    """
    with transaction.atomic():
        notification = (
            # Only the notification's row: PostgreSQL cannot lock the nullable side of the
            # outer join to the actor.
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        if not can_receive(recipient) or _bounces(recipient.email):
            return False
        notification.email_attempts += 1
        try:
            links = _email_links.get(notification.kind)
            _email(recipient, notification.kind, "notifications/email/notification",
                   {"notification": notification,
                    "kind_links": links(recipient) if links else []},
                   subject=notification.title, attachments=attachments)  # fmt: skip
        except Exception:
            logger.exception("Notification %s: e-mail failed", notification_id)
            notification.save(update_fields=["email_attempts"])
            _retry_later(notification, attachments)
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_attempts", "emailed_at"])
        return True


def _retry_later(notification: Notification, attachments: list) -> None:
    if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
        return
    backend = deliver_notification.get_backend()
    if not backend.supports_defer:
        return
    delay = RETRY_DELAYS[min(notification.email_attempts - 1, len(RETRY_DELAYS) - 1)]
    transaction.on_commit(
        lambda: deliver_notification.using(run_after=timezone.now() + delay).enqueue(
            notification_id=notification.pk, attachments=attachments
        ),
        robust=True,
    )


def _bounces(email: str) -> bool:
    return BouncedAddress.objects.filter(email__iexact=email).exists()


# What an unsubscribe link stops: one kind of e-mail, or a whole digest.
DIGEST_KEYS = {"digest:daily": Channel.DAILY, "digest:weekly": Channel.WEEKLY}


def unsubscribe_token(member, key: str) -> str:
    return signing.dumps({"m": member.pk, "k": key}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(member, key: str) -> str:
    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(member, key)]
    )


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if data.get("k") not in {*Kind.values, *DIGEST_KEYS}:
        return None
    return data["m"], data["k"]


def unsubscribe_label(key: str) -> str:
    if key == "digest:daily":
        return str(_("the daily digest"))
    if key == "digest:weekly":
        return str(_("the weekly digest"))
    return str(Kind(key).label)


def unsubscribe_apply(*, member, key: str) -> None:
    """Stops what the link names: one kind, or every kind its digest gathers."""
    if key in DIGEST_KEYS:
        channels = {
            kind: Channel.NEVER
            for kind in Kind.values
            if channel_for(member, kind) == DIGEST_KEYS[key]
        }
    else:
        channels = {key: Channel.NEVER}
    preferences_set(member=member, channels=channels)


def _email(
    member, unsubscribe_key: str, template: str, context: dict, *, subject: str, attachments=()
) -> None:
    """Renders and sends one e-mail in the member's language and timezone, with a one-click
    unsubscribe (RFC 8058) from this kind of e-mail."""
    import zoneinfo

    unsubscribe = unsubscribe_url(member, unsubscribe_key)
    with (
        translation.override(member.language),
        timezone.override(zoneinfo.ZoneInfo(member.timezone)),
    ):
        context = {
            "member": member,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe,
            "kind_label": unsubscribe_label(unsubscribe_key),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
            **context,
        }
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string(f"{template}.txt", context),
            to=[member.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for attachment in attachments:
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    message.send()


# --- Reading and choices ---------------------------------------------------------------------


def notifications_mark_read(*, member, notification_ids=None) -> int:
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def preferences_set(*, member, channels: dict[str, str]) -> None:
    for kind, channel in channels.items():
        Preference.objects.update_or_create(member=member, kind=kind, defaults={"channel": channel})


# --- Digests ---------------------------------------------------------------------------------

PERIOD_LENGTH = {
    DigestRun.Period.DAILY: timedelta(days=1),
    DigestRun.Period.WEEKLY: timedelta(days=7),
}
DIGEST_ITEMS = 5


def period_start(period: str, today: date) -> date:
    if period == DigestRun.Period.WEEKLY:
        return today - timedelta(days=today.weekday())
    return today


def digest_content(*, member, period: str) -> dict:
    """What a digest would tell the member now; empty lists when there is nothing new."""
    since = timezone.now() - PERIOD_LENGTH[period]
    kinds = [kind for kind in Kind.values if channel_for_cached(member, kind) == period]
    pending = list(
        Notification.objects.filter(
            recipient=member, kind__in=kinds, emailed_at__isnull=True, read_at__isnull=True,
            updated_at__gte=since - PERIOD_LENGTH[period],
        ).order_by("-updated_at")[:30]
    )  # fmt: skip
    content = {"notifications": pending, "best_topics": [], "unanswered": []}
    content |= {name: [] for name, _section in digest_sections}
    if period == DigestRun.Period.WEEKLY and channel_for_cached(member, Kind.WEEKLY_DIGEST) != (
        Channel.NEVER
    ):
        suggest = {"member": member, "since": since, "limit": DIGEST_ITEMS}
        content["best_topics"] = topics_best_new(**suggest)
        content["unanswered"] = topics_unanswered_in_trades(**suggest)
        for name, section in digest_sections:
            content[name] = section(**suggest)
    return content


def channel_for_cached(member, kind: str) -> str:
    cache = getattr(member, "_notification_channels", None)
    if cache is None:
        chosen = dict(Preference.objects.filter(member=member).values_list("kind", "channel"))
        cache = {k: chosen.get(k, DEFAULT_CHANNELS[k]) for k in Kind.values}
        member._notification_channels = cache
    return cache[kind]


def digest_send(*, member, period: str, today: date | None = None) -> bool:
    """Sends the member's digest for this period, once; nothing when there is nothing new."""
    if not can_receive(member) or _bounces(member.email):
        return False
    content = digest_content(member=member, period=period)
    items = sum(len(v) for v in content.values())
    if not items:
        return False
    start = period_start(period, today or timezone.localdate())
    try:
        with transaction.atomic():
            DigestRun.objects.create(
                member=member, period=period, period_start=start, item_count=items
            )
            # Translated here, in the member's language: gettext is not lazy.
            with translation.override(member.language):
                subject = (
                    _("Your weekly FreelanceHub digest")
                    if period == DigestRun.Period.WEEKLY
                    else _("Your daily FreelanceHub digest")
                )
            _email(
                member,
                f"digest:{period}",
                "notifications/email/digest",
                {"period": period, **content},
                subject=subject,
            )
            Notification.objects.filter(pk__in=[n.pk for n in content["notifications"]]).update(
                emailed_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True


def unsubscribe_headers(member, key: str) -> dict[str, str]:
    """The RFC 8058 headers for an e-mail that another app sends on a notification's behalf."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(member, key)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def notification_emailed(notification: Notification | None) -> None:
    if notification is not None:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())

"""The e-mails that events send, one small function per occasion.

Services call these through ``transaction.on_commit``, so nobody hears about a change that was
rolled back. Each message is written in the recipient's language and shows times in their
timezone. The notifications app (issue #6) can later swap these bodies for its own delivery.
"""

import zoneinfo
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formats import date_format
from core.mail import email_send
from notifications.models import Channel, Kind
from notifications.services import (
    can_receive,
    channel_for,
    notification_emailed,
    notify,
    unsubscribe_headers,
)

from . import hooks, ics
from .models import Event, ReminderSent, Rsvp

TEXT_TEMPLATE = "events/email/notification.txt"
HTML_TEMPLATE = "events/email/notification.html"


@contextmanager
def _as_recipient(member) -> Iterator[None]:
    try:
        tz = zoneinfo.ZoneInfo(member.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = timezone.get_default_timezone()
    with translation.override(member.language), timezone.override(tz):
        yield


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _send(
    member,
    event: Event,
    *,
    subject: str,
    paragraphs: list[str],
    kind: str | None = None,
    quote: str = "",
    action: tuple[str, str] | None = None,
    with_ics: bool = False,
    show_join_link: bool = False,
) -> None:
    """Renders and sends one message; call it inside _as_recipient(member).

    With a notification ``kind``, the news also lands under the member's bell, and the e-mail
    follows their choice for that kind (at once, in a digest, or never) with a one-click
    unsubscribe; without one (a confirmation of their own answer) it is always sent.
    """
    if not can_receive(member):
        return
    headers = None
    notification = None
    if kind is not None:
        notification = notify(
            recipient=member,
            kind=kind,
            title=subject,
            url=event.get_absolute_url(),
            excerpt=quote or (paragraphs[0] if paragraphs else ""),
            email=False,
        )
        if channel_for(member, kind) != Channel.IMMEDIATE:
            return
        headers = unsubscribe_headers(member, kind)
    attachments = None
    if with_ics:
        attachments = [
            (ics.ics_filename(event), ics.event_ics(event, for_attendee=True), "text/calendar")
        ]
    email_send(
        to=member.email,
        subject=subject,
        text_template=TEXT_TEMPLATE,
        html_template=HTML_TEMPLATE,
        context={
            "member": member,
            "event": event,
            "event_path": event.get_absolute_url(),
            "paragraphs": paragraphs,
            "quote": quote,
            "action_label": action[0] if action else "",
            "action_path": action[1] if action else "",
            "join_path": reverse("events:join", args=[event.pk]) if show_join_link else "",
            "timezone_name": timezone.get_current_timezone_name(),
            "unsubscribe_url": headers["List-Unsubscribe"][1:-1] if headers else "",
        },
        attachments=attachments,
        headers=headers,
    )
    notification_emailed(notification)


def notify_rsvp_confirmed(*, rsvp: Rsvp) -> None:
    with _as_recipient(rsvp.member):
        _send(
            rsvp.member,
            rsvp.event,
            subject=_("You are going to “%(title)s”") % {"title": rsvp.event.title},
            paragraphs=[
                _("Your seat is confirmed. The invitation attached adds it to your calendar."),
                _(
                    "Cannot come after all? Say so on the event's page: your seat goes to the next "
                    "person on the waitlist."
                ),
            ],
            with_ics=True,
            show_join_link=rsvp.event.is_online and bool(rsvp.event.video_url),
        )


def notify_rsvp_promoted(*, rsvp: Rsvp) -> None:
    with _as_recipient(rsvp.member):
        _send(
            rsvp.member,
            rsvp.event,
            kind=Kind.WAITLIST_PROMOTION,
            subject=_("A seat opened up: you are going to “%(title)s”")
            % {"title": rsvp.event.title},
            paragraphs=[
                _(
                    "Good news: a seat opened up and you were first on the waitlist. Your seat is "
                    "confirmed; the invitation attached adds it to your calendar."
                ),
                _(
                    "Cannot come any more? Say so on the event's page so that the next person "
                    "gets your seat."
                ),
            ],
            with_ics=True,
            show_join_link=rsvp.event.is_online and bool(rsvp.event.video_url),
        )


def notify_rsvp_offered(*, rsvp: Rsvp) -> None:
    with _as_recipient(rsvp.member):
        _send(
            rsvp.member,
            rsvp.event,
            kind=Kind.WAITLIST_PROMOTION,
            subject=_("A seat is offered to you for “%(title)s”") % {"title": rsvp.event.title},
            paragraphs=[
                _(
                    "A seat opened up and you are first on the waitlist. The event is close, so "
                    "we keep the seat for you until %(deadline)s: confirm it if you can still "
                    "come, or decline it so that it goes to the next person."
                )
                % {"deadline": _when(rsvp.offer_expires_at)},
            ],
            action=(_("Confirm or decline my seat"), rsvp.event.get_absolute_url()),
        )


def notify_rsvp_offer_expired(*, rsvp: Rsvp) -> None:
    with _as_recipient(rsvp.member):
        _send(
            rsvp.member,
            rsvp.event,
            kind=Kind.WAITLIST_PROMOTION,
            subject=_("The seat offered for “%(title)s” has gone") % {"title": rsvp.event.title},
            paragraphs=[
                _(
                    "The seat we kept for you was not confirmed in time, so it went to the next "
                    "person on the waitlist. You can still answer again on the event's page."
                ),
            ],
        )


def notify_rsvp_removed(*, rsvp: Rsvp) -> None:
    with _as_recipient(rsvp.member):
        _send(
            rsvp.member,
            rsvp.event,
            kind=Kind.EVENT_CHANGED,
            subject=_("Your registration for “%(title)s” was removed")
            % {"title": rsvp.event.title},
            paragraphs=[
                _(
                    "The organisers of this event have removed your registration. Please do not "
                    "come: you do not have a seat any more."
                ),
            ],
        )


def notify_event_changed(
    *, event: Event, rsvps: Iterable[Rsvp], time_changed: bool, place_changed: bool
) -> None:
    for rsvp in rsvps:
        with _as_recipient(rsvp.member):
            paragraphs = []
            if time_changed:
                paragraphs.append(
                    _("The event has moved: it now starts on %(start)s.")
                    % {"start": _when(event.starts_at)}
                )
            if place_changed:
                paragraphs.append(_("The place has changed: see where below."))
            paragraphs.append(
                _(
                    "The invitation attached updates your calendar. If you cannot come any more, "
                    "say so on the event's page."
                )
            )
            _send(
                rsvp.member,
                event,
                kind=Kind.EVENT_CHANGED,
                subject=_("Change to “%(title)s”") % {"title": event.title},
                paragraphs=paragraphs,
                with_ics=rsvp.holds_a_seat,
                show_join_link=rsvp.holds_a_seat and event.is_online and bool(event.video_url),
            )


def notify_event_cancelled(*, event: Event, rsvps: Iterable[Rsvp]) -> None:
    for rsvp in rsvps:
        with _as_recipient(rsvp.member):
            _send(
                rsvp.member,
                event,
                kind=Kind.EVENT_CANCELLED,
                subject=_("Cancelled: “%(title)s”") % {"title": event.title},
                paragraphs=[
                    _(
                        "The organisers have cancelled this event. The file attached removes it "
                        "from your calendar."
                    ),
                ],
                quote=event.cancellation_reason,
                with_ics=True,
            )


def notify_attendees_message(
    *, event: Event, sender, subject: str, body: str, rsvps: Iterable[Rsvp]
) -> None:
    for rsvp in rsvps:
        with _as_recipient(rsvp.member):
            _send(
                rsvp.member,
                event,
                kind=Kind.EVENT_MESSAGE,
                subject=_("“%(title)s”: %(subject)s") % {"title": event.title, "subject": subject},
                paragraphs=[
                    _("%(name)s, who organises this event, writes to its attendees:")
                    % {"name": sender.public_name},
                ],
                quote=body,
            )


def notify_event_reminder(*, rsvp: Rsvp, kind: str) -> None:
    event = rsvp.event
    with _as_recipient(rsvp.member):
        if kind == ReminderSent.Kind.HOUR_BEFORE:
            subject = _("In one hour: “%(title)s”") % {"title": event.title}
            paragraphs = [_("The video call starts soon. Join it with the link below.")]
        else:
            subject = _("Tomorrow: “%(title)s”") % {"title": event.title}
            paragraphs = [
                _("A reminder: on %(start)s, you are going to this event.")
                % {"start": _when(event.starts_at)},
                _(
                    "Cannot come after all? Say so on the event's page: someone on the waitlist "
                    "will get your seat."
                ),
            ]
        paragraphs += hooks.reminder_paragraphs(event, rsvp.member)
        _send(
            rsvp.member,
            event,
            kind=Kind.EVENT_REMINDER,
            subject=subject,
            paragraphs=paragraphs,
            show_join_link=event.is_online and bool(event.video_url),
        )

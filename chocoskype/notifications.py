"""What the ritual tells members: their new pair (a notification and a full e-mail), then
what the other did (a time picked, new times, a cancellation, a thank-you).

Services call these after commit. Each message is in the recipient's language with times in
their timezone; the new pair's e-mail follows the member's choice for ChocoSkype notifications
and carries the one-click pause and leave links.
"""

import zoneinfo
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formats import date_format
from core.mail import email_send
from members.models import Member
from notifications.models import Channel, Kind
from notifications.services import (
    channel_for,
    notification_emailed,
    notify,
    unsubscribe_headers,
)

from .links import email_links
from .models import Pairing, PairingMember

KIND = Kind.CHOCOSKYPE


@contextmanager
def as_recipient(member) -> Iterator[None]:
    """The member's language and timezone, for one message."""
    try:
        tz = zoneinfo.ZoneInfo(member.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = timezone.get_default_timezone()
    with translation.override(member.language), timezone.override(tz):
        yield


def when(moment: datetime) -> str:
    """A time as the active reader reads it (call inside as_recipient)."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _names(members) -> str:
    return ", ".join(member.public_name for member in members)


def pairs_tell(*, pairing_ids: Sequence[int], member_ids_told: Sequence[int]) -> None:
    """Tells each member of these pairs who was not told yet (PairingMember ids) who the
    others are, once."""
    told = set(member_ids_told)
    pairings = Pairing.objects.filter(pk__in=pairing_ids).prefetch_related(
        Prefetch(
            "members",
            queryset=PairingMember.objects.select_related(
                "member", "member__chocoskype"
            ).prefetch_related("member__trades"),
        )
    )
    for pairing in pairings:
        members = list(pairing.members.all())
        for mine in members:
            if mine.pk in told:
                others = [pm.member for pm in members if pm.pk != mine.pk]
                _tell_new_pair(mine.member, others, pairing)


def _tell_new_pair(member, others, pairing: Pairing) -> None:
    with as_recipient(member):
        title = _("Your ChocoSkype partner this round: %(names)s") % {"names": _names(others)}
        path = reverse("chocoskype:pair", args=[pairing.pk])
        notification = notify(
            recipient=member,
            kind=KIND,
            title=title,
            url=path,
            excerpt=_("Pick one of the three times proposed."),
            email=False,
        )
        if notification is None or channel_for(member, KIND) != Channel.IMMEDIATE:
            return
        headers = unsubscribe_headers(member, KIND)
        links = email_links(member)
        email_send(
            to=member.email,
            subject=title,
            text_template="chocoskype/email/pair_new.txt",
            html_template="chocoskype/email/pair_new.html",
            context={
                "member": member,
                "others": [
                    {
                        "name": other.public_name,
                        "headline": other.headline,
                        "trades": ", ".join(trade.name for trade in other.trades.all()),
                        "topics": getattr(getattr(other, "chocoskype", None), "topics", ""),
                        "profile_path": other.get_absolute_url(),
                    }
                    for other in others
                ],
                "times": [when(datetime.fromisoformat(t)) for t in pairing.proposed_times],
                "timezone_name": timezone.get_current_timezone_name(),
                "pair_path": path,
                "pause_url": links["pause"],
                "leave_url": links["leave"],
                "unsubscribe_url": headers["List-Unsubscribe"][1:-1],
            },
            headers=headers,
        )
        notification_emailed(notification)


def _tell(others, *, actor, pairing: Pairing, title, excerpt=lambda: "") -> None:
    """One notification to each other member, written in their language (titles are
    callables, run inside as_recipient)."""
    for other in others:
        with as_recipient(other):
            notify(
                recipient=other,
                kind=KIND,
                actor=actor,
                title=title(),
                excerpt=excerpt(),
                url=reverse("chocoskype:pair", args=[pairing.pk]),
            )


def time_picked_tell(*, pairing: Pairing, actor, others) -> None:
    _tell(
        others,
        actor=actor,
        pairing=pairing,
        title=lambda: (
            _("%(name)s picked a time for your ChocoSkype: %(when)s")
            % {"name": actor.public_name, "when": when(pairing.event.starts_at)}
        ),
    )


def times_proposed_tell(*, pairing: Pairing, actor, others) -> None:
    _tell(
        others,
        actor=actor,
        pairing=pairing,
        title=lambda: (
            _("%(name)s proposes other times for your ChocoSkype") % {"name": actor.public_name}
        ),
        excerpt=lambda: ", ".join(when(datetime.fromisoformat(t)) for t in pairing.proposed_times),
    )


def cancelled_tell(*, pairing: Pairing, actor, others) -> None:
    _tell(
        others,
        actor=actor,
        pairing=pairing,
        title=lambda: _("%(name)s cancelled your ChocoSkype") % {"name": actor.public_name},
        excerpt=lambda: pairing.cancellation_note,
    )


def thanks_tell(*, pairing: Pairing, actor, others, thanks: str) -> None:
    _tell(
        others,
        actor=actor,
        pairing=pairing,
        title=lambda: _("%(name)s thanks you for your ChocoSkype") % {"name": actor.public_name},
        excerpt=lambda: thanks,
    )


def ghosts_tell(*, member_ids: Sequence[int], until) -> None:
    """Tells the members paused after three pairs left without a word why, and how to come
    back."""
    for member in Member.objects.filter(pk__in=member_ids):
        with as_recipient(member):
            notify(
                recipient=member,
                kind=KIND,
                title=_(
                    "Your ChocoSkype is paused until %(date)s: your last three pairs passed "
                    "without a word from you"
                )
                % {"date": date_format(until, "DATE_FORMAT")},
                excerpt=_(
                    "Your partners were waiting for you. Resume whenever you like: pick a time "
                    "or cancel with a word, so that they know."
                ),
                url=reverse("chocoskype:home"),
            )

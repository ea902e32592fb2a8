from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.utils import timezone

from core.paging import OpenEndedPage, page_number

from .models import DEFAULT_CHANNELS, Kind, Notification, Preference


def unread_count(member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


@dataclass
class NotificationsPage(OpenEndedPage):
    days: list[tuple[date, list[Notification]]]


def notifications_page(*, member, page, per_page: int) -> NotificationsPage:
    """A page of the member's notifications, newest first, grouped by the day (in their
    timezone) they happened; read one row long to know whether older ones follow."""
    number = page_number(page)
    offset = (number - 1) * per_page
    notifications = list(
        Notification.objects.filter(recipient=member)
        .select_related("actor")
        .order_by("-updated_at", "-pk")[offset : offset + per_page + 1]
    )
    days = [
        (day, list(items))
        for day, items in groupby(
            notifications[:per_page], key=lambda n: timezone.localdate(n.updated_at)
        )
    ]
    return NotificationsPage(number=number, has_next=len(notifications) > per_page, days=days)


def channels_of(member) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(member=member).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in Kind.values}

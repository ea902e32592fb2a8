from datetime import date
from itertools import groupby

from django.utils import timezone

from core.paging import UncountedPage, UncountedPaginator

from .models import DEFAULT_CHANNELS, Kind, Notification, Preference


def unread_count(member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def notifications_page(*, member, page, per_page: int) -> UncountedPage:
    """A page of the member's notifications, newest first; read one row long to know whether
    older ones follow."""
    notifications = (
        Notification.objects.filter(recipient=member)
        .select_related("actor")
        .order_by("-updated_at", "-pk")
    )
    return UncountedPaginator(notifications, per_page).get_page(page)


def notifications_by_day(notifications) -> list[tuple[date, list[Notification]]]:
    """The notifications grouped by the day (in the member's timezone) they happened."""
    return [
        (day, list(items))
        for day, items in groupby(notifications, key=lambda n: timezone.localdate(n.updated_at))
    ]


def channels_of(member) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(member=member).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in Kind.values}

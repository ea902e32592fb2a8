from datetime import date
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.paging import UncountedPage, UncountedPaginator

from .models import DEFAULT_CHANNELS, Kind, Notification, Preference
from .registry import navbar_counts


def unread_count(member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def unread_counts(member) -> dict[str, int]:
    """The navbar's counts in one query: the bell's (``notifications``) and each icon's that an
    app registered (notifications.registry.navbar_counts), whose kind the bell leaves out."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    counts = list(navbar_counts)
    if not counts:
        return {"notifications": unread.count()}
    bell = (
        unread.exclude(kind__in=navbar_counts.kinds)
        .order_by()
        .values("recipient")
        .annotate(count=Count("*"))
        .values("count")
    )
    # Read on the member's own row; prefixed, as ``notifications`` names a relation of it.
    values = {"unread_notifications": Coalesce(Subquery(bell), 0)}
    for name, count in counts:
        values[f"unread_{name}"] = Coalesce(Subquery(count(member)), 0)
    row = get_user_model().objects.filter(pk=member.pk).values(**values).get()
    return {name.removeprefix("unread_"): value for name, value in row.items()}


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

from itertools import groupby

from django.utils import timezone

from .models import DEFAULT_CHANNELS, Kind, Notification, Preference


def unread_count(member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def notifications_by_day(*, member, limit: int):
    """The member's latest notifications, grouped by the day (in their timezone) they happened."""
    notifications = list(
        Notification.objects.filter(recipient=member)
        .select_related("actor")
        .order_by("-updated_at", "-pk")[:limit]
    )
    return [
        (day, list(items))
        for day, items in groupby(notifications, key=lambda n: timezone.localdate(n.updated_at))
    ]


def channels_of(member) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(member=member).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in Kind.values}

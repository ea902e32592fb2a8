"""The bell's count, as a source of facts for the navbar's hole (freelancehub/holes.py)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from freelancehub.personal import register_source, source_rows

from .models import Notification


def unread_notifications(member, keys):
    """One row, key 0: how many notifications the member has not read."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return source_rows(
        get_user_model().objects.filter(pk=member.pk),
        "unread-notifications",
        Value(0, output_field=IntegerField()),
        Coalesce(Subquery(unread, output_field=IntegerField()), 0),
    )


def register() -> None:
    register_source("unread-notifications", unread_notifications)

from django.db.models import QuerySet

from .models import Member


def members_for_directory() -> QuerySet[Member]:
    """Members shown in the directory: active accounts, newest first."""
    return (
        Member.objects.active()
        .only("username", "display_name", "date_joined", "deleted_at")
        .order_by("-date_joined", "pk")
    )

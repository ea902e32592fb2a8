from django.db.models import Prefetch, QuerySet

from .models import Member, Trade


def members_for_directory() -> QuerySet[Member]:
    """Members shown in the directory: active accounts, newest first, trades prefetched."""
    return (
        Member.objects.active()
        .only(
            "username",
            "display_name",
            "headline",
            "city",
            "region",
            "legal_status",
            "date_joined",
            "deleted_at",
        )
        .prefetch_related(Prefetch("trades", queryset=Trade.objects.only("name")))
        .order_by("-date_joined", "pk")
    )

"""What the weekly digest suggests beyond a member's own notifications."""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from events.models import Event
from forums.models import Category, Topic

EVENTS_AHEAD = timedelta(days=14)


def best_new_topics(*, member, since, limit: int) -> list[Topic]:
    """The week's most followed new topics by others, in the boards the member watches (or all)."""
    topics = Topic.objects.visible().filter(created_at__gte=since).exclude(author=member)
    watched = Category.objects.filter(watches__member=member)
    if watched.exists():
        topics = topics.filter(category__in=watched)
    return list(
        topics.select_related("category", "first_post").order_by(
            (F("reply_count") + F("first_post__like_count")).desc(), "-created_at"
        )[:limit]
    )


def unanswered_in_trades(*, member, since, limit: int) -> list[Topic]:
    """The week's questions nobody answered, asked by members who share one of the member's
    trades (only this week's: a digest repeats nothing from the one before)."""
    trades = member.trades.all()
    shares_a_trade = Exists(
        type(member).trades.through.objects.filter(
            member_id=OuterRef("author_id"), trade__in=trades
        )
    )
    return list(
        Topic.objects.visible()
        .filter(
            category__is_questions=True,
            reply_count=0,
            created_at__gte=since,
        )
        .exclude(author=member)
        .filter(shares_a_trade)
        .select_related("category")
        .order_by("-created_at")[:limit]
    )


def events_near(*, member, since, limit: int) -> list[Event]:
    """Events announced this week, coming up in the member's region or online."""
    near = Q(is_online=True)
    if member.region:
        near |= Q(region=member.region)
    return list(
        Event.objects.upcoming()
        .filter(
            near,
            status=Event.Status.SCHEDULED,
            created_at__gte=since,
            starts_at__lte=timezone.now() + EVENTS_AHEAD,
        )
        .order_by("starts_at")[:limit]
    )

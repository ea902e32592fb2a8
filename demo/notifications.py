"""A few notifications under the demo members' bells, so that a newcomer sees them at once.

Seeding writes the forums' history silently (nobody is told of weeks-old posts); these rows are
what the members would have been told, written directly, without e-mail. Titles use the same
messages as notifications.receivers, in each member's language.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.usertext import markdown_excerpt
from forums.models import Post, PostLike
from members.models import Member, Recommendation
from notifications.models import Kind, Notification

DEMO_BELLS = ["claire", "karim"]
EXCERPT_CHARS = 200


def _excerpt(text: str) -> str:
    """Plain text, as notifications.receivers writes it: no Markdown signs."""
    return markdown_excerpt(text, EXCERPT_CHARS)


def seed_demo_notifications(*, members: dict[str, Member]) -> int:
    """Gives Claire and Karim a handful of notifications, once (never when they have some)."""
    created = 0
    now = timezone.now()
    for handle in DEMO_BELLS:
        member = members.get(handle)
        if member is None or Notification.objects.filter(recipient=member).exists():
            continue
        rows = _notifications_for(member)
        for age, row in enumerate(rows):
            row.created_at = row.updated_at = now - timedelta(hours=5 * age + 1)
            row.read_at = row.updated_at + timedelta(minutes=30) if age >= 3 else None
        Notification.objects.bulk_create(rows)
        # auto_now fields ignore the values given: set the spread-out times afterwards.
        for row in Notification.objects.filter(recipient=member).order_by("pk"):
            wanted = next(r for r in rows if r.title == row.title and r.url == row.url)
            Notification.objects.filter(pk=row.pk).update(
                created_at=wanted.created_at, updated_at=wanted.updated_at
            )
        created += len(rows)
    return created


def _notifications_for(member: Member) -> list[Notification]:
    rows = []
    with translation.override(member.language):
        replies = (
            Post.objects.visible()
            .filter(topic__author=member, number__gt=1)
            .exclude(author=member)
            .select_related("topic", "author")
            .order_by("-created_at")[:2]
        )
        for post in replies:
            rows.append(
                Notification(
                    recipient=member,
                    kind=Kind.REPLY,
                    actor=post.author,
                    title=_("New reply in “%(topic)s”") % {"topic": post.topic.title},
                    url=post.get_absolute_url(),
                    excerpt=_excerpt(post.body),
                )
            )
        mention = (
            Post.objects.visible()
            .filter(
                Q(body__icontains=f"@{member.username} ") | Q(body__iendswith=f"@{member.username}")
            )
            .exclude(author=member)
            .select_related("topic", "author")
            .order_by("-created_at")
            .first()
        )
        if mention is not None:
            rows.append(
                Notification(
                    recipient=member,
                    kind=Kind.MENTION,
                    actor=mention.author,
                    title=_("%(name)s mentioned you in “%(topic)s”")
                    % {"name": mention.author.public_name, "topic": mention.topic.title},
                    url=mention.get_absolute_url(),
                    excerpt=_excerpt(mention.body),
                )
            )
        liked = (
            Post.objects.visible()
            .filter(author=member, like_count__gt=0)
            .select_related("topic")
            .order_by("-like_count", "-created_at")
            .first()
        )
        if liked is not None:
            last_like = PostLike.objects.filter(post=liked).select_related("member").last()
            rows.append(
                Notification(
                    recipient=member,
                    kind=Kind.LIKE,
                    actor=last_like.member if last_like else None,
                    actor_count=liked.like_count,
                    title=_("Your post in “%(topic)s” is liked") % {"topic": liked.topic.title},
                    url=liked.get_absolute_url(),
                    excerpt=_excerpt(liked.body),
                    group_key=f"like:{liked.pk}",
                )
            )
        recommendation = (
            Recommendation.objects.shown()
            .filter(recipient=member)
            .select_related("author")
            .order_by("-created_at")
            .first()
        )
        if recommendation is not None:
            rows.append(
                Notification(
                    recipient=member,
                    kind=Kind.RECOMMENDATION,
                    actor=recommendation.author,
                    title=_("%(name)s recommends you")
                    % {"name": recommendation.author.public_name},
                    url=member.get_absolute_url(),
                    excerpt=_excerpt(recommendation.text),
                )
            )
    return rows

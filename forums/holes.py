"""The personal parts of the board pages (freelancehub/personal.py) and the facts they need.

Holes (the key's parts in brackets):
- ``post-like`` [post, author]: the like button, pressed or not; a count alone on one's own post.
- ``post-bookmark`` [post]: the bookmark button, on or off.
- ``post-author`` [author]: edit and delete on one's own posts, report on the others'.
- ``topic-accept`` [topic author]: who may mark the answer of a question.
- ``topic-jump`` [topic, last post number]: “jump to the first unread post”.
- ``topic-level`` [topic]: the member's notification level for the topic.
- ``topic-unread-class`` and ``topic-unread-badge`` [topic]: an unread topic in a list.

One query gives all their facts (``MemberFacts``): likes and bookmarks of the page's posts, read
states of its topics, how much of each listed topic is unread, and, for the topic page's guard
(forums/page_cache.py), the member's drafts and held posts.
"""

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from freelancehub.personal import Hole, Personal, register_hole, register_source, source_rows

from .models import (
    Bookmark,
    CategoryReadMark,
    Draft,
    NotificationLevel,
    Post,
    PostLike,
    PublicationStatus,
    Topic,
    TopicReadState,
)
from .permissions import can_moderate

# --- Sources ---------------------------------------------------------------------------------


def likes(member, post_ids):
    return source_rows(
        PostLike.objects.filter(member=member, post_id__in=post_ids), "likes", F("post_id")
    )


def bookmarks(member, post_ids):
    return source_rows(
        Bookmark.objects.filter(member=member, post_id__in=post_ids), "bookmarks", F("post_id")
    )


def reads(member, topic_ids):
    """The member's read state of each topic: last post read, notification level."""
    return source_rows(
        TopicReadState.objects.filter(member=member, topic_id__in=topic_ids),
        "reads",
        F("topic_id"),
        F("last_read_number"),
        F("notification_level"),
    )


def unread(member, topic_ids):
    """How many posts of each topic the member has not read: -1 for a topic never opened.

    Up to the last post readers see (replies held for approval or hidden after it are not news
    to them). What was quiet before the member joined, or before they marked the board read, is
    read.
    """
    state = TopicReadState.objects.filter(member=member, topic=OuterRef("pk"))
    mark = CategoryReadMark.objects.filter(member=member, category=OuterRef("category_id"))
    topics = Topic.objects.filter(pk__in=topic_ids).annotate(
        my_last_read=Subquery(state.values("last_read_number")[:1]),
        category_marked_at=Subquery(mark.values("marked_at")[:1]),
    )
    count = Case(
        When(last_post_at__isnull=True, then=Value(0)),
        When(category_marked_at__gte=F("last_post_at"), then=Value(0)),
        When(my_last_read__isnull=True, last_post_at__gt=member.date_joined, then=Value(-1)),
        When(my_last_read__isnull=True, then=Value(0)),
        default=Greatest(
            Value(0),
            Coalesce(F("last_post__number"), F("last_post_number")) - F("my_last_read"),
        ),
        output_field=IntegerField(),
    )
    return source_rows(topics, "unread", F("pk"), count)


def drafts(member, topic_ids):
    return source_rows(
        Draft.objects.filter(member=member, topic_id__in=topic_ids), "drafts", F("topic_id")
    )


def held(member, topic_ids):
    """Topics where the member has posts awaiting approval (only they and moderators see them)."""
    return source_rows(
        Post.objects.filter(author=member, status=PublicationStatus.HELD, topic_id__in=topic_ids),
        "held",
        F("topic_id"),
    )


# --- Holes -----------------------------------------------------------------------------------


def _like(personal: Personal, key: list[int]) -> str:
    post_id, author_id = key
    if author_id == personal.member.pk:
        return "count"
    return "liked" if personal.facts.get("likes", post_id) else "unliked"


def _bookmark(personal: Personal, key: list[int]) -> str:
    return "marked" if personal.facts.get("bookmarks", key[0]) else "unmarked"


def _author(personal: Personal, key: list[int]) -> str:
    return "own" if key[0] == personal.member.pk else "other"


def _accept(personal: Personal, key: list[int]) -> str:
    member = personal.member
    if can_moderate(member) or (member.can_post and key[0] == member.pk):
        return "accepter"
    return "other"


def _jump(personal: Personal, key: list[int]) -> str:
    topic_id, last_post_number = key
    last_read = personal.facts.number("reads", topic_id)
    return "unread" if last_read and last_read < last_post_number else "read"


def _level(personal: Personal, key: list[int]) -> str:
    row = personal.facts.get("reads", key[0])
    return row[1] if row is not None and row[1] else NotificationLevel.NORMAL


def unread_count(personal: Personal, topic_id: int) -> int:
    return personal.facts.number("unread", topic_id) or 0


def _unread_class(personal: Personal, key: list[int]) -> str:
    return " topic-unread" if unread_count(personal, key[0]) else ""


def _unread_badge(personal: Personal, key: list[int]) -> str:
    count = unread_count(personal, key[0])
    if count == -1:
        return format_html(
            '<span class="badge text-bg-primary fw-normal">{}</span>', gettext("New")
        )
    if count:
        return format_html(
            '<a href="{}" class="badge text-bg-primary fw-normal text-decoration-none">{}</a>',
            reverse("forums:first_unread", args=[key[0]]),
            ngettext("%(counter)s unread", "%(counter)s unread", count) % {"counter": count},
        )
    return ""


def register() -> None:
    for name, source in [
        ("likes", likes),
        ("bookmarks", bookmarks),
        ("reads", reads),
        ("unread", unread),
        ("drafts", drafts),
        ("held", held),
    ]:
        register_source(name, source)
    register_hole(
        "post-like",
        Hole(
            variants=("count", "liked", "unliked"),
            visitor="count",
            choose=_like,
            wants=lambda key: [("likes", key[0])],
        ),
    )
    register_hole(
        "post-bookmark",
        Hole(
            variants=("marked", "unmarked"),
            choose=_bookmark,
            wants=lambda key: [("bookmarks", key[0])],
        ),
    )
    register_hole("post-author", Hole(variants=("own", "other"), choose=_author))
    register_hole("topic-accept", Hole(variants=("accepter", "other"), choose=_accept))
    register_hole(
        "topic-jump",
        Hole(variants=("unread", "read"), choose=_jump, wants=lambda key: [("reads", key[0])]),
    )
    register_hole(
        "topic-level",
        Hole(
            variants=tuple(NotificationLevel.values),
            choose=_level,
            wants=lambda key: [("reads", key[0])],
        ),
    )
    for kind, fill in [
        ("topic-unread-class", _unread_class),
        ("topic-unread-badge", _unread_badge),
    ]:
        register_hole(kind, Hole(visitor="", fill=fill, wants=lambda key: [("unread", key[0])]))

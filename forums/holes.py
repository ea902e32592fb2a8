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

from django.db import connection
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from freelancehub.personal import (
    NO_NUMBER,
    NO_TEXT,
    Hole,
    Personal,
    placeholders,
    register_hole,
    register_source,
)

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

# --- Sources (SQL, see freelancehub/personal.py) ---------------------------------------------


def likes(member, post_ids):
    return (
        f"SELECT 'likes', post_id, {NO_NUMBER}, {NO_TEXT} FROM {PostLike._meta.db_table}"
        f" WHERE member_id = %s AND post_id IN ({placeholders(post_ids)})",
        [member.pk, *post_ids],
    )


def bookmarks(member, post_ids):
    return (
        f"SELECT 'bookmarks', post_id, {NO_NUMBER}, {NO_TEXT} FROM {Bookmark._meta.db_table}"
        f" WHERE member_id = %s AND post_id IN ({placeholders(post_ids)})",
        [member.pk, *post_ids],
    )


def reads(member, topic_ids):
    """The member's read state of each topic: last post read, notification level."""
    return (
        f"SELECT 'reads', topic_id, last_read_number, notification_level"
        f" FROM {TopicReadState._meta.db_table}"
        f" WHERE member_id = %s AND topic_id IN ({placeholders(topic_ids)})",
        [member.pk, *topic_ids],
    )


def unread(member, topic_ids):
    """How many posts of each topic the member has not read: -1 for a topic never opened.

    Up to the last post readers see (replies held for approval or hidden after it are not news
    to them). What was quiet before the member joined, or before they marked the board read, is
    read.
    """
    last_number = "COALESCE(last_post.number, topic.last_post_number)"
    return (
        f"SELECT 'unread', topic.id, CASE"
        f" WHEN topic.last_post_at IS NULL THEN 0"
        f" WHEN mark.marked_at >= topic.last_post_at THEN 0"
        f" WHEN state.last_read_number IS NULL"
        f" THEN CASE WHEN topic.last_post_at > %s THEN -1 ELSE 0 END"
        f" WHEN {last_number} > state.last_read_number"
        f" THEN {last_number} - state.last_read_number"
        f" ELSE 0 END, {NO_TEXT}"
        f" FROM {Topic._meta.db_table} topic"
        f" LEFT JOIN {TopicReadState._meta.db_table} state"
        f" ON state.topic_id = topic.id AND state.member_id = %s"
        f" LEFT JOIN {CategoryReadMark._meta.db_table} mark"
        f" ON mark.category_id = topic.category_id AND mark.member_id = %s"
        f" LEFT JOIN {Post._meta.db_table} last_post ON last_post.id = topic.last_post_id"
        f" WHERE topic.id IN ({placeholders(topic_ids)})",
        [
            connection.ops.adapt_datetimefield_value(member.date_joined),
            member.pk,
            member.pk,
            *topic_ids,
        ],
    )


def drafts(member, topic_ids):
    return (
        f"SELECT 'drafts', topic_id, {NO_NUMBER}, {NO_TEXT} FROM {Draft._meta.db_table}"
        f" WHERE member_id = %s AND topic_id IN ({placeholders(topic_ids)})",
        [member.pk, *topic_ids],
    )


def held(member, topic_ids):
    """Topics where the member has posts awaiting approval (only they and moderators see them)."""
    return (
        f"SELECT 'held', topic_id, {NO_NUMBER}, {NO_TEXT} FROM {Post._meta.db_table}"
        f" WHERE author_id = %s AND status = %s AND topic_id IN ({placeholders(topic_ids)})",
        [member.pk, PublicationStatus.HELD.value, *topic_ids],
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

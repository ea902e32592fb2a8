"""The personal parts of the board pages (core/personal.py) and the facts they need.

Holes (the key's parts in brackets):
- ``post-like`` [post, author]: the like button, pressed or not; a count alone on one's own post.
- ``post-bookmark`` [post]: the bookmark button, on or off.
- ``post-author`` [author]: edit and delete on one's own posts, report on the others'.
- ``topic-accept`` [topic author]: who may mark the answer of a question.
- ``topic-jump`` [topic, last post number]: “jump to the first unread post”.
- ``topic-level`` [topic]: the member's notification level for the topic.
- ``topic-unread-class`` and ``topic-unread-badge`` [topic, last visible post number, last post
  number, last post time (seconds, microseconds), board]: an unread topic in a list.

One query gives all their facts (``MemberFacts``): likes and bookmarks of the page's posts, read
states of its topics, when they marked the listed boards read, and, for the topic page's guard
(forums/page_cache.py), the member's drafts and held posts.
"""

import functools
from datetime import UTC

from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext, ngettext

from core.personal import Hole, Personal, register_hole, register_table_source

from .models import (
    Bookmark,
    CategoryReadMark,
    Draft,
    NotificationLevel,
    Post,
    PostLike,
    PublicationStatus,
    TopicReadState,
)
from .permissions import can_moderate

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


def unread_count(personal: Personal, key: list[int | None]) -> int:
    """Posts of a listed topic the member has not read: -1 for a topic never opened.

    The key: the topic, the number of its last post that readers see (replies held for approval
    or hidden after it are not news to them) and of its last post, when it was written (epoch
    seconds, then microseconds) and its board. What was quiet before the member joined, or
    before they marked the board read, is read.
    """
    topic_id, last_visible, last_number, seconds, microseconds, category_id = key
    if seconds is None:
        return 0
    last_post_at = seconds + (microseconds or 0) / 1_000_000
    marked_at = personal.facts.get("marks", category_id)
    if marked_at is not None and _timestamp(marked_at[1]) >= last_post_at:
        return 0
    read = personal.facts.get("reads", topic_id)
    if read is None:
        return -1 if last_post_at > personal.member.date_joined.timestamp() else 0
    last = last_visible if last_visible is not None else last_number
    return max(0, last - read[0])


def _timestamp(text: str) -> float:
    """A datetime column read as text (PostgreSQL adds the offset; SQLite stores UTC)."""
    moment = parse_datetime(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _unread_wants(key: list[int | None]) -> list[tuple[str, int]]:
    return [("reads", key[0]), ("marks", key[5])]


def _unread_class(personal: Personal, key: list[int]) -> str:
    return " topic-unread" if unread_count(personal, key) else ""


def _unread_badge(personal: Personal, key: list[int]) -> str:
    count = unread_count(personal, key)
    if count == -1:
        return _new_badge(translation.get_language())
    if count:
        return _unread_link(translation.get_language(), count).format(url=_first_unread_url(key[0]))
    return ""


# A list shows the same few badges on every request: each is made once per process.
@functools.lru_cache(maxsize=16)
def _new_badge(language: str) -> str:
    return format_html('<span class="badge text-bg-primary fw-normal">{}</span>', gettext("New"))


@functools.lru_cache(maxsize=1024)
def _unread_link(language: str, count: int) -> str:
    label = ngettext("%(counter)s unread", "%(counter)s unread", count) % {"counter": count}
    return (
        '<a href="{url}" class="badge text-bg-primary fw-normal text-decoration-none">'
        + conditional_escape(label).replace("{", "{{").replace("}", "}}")
        + "</a>"
    )


@functools.lru_cache(maxsize=4096)
def _first_unread_url(topic_id: int) -> str:
    return reverse("forums:first_unread", args=[topic_id])


def register() -> None:
    # The facts (core/personal.py): which of the page's posts the member liked and
    # bookmarked; their read state of its topics (last post read, notification level); when they
    # marked its boards read; for the topic page's guard, their draft and held posts in it.
    register_table_source("likes", PostLike, "post_id")
    register_table_source("bookmarks", Bookmark, "post_id")
    register_table_source(
        "reads", TopicReadState, "topic_id", number="last_read_number", text="notification_level"
    )
    register_table_source(
        "marks", CategoryReadMark, "category_id", text="CAST(marked_at AS varchar)"
    )
    register_table_source("drafts", Draft, "topic_id")
    register_table_source(
        "held",
        Post,
        "topic_id",
        member_column="author_id",
        condition="status = %s",
        condition_params=(PublicationStatus.HELD.value,),
    )
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
        register_hole(kind, Hole(visitor="", fill=fill, wants=_unread_wants))

"""Keeps the visitors' page cache (core/pagecache.py) in step with the boards.

Scopes: ``SITE`` (names, pictures and trades of members, boards, tags: shown everywhere),
``LISTS`` (what the index, the boards' lists and search show of topics and posts) and one scope
per topic (its pages). Every write a visitor could see starts a new generation of the scopes it
touches once it commits: a like, its topic's; a reply or a moderator's action, its topic's and the
lists'.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import pagecache
from members.models import Member, Trade

from .models import Category, Post, PostLike, Tag, Topic

LISTS = "forums-lists"

# Member saves that change nothing a board page shows (sign-in, preferences).
MEMBER_PRIVATE_FIELDS = frozenset(
    {"last_login", "last_active_at", "language", "timezone", "password"}
)


def topic_scope(topic_id: int) -> str:
    return f"forums-topic:{topic_id}"


# The scopes of the cached views (besides SITE), from their URL arguments.
def lists_scopes(request, *args, **kwargs) -> list[str]:
    return [LISTS]


def topic_scopes(request, pk: int, *args, **kwargs) -> list[str]:
    return [topic_scope(pk)]


# What each write touches.
def _site_changed(sender, **kwargs) -> None:
    pagecache.invalidate(pagecache.SITE)


def _member_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or not set(update_fields) <= MEMBER_PRIVATE_FIELDS:
        pagecache.invalidate(pagecache.SITE)


def _topic_changed(sender, instance, **kwargs) -> None:
    pagecache.invalidate(topic_scope(instance.pk), LISTS)


def _topic_tags_changed(sender, instance, pk_set=None, **kwargs) -> None:
    topic_ids = [instance.pk] if isinstance(instance, Topic) else list(pk_set or ())
    pagecache.invalidate(*(topic_scope(topic_id) for topic_id in topic_ids), LISTS)


def _post_changed(sender, instance, **kwargs) -> None:
    pagecache.invalidate(topic_scope(instance.topic_id), LISTS)


def _like_changed(sender, instance, **kwargs) -> None:
    # Like counts stand on the topic's pages only.
    if PostLike.post.is_cached(instance):
        topic_id = instance.post.topic_id
    else:  # a like deleted by a queryset comes without its post
        posts = Post.objects.filter(pk=instance.post_id)
        topic_id = posts.values_list("topic_id", flat=True).first()
    if topic_id is not None:
        pagecache.invalidate(topic_scope(topic_id))


def connect() -> None:
    receivers = [
        (Category, _site_changed),
        (Tag, _site_changed),
        (Trade, _site_changed),  # trade names stand on the author cards
        (Topic, _topic_changed),
        (Post, _post_changed),
        (PostLike, _like_changed),
    ]
    for model, receiver in receivers:
        uid = f"pagecache-{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(_member_saved, sender=Member, dispatch_uid="pagecache-Member-save")
    post_delete.connect(_site_changed, sender=Member, dispatch_uid="pagecache-Member-delete")
    m2m_changed.connect(
        _site_changed, sender=Member.trades.through, dispatch_uid="pagecache-trades"
    )
    m2m_changed.connect(
        _topic_tags_changed, sender=Topic.tags.through, dispatch_uid="pagecache-topic-tags"
    )

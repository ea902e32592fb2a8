"""Keeps the visitors' page cache (freelancehub/pagecache.py) in step with the boards: every
write a visitor could see starts a new generation of cached pages once it commits."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from freelancehub import pagecache
from members.models import Member, Trade

from .models import Category, Post, PostLike, Tag, Topic

# Member saves that change nothing a board page shows (sign-in, preferences).
MEMBER_PRIVATE_FIELDS = frozenset(
    {"last_login", "last_active_at", "language", "timezone", "password"}
)


def _invalidate(sender, **kwargs) -> None:
    pagecache.invalidate()


def _member_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or not set(update_fields) <= MEMBER_PRIVATE_FIELDS:
        pagecache.invalidate()


def connect() -> None:
    # Trades: their names stand on the author cards.
    for model in (Category, Tag, Topic, Post, PostLike, Trade):
        post_save.connect(
            _invalidate, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}"
        )
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}"
        )
    m2m_changed.connect(_invalidate, sender=Topic.tags.through, dispatch_uid="pagecache-topic-tags")
    post_save.connect(_member_saved, sender=Member, dispatch_uid="pagecache-member")
    post_delete.connect(_invalidate, sender=Member, dispatch_uid="pagecache-member-delete")
    m2m_changed.connect(_invalidate, sender=Member.trades.through, dispatch_uid="pagecache-trades")

"""The bell's count, as a source of facts for the navbar's hole (core/holes.py)."""

from core.personal import NO_TEXT, register_source

from .models import Notification


def unread_notifications(member, keys):
    """One row, key 0: how many notifications the member has not read."""
    return (
        f"SELECT 'unread-notifications', 0, COUNT(*), {NO_TEXT}"
        f" FROM {Notification._meta.db_table} WHERE recipient_id = %s AND read_at IS NULL",
        [member.pk],
    )


def register() -> None:
    register_source("unread-notifications", unread_notifications)

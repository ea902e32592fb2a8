from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """The navbar's bell count (and its other icons'): one cheap indexed query, only when a page
    shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import unread_counts

    # The bell's count and the other icons' (unread messages) come in the same query.
    counts = SimpleLazyObject(lambda: unread_counts(user))
    return {
        "unread_notification_count": SimpleLazyObject(lambda: counts["notifications"]),
        "unread_counts": counts,
    }

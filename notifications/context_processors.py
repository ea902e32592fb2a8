from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """The navbar's bell count: one cheap indexed COUNT, only when a page shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import unread_count

    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}

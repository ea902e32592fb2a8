"""Who may do what in the forums: the one place the views and services ask."""

from django.contrib.auth.models import Permission
from django.db.models import Q

MODERATE_PERMISSION = "forums.moderate_forums"


def can_moderate(user) -> bool:
    """Moderators are staff with the forums' moderation permission, through a group or their own.

    Ordinary members are not staff: no query for them. For staff, one query instead of the two
    of ModelBackend (user permissions, then group permissions), remembered for the request.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_can_moderate_forums", None)
    if cached is None:
        app_label, codename = MODERATE_PERMISSION.split(".")
        cached = Permission.objects.filter(
            Q(user=user) | Q(group__user=user),
            content_type__app_label=app_label,
            codename=codename,
        ).exists()
        user._can_moderate_forums = cached
    return cached


def can_post(user) -> bool:
    return bool(user.is_authenticated and user.can_post)


def can_edit_post(user, post) -> bool:
    if can_moderate(user):
        return True
    return (
        can_post(user)
        and post.author_id == user.pk
        and not post.is_hidden
        and not post.is_deleted
        and not post.topic.is_locked
    )


def can_accept_solution(user, topic) -> bool:
    if not topic.category.is_questions or not user.is_authenticated:
        return False
    return can_moderate(user) or (can_post(user) and topic.author_id == user.pk)

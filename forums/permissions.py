"""Who may do what in the forums: the one place the views and services ask."""

MODERATE_PERMISSION = "forums.moderate_forums"


def can_moderate(user) -> bool:
    """Moderators are staff with the forums' moderation permission, through a group or their own.

    Members are not staff: no query for them. For staff, ModelBackend loads the permissions once
    and keeps them on the user object for the rest of the request.
    """
    return bool(user.is_authenticated and user.is_staff and user.has_perm(MODERATE_PERMISSION))


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

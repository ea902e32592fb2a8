"""Who may do what in the forums: the one place the views and services ask."""

MODERATE_PERMISSION = "forums.moderate_forums"


def can_moderate(user) -> bool:
    # Moderators are staff; checking is_staff first spares ordinary members two permission
    # queries on every page.
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(MODERATE_PERMISSION)
    )


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

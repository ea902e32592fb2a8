"""The “Write” button on profiles and directory cards (members.hooks), for members who accept
messages from the reader. What it needs comes with the members' own query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.hooks import ProfileAction


def write_action(member, viewer) -> ProfileAction | None:
    # None when the member was read without the annotation, False when they do not accept.
    if not getattr(member, "messaging_may_write", None) or not viewer.can_post:
        return None
    return ProfileAction(
        label=_("Write"),
        url=reverse("messaging:new", args=[member.username]),
        icon="envelope",
    )

"""The buttons apps add to a member's profile and directory card (members.hooks), for the
member reading the page: ``{% profile_actions member %}``. Nothing is read here: what an action
depends on came with the member's own query."""

from django import template

from ..hooks import profile_actions as actions_for

register = template.Library()


@register.inclusion_tag("members/includes/profile_actions.html", takes_context=True)
def profile_actions(context, member, compact=False):
    request = context.get("request")
    viewer = getattr(request, "user", None)
    actions = actions_for(member, viewer) if viewer is not None else []
    return {"actions": actions, "compact": compact, "member": member}

"""The parts apps add to a member's profile page (members.hooks profile sections), for the member
or visitor reading it: ``{% profile_sections member %}``. Each section's template is rendered as
an ``{% include %}`` would, within the page's context plus the section's own."""

from django import template
from django.utils.safestring import mark_safe

from ..hooks import profile_sections as sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_sections(context, member) -> str:
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if viewer is None:
        return ""
    rendered = []
    for section in sections_for(member, viewer):
        with context.push(**section.context):
            rendered.append(context.template.engine.get_template(section.template).render(context))
    # Each part is the output of a template, escaped as it rendered.
    return mark_safe("".join(rendered))  # noqa: S308

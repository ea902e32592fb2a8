import zoneinfo

from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone, translation

from .services import member_activity_touch


class MemberMiddleware:
    """Per request, for a signed-in member: ends a suspended member's session, applies their
    language and timezone, and notes their activity (one UPDATE at most every ten minutes).

    Visitors get the language negotiated by LocaleMiddleware and the site's timezone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            timezone.deactivate()
            return self.get_response(request)
        if user.is_suspended:
            logout(request)
            return render_suspended(request, user)
        if user.language and user.language != translation.get_language():
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        member_activity_touch(member=user)
        return self.get_response(request)


def render_suspended(request, member):
    """The page a suspended member sees instead of signing in: why, and until when."""
    with translation.override(member.language):
        if member.timezone:
            timezone.activate(zoneinfo.ZoneInfo(member.timezone))
        return render(request, "members/suspended.html", {"suspended": member}, status=403)

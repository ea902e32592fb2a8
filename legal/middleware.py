from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from .signals import session_acceptance_check

# Pages a member who has not accepted the current terms may still open: the legal pages, what
# lets them leave instead (sign out, download their data, delete their account), and the
# moderation admin, whose staff are asked on their next page of the site itself.
EXEMPT_NAMESPACES = {"legal", "admin"}
EXEMPT_URL_NAMES = {
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "members:data_export",
    "members:account_delete",
    "set_language",
    "healthz",
    "robots_txt",
}


class AcceptanceMiddleware:
    """Sends a member who has not accepted the current terms of use and community charter to
    the page where they do, then back.

    The session notes an acceptance of the current versions (legal.signals), so that a member
    who has accepted costs no query; a new version changes what the session must hold, and the
    next page asks once. Only pages being read are redirected: a form being sent goes through,
    so that nothing typed is lost, and the page after it asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_URL_NAMES:
            return None
        if EXEMPT_NAMESPACES.intersection(match.namespaces):
            return None
        if session_acceptance_check(request.session, request.user):
            return None
        htmx = getattr(request, "htmx", None)
        # After an htmx request, back to the page it came from, not to the fragment it asked for.
        back = (htmx.current_url_abs_path if htmx else None) or request.get_full_path()
        target = f"{reverse('legal:accept')}?{urlencode({'next': back})}"
        if htmx:
            return HttpResponseClientRedirect(target)
        return redirect(target)

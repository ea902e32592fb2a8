import functools

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class ModerationAdminSite(admin.AdminSite):
    site_title = _("FreelanceHub moderation")
    site_header = _("FreelanceHub — moderation")
    index_title = _("Keep the community healthy")
    # The home says first how many reports wait (the template asks the moderation app).
    index_template = "admin/moderation/index.html"

    def login(self, request, extra_context=None):
        """Sends staff through allauth's rate-limited login: no second, unguarded password form."""
        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view, cacheable=False):
        """Staff reach the moderation only with two-factor authentication turned on: a staff
        account that has none is sent to set up an authenticator app first."""
        guarded = super().admin_view(view, cacheable)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if (
                user.is_active
                and user.is_staff
                and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
            ):
                messages.warning(
                    request,
                    _(
                        "Moderators and admins protect their account with two-factor "
                        "authentication: set up an authenticator app to open the moderation."
                    ),
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return guarded(request, *args, **kwargs)

        return wrapper

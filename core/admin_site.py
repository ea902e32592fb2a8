from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ModerationAdminSite(admin.AdminSite):
    site_title = _("FreelanceHub moderation")
    site_header = _("FreelanceHub — moderation")
    index_title = _("Keep the community healthy")

    def login(self, request, extra_context=None):
        """Sends staff through allauth's rate-limited login: no second, unguarded password form."""
        return secure_admin_login(super().login)(request, extra_context)

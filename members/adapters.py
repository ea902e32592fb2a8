from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from core.mail import email_enqueue

from .models import Availability, Member

# Set in the session when a member confirms their first address, until they next sign in (at
# once when they confirm in the browser they signed up in, else on the login page).
WELCOME_PENDING_SESSION_KEY = "members_welcome_pending"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Renders allauth's e-mails in the recipient's language and sends them through a task."""
        request = allauth_context.request
        # Some e-mails (“this account already exists”) carry no user: the address still may
        # belong to a member, whose language wins over that of whoever typed it.
        user = context.get("user") or Member.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or translation.get_language()
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, full_context)
        email_enqueue(message)

    def save_user(self, request, user, form, commit=True):
        """New members start in the language they signed up in, and not announced as available
        for projects: they say so themselves once their profile tells what they do."""
        user.language = translation.get_language() or user.language
        user.availability = Availability.NOT_TAKING_WORK
        return super().save_user(request, user, form, commit=commit)

    def confirm_email(self, request, email_address):
        """A member's first confirmed address makes them a newcomer, welcomed at their next
        sign-in; confirming a changed address does not."""
        newcomer = not EmailAddress.objects.filter(
            user_id=email_address.user_id, verified=True
        ).exists()
        confirmed = super().confirm_email(request, email_address)
        if confirmed and newcomer:
            request.session[WELCOME_PENDING_SESSION_KEY] = True
        return confirmed

    def _welcome_url(self, request) -> str | None:
        if request.session.pop(WELCOME_PENDING_SESSION_KEY, False):
            return reverse("members:welcome")
        return None

    def get_login_redirect_url(self, request):
        return self._welcome_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self._welcome_url(request) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address):
        if self.request.user.is_authenticated:
            return self._welcome_url(self.request) or super().get_email_verification_redirect_url(
                email_address
            )
        return super().get_email_verification_redirect_url(email_address)

    def pre_login(self, request, user, **kwargs):
        """A suspended member cannot sign in; they are told why and until when."""
        if user.is_suspended:
            from .middleware import render_suspended

            return render_suspended(request, user)
        return super().pre_login(request, user, **kwargs)

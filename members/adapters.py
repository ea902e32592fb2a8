from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from freelancehub.mail import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Renders allauth's e-mails in the recipient's language and sends them through a task."""
        request = allauth_context.request
        user = context.get("user")
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
        """New members start in the language they signed up in."""
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

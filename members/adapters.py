from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from core.mail import email_enqueue

from .models import Member


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
        """New members start in the language they signed up in."""
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def pre_login(self, request, user, **kwargs):
        """A suspended member cannot sign in; they are told why and until when."""
        if user.is_suspended:
            from .middleware import render_suspended

            return render_suspended(request, user)
        return super().pre_login(request, user, **kwargs)

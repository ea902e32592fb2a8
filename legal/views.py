from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors, services
from .documents import DOCUMENTS
from .forms import AcceptForm, ContactForm
from .limits import CONTACT_LIMIT, contact_limit_count, contact_limit_reached
from .signals import SESSION_KEY, session_acceptance_check


def document(request, slug: str):
    """A legal document, its text written in the reader's language (French otherwise)."""
    shown = DOCUMENTS[slug]
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    body = select_template([f"legal/{language}/{slug}.html", f"legal/fr/{slug}.html"])
    context = {
        "document": shown,
        "documents": DOCUMENTS.values(),
        "body_template": body.template.name,
        "legal": legal_settings(),
    }
    return render(request, "legal/document.html", context)


LEGAL_SETTINGS = [
    "publisher_name",
    "publisher_status",
    "publisher_address",
    "publisher_registration",
    "publication_director",
    "contact_email",
    "host_name",
    "host_address",
    "host_phone",
    "log_retention_days",
]


def legal_settings() -> dict:
    """What the operator of the site sets in the environment (settings.py, LEGAL_*)."""
    return {name: getattr(settings, f"LEGAL_{name.upper()}") for name in LEGAL_SETTINGS}


def contact(request):
    member = request.user if request.user.is_authenticated else None
    initial = {"name": member.public_name, "email": member.email} if member else {}
    form = ContactForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = get_adapter().get_client_ip(request)
        member_id = member.pk if member else None
        if contact_limit_reached(member_id=member_id, ip=ip):
            # The form comes back as it was typed, to be sent later or copied elsewhere.
            form.add_error(
                None,
                _(
                    "You have already sent %(count)s messages in the last hour. Your message "
                    "is still here: please send it again in an hour."
                )
                % {"count": CONTACT_LIMIT},
            )
            status = 429
        else:
            contact_limit_count(member_id=member_id, ip=ip)
            services.contact_message_send(member=member, **form.cleaned_data)
            messages.success(
                request,
                _("Thank you, your message has reached the moderators. They answer by e-mail."),
            )
            return redirect("legal:contact")
    context = {"form": form, "documents": DOCUMENTS.values(), "legal": legal_settings()}
    return render(request, "legal/contact.html", context, status=status)


@login_required
def accept(request):
    """Where a member accepts the new versions of the terms and the charter, then goes on."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    pending = selectors.documents_to_accept(member=request.user)
    if not pending:
        session_acceptance_check(request.session, request.user)
        return redirect(next_url or "home")
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.acceptances_record(member=request.user, documents=pending)
        request.session.pop(SESSION_KEY, None)
        session_acceptance_check(request.session, request.user)
        messages.success(request, _("Thank you, welcome back."))
        return redirect(next_url or "home")
    context = {"form": form, "pending": pending, "next": next_url}
    return render(request, "legal/accept.html", context)

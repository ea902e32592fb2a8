from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import documents, selectors, services

# The session's note that its member accepted the current versions (legal.middleware).
SESSION_KEY = "legal_accepted_versions"


@receiver(user_signed_up, dispatch_uid="legal_acceptance_at_signup")
def acceptance_at_signup(sender, request, user, **kwargs):
    """The sign-up form cannot be sent without accepting the terms and the charter
    (members.forms.SignupForm): the new account has accepted their current versions."""
    services.acceptances_record(member=user, documents=documents.ACCEPTED_DOCUMENTS)


@receiver(user_logged_in, dispatch_uid="legal_acceptance_on_session")
def acceptance_on_session(sender, request, user, **kwargs):
    """Checked once at sign-in and noted on the session, so that the pages after it cost no
    query for it."""
    if request is not None and hasattr(request, "session"):
        session_acceptance_check(request.session, user)


def session_acceptance_check(session, member) -> bool:
    """Whether the member has accepted every current version; notes it on the session if so."""
    if session.get(SESSION_KEY) == documents.ACCEPTED_VERSIONS_KEY:
        return True
    if selectors.documents_to_accept(member=member):
        return False
    session[SESSION_KEY] = documents.ACCEPTED_VERSIONS_KEY
    return True

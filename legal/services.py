from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.mail import email_send
from members.models import Member

from . import documents as legal_documents
from . import selectors
from .documents import Document
from .models import Acceptance, ContactMessage


def acceptances_record(*, member: Member, documents: list[Document]) -> list[Acceptance]:
    """Records that the member accepted the current version of each document, now."""
    now = timezone.now()
    acceptances = []
    for document in documents:
        acceptance, _created = Acceptance.objects.get_or_create(
            member=member,
            document=document.slug,
            version=document.version,
            defaults={"accepted_at": now},
        )
        acceptances.append(acceptance)
    return acceptances


def acceptances_record_at_seeding(*, members: list[Member], batch_size: int = 1000) -> None:
    """For accounts a seed command makes in bulk (the demo, the bench): they have accepted the
    current versions, as every member who signed up has."""
    Acceptance.objects.bulk_create(
        (
            Acceptance(member=member, document=document.slug, version=document.version)
            for member in members
            for document in legal_documents.ACCEPTED_DOCUMENTS
        ),
        batch_size=batch_size,
        ignore_conflicts=True,
    )


@transaction.atomic
def contact_message_send(
    *, member: Member | None, name: str, email: str, subject: str, message: str
) -> ContactMessage:
    """Stores a message to the moderators and e-mails it to each of them after the commit.

    The member is the one signed in, never what the form said: a visitor's message has none.
    """
    contact = ContactMessage(
        member=member if member is not None and member.is_authenticated else None,
        name=name.strip(),
        email=email.strip(),
        subject=subject.strip(),
        message=message.strip(),
        language=translation.get_language() or "fr",
    )
    contact.full_clean()
    contact.save()
    transaction.on_commit(lambda: _contact_message_notify(contact.pk))
    return contact


def _contact_message_notify(contact_id: int) -> None:
    contact = ContactMessage.objects.select_related("member").get(pk=contact_id)
    for recipient in selectors.contact_recipients():
        with translation.override(recipient.language or "fr"):
            email_send(
                to=recipient.email,
                subject=gettext("Contact: %(subject)s") % {"subject": contact.subject},
                text_template="legal/email/contact.txt",
                html_template="legal/email/contact.html",
                context={"contact": contact, "recipient": recipient},
                headers={"Reply-To": contact.email},
            )


def contact_messages_mark_handled(*, contacts) -> int:
    return contacts.update(handled=True)

from django.db.models import Q

from members.models import Member
from members.roles import MODERATORS_GROUP

from . import documents
from .documents import Document
from .models import Acceptance


def documents_to_accept(*, member: Member) -> list[Document]:
    """The documents whose current version the member has not accepted yet (one query)."""
    current = Q()
    for document in documents.ACCEPTED_DOCUMENTS:
        current |= Q(document=document.slug, version=document.version)
    accepted = set(
        Acceptance.objects.filter(current, member=member).values_list("document", flat=True)
    )
    return [d for d in documents.ACCEPTED_DOCUMENTS if d.slug not in accepted]


def contact_recipients() -> list[Member]:
    """Who reads the contact messages: the moderators and the staff, active and not deleted."""
    return list(
        Member.objects.filter(Q(is_staff=True) | Q(groups__name=MODERATORS_GROUP))
        .filter(is_active=True, deleted_at__isnull=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )

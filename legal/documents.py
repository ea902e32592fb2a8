"""The site's legal documents, each with the version and date shown on its page.

A document's text lives in templates/legal/<language>/<slug>.html. Changing what a document
says means giving it a new version here: for the documents members accept, every member is then
asked to accept the new version on their next visit (legal.middleware).
"""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Document:
    slug: str
    title: Promise
    version: str
    updated_on: datetime.date
    # Whether members accept it at sign-up (and again when its version changes).
    accepted: bool

    @property
    def url_name(self) -> str:
        return f"legal:{self.slug}"


NOTICE = Document("notice", _("Legal notice"), "2026-12", datetime.date(2026, 12, 3), False)
TERMS = Document("terms", _("Terms of use"), "2026-12", datetime.date(2026, 12, 3), True)
PRIVACY = Document("privacy", _("Privacy policy"), "2026-12", datetime.date(2026, 12, 3), False)
CHARTER = Document("charter", _("Community charter"), "2026-12", datetime.date(2026, 12, 3), True)

DOCUMENTS = {document.slug: document for document in (NOTICE, TERMS, PRIVACY, CHARTER)}
ACCEPTED_DOCUMENTS = [document for document in DOCUMENTS.values() if document.accepted]

# What a session remembers once its member has accepted every current version: a change of
# any version changes it, so the session is checked again.
ACCEPTED_VERSIONS_KEY = ",".join(f"{d.slug}:{d.version}" for d in ACCEPTED_DOCUMENTS)

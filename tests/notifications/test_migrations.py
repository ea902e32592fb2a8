"""Migrations that change stored notifications."""

from importlib import import_module

import pytest
from django.apps import apps

from notifications.models import Kind, Notification
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

plain_post_excerpts = import_module("notifications.migrations.0004_plain_post_excerpts")


def test_stored_excerpts_of_posts_lose_their_markdown_and_quotes_stay_as_written():
    member = MemberFactory()

    def stored(kind, excerpt):
        return Notification.objects.create(
            recipient=member, kind=kind, title="…", url="/", excerpt=excerpt
        )

    reply = stored(Kind.REPLY, "Je facture **0,06 € le mot** et _jamais_ moins")
    cut = stored(Kind.MENTION, "Voir [mon barème](https://exemple.fr) : **tarif de…")
    message = stored(Kind.EVENT_MESSAGE, "Rendez-vous *à l'entrée*")

    plain_post_excerpts.excerpts_as_read(apps, None)

    reply.refresh_from_db()
    cut.refresh_from_db()
    message.refresh_from_db()
    assert reply.excerpt == "Je facture 0,06 € le mot et jamais moins"
    assert cut.excerpt == "Voir mon barème : **tarif de…"
    assert message.excerpt == "Rendez-vous *à l'entrée*"

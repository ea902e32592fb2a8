"""Every e-mail of the ritual lets its reader pause or leave, the ones the notifications app
writes too (an invitation, a time picked, a binôme)."""

import pytest
from django.urls import reverse

from chocoskype.links import LEAVE, PAUSE, link_token
from notifications.models import Kind
from notifications.services import notify
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_ritual_notification_e_mail_links_pause_and_leave(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = MemberFactory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind=Kind.CHOCOSKYPE, title="Une invitation", url="/")
        notify(recipient=member, kind=Kind.MENTION, title="Une mention", url="/")

    ritual, reply = mailoutbox
    for action in (PAUSE, LEAVE):
        path = reverse(f"chocoskype:{action}_link", args=[link_token(member, action)])
        assert path in ritual.body
        assert path in ritual.alternatives[0].content
        assert path not in reply.body
    assert "Mettre le rituel en pause" in ritual.body

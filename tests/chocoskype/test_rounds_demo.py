"""The demo's ritual: participants, two past rounds and this week's, Claire's meeting in her
events; a second seed adds nothing, and a real round runs on top of it."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from chocoskype import services
from chocoskype.models import Pairing, PairingMember, Participant, Round
from demo.chocoskype import PARTICIPANTS
from members.models import Member

pytestmark = pytest.mark.django_db


def seed() -> str:
    stdout = io.StringIO()
    call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_the_demo_has_rounds_pairs_and_claires_meeting(client):
    output = seed()
    assert f"ChocoSkype: {len(PARTICIPANTS)} participants, 3 rounds created." in output
    assert Participant.objects.count() == len(PARTICIPANTS) >= 12
    assert Round.objects.count() == 3
    assert PairingMember.objects.filter(outcome=PairingMember.Outcome.MET).count() >= 10
    claire = Member.objects.get(username="claire")
    current = Round.objects.order_by("-held_on").first()
    mine = Pairing.objects.get(round=current, members__member=claire)
    assert mine.status == Pairing.Status.SCHEDULED and mine.event.visibility == "private"
    client.force_login(claire)
    assert mine.event.title in client.get(reverse("events:mine")).content.decode()
    assert client.get(reverse("chocoskype:pair", args=[mine.pk])).status_code == 200

    again = seed()
    assert "ChocoSkype: 0 participants, 0 rounds created." in again
    assert Round.objects.count() == 3

    next_round = services.round_run(held_on=current.held_on + timedelta(weeks=1))
    assert next_round.pairing_count >= 1

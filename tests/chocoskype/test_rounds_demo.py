"""The demo's ritual: participants, two past rounds and this week's, Claire's meeting in her
events; a second seed adds nothing, and a real round runs on top of it."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from chocoskype import services
from chocoskype.models import Binome, Pairing, PairingMember, Participant, Round
from demo.chocoskype import PARTICIPANTS
from members.models import Member

pytestmark = pytest.mark.django_db


def seed() -> str:
    stdout = io.StringIO()
    call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_the_demo_has_rounds_pairs_and_claires_meeting(client):
    output = seed()
    assert f"ChocoSkype: {len(PARTICIPANTS)} participants, 3 rounds, 1 binômes created." in output
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
    # And her binôme with Thomas: its next date and both goals on its page.
    binome = Binome.objects.get(Q(member_a=claire) | Q(member_b=claire))
    page = client.get(reverse("chocoskype:binome", args=[binome.pk])).content.decode()
    assert "Envoyer trois devis" in page and "Relancer les deux agences" in page
    assert binome.series.occurrences.filter(starts_at__gt=timezone.now()).exists()

    again = seed()
    assert "ChocoSkype: 0 participants, 0 rounds, 0 binômes created." in again
    assert Round.objects.count() == 3

    next_round = services.round_run(held_on=current.held_on + timedelta(weeks=1))
    assert next_round.pairing_count >= 1

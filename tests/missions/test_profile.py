"""Referrals on profiles (counts only, next to the recommendations), in the data export, and
what deleting an account does to missions, interests and referrals."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from members.services import member_account_delete, member_export_data
from missions import services
from missions.models import Interest, Mission, Referral
from tests.factories import MemberFactory

from .conftest import mission_data, seasoned

pytestmark = pytest.mark.django_db


def referral_counts(content: str) -> dict[str, str]:
    """The figures of the profile's referral section, by ``data-referrals``."""
    return dict(re.findall(r'data-referrals="(\w+)">(\d+)<', content))


@pytest.fixture
def won(mission, karim):
    referral = services.mission_pass(actor=mission.author, mission=mission, receiver=karim)
    return services.referral_outcome_set(
        actor=karim, referral=referral, outcome="won", amount=Decimal("1800")
    )


def test_both_profiles_count_the_referral_for_everyone(client, won, claire, karim):
    for reader in (None, claire, karim, seasoned(MemberFactory())):
        client.logout()
        if reader:
            client.force_login(reader)
        giver = client.get(reverse("members:profile", args=[claire.username])).content.decode()
        receiver = client.get(reverse("members:profile", args=[karim.username])).content.decode()

        assert referral_counts(giver) == {"given": "1", "received": "0"}
        assert referral_counts(receiver) == {"given": "0", "received": "1"}
        assert "1 won" in receiver
        # Counts only: neither the mission nor its amount.
        assert won.mission.title not in giver + receiver
        assert "1,800" not in giver + receiver


def test_a_profile_without_referrals_shows_the_section_to_its_owner_only(client, claire):
    url = reverse("members:profile", args=[claire.username])
    client.force_login(MemberFactory())
    assert "Business passed on" not in client.get(url).content.decode()

    client.force_login(claire)
    content = client.get(url).content.decode()
    assert referral_counts(content) == {"given": "0", "received": "0"}
    assert reverse("missions:referrals") in content


def test_the_data_export_holds_missions_interests_and_referrals(won, claire, karim):
    other = services.mission_publish(
        author=karim, data=mission_data(won.mission.trade, title="Relecture")
    )
    Interest.objects.create(mission=other, member=claire)

    export = member_export_data(member=claire)["missions"]

    assert [m["title"] for m in export["published"]] == [won.mission.title]
    assert export["published"][0]["taken_by"] == karim.username
    assert export["interested_in"][0]["mission"] == "Relecture"
    assert export["referrals"] == [
        {
            "direction": "given",
            "giver": claire.username,
            "receiver": karim.username,
            "mission": won.mission.title,
            "passed_on_at": won.created_at.isoformat(),
            "outcome": "won",
            "amount_eur_excl_vat": "1800.00",
            "outcome_at": won.outcome_at.isoformat(),
        }
    ]
    assert member_export_data(member=karim)["missions"]["referrals"][0]["direction"] == "received"


def test_deleting_an_account_erases_its_missions_and_interests_but_keeps_referrals(
    won, claire, karim, client
):
    open_mission = services.mission_publish(
        author=claire, data=mission_data(won.mission.trade, title="Encore une")
    )
    Interest.objects.create(mission=open_mission, member=karim)
    karims = services.mission_publish(author=karim, data=mission_data(won.mission.trade))
    Interest.objects.create(mission=karims, member=claire)

    member_account_delete(member=claire)

    assert not Mission.objects.filter(author=claire).exists()
    assert not Interest.objects.filter(member=claire).exists()
    referral = Referral.objects.get()
    assert (referral.giver, referral.receiver, referral.mission) == (claire, karim, None)
    assert referral.amount == Decimal("1800")
    page = client.get(reverse("members:profile", args=[karim.username])).content.decode()
    assert referral_counts(page)["received"] == "1"


def test_the_receiver_s_deleted_account_takes_their_amount_away(won, karim):
    member_account_delete(member=karim)

    won.refresh_from_db()
    assert (won.outcome, won.amount, won.receiver_id) == ("won", None, karim.pk)


def test_a_member_row_removed_for_good_leaves_the_other_s_referral(won, claire, karim):
    claire.delete()

    won.refresh_from_db()
    assert won.giver is None
    assert won.receiver == karim
    assert not Mission.objects.exists()


def test_a_referral_with_a_deleted_member_names_no_profile(client, won, claire, karim):
    member_account_delete(member=karim)
    client.force_login(claire)

    content = client.get(reverse("missions:referrals"), {"show": "given"}).content.decode()

    assert "To a deleted member" in content
    assert f"/members/deleted-{karim.pk}/" not in content

"""Indicative rates on a profile (the member's choice): typed as people type amounts, shown on the
profile and the directory's cards, filtered on in the directory, exported, erased with the
account; and the hooks through which apps built on members add to the export and the erasure."""

import json
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from members import hooks, services
from members.forms import AmountField
from members.models import Trade
from tests.factories import MemberFactory

from .conftest import reauthenticate
from .test_profile import EDIT_URL, EXPORT_URL, profile_data

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("members:list")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("450", Decimal("450")),
        ("0,12", Decimal("0.12")),
        ("0.12", Decimal("0.12")),
        ("0,125", Decimal("0.125")),
        (" 1 200 € ", Decimal("1200")),
        ("1\u202f200\u00a0€", Decimal("1200")),
        ("1,200", Decimal("1200")),
        ("1.200", Decimal("1200")),
        ("€1,200.50", Decimal("1200.50")),
        ("1.200,50", Decimal("1200.50")),
        ("450,5", Decimal("450.5")),
        ("", None),
        (" € ", None),
    ],
)
def test_an_amount_is_read_as_people_type_it(typed, amount):
    assert AmountField(required=False).clean(typed) == amount


@pytest.mark.parametrize("typed", ["douze", "1,2,3", "12..5", "0,1234", "-5", "1.200.50,3,4"])
def test_what_is_not_an_amount_is_refused(typed):
    field = AmountField(required=False)

    with pytest.raises(Exception) as refused:
        field.clean(typed)

    assert refused.value.code == "invalid"


def test_the_member_shows_rates_typed_the_french_way(member_client, member):
    response = member_client.post(EDIT_URL, profile_data(day_rate="1 200", word_rate="0,12"))

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.day_rate, member.word_rate) == (Decimal("1200"), Decimal("0.12"))
    page = member_client.get(reverse("members:profile", args=["claire"])).content.decode()
    assert "1\u00a0200\u00a0€" in page
    assert "0,12\u00a0€" in page
    # The form gives the amounts back as the reader writes them, without trailing zeros.
    form = member_client.get(EDIT_URL).content.decode()
    assert 'name="day_rate" value="1200"' in form
    assert 'name="word_rate" value="0,12"' in form


def test_an_english_reader_reads_the_rates_the_english_way(client, member, other_member):
    member.day_rate, member.word_rate = Decimal("1200"), Decimal("0.125")
    member.save()
    other_member.language = "en"
    other_member.save()
    client.force_login(other_member)

    page = client.get(reverse("members:profile", args=["claire"])).content.decode()

    assert "€1,200 per day" in page
    assert "€0.125 per word" in page
    assert "Indicative rates" in page


def test_rates_left_blank_are_not_shown(member_client, member):
    member_client.post(EDIT_URL, profile_data(day_rate="", word_rate=""))

    member.refresh_from_db()
    assert member.day_rate is None and member.word_rate is None
    page = member_client.get(reverse("members:profile", args=["claire"])).content.decode()
    assert "indicative-rates" not in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"day_rate": "beaucoup"}, "day_rate"),
        ({"day_rate": "-450"}, "day_rate"),
        ({"day_rate": "0"}, "day_rate"),
        ({"word_rate": "0,0001"}, "word_rate"),
        ({"day_rate": "123456789"}, "day_rate"),
    ],
)
def test_a_wrong_rate_is_explained_and_keeps_what_was_typed(
    member_client, member, overrides, field
):
    response = member_client.post(EDIT_URL, profile_data(**overrides))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'value="{overrides[field]}"' in response.content.decode()
    member.refresh_from_db()
    assert member.headline == ""
    assert member.day_rate is None


def test_the_database_refuses_a_rate_that_is_not_positive(member):
    for field in ("day_rate", "word_rate"):
        setattr(member, field, Decimal("0"))
        with pytest.raises(IntegrityError), transaction.atomic():
            member.save()
        setattr(member, field, None)


def test_the_preview_shows_the_typed_rates(member_client):
    response = member_client.post(EDIT_URL, profile_data(day_rate="480", preview="1"))

    assert response.status_code == 200
    assert "480\u00a0€" in response.content.decode()


# --- The directory ---------------------------------------------------------------------------


def directory_member(username: str, day_rate: str | None) -> None:
    member = MemberFactory(
        username=username,
        display_name=username.title(),
        day_rate=Decimal(day_rate) if day_rate else None,
    )
    member.trades.set([Trade.objects.get(slug="developpeur-web")])


def handles(response) -> set[str]:
    return {m.username for m in response.context["page_obj"].object_list}


def test_the_directory_filters_on_the_day_rate(client):
    directory_member("omar", "450")
    directory_member("jeanne", "500")
    directory_member("paul", "650")
    directory_member("lea", None)

    assert handles(client.get(DIRECTORY_URL, {"day_rate_max": "500"})) == {"omar", "jeanne"}
    assert handles(client.get(DIRECTORY_URL, {"day_rate_max": "499,99"})) == {"omar"}
    assert handles(client.get(DIRECTORY_URL)) == {"omar", "jeanne", "paul", "lea"}
    # The cards say the day rate of those who show one.
    page = client.get(DIRECTORY_URL, {"day_rate_max": "500"}).content.decode()
    assert page.count("member-day-rate") == 2
    assert "450\u00a0€" in page


def test_a_wrong_day_rate_filter_is_explained_and_drops_that_filter_only(client):
    directory_member("omar", "450")
    directory_member("paul", "650")

    response = client.get(DIRECTORY_URL, {"day_rate_max": "pas cher", "q": "omar"})

    assert response.status_code == 200
    assert "day_rate_max" in response.context["form"].errors
    assert 'value="pas cher"' in response.content.decode()
    assert handles(response) == {"omar"}


@pytest.mark.parametrize("persona", ["visitor", "member"])
def test_the_directory_filtered_by_day_rate_runs_the_same_queries_for_3_or_30_members(
    request, client, django_assert_num_queries, django_assert_max_num_queries, persona
):
    if persona == "member":
        client.force_login(request.getfixturevalue("member"))
    for number in range(3):
        directory_member(f"dev-{number}", str(400 + number))
    params = {"day_rate_max": "600", "trade": "developpeur-web"}
    client.get(DIRECTORY_URL, params)  # warms the caches and the activity stamp

    # The count, the trades of the filter, the page, the cards' trades; the filter's trade; a
    # member's session, account and unread notifications.
    with django_assert_max_num_queries(5 + (3 if persona == "member" else 0)) as few:
        response = client.get(DIRECTORY_URL, params)
    assert len(response.context["page_obj"].object_list) == 3

    for number in range(3, 30):
        directory_member(f"dev-{number}", str(400 + number))
    with django_assert_num_queries(len(few)):
        response = client.get(DIRECTORY_URL, params)
    assert len(response.context["page_obj"].object_list) == 24


# --- Export and erasure ----------------------------------------------------------------------


def test_the_export_holds_the_rates_as_exact_text(member_client, member):
    member_client.post(EDIT_URL, profile_data(day_rate="450", word_rate="0,125"))

    data = json.loads(member_client.get(EXPORT_URL).content)

    assert data["profile"]["day_rate"] == "450.00"
    assert data["profile"]["word_rate"] == "0.125"


def test_apps_add_their_section_to_the_export(monkeypatch, member_client, member):
    monkeypatch.setattr(hooks, "_export_sections", {})
    hooks.register_export_section("bookings", lambda m: [{"by": m.username}])

    data = json.loads(member_client.get(EXPORT_URL).content)

    assert data["bookings"] == [{"by": "claire"}]
    with pytest.raises(ValueError):
        hooks.register_export_section("bookings", lambda m: [])
    # A section cannot take the place of the account's own data.
    hooks.register_export_section("profile", lambda m: {})
    with pytest.raises(ValueError):
        services.member_export_data(member=member)


def test_deleting_the_account_erases_the_rates_and_what_apps_registered(
    monkeypatch, member_client, member
):
    erased = []
    monkeypatch.setattr(hooks, "_account_erasures", [])
    hooks.register_account_erasure(lambda m: erased.append(m.pk))
    member_client.post(EDIT_URL, profile_data(day_rate="450", word_rate="0,12"))

    reauthenticate(member_client)
    response = member_client.post(reverse("members:account_delete"), {"confirm": "on"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_deleted
    assert (member.day_rate, member.word_rate) == (None, None)
    assert erased == [member.pk]

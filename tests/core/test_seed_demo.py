import io
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from freelancehub.demo_data import DEMO_PASSWORD, MEMBERS, PARIS
from members.models import LegalStatus, Member
from members.roles import MODERATORS_GROUP

pytestmark = pytest.mark.django_db

# A fixed day keeps the runs of one test on the same date, even across midnight.
TODAY = date(2026, 3, 26)


def seed(today: date = TODAY) -> str:
    stdout = io.StringIO()
    with mock.patch.object(timezone, "localdate", return_value=today):
        call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def snapshot() -> dict[str, list]:
    return {
        "members": list(Member.objects.order_by("pk").values()),
        "trades": list(Member.trades.through.objects.order_by("pk").values()),
        "addresses": list(EmailAddress.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
    }


def test_seeding_twice_creates_and_changes_nothing_the_second_time(
    django_assert_num_queries,
):
    first_output = seed()
    first = snapshot()
    # Every `make run` pays for this run: a handful of queries, whatever the demo's size.
    with django_assert_num_queries(11):
        second_output = seed()

    assert snapshot() == first
    assert "32 created" in first_output
    assert "0 created, 32 existing" in second_output
    assert "0 created, 0 rescheduled, 15 unchanged" in second_output
    assert len(first["members"]) == len(MEMBERS) >= 30
    assert len(first["addresses"]) == len(MEMBERS)
    assert len(first["events"]) == 15


def test_a_later_run_moves_the_events_instead_of_duplicating_them():
    seed()
    before = dict(Event.objects.values_list("pk", "starts_at"))

    output = seed(TODAY + timedelta(days=10))

    assert "0 created, 15 rescheduled" in output
    after = dict(Event.objects.values_list("pk", "starts_at"))
    assert after.keys() == before.keys()
    assert all(after[pk] > before[pk] for pk in before)


def test_existing_accounts_are_left_alone_but_can_always_sign_in():
    seed()
    claire = Member.objects.get(username="claire")
    claire.headline = "Rédactrice SEO, désormais à Villeurbanne"
    claire.save()
    EmailAddress.objects.filter(user=claire).delete()
    Member.objects.filter(username="sophie").update(is_superuser=True)

    output = seed()

    assert "E-mail addresses: 1 created" in output
    claire.refresh_from_db()
    assert claire.headline == "Rédactrice SEO, désormais à Villeurbanne"
    assert EmailAddress.objects.filter(user=claire, primary=True, verified=True).exists()
    assert not Member.objects.get(username="sophie").is_superuser


@pytest.mark.parametrize("email", ["claire", "karim", "sophie"])
def test_the_personas_sign_in_through_the_login_page(client, email):
    seed()
    response = client.post(
        reverse("account_login"),
        {"login": f"{email}@demo.freelancehub.fr", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_every_demo_member_has_a_verified_primary_address_and_the_demo_password(client):
    seed()
    for member in Member.objects.all():
        address = EmailAddress.objects.get(user=member, primary=True)
        assert address.verified
        assert address.email == member.email
        assert member.email.endswith("@demo.freelancehub.fr")
        assert client.login(email=member.email, password=DEMO_PASSWORD), member.username
        client.logout()


def test_the_personas_are_who_product_md_says():
    seed()
    claire = Member.objects.get(username="claire")
    assert claire.email == "claire@demo.freelancehub.fr"
    assert claire.legal_status == LegalStatus.MICRO_ENTREPRISE
    assert (claire.city, claire.region) == ("Lyon", "ara")
    assert "redacteur-web" in claire.trades.values_list("slug", flat=True)

    karim = Member.objects.get(email="karim@demo.freelancehub.fr")
    assert karim.legal_status == LegalStatus.PORTAGE
    assert (karim.language, karim.timezone) == ("en", "America/Toronto")
    assert set(karim.trades.values_list("slug", flat=True)) == {
        "traducteur",
        "correcteur-relecteur",
    }

    sophie = Member.objects.get(email="sophie@demo.freelancehub.fr")
    assert sophie.is_staff
    assert not sophie.is_superuser
    assert list(sophie.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]
    assert Member.objects.filter(is_staff=True).count() == 1


def test_the_demo_community_is_varied_and_valid():
    seed()
    members = list(Member.objects.prefetch_related("trades"))

    assert {m.legal_status for m in members} == set(LegalStatus.values)
    assert all(1 <= len(m.trades.all()) <= 3 for m in members)
    assert {"remote", "reu", "idf", "ara"} <= {m.region for m in members}
    assert len({m.timezone for m in members}) > 3
    assert len({m.date_joined.date() for m in members}) == len(members)
    assert all(
        TODAY - timedelta(days=731) <= timezone.localdate(m.date_joined) < TODAY for m in members
    )
    for member in members:
        member.full_clean()


def test_the_demo_events_cover_every_kind_and_keep_the_constraints():
    seed()
    now = datetime.combine(TODAY, time(0), tzinfo=PARIS)
    events = list(Event.objects.all())

    for event in events:
        event.full_clean()
        assert event.ends_at > event.starts_at
        assert event.is_online or event.city
    upcoming = [e for e in events if e.starts_at > now]
    assert {e.city for e in upcoming if e.kind == Event.Kind.AFTERWORK} >= {
        "Lyon",
        "Paris",
        "Bordeaux",
        "Nantes",
    }
    chocoskypes = [e for e in upcoming if e.title == "ChocoSkype du mardi"]
    assert len(chocoskypes) == 4
    assert all(e.is_online and timezone.localtime(e.starts_at).weekday() == 1 for e in chocoskypes)
    assert any(e.kind == Event.Kind.WORKSHOP and e.is_online for e in upcoming)
    assert any(e.kind == Event.Kind.COWORKING for e in upcoming)
    assert any(e.visibility == Event.Visibility.MEMBERS for e in upcoming)
    cancelled = [e for e in events if e.is_cancelled]
    assert len(cancelled) == 1
    assert cancelled[0].cancellation_reason
    assert len([e for e in events if e.ends_at < now]) == 3

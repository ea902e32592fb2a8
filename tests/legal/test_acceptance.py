"""Accepting the terms of use and the community charter: at sign-up, and again on the next
visit whenever a version changes."""

import dataclasses

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from legal import documents
from legal.models import Acceptance
from legal.services import acceptances_record_at_seeding
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-passphrase-42"


def signup_data(**overrides):
    return {
        "email": "nina@example.org",
        "username": "nina-redac",
        "display_name": "Nina Roussel",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
        **overrides,
    }


def accepted(member) -> set[tuple[str, str]]:
    return set(Acceptance.objects.filter(member=member).values_list("document", "version"))


CURRENT = {(d.slug, d.version) for d in documents.ACCEPTED_DOCUMENTS}


@pytest.fixture
def new_terms(monkeypatch):
    """A new version of the terms of use, as a later change of its text would bring."""
    terms = dataclasses.replace(documents.TERMS, version="2027-03")
    accepted_documents = [terms if d.slug == "terms" else d for d in documents.ACCEPTED_DOCUMENTS]
    monkeypatch.setattr(documents, "ACCEPTED_DOCUMENTS", accepted_documents)
    monkeypatch.setattr(
        documents,
        "ACCEPTED_VERSIONS_KEY",
        ",".join(f"{d.slug}:{d.version}" for d in accepted_documents),
    )
    return terms


def test_signup_without_the_box_fails_with_a_message_and_keeps_what_was_typed(client):
    data = signup_data()
    del data["accept_terms"]

    response = client.post(reverse("account_signup"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "please accept the terms of use and the community charter" in html
    for typed in ("nina@example.org", "nina-redac", "Nina Roussel", PASSWORD):
        assert f'value="{typed}"' in html
    assert not Member.objects.filter(email="nina@example.org").exists()


def test_a_password_refused_is_not_sent_back(client):
    data = signup_data(password2="another-Long-passphrase-7")
    del data["accept_terms"]

    html = client.post(reverse("account_signup"), data).content.decode()

    assert PASSWORD not in html
    assert 'value="Nina Roussel"' in html


def test_the_signup_box_links_to_the_terms_and_the_charter(client):
    html = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'name="accept_terms"' in html
    assert f'href="{reverse("legal:terms")}"' in html
    assert f'href="{reverse("legal:charter")}"' in html


def test_signup_records_the_versions_accepted_and_when(client):
    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    nina = Member.objects.get(email="nina@example.org")
    assert accepted(nina) == CURRENT
    assert all(a.accepted_at >= nina.date_joined for a in Acceptance.objects.filter(member=nina))


def test_a_member_who_has_not_accepted_is_asked_then_goes_back_where_they_were(client):
    member = MemberFactory(accepted_terms=False)
    client.force_login(member)
    wanted = reverse("forums:index")

    response = client.get(wanted)

    accept_url = f"{reverse('legal:accept')}?{urlencode({'next': wanted})}"
    assert response.status_code == 302
    assert response["Location"] == accept_url
    page = client.get(accept_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("<h1") == 1
    assert f'href="{reverse("legal:terms")}"' in page
    assert f'href="{reverse("legal:charter")}"' in page
    # Or the ways out: their data, and their account's deletion.
    assert f'href="{reverse("members:data_export")}"' in page
    assert f'href="{reverse("members:account_delete")}"' in page

    refused = client.post(reverse("legal:accept"), {"next": wanted}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "cochez la case" in refused.content.decode()
    assert not accepted(member)

    response = client.post(reverse("legal:accept"), {"next": wanted, "accept": "on"})
    assert response["Location"] == wanted
    assert accepted(member) == CURRENT
    assert client.get(wanted).status_code == 200


def test_the_legal_pages_and_the_ways_out_stay_open_before_accepting(client):
    member = MemberFactory(accepted_terms=False)
    client.force_login(member)

    for url_name in ("legal:terms", "legal:charter", "legal:contact", "members:data_export"):
        assert client.get(reverse(url_name)).status_code == 200, url_name


def test_a_form_being_sent_goes_through_so_that_nothing_typed_is_lost(client):
    member = MemberFactory(accepted_terms=False)
    client.force_login(member)

    response = client.post(reverse("members:preferences"), {"display_name": ""})

    assert not response.headers.get("Location", "").startswith(reverse("legal:accept"))


def test_an_htmx_request_is_sent_to_the_page_as_a_whole(client):
    member = MemberFactory(accepted_terms=False)
    client.force_login(member)

    response = client.get(
        reverse("forums:index"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/events/?page=2",
    )

    next_page = urlencode({"next": "/events/?page=2"})
    assert response["HX-Redirect"] == f"{reverse('legal:accept')}?{next_page}"


def test_a_new_version_is_asked_on_the_next_visit_once(client, member, new_terms):
    client.force_login(member)
    home = reverse("home")

    response = client.get(home)

    assert response["Location"].startswith(reverse("legal:accept"))
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2027-03" in page
    assert f'href="{reverse("legal:charter")}"' not in page.split("<h1")[1].split("<form")[0], (
        "only the document that changed is asked again"
    )

    client.post(reverse("legal:accept"), {"next": home, "accept": "on"})
    assert ("terms", "2027-03") in accepted(member)
    assert client.get(home).status_code == 200


def test_a_member_who_accepted_costs_no_query_for_it(member_client, django_assert_num_queries):
    member_client.get(reverse("home"))  # the page caches are warm after a first visit

    # The session, the member and their unread notifications: nothing for the acceptance.
    with django_assert_num_queries(3):
        member_client.get(reverse("legal:terms"))


def test_a_version_change_costs_one_query_per_page_until_accepted(
    member_client, new_terms, django_assert_num_queries
):
    member_client.get(reverse("home"))  # the member's activity is noted on a first page
    # The session, the member, and the one query for their acceptances.
    with django_assert_num_queries(3):
        response = member_client.get(reverse("home"))

    assert response.status_code == 302


def test_members_a_seed_makes_have_accepted_and_are_not_asked(client):
    seeded = [MemberFactory(accepted_terms=False), MemberFactory(accepted_terms=False)]

    acceptances_record_at_seeding(members=seeded)
    acceptances_record_at_seeding(members=seeded)  # a second run adds nothing

    assert all(accepted(member) == CURRENT for member in seeded)
    assert Acceptance.objects.count() == 2 * len(CURRENT)
    client.force_login(seeded[0])
    assert client.get(reverse("forums:index")).status_code == 200

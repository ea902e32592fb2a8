"""The contact form: to the moderators, validated, limited to 3 an hour per member and per
address, stored for the admin and e-mailed to the moderators and staff."""

import pytest
from django.urls import reverse

from legal.limits import CONTACT_LIMIT
from legal.models import ContactMessage
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("legal:contact")


def contact_data(**overrides):
    return {
        "name": "Nina Roussel",
        "email": "nina@example.org",
        "subject": "Une question sur les afterworks",
        "message": "Bonjour, peut-on proposer un afterwork à Nantes ?",
        **overrides,
    }


def test_a_member_finds_their_name_and_email_already_filled_in(member_client, member):
    html = member_client.get(URL).content.decode()

    assert f'value="{member.public_name}"' in html
    assert f'value="{member.email}"' in html


def test_a_visitor_sends_a_message_which_is_stored_and_emailed_to_moderators_and_staff(
    client, moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    staff = MemberFactory(username="admin-karima", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, contact_data(), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    contact = ContactMessage.objects.get()
    assert (contact.member, contact.email, contact.subject, contact.language) == (
        None,
        "nina@example.org",
        "Une question sur les afterworks",
        "fr",
    )
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([moderator.email, staff.email]), "never to a plain member"
    message = mailoutbox[0]
    assert message.extra_headers["Reply-To"] == "nina@example.org"
    assert "peut-on proposer un afterwork" in message.body
    follow = client.get(response["Location"])
    assert "Thank you, your message has reached the moderators" in follow.content.decode() or (
        "Merci" in follow.content.decode()
    )


def test_the_message_is_the_signed_in_members_whatever_the_form_says(
    member_client, member, other_member
):
    member_client.post(URL, contact_data(member=other_member.pk))

    assert ContactMessage.objects.get().member == member


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "pas-une-adresse"), ("subject", ""), ("message", "court"), ("name", "")],
)
def test_bad_input_gets_a_message_and_keeps_what_was_typed(client, field, value, mailoutbox):
    data = contact_data(**{field: value})

    response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    html = response.content.decode()
    assert "is-invalid" in html
    assert "peut-on proposer un afterwork" in html or field == "message"
    assert "Une question sur les afterworks" in html or field == "subject"
    assert not ContactMessage.objects.exists()
    assert not mailoutbox


def test_a_member_is_limited_to_three_messages_an_hour_and_keeps_the_fourth(member_client):
    for number in range(CONTACT_LIMIT):
        response = member_client.post(URL, contact_data(subject=f"Question {number}"))
        assert response.status_code == 302

    response = member_client.post(URL, contact_data(subject="La quatrième"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "La quatrième" in html, "nothing typed is lost"
    assert "peut-on proposer un afterwork" in html
    assert "send it again in an hour" in html or "renvoyer dans une heure" in html
    assert ContactMessage.objects.count() == CONTACT_LIMIT


def test_the_limit_is_per_member_even_from_another_address(client, member):
    client.force_login(member)
    for number in range(CONTACT_LIMIT):
        client.post(URL, contact_data(subject=f"Q{number}"), REMOTE_ADDR=f"10.0.0.{number + 1}")

    response = client.post(URL, contact_data(), REMOTE_ADDR="10.0.0.99")

    assert response.status_code == 429


def test_the_limit_is_per_address_for_visitors_and_members_alike(client, other_member):
    for number in range(CONTACT_LIMIT):
        client.post(URL, contact_data(subject=f"Q{number}"), REMOTE_ADDR="192.0.2.7")
    client.force_login(other_member)

    response = client.post(URL, contact_data(), REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 429
    other_address = client.post(URL, contact_data(), REMOTE_ADDR="192.0.2.8")
    assert other_address.status_code == 302


def test_moderators_see_the_messages_in_the_admin_and_members_do_not(client, moderator, member):
    ContactMessage.objects.create(
        name="Nina", email="nina@example.org", subject="Un souci", message="Bonjour…", language="fr"
    )
    url = reverse("admin:legal_contactmessage_changelist")

    client.force_login(member)
    assert client.get(url).status_code == 302
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Un souci" in response.content.decode()


def test_a_moderator_marks_messages_as_handled(client, moderator):
    contact = ContactMessage.objects.create(
        name="Nina", email="nina@example.org", subject="Un souci", message="Bonjour…", language="fr"
    )
    client.force_login(moderator)

    client.post(
        reverse("admin:legal_contactmessage_changelist"),
        {"action": "mark_handled", "_selected_action": [contact.pk]},
    )

    contact.refresh_from_db()
    assert contact.handled

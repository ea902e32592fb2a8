"""Sign-up, sign-in, password reset, e-mail change and account deletion, through allauth's views."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from members import forms
from members.models import Member, ProfileVisibility
from tests.factories import PASSWORD

from .conftest import reauthenticate

NEW_PASSWORD = "a-Long-passphrase-42"

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    return {
        "email": "nina@example.org",
        "username": "nina-redac",
        "display_name": "Nina Roussel",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept_terms": "on",
        **overrides,
    }


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "[FreelanceHub] Confirmez votre adresse e-mail"),
        ("en", "[FreelanceHub] Please Confirm Your Email Address"),
    ],
)
def test_signup_verifies_the_email_before_the_first_sign_in(client, mailoutbox, language, subject):
    response = client.post(reverse("account_signup"), signup_data(), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    nina = Member.objects.get(username="nina-redac")
    assert nina.email == "nina@example.org"
    assert nina.display_name == "Nina Roussel"
    assert nina.language == language
    assert not EmailAddress.objects.get(user=nina).verified
    assert not is_signed_in(client)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nina@example.org"]
    assert message.subject == subject
    confirm_url = link_in(message)
    assert confirm_url.startswith("/accounts/confirm-email/")

    response = client.post(
        reverse("account_login"), {"login": "nina@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_signed_in(client)

    # Following the link only shows a confirmation button: mail scanners that open links
    # must not verify addresses on their own.
    response = client.get(confirm_url)
    assert response.status_code == 200
    assert not EmailAddress.objects.get(user=nina).verified

    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=nina).verified
    assert client.session["_auth_user_id"] == str(nina.pk)


def test_signup_with_a_used_email_reveals_nothing_and_tells_the_owner(client, member, mailoutbox):
    response = client.post(
        reverse("account_signup"), signup_data(email=member.email.upper(), username="claire-2")
    )

    # The same answer as a successful sign-up: whoever typed the address learns nothing.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not Member.objects.filter(username="claire-2").exists()
    assert Member.objects.filter(email__iexact=member.email).count() == 1
    assert not is_signed_in(client)
    # The owner of the address is told, and pointed at the password reset.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert mailoutbox[0].subject == "[FreelanceHub] Ce compte existe déjà"
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_the_owner_of_a_used_email_is_told_in_their_own_language(client, member, mailoutbox):
    member.language = "en"
    member.save(update_fields=["language"])

    client.post(
        reverse("account_signup"),
        signup_data(email=member.email, username="claire-2"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert mailoutbox[0].subject == "[FreelanceHub] Account Already Exists"


@pytest.mark.parametrize("handle", ["Nina", "nina redac", "-nina", "nina-", "nina@redac"])
def test_signup_rejects_a_malformed_handle_with_a_clear_message(client, handle, mailoutbox):
    response = client.post(
        reverse("account_signup"), signup_data(username=handle), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert (
        "Use lowercase letters, digits, hyphens and underscores only, "
        "starting and ending with a letter or digit."
    ) in response.content.decode()
    # What the visitor typed is still in the form.
    assert b'value="nina@example.org"' in response.content
    assert b'value="Nina Roussel"' in response.content
    assert not Member.objects.exists()
    assert mailoutbox == []


def test_signup_refuses_a_reserved_handle(client):
    response = client.post(
        reverse("account_signup"), signup_data(username="admin"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not Member.objects.exists()


def test_a_taken_handle_is_not_revealed_the_account_gets_the_nearest_free_one(
    client, member, mailoutbox
):
    """Saying “taken” would tell anyone which handles exist, a members-only profile's too."""
    member.profile_visibility = ProfileVisibility.MEMBERS
    member.save(update_fields=["profile_visibility"])

    taken = client.post(
        reverse("account_signup"), signup_data(username=member.username), HTTP_ACCEPT_LANGUAGE="en"
    )
    fresh = Client().post(
        reverse("account_signup"),
        signup_data(email="yann@example.org", username="yann-seo"),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == reverse("account_email_verification_sent")
    nina = Member.objects.get(email="nina@example.org")
    assert nina.username == f"{member.username}-2"
    assert Member.objects.get(email="yann@example.org").username == "yann-seo"
    (to_nina,) = [message for message in mailoutbox if message.to == ["nina@example.org"]]
    assert f"Your handle, your name in addresses and @mentions, is {nina.username}." in (
        to_nina.body
    )


def test_a_known_address_costs_the_password_hash_a_new_one_costs(client, member, monkeypatch):
    """The answer to a known address must not come back faster than to a new one."""
    hashed = []
    original = forms.make_password
    monkeypatch.setattr(
        forms, "make_password", lambda *a, **k: hashed.append(1) or original(*a, **k)
    )

    client.post(reverse("account_signup"), signup_data(email=member.email, username="claire-2"))

    assert hashed == [1]


def test_login_with_email_and_wrong_password(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "L’adresse e-mail ou le mot de passe sont incorrects."
    ]
    assert not is_signed_in(client)

    response = client.post(
        reverse("account_login"), {"login": member.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(member.pk)


def test_login_by_handle_is_not_offered(client, member):
    response = client.post(reverse("account_login"), {"login": "claire", "password": PASSWORD})

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, member, mailoutbox
):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    reset_mail, unknown_mail = mailoutbox
    assert reset_mail.to == [member.email]
    assert "/accounts/password/reset/key/" in reset_mail.body
    # allauth tells the unknown address that it has no account, with no reset link.
    assert unknown_mail.to == ["nobody@example.org"]
    assert unknown_mail.subject == "[FreelanceHub] Compte inconnu"
    assert "/accounts/password/reset/key/" not in unknown_mail.body


def test_password_reset_link_sets_a_new_password(client, member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": member.email})
    response = client.get(link_in(mailoutbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_password_reset_mail_is_in_the_members_language(client, member, mailoutbox):
    member.language = "en"
    member.save(update_fields=["language"])

    client.post(
        reverse("account_reset_password"), {"email": member.email}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert mailoutbox[0].subject == "[FreelanceHub] Password Reset Email"


def test_email_change_is_confirmed_on_the_new_address(member_client, member, mailoutbox):
    response = member_client.get(reverse("account_email"))
    assert response.status_code == 200

    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "claire.new@example.org"}
    )

    assert response.status_code == 302
    assert mailoutbox[0].to == ["claire.new@example.org"]
    member.refresh_from_db()
    assert member.email == "claire@example.org"

    response = member_client.post(link_in(mailoutbox[0]))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "claire.new@example.org"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "verified")) == [
        ("claire.new@example.org", True)
    ]


def test_email_change_to_another_members_address_reveals_nothing(
    member_client, member, other_member, mailoutbox
):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": other_member.email}
    )

    # The same answer as for a free address; only the owner of the address gets a mail.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")
    assert [message.to for message in mailoutbox] == [[other_member.email]]

    member_client.post(link_in(mailoutbox[0]))

    member.refresh_from_db()
    assert member.email == "claire@example.org"
    assert not EmailAddress.objects.filter(user=member, email=other_member.email, verified=True)
    assert EmailAddress.objects.get(email=other_member.email, verified=True).user == other_member


def reauthenticate_url() -> str:
    """Where allauth sends a member about to delete their account, to type their password."""
    delete_url = reverse("members:account_delete")
    return f"{reverse('account_reauthenticate')}?{urlencode({'next': delete_url})}"


@pytest.mark.parametrize(
    ("language", "title", "wrong"),
    [("fr", "Confirmer l’accès", "Mot de passe incorrect."),
     ("en", "Confirm Access", "Incorrect password.")],
)  # fmt: skip
def test_account_deletion_asks_for_the_password_again(client, member, language, title, wrong):
    member.language = language
    member.save(update_fields=["language"])
    # Signing in is not enough: the password is asked again right before the deletion.
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    delete_url, reauthenticate_at = reverse("members:account_delete"), reauthenticate_url()

    response = client.get(delete_url)

    assert response.status_code == 302
    assert response["Location"] == reauthenticate_at
    page = client.get(reauthenticate_at)
    assert page.status_code == 200
    # allauth's page, in the site's layout: the navbar, one title, the password field.
    assert "allauth/layouts/entrance.html" in [t.name for t in page.templates]
    assert "includes/navbar.html" in [t.name for t in page.templates]
    content = page.content.decode()
    assert content.count("<h1") == 1
    assert re.search(rf"<h1[^>]*>\s*{re.escape(title)}\s*</h1>", content)
    assert 'name="password"' in content

    response = client.post(reauthenticate_at, {"password": "wrong", "next": delete_url})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == [wrong]
    assert wrong in response.content.decode()
    assert client.get(delete_url)["Location"] == reauthenticate_at

    response = client.post(reauthenticate_at, {"password": PASSWORD, "next": delete_url})

    assert response.status_code == 302
    assert response["Location"] == delete_url
    assert client.get(delete_url).status_code == 200
    member.refresh_from_db()
    assert not member.is_deleted
    assert is_signed_in(client)


def test_a_deletion_sent_long_after_the_password_waits_for_it_again(
    member_client, member, settings
):
    reauthenticate(member_client)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # as if the password was typed long ago
    delete_url, reauthenticate_at = reverse("members:account_delete"), reauthenticate_url()

    response = member_client.post(delete_url, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reauthenticate_at
    member.refresh_from_db()
    assert not member.is_deleted

    wrong = reauthenticate(member_client, password="wrong")

    assert wrong.status_code == 200
    member.refresh_from_db()
    assert not member.is_deleted

    # Once the password is typed again, the ticked form that waited is carried out.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    response = member_client.post(reauthenticate_at, {"password": PASSWORD, "next": delete_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    member.refresh_from_db()
    assert member.is_deleted
    assert not is_signed_in(member_client)


def test_account_deletion_needs_the_confirmation_box(member):
    # A browser always sends the CSRF token, so an unticked form is still a bound, invalid form.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    reauthenticate(browser)
    assert browser.get(reverse("members:account_delete")).status_code == 200

    response = browser.post(
        reverse("members:account_delete"),
        {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
    )

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert b"is-invalid" in response.content
    member.refresh_from_db()
    assert not member.is_deleted
    assert browser.session["_auth_user_id"] == str(member.pk)


def test_account_deletion_anonymises_the_member_and_signs_them_out(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    reauthenticate(client)
    email = member.email

    response = client.post(reverse("members:account_delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not is_signed_in(client)
    member.refresh_from_db()
    assert member.username == f"deleted-{member.pk}"
    assert member.is_deleted
    assert not member.is_active
    assert member.display_name == ""
    assert email not in member.email
    assert not member.has_usable_password()
    with translation.override("en"):
        assert member.public_name == "Deleted member"
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 200
    assert not is_signed_in(client)

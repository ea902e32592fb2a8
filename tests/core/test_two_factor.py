"""Two-factor authentication (allauth's MFA: an authenticator app and recovery codes): staff
must have it before the moderation admin opens; members may turn it on."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from tests.factories import PASSWORD, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


def sign_in(client, member):
    """Signed in, then the password asked again, as setting up an authenticator wants."""
    client.force_login(member)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    moderator = ModeratorFactory(two_factor=False, language="en")
    sign_in(client, moderator)

    response = client.get(reverse("admin:index"), headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=%2Fadmin%2F" in response["Location"]
    setup = client.get(response["Location"], headers={"accept-language": "en"})
    assert setup.status_code == 200
    assert "two-factor authentication" in setup.text


def test_staff_sign_in_with_a_code_then_reach_the_moderation(client):
    moderator = ModeratorFactory(two_factor=False, language="en")
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    signed = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert signed["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_member_may_turn_it_on_in_french(client):
    member = MemberFactory(language="fr")
    sign_in(client, member)

    page = client.get(reverse("mfa_index"))
    setup = client.get(reverse("mfa_activate_totp"))

    assert page.status_code == 200 and setup.status_code == 200
    assert reverse("mfa_activate_totp") in page.text
    assert '<html lang="fr"' in setup.text
    assert 'data-testid="account-menu"' in setup.text  # the site's own layout
    assert "svg" in setup.text  # the QR code to scan

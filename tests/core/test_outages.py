"""A database that does not answer gets a 503 page that says so, in the reader's language,
never a 500; other errors stay 500s."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from forums import selectors

# Every view imported before a test replaces a selector: home.views imports it by name.
from freelancehub import urls  # noqa: F401
from members import middleware as member_middleware

pytestmark = pytest.mark.django_db


def database_gone(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def test_a_view_whose_database_is_away_answers_503_in_french(client, monkeypatch):
    monkeypatch.setattr(selectors, "categories_visible_to", database_gone)

    response = client.get(reverse("forums:index"), headers={"accept-language": "fr"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="fr">' in response.text
    assert "FreelanceHub revient dans un instant" in response.text


def test_a_middleware_whose_database_is_away_answers_503(member, monkeypatch):
    member.language = "en"
    member.save(update_fields=["language"])
    monkeypatch.setattr(member_middleware, "member_activity_touch", database_gone)
    client = Client(raise_request_exception=False)
    client.force_login(member)

    response = client.get(reverse("forums:index"), headers={"accept-language": "en"})

    assert response.status_code == 503
    assert "FreelanceHub is back in a moment" in response.text


def test_other_errors_stay_500s(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(selectors, "categories_visible_to", broken)
    client = Client(raise_request_exception=False)

    assert client.get(reverse("forums:index")).status_code == 500

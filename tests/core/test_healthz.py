import pytest
from django.db import OperationalError, connection
from django.urls import reverse

HEALTHZ_URL = reverse("healthz")


def assert_not_cached(response):
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control
    assert "max-age=0" in cache_control


@pytest.mark.django_db
def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get(HEALTHZ_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert_not_cached(response)


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = client.get(HEALTHZ_URL)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "error"
    assert_not_cached(response)
    assert "database does not answer" in caplog.text


def test_healthz_only_answers_get(client):
    assert client.post(HEALTHZ_URL).status_code == 405

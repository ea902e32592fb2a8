import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse

from core.mail import send_email_task

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


@pytest.mark.django_db
def test_healthz_reports_each_dependency(client):
    report = client.get(HEALTHZ_URL).json()

    assert report["database"] == "ok"
    assert report["cache"] == "ok"
    assert report["tasks"] == {"status": "ok", "backend": "ImmediateBackend"}


@pytest.mark.django_db
def test_healthz_says_what_waits_in_the_task_queue(client):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        send_email_task.enqueue(subject="Bonjour", body="Bonjour", to=["claire@example.com"])
        report = client.get(HEALTHZ_URL).json()

    assert report["status"] == "ok"
    assert report["tasks"]["backend"] == "database"
    assert report["tasks"]["waiting"] == 1
    assert report["tasks"]["oldest_waiting_seconds"] >= 0


@pytest.mark.django_db
def test_healthz_answers_plain_http_where_every_other_page_redirects(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get(HEALTHZ_URL).status_code == 200
        assert client.get(reverse("forums:index")).status_code == 301

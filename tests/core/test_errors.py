import pytest
from django.test import Client, RequestFactory

from core import views
from home import views as home_views


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_missing_page_gets_the_styled_404(client, language):
    response = client.get("/nothing-here/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"
    assert f'<html lang="{language}"'.encode() in response.content
    assert response.content.count(b"<h1") == 1
    assert b'href="/"' in response.content


def test_the_500_page_renders_without_the_database():
    # No django_db mark: any query here would fail the test.
    request = RequestFactory().get("/")

    response = views.error_500(request)

    assert response.status_code == 500
    assert response.content.count(b"<h1") == 1
    assert b"<html lang=" in response.content


@pytest.mark.django_db
def test_an_unhandled_error_gets_the_500_page(monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(home_views, "events_upcoming_for", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    # The page and its standalone layout, nothing that could need the database.
    assert [t.name for t in response.templates] == ["errors/500.html", "errors/standalone.html"]

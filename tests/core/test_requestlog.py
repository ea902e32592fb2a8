"""One JSON line per request with its id, the member, the status and the duration; the id in
the response's header and on the error pages."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from core.requestlog import RequestIdFilter
from forums import selectors

# Every view imported before a test replaces a selector: home.views imports it by name.
from freelancehub import urls  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_lines():
    """The lines of freelancehub.requests, formatted as production formats them."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    logger = logging.getLogger("freelancehub.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_writes_one_json_line(client, member, request_lines):
    client.force_login(member)
    response = client.get(reverse("forums:index"))

    (line,) = [json.loads(one) for one in request_lines]
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/forums/"
    assert line["status"] == 200
    assert line["member_id"] == member.pk
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert member.email not in request_lines[0]


def test_the_load_balancers_request_id_is_kept_when_sane(client, request_lines):
    kept = client.get(reverse("forums:index"), headers={"x-request-id": "lb-7f3a9c21-0001"})
    replaced = client.get(reverse("forums:index"), headers={"x-request-id": "bad\nid injected"})

    assert kept["X-Request-ID"] == "lb-7f3a9c21-0001"
    assert replaced["X-Request-ID"] != "bad\nid injected" and len(replaced["X-Request-ID"]) == 32
    assert json.loads(request_lines[0])["member_id"] is None


def test_an_error_page_shows_the_reference_to_quote(monkeypatch, request_lines):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(selectors, "categories_visible_to", broken)
    response = Client(raise_request_exception=False).get(
        reverse("forums:index"), headers={"accept-language": "en"}
    )

    assert response.status_code == 500
    assert f"<code>{response['X-Request-ID']}</code>" in response.text
    assert json.loads(request_lines[-1])["level"] == "ERROR"

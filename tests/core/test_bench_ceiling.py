"""The benchmark's ceiling view exists only when BENCH_CEILING=1, as bench/run.sh sets it."""

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import freelancehub.urls


def reload_urls() -> None:
    importlib.reload(freelancehub.urls)
    clear_url_caches()


@pytest.fixture
def ceiling_routed(settings):
    settings.BENCH_CEILING = True
    reload_urls()
    yield
    settings.BENCH_CEILING = False
    reload_urls()


def test_it_is_not_routed_by_default(client, settings):
    assert not settings.BENCH_CEILING
    with pytest.raises(NoReverseMatch):
        reverse("bench_ceiling")
    assert client.get("/bench/ceiling/?bytes=100").status_code == 404


@pytest.mark.django_db
def test_it_answers_the_bytes_asked_for_without_a_query(
    ceiling_routed, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("bench_ceiling"), {"bytes": 31_274})
    assert response.status_code == 200
    assert len(response.content) == 31_274
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert len(client.get(reverse("bench_ceiling"), {"bytes": 10**9}).content) == 1_000_000
    assert client.get(reverse("bench_ceiling"), {"bytes": "many"}).content == b""
    assert client.post(reverse("bench_ceiling")).status_code == 405

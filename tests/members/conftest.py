from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth keeps its rate limits in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def reauthenticate(client, password: str = PASSWORD):
    """Types the password again on allauth's page, as deleting one's account asks first."""
    url = reverse("account_reauthenticate")
    client.get(url)  # the CSRF cookie, as a browser would get it
    return client.post(
        url, {"password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )


@pytest.fixture
def english(member):
    """Claire reads the site in English, so that tests can assert English text."""
    member.language = "en"
    member.save(update_fields=["language"])
    return member


@pytest.fixture
def suspended_member(db):
    """Bruno: suspended a day ago for a week, with a reason shown to him."""
    now = timezone.now()
    return MemberFactory(
        username="bruno",
        display_name="Bruno Spam",
        language="en",
        suspended_at=now - timedelta(days=1),
        suspended_until=now + timedelta(days=6),
        suspension_reason="Repeated advertising in the forums.",
    )

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth keeps its rate limits in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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

"""Notifications that count people say the count in words that agree with it."""

import pytest
from django.urls import reverse

from forums import services as forums_services
from notifications import services
from notifications.models import DigestRun

from .conftest import published, seasoned_member

pytestmark = pytest.mark.django_db


def test_a_post_liked_by_three_members_is_told_in_the_plural(
    client, member, other_member, third_member, topic, mailoutbox
):
    member.language = "fr"
    member.save(update_fields=["language"])
    with published():
        for liker in (other_member, third_member, seasoned_member(username="marc")):
            forums_services.post_like_set(member=liker, post=topic.first_post, liked=True)

    assert services.digest_send(member=member, period=DigestRun.Period.WEEKLY)
    client.force_login(member)
    page = client.get(reverse("notifications:list")).text

    told = f"On aime votre message dans «\u00a0{topic.title}\u00a0» — 3 personnes"
    [email] = mailoutbox
    assert told in email.body
    assert "Quelqu’un" not in email.body
    assert "On aime votre message" in page and "3 personnes" in page
    assert "Quelqu’un" not in page

"""Work done after a write has committed (telling watchers, sending e-mail) may fail when the
database goes away at that moment: the member's write is saved, and their request says so."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from forums import services as forum_services
from forums.models import Post
from notifications import receivers
from tests.factories import CategoryFactory
from tests.forums.conftest import make_topic, seasoned

pytestmark = [pytest.mark.django_db, pytest.mark.after_commit_errors_expected]


def test_a_reply_is_answered_as_saved_when_telling_the_watchers_fails(
    client, member, other_member, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    monkeypatch.setattr(forum_services, "MIN_SECONDS_BETWEEN_POSTS", 0)

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(receivers, "_excerpt", database_gone)
    topic = make_topic(author=seasoned(other_member), category=CategoryFactory())
    client.force_login(seasoned(member))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forums:reply", args=[topic.pk]), {"body": "Réponse enregistrée malgré tout."}
        )

    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, body="Réponse enregistrée malgré tout.").exists()
    assert "in on_commit()" in caplog.text

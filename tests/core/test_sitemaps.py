import pytest
from django.urls import reverse

from core.apps import site_sync
from events.models import Event
from forums.models import Category, Topic
from forums.services import topic_create
from members.models import ProfileVisibility
from tests.factories import CategoryFactory, EventFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(settings):
    settings.SITE_URL = "https://freelancehub.example"
    site_sync()
    board = Category.objects.get(slug="tarifs-devis")
    public_topic = topic_create(
        author=MemberFactory(), category=board, title="Quel TJM pour un débutant ?",
        body="Je débute, quel TJM demander ?", tags=[],
    )  # fmt: skip
    private_topic = topic_create(
        author=MemberFactory(), category=CategoryFactory(members_only=True),
        title="Sujet réservé aux membres", body="Entre nous.", tags=[],
    )  # fmt: skip
    hidden_topic = topic_create(
        author=MemberFactory(), category=board, title="Sujet masqué par la modération",
        body="Spam.", tags=[],
    )  # fmt: skip
    Topic.objects.filter(pk=hidden_topic.pk).update(is_hidden=True)
    return {
        "public_topic": public_topic,
        "private_topic": private_topic,
        "hidden_topic": hidden_topic,
        "public_member": MemberFactory(),
        "discreet_member": MemberFactory(profile_visibility=ProfileVisibility.MEMBERS),
        "public_event": EventFactory(),
        "members_event": EventFactory(visibility=Event.Visibility.MEMBERS),
    }


def test_the_sitemap_lists_what_visitors_may_read_under_the_public_address(client, content):
    index = client.get(reverse("sitemap")).content.decode()
    assert "https://freelancehub.example/sitemap-topics.xml" in index

    def section(name):
        response = client.get(reverse("sitemap_section", args=[name]))
        assert response.status_code == 200
        return response.content.decode()

    topics, members, events = section("topics"), section("members"), section("events")
    assert f"https://freelancehub.example{content['public_topic'].get_absolute_url()}" in topics
    assert content["private_topic"].get_absolute_url() not in topics
    assert content["hidden_topic"].get_absolute_url() not in topics
    assert content["public_member"].get_absolute_url() in members
    assert content["discreet_member"].get_absolute_url() not in members
    assert content["public_event"].get_absolute_url() in events
    assert content["members_event"].get_absolute_url() not in events


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client):
    response = client.get(reverse("robots_txt"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["home", "forums:index", "events:list", "members:list", "account_login", "account_signup"],
)
def test_public_pages_render_for_a_visitor(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1

"""Uploads on S3-compatible object storage (MEDIA_STORAGE=s3): what one app server stores, every
other one serves, and nothing stays on the disk of the server that received it. Against moto's
S3 server on a free port of the loopback, started and stopped by the tests, with the storage
settings production builds."""

import re
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import Message
from io import BytesIO
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from freelancehub.settings import MEDIA_S3_CACHE_CONTROL, s3_storage
from members.avatars import LARGE_SIZE, THUMBNAIL_SIZE
from tests.faults.services import free_port, public_bucket
from tests.members.conftest import reauthenticate
from tests.members.test_avatars import EDIT_URL, picture, upload
from tests.members.test_profile import profile_data

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("faults")]

REGION = "fr-par"
KEYS = {"access_key_id": "freelancehub-tests", "secret_access_key": "not-a-secret"}


@dataclass
class Bucket:
    """The test's bucket, read with boto3 on its own, as an operator would."""

    name: str
    client: object

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {entry["Key"] for entry in listing.get("Contents", [])}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server: a real HTTP S3 API, in memory, for this module's tests."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    """A bucket of the test's own, readable by anyone as production's must be (README.md)."""
    name = f"avatars-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key_id"],
        aws_secret_access_key=KEYS["secret_access_key"],
    )
    public_bucket(client, name, REGION)
    storage = s3_storage(bucket=name, endpoint_url=s3_endpoint, region=REGION, **KEYS)
    with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
        yield Bucket(name, client)


def local_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def avatar_src(page: str, size: int) -> str:
    return re.search(rf'<img class="avatar avatar-{size}" src="([^"]+)"', page).group(1)


def fetched(url: str) -> tuple[bytes, Message]:
    """What a browser gets for an <img>: an anonymous GET of its address."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's server
        return response.read(), response.headers


def test_an_avatar_is_stored_in_the_bucket_and_served_from_it(
    member_client, member, bucket, s3_endpoint
):
    response = member_client.post(
        EDIT_URL, profile_data(avatar_upload=upload("photo.jpg", picture("JPEG")))
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert bucket.keys() == {member.avatar.name, member.avatar_thumbnail.name}
    assert member.avatar.name.startswith(f"avatars/{member.pk}/")
    assert local_files() == []  # nothing left on this app server's disk

    page = member_client.get(reverse("members:profile", args=["claire"])).text
    # The profile's header shows the large picture, the navigation bar the thumbnail.
    shown = {
        avatar_src(page, 96): (member.avatar.name, LARGE_SIZE),
        avatar_src(page, 32): (member.avatar_thumbnail.name, THUMBNAIL_SIZE),
    }
    for src, (name, size) in shown.items():
        assert src == f"{s3_endpoint}/{bucket.name}/{name}"
        body, headers = fetched(src)
        assert headers["Content-Type"] == "image/webp"
        assert headers["Cache-Control"] == MEDIA_S3_CACHE_CONTROL
        assert body == bucket.client.get_object(Bucket=bucket.name, Key=name)["Body"].read()
        with Image.open(BytesIO(body)) as served:
            assert (served.format, served.size) == ("WEBP", (size, size))


def test_a_replaced_avatar_leaves_the_bucket_once_the_change_commits(
    member_client, member, bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(avatar_upload=upload("a.jpg", picture("JPEG"))))
    first = bucket.keys()
    assert len(first) == 2

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_client.post(EDIT_URL, profile_data(avatar_upload=upload("b.png", picture("PNG"))))
    member.refresh_from_db()
    new = {member.avatar.name, member.avatar_thumbnail.name}
    assert not first & new
    # Until the commit, the old files are still there: a rollback would still point at them.
    assert bucket.keys() == first | new

    for callback in callbacks:
        callback()
    assert bucket.keys() == new


def test_deleting_the_account_empties_the_bucket_of_the_avatar(
    member_client, member, bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(avatar_upload=upload("a.jpg", picture("JPEG"))))
    assert len(bucket.keys()) == 2

    reauthenticate(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("members:account_delete"), {"confirm": "on"})

    member.refresh_from_db()
    assert not member.avatar
    assert bucket.keys() == set()

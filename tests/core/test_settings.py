"""Production refuses insecure defaults, passes Django's deploy check and sends safe headers."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "freelancehub.fr,www.freelancehub.fr",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://freelancehub.fr",
}

READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"]["LOCATION"],
    "session_engine": settings.SESSION_ENGINE,
    "cache_errors_ignored": settings.CACHES["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"],
    "healthz_redirect_exempt": settings.SECURE_REDIRECT_EXEMPT == [r"^healthz$"],
    "debug": settings.DEBUG,
    "secure_ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
}))
"""


def run_python(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    """Runs Python in a fresh process on the production settings, with only these variables set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in PRODUCTION_ENVIRONMENT and not name.startswith(("PYTEST", "DJANGO"))
    }
    env.update(DJANGO_SETTINGS_MODULE="freelancehub.settings", **environment)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def startup_error(missing: str) -> str:
    """The last line a production process prints when one required variable is missing."""
    environment = {name: value for name, value in PRODUCTION_ENVIRONMENT.items() if name != missing}
    result = run_python(["-c", "import django; django.setup()"], **environment)
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "SITE_URL"])
def test_production_refuses_to_start_on_a_missing_setting(missing):
    error = startup_error(missing)

    assert error.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert missing in error


def test_production_caches_in_redis_and_keeps_sessions_in_the_database():
    """Sessions must outlive a Redis outage (issue 12): the cache only speeds pages up, and a
    cache error is a miss, not a 500."""
    result = run_python(["-c", READ_SETTINGS], **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "cache": "django_redis.cache.RedisCache",
        "cache_location": "redis://127.0.0.1:6379/0",
        "session_engine": "core.sessions",
        "cache_errors_ignored": True,
        "healthz_redirect_exempt": True,
        "debug": False,
        "secure_ssl_redirect": True,
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
        "tasks": "django_tasks_db.DatabaseBackend",
        "page_cache_seconds": 30,
    }


@pytest.mark.parametrize("debug", ["", "0", "false", "no", "off"])
def test_debug_is_off_unless_asked_for(debug):
    result = run_python(
        ["-c", "from django.conf import settings; print(settings.DEBUG)"],
        **{**PRODUCTION_ENVIRONMENT, "DEBUG": debug},
    )

    assert result.stdout.strip() == "False", result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENVIRONMENT
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("home"))

    csp = response["Content-Security-Policy"]
    directives = {
        name: values for name, _, values in (d.strip().partition(" ") for d in csp.split(";"))
    }
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    assert f'<script nonce="{nonce}">'.encode() in response.content
    assert "'unsafe-inline'" not in csp
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    second = client.get(reverse("home"))
    assert nonce not in second["Content-Security-Policy"]


def test_the_file_mailer_writes_where_email_file_path_says(tmp_path):
    """A staging server can keep every message in a folder instead of sending it."""
    folder = tmp_path / "sent"
    send = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Bonjour', 'Un message.', 'bonjour@freelancehub.fr', ['claire@example.com'])"
    )
    result = run_python(
        ["-c", send],
        **PRODUCTION_ENVIRONMENT,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(folder),
    )

    assert result.returncode == 0, result.stderr
    (message,) = folder.iterdir()
    assert "Un message." in message.read_text()


CLIENT_IP = """
import django; django.setup()
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
request = RequestFactory().get(
    "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
)
print(get_adapter().get_client_ip(request))
"""


@pytest.mark.parametrize(
    ("behind_proxy", "client_ip"),
    [("1", "198.51.100.7"), ("0", "10.0.0.2")],
)
def test_rate_limits_count_the_client_the_proxy_saw(behind_proxy, client_ip):
    """Behind the load balancer, rate limits key on the address it appended to
    X-Forwarded-For, not on its own address (one key for everybody) nor on what a client wrote
    there itself (a key of its choosing); without a proxy, on the connection's address."""
    result = run_python(["-c", CLIENT_IP], **PRODUCTION_ENVIRONMENT, BEHIND_TLS_PROXY=behind_proxy)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == client_ip


READ_MEDIA_SETTINGS = """
import json
import django; django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "img_src": settings.SECURE_CSP["img-src"],
    "avatar_url": default_storage.url("avatars/7/0a1b2c3d4e5f-64.webp"),
}))
"""


def test_media_on_object_storage_needs_a_bucket():
    result = run_python(
        ["-c", "import django; django.setup()"],
        **PRODUCTION_ENVIRONMENT,
        MEDIA_STORAGE="s3",
        MEDIA_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
    )

    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert "MEDIA_S3_BUCKET" in error


@pytest.mark.parametrize(
    ("location", "origin"),
    [
        (
            {"MEDIA_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud", "MEDIA_S3_REGION": "fr-par"},
            "https://s3.fr-par.scw.cloud",
        ),
        (
            {
                "MEDIA_S3_ENDPOINT_URL": "https://s3.gra.io.cloud.ovh.net",
                "MEDIA_S3_REGION": "gra",
                "MEDIA_S3_CUSTOM_DOMAIN": "media.freelancehub.fr",
            },
            "https://media.freelancehub.fr",
        ),
        (
            {"MEDIA_S3_REGION": "eu-west-3"},
            "https://freelancehub-media.s3.eu-west-3.amazonaws.com",
        ),
        (
            {"MEDIA_S3_REGION": "us-east-1"},
            "https://freelancehub-media.s3.us-east-1.amazonaws.com",
        ),
    ],
    ids=["endpoint", "custom-domain", "aws", "aws-us-east-1"],
)
def test_media_on_object_storage_are_public_and_allowed_by_the_content_policy(location, origin):
    """Pictures come from the storage's origin, which img-src allows next to the extra origins
    of CSP_MEDIA_ORIGINS; their unsigned addresses stay the same from one page to the next."""
    result = run_python(
        ["-c", READ_MEDIA_SETTINGS],
        **PRODUCTION_ENVIRONMENT,
        CSP_MEDIA_ORIGINS="https://cdn.example.net",
        MEDIA_STORAGE="s3",
        MEDIA_S3_BUCKET="freelancehub-media",
        MEDIA_S3_ACCESS_KEY_ID="SCWEXAMPLE",
        MEDIA_S3_SECRET_ACCESS_KEY="example-secret",
        **location,
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = values["storage"]["OPTIONS"]
    assert options["bucket_name"] == "freelancehub-media"
    assert (options["access_key"], options["secret_key"]) == ("SCWEXAMPLE", "example-secret")
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert values["img_src"] == ["'self'", "data:", "blob:", "https://cdn.example.net", origin]
    assert values["avatar_url"].startswith(f"{origin}/")
    assert values["avatar_url"].endswith("/avatars/7/0a1b2c3d4e5f-64.webp")
    assert "?" not in values["avatar_url"]


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"MEDIA_S3_BUCKET": "freelancehub-media"}, "MEDIA_S3_ENDPOINT_URL"),
        (
            {"MEDIA_S3_BUCKET": "freelancehub-media", "MEDIA_S3_ENDPOINT_URL": "http://minio:9000"},
            "https://",
        ),
        (
            {
                "MEDIA_S3_BUCKET": "freelancehub-media",
                "MEDIA_S3_REGION": "eu-west-3",
                "MEDIA_S3_CUSTOM_DOMAIN": "https://media.freelancehub.fr",
            },
            "MEDIA_S3_CUSTOM_DOMAIN",
        ),
    ],
    ids=["no-endpoint-nor-region", "http-endpoint", "custom-domain-with-scheme"],
)
def test_media_on_object_storage_refuse_an_incomplete_or_unusable_address(variables, named):
    result = run_python(
        ["-c", "import django; django.setup()"],
        **PRODUCTION_ENVIRONMENT,
        MEDIA_STORAGE="s3",
        **variables,
    )

    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert named in error


def test_media_are_local_files_by_default():
    result = run_python(["-c", READ_MEDIA_SETTINGS], **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert values["img_src"] == ["'self'", "data:", "blob:"]
    assert values["avatar_url"] == "/media/avatars/7/0a1b2c3d4e5f-64.webp"

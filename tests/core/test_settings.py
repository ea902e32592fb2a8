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


def test_production_keeps_cache_and_sessions_in_redis():
    result = run_python(["-c", READ_SETTINGS], **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "cache": "django_redis.cache.RedisCache",
        "cache_location": "redis://127.0.0.1:6379/0",
        "session_engine": "django.contrib.sessions.backends.cache",
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

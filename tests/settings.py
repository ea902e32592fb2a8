"""The test suite's small override of the one settings module."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.pop("REDIS_URL", None)

from freelancehub.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The visitors' page cache and the shared fragments are on, as in production: a test that
# writes and reads again sees what a reader would (tests/conftest.py empties them between tests).
PAGE_CACHE_SECONDS = 30
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves from the finders in tests; no collected files are expected.
STATIC_ROOT = None

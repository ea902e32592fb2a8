"""Sessions in the database (settings: the one truth every app server shares, which no cache
outage can lose), refusing any session key Django would never have made: a cookie carrying
other characters (a NUL byte, say) is no session at all, never a query that fails."""

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# What Django's keys are made of (get_random_string with lowercase letters and digits).
SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and SESSION_KEY.fullmatch(key) is not None

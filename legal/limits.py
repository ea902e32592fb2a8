"""How many contact messages a member and an address may send: 3 an hour each.

Counted in the shared cache (Redis in production), so every app server counts the same
attempts. While the cache is away nothing is counted and nobody is limited: a message lost to
an outage would be worse than a few more in the moderators' box.
"""

from django.core.cache import cache

CONTACT_LIMIT = 3
CONTACT_WINDOW_SECONDS = 60 * 60


def _keys(*, member_id: int | None, ip: str) -> list[str]:
    keys = [f"legal:contact:ip:{ip}"]
    if member_id is not None:
        keys.append(f"legal:contact:member:{member_id}")
    return keys


def contact_limit_reached(*, member_id: int | None, ip: str) -> bool:
    counts = cache.get_many(_keys(member_id=member_id, ip=ip))
    return any((count or 0) >= CONTACT_LIMIT for count in counts.values())


def contact_limit_count(*, member_id: int | None, ip: str) -> None:
    for key in _keys(member_id=member_id, ip=ip):
        # The window starts with the first message: add() sets it only when the key is new.
        if not cache.add(key, 1, CONTACT_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, CONTACT_WINDOW_SECONDS)

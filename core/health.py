"""``/healthz``: what a load balancer and a person need to know about one app server.

Each dependency is reported on its own: the database (without it nothing works: 503, take
the server out), the cache (without it pages are slower, nothing is lost: 200, "degraded")
and the task queue (how many tasks wait and for how long: a worker that stopped shows there
before anyone misses an e-mail). Plain HTTP is allowed (``SECURE_REDIRECT_EXEMPT``), and no
answer is cached.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_redis import get_redis_connection
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return UNAVAILABLE
    return OK


def cache_status() -> str:
    """Asks Redis itself: the cache answers misses, not errors, while Redis is away."""
    backend = settings.CACHES["default"]["BACKEND"]
    try:
        if backend.startswith("django_redis."):
            get_redis_connection("default").ping()
        else:
            probe = f"healthz:{uuid.uuid4().hex}"
            cache.set(probe, 1, 5)
            if cache.get(probe) != 1:
                return UNAVAILABLE
            cache.delete(probe)
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return UNAVAILABLE
    return OK


def tasks_status(database: str) -> dict:
    """The queue of background tasks: where it is kept, and what waits in it."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return {"status": OK, "backend": backend.rsplit(".", 1)[-1]}
    if database != OK:
        return {"status": UNAVAILABLE, "backend": "database"}
    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        count = waiting.count()
    except DatabaseError:
        logger.exception("Health check: the task queue cannot be read")
        return {"status": UNAVAILABLE, "backend": "database"}
    return {
        "status": OK,
        "backend": "database",
        "waiting": count,
        "oldest_waiting_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }


@require_GET
@never_cache
def healthz(request):
    started = time.perf_counter()
    database = database_status()
    report = {
        "database": database,
        "cache": cache_status(),
        "tasks": tasks_status(database),
    }
    if database != OK:
        report["status"], status = "error", 503
    elif report["cache"] != OK or report["tasks"]["status"] != OK:
        report["status"], status = "degraded", 200
    else:
        report["status"], status = OK, 200
    report["checked_in_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse(report, status=status)

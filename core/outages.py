"""A database that does not answer is a 503 that says so, never a 500.

During a failover or a restart of PostgreSQL, a request fails with an OperationalError (or an
InterfaceError from a connection that died under it). The member gets a page in their language,
standing alone (no query, no session), that tells them to try again in a moment, with a
``Retry-After`` for clients and load balancers. A write that had committed before the fault
stays committed: the page says that what they sent may have been saved.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def is_database_outage(exception: BaseException | None) -> bool:
    """Whether the database's absence is behind the exception, directly or as its cause."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def database_outage_response(request):
    response = render(request, "errors/503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """Turns a view's database outage into the 503 page (the 500 handler does the same for
    one raised in a middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning(
            "Database unavailable: %s %s answered 503", request.method, request.path, exc_info=True
        )
        return database_outage_response(request)

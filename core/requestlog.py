"""One line of JSON per request, with an id a member can quote.

Each request gets an id: the load balancer's ``X-Request-ID`` when it sends a sane one (so that
its logs and ours meet), a new one otherwise. The id goes back in the response's
``X-Request-ID`` header and on the error pages (“quote this reference”), and the log line of
the request carries it with the method, the path, the status, the duration and the member's id
(never their name or address). With ``LOG_FORMAT=json`` (production's default) every log line
is JSON, ready for a log collector.
"""

import contextvars
import logging
import re
import time
import uuid

logger = logging.getLogger("freelancehub.requests")
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None
)

# What we accept from the load balancer: short, and nothing that could forge a log line.
FORWARDED_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id_for(request) -> str:
    forwarded = request.headers.get("X-Request-ID", "")
    return forwarded if FORWARDED_ID.fullmatch(forwarded) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Gives every log line written while a request is served that request's id (a traceback
    and the request's own line then share it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            self.log(request, response, started)
        finally:
            current_request_id.reset(token)
        return response

    @staticmethod
    def log(request, response, started: float) -> None:
        # The member as the request already loaded them: logging never costs a query (nor
        # fails when the database is away).
        user = getattr(request, "_cached_user", None)
        member_id = user.pk if user is not None and user.is_authenticated else None
        status = response.status_code
        logger.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "member_id": member_id,
            },
        )

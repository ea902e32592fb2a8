from django.core.exceptions import BadRequest

NUL = "\x00"


class RejectNulBytesMiddleware:
    """Answers 400 (our 400 page) to a request whose path, query string or form holds a NUL byte.

    PostgreSQL text cannot hold one, so any that reached a query (a URL's handle or token, a
    list filter, the admin's lookups) failed it with a 500. No browser sends one by itself: a
    request with one is refused here, in one place, rather than checked in every view.

    It sits after MemberMiddleware, so that the 400 page speaks the member's language. It reads
    the form that CsrfViewMiddleware reads next for every view it guards; a malformed or
    oversized form raises its own 400 here as it would there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _holds_nul(request.GET):
            raise BadRequest("NUL byte in the address")
        # Uploaded files' own names need no check: Django keeps their printable characters only.
        if request.method == "POST" and (
            _holds_nul(request.POST) or any(NUL in name for name in request.FILES)
        ):
            raise BadRequest("NUL byte in the form")
        return self.get_response(request)


def _holds_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())

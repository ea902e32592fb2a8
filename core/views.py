import logging
import sys

from django.http import HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import outages

logger = logging.getLogger(__name__)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    if outages.is_database_outage(sys.exception()):  # raised outside a view: no 500 for that
        return outages.database_outage_response(request)
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form refused because its security token did not match. Says why in
    the reader's words, and links back to the page the form came from when it is one of ours."""
    # Django's reasons are English sentences for the logs: grouped here by their first words.
    if reason == REASON_NO_CSRF_COOKIE or reason.startswith("CSRF cookie"):
        cause = "cookies"
    elif reason.startswith(("Origin checking failed", "Referer checking failed")):
        cause = "origin"
    else:
        cause = "expired"
    referer = request.headers.get("referer", "")
    back_url = (
        referer
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else None
    )
    return render(
        request, "errors/403_csrf.html", {"cause": cause, "back_url": back_url}, status=403
    )


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /notifications/",
        "Disallow: /forums/search/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


BENCH_CEILING_MAX_BYTES = 1_000_000


@require_GET
def bench_ceiling(request):
    """bench/run.sh's ceiling: a Django view with no template and no query, answering as many
    bytes as a real page (``?bytes=``). Routed only when BENCH_CEILING=1."""
    try:
        size = min(max(int(request.GET.get("bytes", 0)), 0), BENCH_CEILING_MAX_BYTES)
    except ValueError:
        size = 0
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")

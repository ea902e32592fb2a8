from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from core import health, views
from home.sitemaps import SITEMAPS
from home.views import home
from members.views.public import set_language

SITEMAP_CACHE_SECONDS = 60 * 60

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("forums/", include("forums.urls")),
    path("events/", include("events.urls")),
    path("chocoskype/", include("chocoskype.urls")),
    path("tarifs/", include("rates.urls")),
    path("messages/", include("messaging.urls")),
    path("missions/", include("missions.urls")),
    path("notifications/", include("notifications.urls")),
    path("legal/", include("legal.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

if settings.BENCH_CEILING:
    urlpatterns.append(path("bench/ceiling/", views.bench_ceiling, name="bench_ceiling"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

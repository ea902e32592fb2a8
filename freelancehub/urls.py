from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from members.views.public import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("forums/", include("forums.urls")),
    path("events/", include("events.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "freelancehub.views.error_403"
handler404 = "freelancehub.views.error_404"
handler500 = "freelancehub.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

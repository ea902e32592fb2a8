from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("legal-notice/", views.document, {"slug": "notice"}, name="notice"),
    path("terms/", views.document, {"slug": "terms"}, name="terms"),
    path("privacy/", views.document, {"slug": "privacy"}, name="privacy"),
    path("charter/", views.document, {"slug": "charter"}, name="charter"),
    path("contact/", views.contact, name="contact"),
    path("accept/", views.accept, name="accept"),
]

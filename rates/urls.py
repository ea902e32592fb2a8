from django.urls import path

from .views import private, public

app_name = "rates"

urlpatterns = [
    path("", public.overview, name="overview"),
    path("method/", public.method, name="method"),
    path("export.csv", public.export_csv, name="export"),
    path("report/", private.report_create, name="report"),
    path("mine/", private.mine, name="mine"),
    path("mine/<int:pk>/edit/", private.report_edit, name="edit"),
    path("mine/<int:pk>/delete/", private.report_delete, name="delete"),
    path("<slug:service_slug>/<slug:unit>/", public.service_cut, name="service"),
]

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("me/preferences/", views.preferences, name="preferences"),
    path("me/delete/", views.account_delete, name="account_delete"),
]
